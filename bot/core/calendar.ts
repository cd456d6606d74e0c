/**
 * The authority's school calendar in its own time zone (Europe/London by default): school
 * days (weekdays in term, not closures), school-day hours, and time counted only in school
 * hours (for response targets). Uses luxon so clock changes are handled by a kept library.
 *
 * @example
 *   const cal = new SchoolCalendar(config.authority);
 *   cal.isSchoolDay('2026-11-23');                  // true (a Monday in term)
 *   cal.at('2026-11-23', '08:00');                  // Date for 08:00 London time
 *   cal.addSchoolTime(new Date(), 2 * 3_600_000);   // deadline two school hours from now
 */
import { DateTime } from 'luxon';
import type { AuthorityConfig } from '../config/schema';
import { WEEKDAYS, type Weekday } from './weekday';

export class SchoolCalendar {
  readonly zone: string;
  private readonly days: Set<string>;

  constructor(private readonly authority: AuthorityConfig['authority']) {
    this.zone = authority.timeZone;
    this.days = new Set(authority.schoolDay.days);
  }

  local(instant: Date): DateTime {
    return DateTime.fromJSDate(instant, { zone: this.zone });
  }

  /** The local calendar date (YYYY-MM-DD) of an instant. */
  dateOf(instant: Date): string {
    return this.local(instant).toISODate()!;
  }

  /** The instant a local date and time (HH:MM) fall on, in the authority's zone. */
  at(date: string, time: string): Date {
    const [h, m] = time.split(':').map(Number);
    return DateTime.fromISO(date, { zone: this.zone }).set({ hour: h, minute: m, second: 0, millisecond: 0 }).toJSDate();
  }

  weekday(date: string): Weekday {
    return WEEKDAYS[DateTime.fromISO(date, { zone: this.zone }).weekday - 1];
  }

  inTerm(date: string): boolean {
    return this.authority.terms.some((t) => t.from <= date && date <= t.to);
  }

  closure(date: string): string | undefined {
    return this.authority.closures.find((c) => c.from <= date && date <= c.to)?.name;
  }

  isSchoolDay(date: string): boolean {
    return this.days.has(this.weekday(date)) && this.inTerm(date) && !this.closure(date);
  }

  /** Is this instant inside school-day hours on a school day? */
  isSchoolHours(instant: Date): boolean {
    const date = this.dateOf(instant);
    if (!this.isSchoolDay(date)) return false;
    const t = instant.getTime();
    return t >= this.at(date, this.authority.schoolDay.start).getTime() && t < this.at(date, this.authority.schoolDay.end).getTime();
  }

  addDays(date: string, n: number): string {
    return DateTime.fromISO(date, { zone: this.zone }).plus({ days: n }).toISODate()!;
  }

  /** The first school day strictly after `date` (searches a year ahead). */
  nextSchoolDay(date: string): string | undefined {
    for (let i = 1; i <= 366; i++) {
      const d = this.addDays(date, i);
      if (this.isSchoolDay(d)) return d;
    }
    return undefined;
  }

  /** The last school day strictly before `date` (searches a year back). */
  previousSchoolDay(date: string): string | undefined {
    for (let i = 1; i <= 366; i++) {
      const d = this.addDays(date, -i);
      if (this.isSchoolDay(d)) return d;
    }
    return undefined;
  }

  /**
   * The instant `ms` of school-hours time after `start`: time outside school hours, at weekends,
   * in holidays and on closures does not count. Undefined when no school day is within a year.
   */
  addSchoolTime(start: Date, ms: number): Date | undefined {
    let remaining = ms;
    let cursor = start.getTime();
    let date = this.dateOf(start);
    for (let guard = 0; guard < 400; guard++) {
      if (this.isSchoolDay(date)) {
        const open = this.at(date, this.authority.schoolDay.start).getTime();
        const close = this.at(date, this.authority.schoolDay.end).getTime();
        const from = Math.max(cursor, open);
        if (from < close) {
          if (from + remaining <= close) return new Date(from + remaining);
          remaining -= close - from;
        }
      }
      const next = this.nextSchoolDay(date);
      if (!next) return undefined;
      date = next;
      cursor = this.at(date, this.authority.schoolDay.start).getTime();
    }
    return undefined;
  }

  /** "Mon 23 Nov, 10:00" in the authority's zone: short enough for a phone. */
  format(instant: Date): string {
    return this.local(instant).toFormat('ccc d LLL, HH:mm');
  }

  formatDate(date: string): string {
    return DateTime.fromISO(date, { zone: this.zone }).toFormat('ccc d LLL yyyy');
  }
}
