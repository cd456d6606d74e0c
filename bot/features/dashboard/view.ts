/**
 * What the person asked the dashboard for, read from the page's query string and checked:
 * a range (this week, last week, this term, a custom from-to) and optionally one school or
 * one worker, which must be inside the person's scope. Anything else gets a clear message
 * and the default view, never an error page or someone else's data.
 *
 * @example
 *   const v = readView(services, scope, { range: 'custom', from: '2026-11-16', to: '2026-11-22', school: 'greave' }, now);
 *   v.label; // "Mon 16 Nov 2026 to Sun 22 Nov 2026"
 */
import type { Services } from '../../core/services';
import type { DashboardScope } from './access';
import { currentWeek, lastCompleteWeek, parseDate } from '../digest/week';

export const RANGES = ['this-week', 'last-week', 'this-term', 'custom'] as const;
export type RangeKind = (typeof RANGES)[number];

/** A year and a bit: the longest range one page shows (a year of a large authority stays under a second). */
export const MAX_DAYS = 400;

export interface DashboardView {
  range: RangeKind;
  /** Local dates, inclusive. */
  fromDate: string;
  toDate: string;
  from: Date;
  to: Date;
  schoolId?: string;
  workerId?: string;
  label: string;
  /** What was wrong with the request, shown above the figures. */
  notice?: string;
}

export function readView(services: Services, scope: DashboardScope, query: Record<string, string>, now: Date): DashboardView {
  const { calendar, config } = services;
  const today = calendar.dateOf(now);
  const notices: string[] = [];
  let range = (RANGES as readonly string[]).includes(query.range ?? '') ? (query.range as RangeKind) : 'this-term';
  let fromDate: string;
  let toDate: string;
  const term = config.authority.terms.find((t) => t.from <= today && today <= t.to) ?? [...config.authority.terms].reverse().find((t) => t.from <= today);
  if (range === 'custom') {
    const f = parseDate(query.from ?? '');
    const t = parseDate(query.to ?? '');
    if (!f || !t) notices.push('Choose both dates for a custom range (YYYY-MM-DD). Showing this term instead.');
    else if (f > t) notices.push('The start date is after the end date. Showing this term instead.');
    else if (calendar.at(t, '00:00').getTime() - calendar.at(f, '00:00').getTime() > MAX_DAYS * 86_400_000)
      notices.push(`A range can be at most ${MAX_DAYS} days. Showing this term instead.`);
    if (notices.length) range = 'this-term';
    fromDate = f ?? today;
    toDate = t ?? today;
  }
  if (range === 'this-week') [fromDate, toDate] = [currentWeek(calendar, now).start, today];
  else if (range === 'last-week') {
    const w = lastCompleteWeek(calendar, now);
    [fromDate, toDate] = [w.start, calendar.addDays(w.start, 6)];
  } else if (range === 'this-term') [fromDate, toDate] = term ? [term.from, term.to < today ? term.to : today] : [calendar.addDays(today, -90), today];
  fromDate = fromDate!;
  toDate = toDate!;

  let schoolId: string | undefined = query.school || undefined;
  if (schoolId && !scope.schoolIds.includes(schoolId)) {
    notices.push('That school is not one of yours. Showing all your schools.');
    schoolId = undefined;
  }
  let workerId: string | undefined = query.worker || undefined;
  if (workerId && !scope.workerIds.includes(workerId)) {
    notices.push('That worker is not in your team. Showing everyone.');
    workerId = undefined;
  }
  const from = calendar.at(fromDate, '00:00');
  const to = new Date(calendar.at(calendar.addDays(toDate, 1), '00:00').getTime() - 1);
  const words = { 'this-week': 'This week', 'last-week': 'Last week', 'this-term': term && range === 'this-term' ? `${term.name} so far` : 'Custom range', custom: 'Custom range' }[range];
  const label = `${words}: ${calendar.formatDate(fromDate)} to ${calendar.formatDate(toDate)}`;
  return { range, fromDate, toDate, from, to, schoolId, workerId, label, notice: notices.join(' ') || undefined };
}

/** The query string that shows this view again (for CSV links and the form). */
export function viewQuery(v: DashboardView): string {
  const p = new URLSearchParams({ range: v.range });
  if (v.range === 'custom') {
    p.set('from', v.fromDate);
    p.set('to', v.toDate);
  }
  if (v.schoolId) p.set('school', v.schoolId);
  if (v.workerId) p.set('worker', v.workerId);
  return p.toString();
}
