/**
 * The dashboard's one door to the figures: everything the page, its tables and its CSVs show
 * comes from `dashboardData`. Today it computes from what the bot records: the activity log
 * (time by worker, school and activity type; outcomes; trends), consultations, drop-in and
 * TAS records (read through their own repositories, only for the range and the scope's
 * schools and workers). When the evidence figures (issue 19) land, this file is the only one
 * to change: a figure the bot does not record yet is `null` and the page says "not recorded
 * yet", never a made-up number.
 *
 * The swap, once `bot/features/evidence/figures.ts` is on main: call its `serviceFigures(services,
 * { from, to, schoolIds, workerIds, teamIds }, reader)` once per view and fill
 * `consultations.potentialReferralShare` (total.potentialReferralShare), `outcomes.mashDecisions`
 * (total.mashDecisions), `reReferrals`, `ratePer100Pupils` (total.per100Pupils.referralsMade),
 * `dslConfidence` (total.pulse.mean, per term for the term trend), `referralsMade`; caseloads from
 * its `caseloadOf`, oversight flags from `EvidenceRecords.oversightFor`, and work outside schools
 * from entries at NO_SCHOOL (readLog must then keep them for the team and worker views).
 *
 * Every call reads the activity log through its audited query, so each page view and each
 * CSV download is recorded as a read (who, what scope, when, how many entries).
 *
 * @example
 *   const data = await dashboardData(services, scope, view, 'dashboard');
 *   data.workload.byWorker[0].minutes; data.outcomes.mashDecisions; // null: not recorded yet
 */
import type { Services } from '../../core/services';
import { minutesOf, OUTCOMES, ACTIVITY_TYPES, type ActivityEntry, type ActivityType, type Outcome } from '../../../storage/activity-log';
import { isWithdrawn } from '../digest/labels';
import type { DashboardScope } from './access';
import { percentile, periodsOf } from './buckets';
import { readConsultations, readDropIns, readTasActions } from './sources';
import type { DashboardView } from './view';

/** A figure, or null when this version of the bot does not record it yet. */
export type Recorded = number | null;

export interface TimeRow {
  minutes: number;
  entries: number;
}

export interface WorkerRow extends TimeRow {
  workerId: string;
  byActivity: Partial<Record<ActivityType, number>>;
  /** Time recorded against a school. */
  schoolMinutes: number;
  /** Court, home visits, office work not tied to a school. */
  outsideMinutes: Recorded;
  caseload: Recorded;
}

export interface TrendRow extends TimeRow {
  label: string;
  start: string;
  consultations: number;
  referralsAdvised: number;
}

export interface DashboardData {
  entries: number;
  workload: {
    byWorker: WorkerRow[];
    bySchool: (TimeRow & { schoolId: string })[];
    byActivity: (TimeRow & { type: ActivityType })[];
    totalMinutes: number;
    outsideMinutes: Recorded;
  };
  consultations: {
    received: number;
    answered: number;
    answeredWithinTarget: number;
    escalated: number;
    openNow: number;
    overdueNow: number;
    medianFirstResponseMs: number | undefined;
    p90FirstResponseMs: number | undefined;
    /** Every consultation is logged as a potential-referral discussion today, so the share is unknown. */
    potentialReferralShare: Recorded;
  };
  outcomes: {
    byOutcome: { outcome: Outcome; count: number }[];
    referralsAdvised: number;
    referralsMade: number;
    mashDecisions: Recorded;
    reReferrals: Recorded;
    ratePer100Pupils: Recorded;
    lowThresholdFlags: Recorded;
    dslConfidence: Recorded;
  };
  dropIns: { offered: number; booked: number; attended: number; didNotAttend: number };
  tas: { created: number; completed: number; completedOnTime: number; openNow: number; overdueNow: number };
  weeks: TrendRow[];
  terms: TrendRow[];
}

