/**
 * The dashboard's one door to the figures: everything the page, its tables and its CSVs show
 * comes from `dashboardData`. Today it computes from what the bot records: the activity log
 * (time by worker, school and activity type; outcomes; trends), consultations, drop-in and
 * TAS records (read through their own repositories, only for the range and the scope's
 * schools and workers), and the evidence figures (issue 19): `serviceFigures` once per view for
 * the same schools, workers and teams (potential-referral share, referrals made, MASH decisions,
 * re-referrals, referrals per 100 pupils, DSL confidence), the pulse per term for the term
 * trend, caseloads from `caseloadOf`, oversight flags from `EvidenceRecords.oversightFor`, and
 * work outside schools from entries at NO_SCHOOL (team and worker views only). A figure nobody
 * has answered yet (no pulse answers, no pupil numbers, a worker who never gave a caseload) is
 * `undefined` and the page shows a dash, never a made-up number.
 *
 * Every call reads the activity log's summaries (its weekly rollups: the current entries
 * without their words) through its audited read, so each page view and each CSV download is
 * recorded as a read (who, what scope, when, how many entries).
 *
 * @example
 *   const data = await dashboardData(services, scope, view, 'dashboard');
 *   data.workload.byWorker[0].minutes; data.outcomes.mashDecisions.s17; data.outcomes.dslConfidence; // undefined: no pulse answers yet
 */
import type { Services } from '../../core/services';
import { minutesOf, OUTCOMES, ACTIVITY_TYPES, NO_SCHOOL, type ActivityType, type MashDecision, type Outcome } from '../../../storage/activity-log';
import type { ActivitySummary } from '../../../storage/activity-summary';
import { caseloadOf } from '../evidence/caseload';
import { serviceFigures } from '../evidence/figures';
import { pulseAnswers } from '../evidence/pulse';
import { EvidenceRecords } from '../evidence/records';
import { isWithdrawn } from '../digest/labels';
import type { DashboardScope } from './access';
import { percentile, periodsOf } from './buckets';
import { readConsultations, readDropIns, readTasActions } from './sources';
import type { DashboardView } from './view';

/** A figure, or undefined when nobody has given it yet (no answers, no pupil numbers). */
export type Recorded = number | undefined;

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
  /** Mean DSL pulse score for the term (terms only). */
  dslConfidence?: number;
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
    /** Share of entries that were a discussion about a potential referral (0..1). */
    potentialReferralShare: Recorded;
  };
  outcomes: {
    byOutcome: { outcome: Outcome; count: number }[];
    referralsAdvised: number;
    referralsMade: number;
    mashDecisions: Record<MashDecision, number>;
    reReferrals: number;
    ratePer100Pupils: Recorded;
    /** The team manager's second look; undefined on a school's (DSL's) view, which never shows it. */
    lowThresholdFlags?: number;
    dslConfidence: Recorded;
  };
  dropIns: { offered: number; booked: number; attended: number; didNotAttend: number };
  tas: { created: number; completed: number; completedOnTime: number; openNow: number; overdueNow: number };
  weeks: TrendRow[];
  terms: TrendRow[];
}

async function readLog(services: Services, scope: DashboardScope, view: DashboardView, purpose: string): Promise<ActivitySummary[]> {
  const reader = { personId: scope.personId, purpose };
  const range = { from: view.from, to: view.to };
  const queries =
    scope.kind === 'school' || view.schoolId
      ? (view.schoolId ? [view.schoolId] : scope.schoolIds).map((schoolId) => ({ ...range, schoolId }))
      : view.workerId
        ? [{ ...range, workerId: view.workerId }]
        : scope.teamIds.map((teamId) => ({ ...range, teamId }));
  const parts = await Promise.all(queries.map((q) => services.activityLog.summaries(q, reader)));
  const schools = new Set(outsideCounted(scope, view) ? [...scope.schoolIds, NO_SCHOOL] : scope.schoolIds);
  return parts
    .flat()
    .filter((e) => !isWithdrawn(e) && schools.has(e.schoolId) && scope.teamIds.includes(e.teamId) && (!view.workerId || e.workerId === view.workerId));
}

/** Work not tied to a school belongs to a team's or a worker's view, never to a school's. */
function outsideCounted(scope: DashboardScope, view: DashboardView): boolean {
  return scope.kind === 'team' && !view.schoolId;
}

