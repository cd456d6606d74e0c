/**
 * Small arithmetic the dashboard needs: percentiles of response times, and the reporting
 * weeks and terms of a range with a fast way to find which one an instant falls in (entries
 * come in by the thousand, so each is placed by binary search over precomputed boundaries,
 * never by date parsing per entry).
 *
 * @example
 *   percentile([10, 20, 30, 40], 0.5);         // 25
 *   const b = periodsOf(services, view);        // weeks and terms overlapping the range
 *   b.weekIndex(Date.parse(entry.occurredAt));  // 0 .. weeks.length - 1, or -1
 */
import type { Services } from '../../core/services';
import { weekOf } from '../digest/week';
import type { DashboardView } from './view';

/** Linear-interpolated percentile (p in 0..1) of unsorted numbers; undefined for none. */
export function percentile(values: number[], p: number): number | undefined {
  if (!values.length) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const i = (s.length - 1) * p;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return s[lo] + (s[hi] - s[lo]) * (i - lo);
}

export interface Period {
  /** "w/c 16 Nov" or the term's name. */
  label: string;
  /** Monday of the week, or the term's first day (YYYY-MM-DD). */
  start: string;
  from: number;
  to: number;
}

export interface Periods {
  weeks: Period[];
  terms: Period[];
  weekIndex(t: number): number;
  termIndex(t: number): number;
}

function finder(periods: Period[]): (t: number) => number {
  return (t) => {
    let lo = 0;
    let hi = periods.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (t < periods[mid].from) hi = mid - 1;
      else if (t > periods[mid].to) lo = mid + 1;
      else return mid;
    }
    return -1;
  };
}

export function periodsOf(services: Services, view: DashboardView): Periods {
  const { calendar, config } = services;
  const weeks: Period[] = [];
  for (let d = weekOf(calendar, view.fromDate).start; d <= view.toDate; d = calendar.addDays(d, 7)) {
    const w = weekOf(calendar, d);
    weeks.push({ label: `w/c ${calendar.local(w.from).toFormat('d LLL yyyy')}`, start: w.start, from: w.from.getTime(), to: w.to.getTime() });
  }
  const terms = [...config.authority.terms]
    .sort((a, b) => a.from.localeCompare(b.from))
    .filter((t) => t.from <= view.toDate && t.to >= view.fromDate)
    .map((t) => ({ label: t.name, start: t.from, from: calendar.at(t.from, '00:00').getTime(), to: calendar.at(calendar.addDays(t.to, 1), '00:00').getTime() - 1 }));
  return { weeks, terms, weekIndex: finder(weeks), termIndex: finder(terms) };
}
