/**
 * The authority's two clocks in its own time zone (Europe/London by default). The school day:
 * school days (weekdays in term, not closures) and school-day hours, for drop-ins, TAS and
 * reminders to school staff. The service's hours (the MASH and SWIS team, all year but its
 * closed days): response targets count them, and only outside them is it "out of hours".
 * Uses luxon so clock changes are handled by a kept library.
 *
 * @example
 *   const cal = new SchoolCalendar(config.authority);
 *   cal.isSchoolDay('2026-11-23');                  // true (a Monday in term)
 *   cal.at('2026-11-23', '08:00');                  // Date for 08:00 London time
 *   cal.addSchoolTime(new Date(), 2 * 3_600_000);   // deadline two school hours from now
 *   cal.isServiceHours(new Date('2026-10-27T10:00:00Z')); // true: half term, but the MASH is open
 *   cal.addServiceTime(new Date(), 30 * 60_000);    // a Red response target, in service hours
 */
import { DateTime } from 'luxon';
import type { AuthorityConfig } from '../config/schema';
import { WEEKDAYS, type Weekday } from './weekday';

export class SchoolCalendar {
  readonly zone: string;
  private readonly days: Set<string>;
  private readonly serviceDays: Set<string>;

  constructor(private readonly authority: AuthorityConfig['authority']) {
    this.zone = authority.timeZone;
    this.days = new Set(authority.schoolDay.days);
    this.serviceDays = new Set(authority.serviceHours.days);
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
    return this.nextDay(date, (d) => this.isSchoolDay(d));
  }

  private nextDay(date: string, matches: (date: string) => boolean): string | undefined {
    for (let i = 1; i <= 366; i++) {
      const d = this.addDays(date, i);
      if (matches(d)) return d;
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
    const { start: open, end: close } = this.authority.schoolDay;
    return this.addOpenTime(start, ms, (d) => this.isSchoolDay(d), open, close);
  }

  /** Why the service is closed on a date it would otherwise open (a bank holiday), if it is. */
  serviceClosure(date: string): string | undefined {
    return this.authority.serviceHours.closed.find((c) => c.from <= date && date <= c.to)?.name;
  }

  /** Is the MASH and SWIS team open on this date at all? School holidays do not matter. */
  isServiceDay(date: string): boolean {
    return this.serviceDays.has(this.weekday(date)) && !this.serviceClosure(date);
  }

  /** Is this instant inside the service's hours? Outside them is "out of hours" (the EDT). */
  isServiceHours(instant: Date): boolean {
    const date = this.dateOf(instant);
    if (!this.isServiceDay(date)) return false;
    const { start, end } = this.authority.serviceHours;
    const t = instant.getTime();
    return t >= this.at(date, start).getTime() && t < this.at(date, end).getTime();
  }

  /** Minutes in one service day, so a target of whole days ("1d") means whole service days. */
  serviceDayMs(): number {
    const { start, end } = this.authority.serviceHours;
    return this.at('2026-01-05', end).getTime() - this.at('2026-01-05', start).getTime();
  }

  /** The instant `ms` of service-hours time after `start` (closed days and nights do not count). */
  addServiceTime(start: Date, ms: number): Date | undefined {
    const { start: open, end: close } = this.authority.serviceHours;
    return this.addOpenTime(start, ms, (d) => this.isServiceDay(d), open, close);
  }

  /** The next instant the service opens at or after `from` (itself when open now). */
  nextServiceOpening(from: Date): Date | undefined {
    return this.addServiceTime(from, 0);
  }

  private addOpenTime(start: Date, ms: number, isOpenDay: (date: string) => boolean, openAt: string, closeAt: string): Date | undefined {
    let remaining = ms;
    let cursor = start.getTime();
    let date = this.dateOf(start);
    for (let guard = 0; guard < 400; guard++) {
      if (isOpenDay(date)) {
        const open = this.at(date, openAt).getTime();
        const close = this.at(date, closeAt).getTime();
        const from = Math.max(cursor, open);
        if (from < close) {
          if (from + remaining <= close) return new Date(from + remaining);
          remaining -= close - from;
        }
      }
      const next = this.nextDay(date, isOpenDay);
      if (!next) return undefined;
      date = next;
      cursor = this.at(date, openAt).getTime();
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
