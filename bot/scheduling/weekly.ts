/**
 * Weekly local-time occurrences ("every Monday 08:00 London time"), computed in the authority's
 * zone so they stay 08:00 across the clock changes, optionally on school days only.
 *
 * Each occurrence is its own job with an id made from the spec and the instant
 * (`weekly:digest:2027-03-29T07:00:00.000Z`), so processes that register the same weekly at
 * start-up, or a crash between running one occurrence and scheduling the next, can never make
 * two jobs for one occurrence.
 *
 * @example
 *   nextWeekly(calendar, { weekday: 'mon', at: '08:00' }, new Date('2027-03-27T12:00:00Z'));
 *   // 2027-03-29T07:00:00Z (08:00 BST, the day after the clocks go forward)
 */
import type { SchoolCalendar } from '../core/calendar';
import type { WeeklySpec } from './scheduler';

export function nextWeekly(calendar: SchoolCalendar, spec: Pick<WeeklySpec, 'weekday' | 'at'>, after: Date): Date {
  const today = calendar.dateOf(after);
  for (let i = 0; i <= 7; i++) {
    const date = calendar.addDays(today, i);
    if (calendar.weekday(date) !== spec.weekday) continue;
    const when = calendar.at(date, spec.at);
    if (when.getTime() > after.getTime()) return when;
  }
  return calendar.at(calendar.addDays(today, 7), spec.at);
}

/**
 * The next occurrence strictly after `after`, skipping non-school days when the spec asks.
 * Undefined when no school day falls within a year (the configured terms have run out).
 */
export function nextOccurrence(
  calendar: SchoolCalendar,
  spec: Pick<WeeklySpec, 'weekday' | 'at' | 'schoolDaysOnly'>,
  after: Date,
): Date | undefined {
  let when = nextWeekly(calendar, spec, after);
  for (let week = 0; week < 54; week++) {
    if (!spec.schoolDaysOnly || calendar.isSchoolDay(calendar.dateOf(when))) return when;
    when = nextWeekly(calendar, spec, when);
  }
  return undefined;
}

export const weeklyOwner = (id: string): string => `weekly:${id}`;

export const weeklyJobId = (id: string, runAt: Date): string => `weekly:${id}:${runAt.toISOString()}`;

/** What makes two registrations the same weekly: a changed day or time replaces the old jobs. */
export function weeklySignature(spec: WeeklySpec): string {
  return `${spec.kind}/${spec.weekday}/${spec.at}/${spec.schoolDaysOnly ? 'school' : 'all'}`;
}
