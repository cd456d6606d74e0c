/**
 * Turns a series into its slots: every school day (term dates and closures from the
 * configuration) on the series' weekdays between its first and last date, cut into slots of
 * the series' length, in the authority's local time (so 10:00 stays 10:00 across clock changes).
 *
 * @example
 *   const { slots, skipped } = generateSlots(series, calendar);
 *   // skipped: [{ date: '2027-01-04', reason: 'INSET day' }]
 */
import type { SchoolCalendar } from '../../core/calendar';
import type { DropInSeries, DropInSlot } from './model';

/** A year of weekly slots is plenty; more is a typing mistake. */
export const MAX_SLOTS = 1500;

export interface Timetable {
  slots: DropInSlot[];
  /** Chosen weekdays that fell on a day school is closed, with why. */
  skipped: { date: string; reason: string }[];
}

export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

export function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Local start times of the slots in one session. */
export function slotTimes(series: Pick<DropInSeries, 'start' | 'end' | 'slotMinutes'>): string[] {
  const out: string[] = [];
  for (let t = minutesOf(series.start); t + series.slotMinutes <= minutesOf(series.end); t += series.slotMinutes) out.push(clock(t));
  return out;
}

export function generateSlots(series: DropInSeries, calendar: SchoolCalendar): Timetable {
  const slots: DropInSlot[] = [];
  const skipped: Timetable['skipped'] = [];
  const times = slotTimes(series);
  for (let date = series.firstDate; date <= series.lastDate; date = calendar.addDays(date, 1)) {
    if (!series.weekdays.includes(calendar.weekday(date))) continue;
    if (!calendar.isSchoolDay(date)) {
      skipped.push({ date, reason: calendar.closure(date) ?? (calendar.inTerm(date) ? 'not a school day' : 'school holiday') });
      continue;
    }
    for (const time of times) {
      const startsAt = calendar.at(date, time);
      slots.push({
        id: slotId(series.id, date, time),
        seriesId: series.id,
        schoolId: series.schoolId,
        workerId: series.workerId,
        date,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + series.slotMinutes * 60_000).toISOString(),
        capacity: series.capacity,
        audience: series.audience,
        place: series.place,
        status: 'open',
      });
      if (slots.length > MAX_SLOTS) return { slots, skipped };
    }
  }
  return { slots, skipped };
}

export function slotId(seriesId: string, date: string, time: string): string {
  return `${seriesId}-${date.replace(/-/g, '')}-${time.replace(':', '')}`;
}
