/**
 * When things happen, on the school calendar in the authority's zone: the next meeting of a
 * series (a date that is not a school day is skipped, so half term has no TAS), when an action
 * becomes overdue (the day after its due date), when its owner is reminded (the school day
 * before, at `limits.tasActionReminderAt`) and when the overdue nudge goes (the next school
 * day after the due date, at the start of the school day).
 *
 * @example
 *   nextMeetingDate(calendar, series, now);   // '2026-12-01'
 *   actionReminderAt(calendar, '16:00', '2026-11-27'); // Thu 26 Nov 16:00 London
 */
import type { SchoolCalendar } from '../../core/calendar';
import { schoolDayBefore, schoolDaysAfter } from '../../scheduling/school-days';
import type { TasSeries } from './model';

const MAX_OCCURRENCES = 200;

/** The first date of the series: its weekday on or after `firstDate`. */
export function firstOccurrence(calendar: SchoolCalendar, series: Pick<TasSeries, 'weekday' | 'firstDate'>): string {
  let d = series.firstDate;
  for (let i = 0; i < 7 && calendar.weekday(d) !== series.weekday; i++) d = calendar.addDays(d, 1);
  return d;
}

/** The next meeting (a school day) that starts after `after`, or undefined within ~4 years. */
export function nextMeetingDate(
  calendar: SchoolCalendar,
  series: Pick<TasSeries, 'weekday' | 'firstDate' | 'everyWeeks' | 'time'>,
  after: Date,
): string | undefined {
  const first = firstOccurrence(calendar, series);
  for (let k = 0; k < MAX_OCCURRENCES; k++) {
    const date = calendar.addDays(first, k * 7 * series.everyWeeks);
    if (calendar.at(date, series.time).getTime() <= after.getTime()) continue;
    if (calendar.isSchoolDay(date)) return date;
  }
  return undefined;
}

/** The instant an action with this due date becomes overdue: local midnight after the due date. */
export function overdueFrom(calendar: SchoolCalendar, due: string): Date {
  return calendar.at(calendar.addDays(due, 1), '00:00');
}

export function actionReminderAt(calendar: SchoolCalendar, at: string, due: string): Date | undefined {
  return schoolDayBefore(calendar, due, at);
}

export function overdueNudgeAt(calendar: SchoolCalendar, schoolDayStart: string, due: string): Date {
  return schoolDaysAfter(calendar, due, 1, schoolDayStart) ?? calendar.at(calendar.addDays(due, 1), schoolDayStart);
}