async function readLog(services: Services, scope: DashboardScope, view: DashboardView, purpose: string): Promise<ActivityEntry[]> {
  const reader = { personId: scope.personId, purpose };
  const range = { from: view.from, to: view.to };
  const queries =
    scope.kind === 'school' || view.schoolId
      ? (view.schoolId ? [view.schoolId] : scope.schoolIds).map((schoolId) => ({ ...range, schoolId }))
      : view.workerId
        ? [{ ...range, workerId: view.workerId }]
        : scope.teamIds.map((teamId) => ({ ...range, teamId }));
  const parts = await Promise.all(queries.map((q) => services.activityLog.query(q, reader)));
  const schools = new Set(scope.schoolIds);
  return parts
    .flat()
    .filter((e) => !isWithdrawn(e) && schools.has(e.schoolId) && scope.teamIds.includes(e.teamId) && (!view.workerId || e.workerId === view.workerId));
}

function trendRows(periods: { label: string; start: string }[]): TrendRow[] {
  return periods.map((p) => ({ label: p.label, start: p.start, minutes: 0, entries: 0, consultations: 0, referralsAdvised: 0 }));
}

export async function dashboardData(services: Services, scope: DashboardScope, view: DashboardView, purpose = 'dashboard'): Promise<DashboardData> {
  const [entries, consultations, dropIns, tas] = await Promise.all([
    readLog(services, scope, view, purpose),
    readConsultations(services, scope, view),
    readDropIns(services, scope, view),
    readTasActions(services, scope, view),
  ]);
  const periods = periodsOf(services, view);
  const weeks = trendRows(periods.weeks);
  const terms = trendRows(periods.terms);
  const workers = new Map<string, WorkerRow>(
    (view.workerId ? [view.workerId] : scope.workerIds).map((w) => [w, { workerId: w, minutes: 0, entries: 0, byActivity: {}, schoolMinutes: 0, outsideMinutes: null, caseload: null }]),
  );
  const schools = new Map<string, TimeRow>((view.schoolId ? [view.schoolId] : scope.schoolIds).map((s) => [s, { minutes: 0, entries: 0 }]));
  const activity = new Map<ActivityType, TimeRow>(ACTIVITY_TYPES.map((t) => [t, { minutes: 0, entries: 0 }]));
  const outcomes = new Map<Outcome, number>(OUTCOMES.map((o) => [o, 0]));
  let total = 0;
  for (const e of entries) {
    const m = minutesOf(e);
    total += m;
    const w = workers.get(e.workerId);
    if (w) {
      w.minutes += m;
      w.entries++;
      w.schoolMinutes += m;
      w.byActivity[e.activityType] = (w.byActivity[e.activityType] ?? 0) + m;
    }
    const s = schools.get(e.schoolId);
    if (s) {
      s.minutes += m;
      s.entries++;
    }
    const a = activity.get(e.activityType)!;
    a.minutes += m;
    a.entries++;
    outcomes.set(e.outcome, (outcomes.get(e.outcome) ?? 0) + 1);
    const t = Date.parse(e.occurredAt);
    const isConsultation = e.source.kind === 'consultation';
    const advised = e.outcome === 'mash_referral_advised' || e.outcome === 'mash_referral_made';
    for (const [rows, i] of [
      [weeks, periods.weekIndex(t)],
      [terms, periods.termIndex(t)],
    ] as const) {
      const r = rows[i];
      if (!r) continue;
      r.minutes += m;
      r.entries++;
      if (isConsultation) r.consultations++;
      if (advised) r.referralsAdvised++;
    }
  }
  return {
    entries: entries.length,
    workload: {
      byWorker: [...workers.values()],
      bySchool: [...schools.entries()].map(([schoolId, r]) => ({ schoolId, ...r })),
      byActivity: [...activity.entries()].map(([type, r]) => ({ type, ...r })),
      totalMinutes: total,
      outsideMinutes: null,
    },
    consultations: {
      ...consultations.counts,
      medianFirstResponseMs: percentile(consultations.firstResponseMs, 0.5),
      p90FirstResponseMs: percentile(consultations.firstResponseMs, 0.9),
      potentialReferralShare: null,
    },
    outcomes: {
      byOutcome: [...outcomes.entries()].map(([outcome, count]) => ({ outcome, count })),
      referralsAdvised: outcomes.get('mash_referral_advised') ?? 0,
      referralsMade: outcomes.get('mash_referral_made') ?? 0,
      mashDecisions: null,
      reReferrals: null,
      ratePer100Pupils: null,
      lowThresholdFlags: null,
      dslConfidence: null,
    },
    dropIns,
    tas,
    weeks,
    terms,
  };
}
