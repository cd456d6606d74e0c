/**
 * Reporting weeks: Monday 00:00 to the next Monday 00:00 in the authority's time zone, so a
 * week is always seven local days, clock changes included. Parses the weeks people ask for.
 *
 * @example
 *   const w = weekOf(calendar, '2026-11-18');        // { start: '2026-11-16', from, to }
 *   parseWeek('last week', calendar, now);            // the last complete week
 *   parseWeek('2026-11-16', calendar, now);           // the week containing that date
 */
import { DateTime } from 'luxon';
import type { SchoolCalendar } from '../../core/calendar';

export interface Week {
  /** The Monday, YYYY-MM-DD. */
  start: string;
  from: Date;
  /** Inclusive: one millisecond before the next Monday starts. */
  to: Date;
}

export function weekOf(calendar: SchoolCalendar, date: string): Week {
  const monday = DateTime.fromISO(date, { zone: calendar.zone }).startOf('week');
  const next = monday.plus({ weeks: 1 });
  return { start: monday.toISODate()!, from: monday.toJSDate(), to: new Date(next.toMillis() - 1) };
}

export function weekBefore(calendar: SchoolCalendar, week: Week, n = 1): Week {
  return weekOf(calendar, calendar.addDays(week.start, -7 * n));
}

/** The week that contains `now`. */
export function currentWeek(calendar: SchoolCalendar, now: Date): Week {
  return weekOf(calendar, calendar.dateOf(now));
}

/** The last full week before the one containing `now` (what Monday's digest reports). */
export function lastCompleteWeek(calendar: SchoolCalendar, now: Date): Week {
  return weekBefore(calendar, currentWeek(calendar, now));
}

/** Does the week have at least one school day (term, weekday, not a closure)? */
export function hasSchoolDay(calendar: SchoolCalendar, week: Week): boolean {
  for (let i = 0; i < 7; i++) if (calendar.isSchoolDay(calendar.addDays(week.start, i))) return true;
  return false;
}

/** "w/c Mon 16 Nov 2026". */
export function describeWeek(calendar: SchoolCalendar, week: Week): string {
  return `w/c ${calendar.formatDate(week.start)}`;
}

/** A date typed as YYYY-MM-DD or DD/MM/YYYY, as YYYY-MM-DD; undefined when not a real date. */
export function parseDate(text: string): string | undefined {
  const t = text.trim();
  let iso: string | undefined;
  const a = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const b = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (a) iso = `${a[1]}-${a[2].padStart(2, '0')}-${a[3].padStart(2, '0')}`;
  else if (b) iso = `${b[3]}-${b[2].padStart(2, '0')}-${b[1].padStart(2, '0')}`;
  return iso && DateTime.fromISO(iso).isValid ? iso : undefined;
}

/**
 * The week someone asked for: nothing or "last week" (the last complete week), "this week",
 * "2 weeks ago", or a date ("2026-11-16", "w/c 16/11/2026"). Undefined when not understood.
 */
export function parseWeek(text: string, calendar: SchoolCalendar, now: Date): Week | undefined {
  const t = text.trim().toLowerCase().replace(/^(for|the|week of|week commencing|w\/c|wc)\s+/g, '').replace(/^(week of|w\/c)\s+/, '');
  if (!t || t === 'last week' || t === 'past week' || t === 'previous week') return lastCompleteWeek(calendar, now);
  if (t === 'this week' || t === 'current week') return currentWeek(calendar, now);
  const ago = /^(\d{1,2}) weeks? ago$/.exec(t);
  if (ago) return weekBefore(calendar, currentWeek(calendar, now), Number(ago[1]));
  const date = parseDate(t);
  return date ? weekOf(calendar, date) : undefined;
}
