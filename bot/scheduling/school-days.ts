/**
 * "School days only" for reminders and nudges: instants at a local time on school days, in
 * the authority's zone, skipping weekends, term breaks and closures (config.authority.terms and
 * .closures, through SchoolCalendar). Undefined when no school day is found within a year.
 *
 * @example
 *   // a drop-in on Monday 13 Sep: remind at 15:00 on the school day before (Friday 10 Sep)
 *   const runAt = schoolDayBefore(calendar, '2027-09-13', '15:00');
 *   // nudge at the next 09:00 that falls on a school day
 *   const nudge = nextSchoolDayAt(calendar, '09:00', now);
 */
import type { SchoolCalendar } from '../core/calendar';

/** HH:MM on the last school day strictly before `date` (YYYY-MM-DD). */
export function schoolDayBefore(calendar: SchoolCalendar, date: string, time: string): Date | undefined {
  const day = calendar.previousSchoolDay(date);
  return day === undefined ? undefined : calendar.at(day, time);
}

/** The first instant strictly after `after` that is HH:MM local time on a school day. */
export function nextSchoolDayAt(calendar: SchoolCalendar, time: string, after: Date): Date | undefined {
  const today = calendar.dateOf(after);
  if (calendar.isSchoolDay(today)) {
    const when = calendar.at(today, time);
    if (when.getTime() > after.getTime()) return when;
  }
  const day = calendar.nextSchoolDay(today);
  return day === undefined ? undefined : calendar.at(day, time);
}

/** HH:MM on the school day `n` school days after `date` (n = 1: the next school day). */
export function schoolDaysAfter(calendar: SchoolCalendar, date: string, n: number, time: string): Date | undefined {
  let day: string | undefined = date;
  for (let i = 0; i < n && day !== undefined; i++) day = calendar.nextSchoolDay(day);
  return day === undefined ? undefined : calendar.at(day, time);
}
