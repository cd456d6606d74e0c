/**
 * The service's working days (Monday to Friday, all year: school holidays do not stop the
 * MASH or the SWIS team), for follow-ups that must not land on a weekend.
 *
 * @example
 *   nextWorkingDay(calendar, '2026-11-27');      // '2026-11-30' (Friday -> Monday)
 *   addWorkingDays(calendar, '2026-11-24', 3);   // '2026-11-27'
 */
import type { SchoolCalendar } from '../../core/calendar';

function isWorkingDay(calendar: SchoolCalendar, date: string): boolean {
  const d = calendar.weekday(date);
  return d !== 'sat' && d !== 'sun';
}

export function addWorkingDays(calendar: SchoolCalendar, date: string, n: number): string {
  let d = date;
  for (let left = n; left > 0; ) {
    d = calendar.addDays(d, 1);
    if (isWorkingDay(calendar, d)) left--;
  }
  return d;
}

export function nextWorkingDay(calendar: SchoolCalendar, date: string): string {
  return addWorkingDays(calendar, date, 1);
}