const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100 : undefined);

/** The evidence figures, caseloads, oversight flags and per-term pulse for the same scope. */
async function evidenceOf(services: Services, scope: DashboardScope, view: DashboardView, purpose: string, terms: TrendRow[]) {
  const range = { from: view.from, to: view.to };
  const schoolIds = view.schoolId ? [view.schoolId] : [...scope.schoolIds, ...(outsideCounted(scope, view) ? [NO_SCHOOL] : [])];
  const workerIds = view.workerId ? [view.workerId] : scope.kind === 'team' ? scope.workerIds : undefined;
  const inScope = new Set(view.schoolId ? [view.schoolId] : scope.schoolIds);
  const records = new EvidenceRecords(services.store);
  const [figures, caseloads, flags, pulses] = await Promise.all([
    serviceFigures(services, { ...range, schoolIds, teamIds: scope.teamIds, ...(workerIds ? { workerIds } : {}) }, { personId: scope.personId, purpose }),
    Promise.all((scope.kind === 'team' ? workerIds ?? [] : []).map(async (w) => [w, (await caseloadOf(services, w))?.count] as const)),
    Promise.all((scope.kind === 'team' ? scope.teamIds : []).map((t) => records.oversightFor(t, view.from, view.to))).then((x) => x.flat()),
    Promise.all(terms.map((t) => pulseAnswers(services.store, t.start))),
  ]);
  // Oversight flags are the team manager's second look at a worker's advice: never on a school's (DSL's) view.
  const oversight = scope.kind === 'team' ? flags.filter((f) => inScope.has(f.schoolId) && (!view.workerId || f.workerId === view.workerId)).length : undefined;
  const termPulse = pulses.map((answers) => mean(answers.filter((a) => a.schoolIds.some((id) => inScope.has(id))).map((a) => a.score)));
  return { total: figures.total, caseloads: new Map(caseloads), oversight, termPulse };
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
  const evidence = await evidenceOf(services, scope, view, purpose, terms);
  terms.forEach((t, i) => (t.dslConfidence = evidence.termPulse[i]));
  const workers = new Map<string, WorkerRow>(
    (view.workerId ? [view.workerId] : scope.workerIds).map((w) => [w, { workerId: w, minutes: 0, entries: 0, byActivity: {}, schoolMinutes: 0, outsideMinutes: 0, caseload: evidence.caseloads.get(w) }]),
  );
  const schools = new Map<string, TimeRow>((view.schoolId ? [view.schoolId] : scope.schoolIds).map((s) => [s, { minutes: 0, entries: 0 }]));
  const activity = new Map<ActivityType, TimeRow>(ACTIVITY_TYPES.map((t) => [t, { minutes: 0, entries: 0 }]));
  const outcomes = new Map<Outcome, number>(OUTCOMES.map((o) => [o, 0]));
  let total = 0;
  let outside = 0;
  for (const e of entries) {
    const m = minutesOf(e);
    total += m;
    if (e.schoolId === NO_SCHOOL) outside += m;
    const w = workers.get(e.workerId);
    if (w) {
      w.minutes += m;
      w.entries++;
      if (e.schoolId === NO_SCHOOL) w.outsideMinutes = (w.outsideMinutes ?? 0) + m;
      else w.schoolMinutes += m;
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
    const t = e.at;
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
      outsideMinutes: outsideCounted(scope, view) ? outside : undefined,
    },
    consultations: {
      ...consultations.counts,
      medianFirstResponseMs: percentile(consultations.firstResponseMs, 0.5),
      p90FirstResponseMs: percentile(consultations.firstResponseMs, 0.9),
      potentialReferralShare: evidence.total.potentialReferralShare,
    },
    outcomes: {
      byOutcome: [...outcomes.entries()].map(([outcome, count]) => ({ outcome, count })),
      referralsAdvised: outcomes.get('mash_referral_advised') ?? 0,
      referralsMade: evidence.total.referralsMade,
      mashDecisions: evidence.total.mashDecisions,
      reReferrals: evidence.total.reReferrals,
      ratePer100Pupils: evidence.total.per100Pupils?.referralsMade,
      lowThresholdFlags: evidence.oversight,
      dslConfidence: evidence.total.pulse.mean,
    },
    dropIns,
    tas,
    weeks,
    terms,
  };
}
