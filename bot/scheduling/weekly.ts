/**
 * The next instant of a weekly local-time occurrence ("every Monday 08:00 London time"),
 * computed in the authority's zone so it stays 08:00 across the clock changes.
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
