/**
 * The dashboard's figures as tables: the one shape both the page and the CSV downloads are
 * made from, so a CSV always holds exactly what its table (and the chart beside it) shows.
 * A figure nobody has given yet (no pulse answers, no pupil numbers, no caseload) is "–".
 *
 * @example
 *   const tables = dashboardTables(services, scope, data);
 *   tables.find((t) => t.id === 'time-by-school')?.rows; // [['Werneth School', 4, 255, 4.3], ...]
 */
import type { Services } from '../../core/services';
import { ACTIVITY_TYPES, MASH_DECISIONS, type ActivityType } from '../../../storage/activity-log';
import { MASH_DECISION_LABELS } from '../../core/activity-labels';
import { ACTIVITY_LABELS, OUTCOME_LABELS } from '../digest/labels';
import type { DashboardScope } from './access';
import type { DashboardData, Recorded } from './data';

/** A figure nobody has given yet. */
export const NOT_GIVEN = '–';

export type Cell = string | number;

export interface Table {
  id: string;
  title: string;
  columns: string[];
  rows: Cell[][];
  /** The chart drawn from this table, if any, and which numeric column it plots. */
  chart?: { kind: 'stacked' | 'bars' | 'columns'; valueColumn: number; series?: ActivityType[] };
}

const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;
const recorded = (v: Recorded): Cell => (v === undefined ? NOT_GIVEN : v);
const pct = (part: number, whole: number): Cell => (whole ? `${Math.round((part / whole) * 100)}%` : '–');

/** "1h 05m" from ms, or "–" when nothing was answered. */
function duration(ms: number | undefined): Cell {
  if (ms === undefined) return '–';
  const min = Math.round(ms / 60_000);
  return min < 60 ? `${min}m` : `${Math.floor(min / 60)}h ${String(min % 60).padStart(2, '0')}m`;
}

/** Recorded hours (charted) and counts per week or per term. */
function trend(id: string, title: string, period: string, rows: DashboardData['weeks']): Table {
  return {
    id,
    title,
    columns: [period, 'Entries', 'Minutes', 'Hours', 'Consultations logged', 'MASH referrals advised or made', ...(id === 'trend-terms' ? ['DSL confidence (1–5)'] : [])],
    rows: rows.map((w) => [w.label, w.entries, w.minutes, hours(w.minutes), w.consultations, w.referralsAdvised, ...(id === 'trend-terms' ? [recorded(w.dslConfidence)] : [])]),
    chart: { kind: 'columns', valueColumn: 3 },
  };
}

/** A two-column table of named figures. */
function measures(id: string, title: string, rows: Cell[][]): Table {
  return { id, title, columns: ['Measure', 'Value'], rows };
}

export function dashboardTables(services: Services, scope: DashboardScope, d: DashboardData): Table[] {
  const { directory } = services;
  const name = (id: string) => directory.person(id)?.name ?? id;
  const school = (id: string) => directory.school(id)?.name ?? id;
  const tables: Table[] = [];
  const usedTypes = ACTIVITY_TYPES.filter((t) => d.workload.byWorker.some((w) => (w.byActivity[t] ?? 0) > 0));

  if (scope.kind === 'team') {
    tables.push({
      id: 'time-by-worker',
      title: 'Recorded time by worker and activity type (minutes)',
      columns: ['Worker', ...usedTypes.map((t) => ACTIVITY_LABELS[t]), 'Total minutes'],
      rows: d.workload.byWorker.map((w) => [name(w.workerId), ...usedTypes.map((t) => w.byActivity[t] ?? 0), w.minutes]),
      chart: { kind: 'stacked', valueColumn: usedTypes.length + 1, series: usedTypes },
    });
    tables.push({
      id: 'caseload',
      title: 'Workers: school time beside other work and caseload',
      columns: ['Worker', 'Entries', 'Time at schools (hours)', 'Work outside schools (hours)', 'Statutory caseload'],
      rows: d.workload.byWorker.map((w) => [name(w.workerId), w.entries, hours(w.schoolMinutes), hours(w.outsideMinutes ?? 0), recorded(w.caseload)]),
    });
  }
  tables.push({
    id: 'time-by-school',
    title: 'Recorded time by school',
    columns: ['School', 'Entries', 'Minutes', 'Hours'],
    rows: d.workload.bySchool.map((s) => [school(s.schoolId), s.entries, s.minutes, hours(s.minutes)]),
    chart: { kind: 'bars', valueColumn: 3 },
  });
  tables.push({
    id: 'time-by-activity',
    title: 'Recorded time by activity type',
    columns: ['Activity type', 'Entries', 'Minutes', 'Hours'],
    rows: d.workload.byActivity.map((a) => [ACTIVITY_LABELS[a.type], a.entries, a.minutes, hours(a.minutes)]),
    chart: { kind: 'bars', valueColumn: 3 },
  });
  const c = d.consultations;
  tables.push(
    measures('consultations', 'Consultations', [
      ['Received', c.received],
      ['Answered', c.answered],
      ['Answered within target', c.answeredWithinTarget],
      ['Answered within target (share of received)', pct(c.answeredWithinTarget, c.received)],
      ['Escalated', c.escalated],
      ['Open now', c.openNow],
      ['Open and overdue now', c.overdueNow],
      ['Time to first response, median', duration(c.medianFirstResponseMs)],
      ['Time to first response, 90th percentile', duration(c.p90FirstResponseMs)],
      ['Share of contacts about a potential referral', c.potentialReferralShare === undefined ? '–' : `${Math.round(c.potentialReferralShare * 100)}%`],
    ]),
  );
  const o = d.outcomes;
  tables.push(
    measures('outcomes', 'Outcomes', [
      ['MASH referral advised (entries)', o.referralsAdvised],
      ['MASH referral made (the school referred)', o.referralsMade],
      ...MASH_DECISIONS.map((k): Cell[] => [`MASH decision: ${MASH_DECISION_LABELS[k]}`, o.mashDecisions[k]]),
      ['Re-referrals within 12 months', o.reReferrals],
      ['Referrals made per 100 pupils', recorded(o.ratePer100Pupils)],
      ...(o.lowThresholdFlags === undefined ? [] : [['Advice below the indicative level, flagged for a second look', o.lowThresholdFlags] as Cell[]]),
      ['DSL confidence (termly pulse, 1–5)', recorded(o.dslConfidence)],
    ]),
  );
  tables.push({
    id: 'outcomes-by-type',
    title: 'Activity-log entries by recorded outcome',
    columns: ['Outcome', 'Entries'],
    rows: o.byOutcome.map((r) => [OUTCOME_LABELS[r.outcome], r.count]),
    chart: { kind: 'bars', valueColumn: 1 },
  });
  tables.push(
    measures('dropins-tas', 'Drop-ins and TAS actions', [
      ['Drop-in places offered', d.dropIns.offered],
      ['Drop-in places booked', d.dropIns.booked],
      ['Attended', d.dropIns.attended],
      ['Did not attend', d.dropIns.didNotAttend],
      ['TAS actions agreed', d.tas.created],
      ['TAS actions completed', d.tas.completed],
      ['TAS actions completed on time', d.tas.completedOnTime],
      ['TAS actions open now', d.tas.openNow],
      ['TAS actions overdue now', d.tas.overdueNow],
    ]),
  );
  tables.push(trend('trend-weeks', 'Week by week: recorded hours', 'Week', d.weeks), trend('trend-terms', 'Term by term: recorded hours', 'Term', d.terms));
  return tables;
}
