/**
 * The service's figures, in ONE place with one typed API: per school and in total for any date
 * range (a term, a month), from the activity log (the same data as the CSV export, corrections
 * applied, withdrawn entries left out), the drop-ins' places offered and booked, and the DSL
 * pulse. The `report` command, `npm run report` and the dashboard all read this.
 *
 * What is counted (the data dictionary, docs/activity-log.md, says where each comes from):
 * consultations and the share of contacts that were about a potential referral; referrals
 * advised and made and what the MASH decided; re-referrals; time to first response and to the
 * MASH's decision; contacts by activity type, enquirer, concern category, year group, place,
 * service, outcome, consent and time band; drop-ins; TAS actions completed on time; rates per
 * 100 pupils; the pulse's answers.
 *
 * Cost: one read of the log's weekly summaries per school in scope for the range, never history.
 *
 * @example
 *   const f = await serviceFigures(services, { from, to, schoolIds: ['werneth'] }, { personId: 'tm.grace', purpose: 'report' });
 *   f.total.consultations;                // 42
 *   f.schools[0].mashDecisions.s17;       // 3
 *   f.schools[0].per100Pupils?.consultations; // 3.65
 */
import type { Services } from '../../core/services';
import {
  ACTIVITY_TYPES,
  CONSENT,
  ENQUIRER_ROLES,
  MASH_DECISIONS,
  NO_SCHOOL,
  OUTCOMES,
  PLACES,
  TIME_SPENT,
  minutesOf,
  type ActivityType,
  type Consent,
  type EnquirerRole,
  type MashDecision,
  type Outcome,
  type Place,
  type Reader,
  type TimeSpent,
} from '../../../storage/activity-log';
import type { ActivitySummary } from '../../../storage/activity-summary';
import { isWithdrawn } from '../digest/labels';
import { pulseAnswers } from './pulse';

export interface FiguresRange {
  from: Date;
  to: Date;
  /** Only these schools (default: every school in the directory, and work not tied to a school). */
  schoolIds?: string[];
  /** Only entries by these workers. */
  workerIds?: string[];
  /** Only entries of these teams (a manager's report). */
  teamIds?: string[];
}

export interface Durations {
  count: number;
  medianMs?: number;
  /** 90th percentile. */
  p90Ms?: number;
}

export interface DropInCounts {
  offered: number;
  booked: number;
  attended: number;
  didNotAttend: number;
  walkIns: number;
}

export interface Figures {
  /** A school id, NO_SCHOOL ('none') for work not tied to a school, or 'all'. */
  schoolId: string;
  name: string;
  pupils?: number;
  comparisonGroup?: string;
  /** Activity-log entries (contacts), withdrawn ones left out. */
  entries: number;
  minutes: number;
  peopleReached: number;
  consultations: number;
  /** Entries whose activity type is a discussion about a potential referral. */
  potentialReferralDiscussions: number;
  /** potentialReferralDiscussions / entries (0..1), undefined with no entries. */
  potentialReferralShare?: number;
  /** Consultations whose advice was a MASH referral (advised or made). */
  referralsAdvised: number;
  /** The school said it referred (or the worker recorded it as made). */
  referralsMade: number;
  /** Advised, and the school said it did not refer. */
  notReferred: number;
  /** Advised, and nobody has answered the follow-up yet. */
  awaitingOutcome: number;
  mashDecisions: Record<MashDecision, number>;
  reReferrals: number;
  timeToFirstResponse: Durations;
  /** From the consultation to the school's answer naming the MASH's decision. */
  timeToDecision: Durations;
  byActivity: Record<ActivityType, number>;
  byEnquirer: Record<EnquirerRole, number>;
  /** Concern category id -> entries naming it (an entry may name several). */
  byCategory: Record<string, number>;
  byYearGroup: Record<string, number>;
  byPlace: Record<Place | 'not_recorded', number>;
  byOutcome: Record<Outcome, number>;
  byConsent: Record<Consent, number>;
  byTimeBand: Record<TimeSpent, number>;
  minutesByTimeBand: Record<TimeSpent, number>;
  /** Service id -> times signposted and referred. */
  byService: Record<string, { signposted: number; referred: number }>;
  /** Entries recording a decision to share without consent. */
  sharedWithoutConsent: number;
  dropIns: DropInCounts;
  tasActions: { completed: number; onTime: number };
  per100Pupils?: { entries: number; consultations: number; referralsMade: number; s17: number; s47: number };
  pulse: { answers: number; mean?: number; byScore: Record<'1' | '2' | '3' | '4' | '5', number> };
}

export interface ServiceFigures {
  from: string;
  to: string;
  total: Figures;
  /** One per school in scope, in directory order; work not tied to a school last when any. */
  schools: Figures[];
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

function empty(schoolId: string, name: string, pupils?: number, comparisonGroup?: string): Figures {
  return {
    schoolId,
    name,
    ...(pupils ? { pupils } : {}),
    ...(comparisonGroup ? { comparisonGroup } : {}),
    entries: 0,
    minutes: 0,
    peopleReached: 0,
    consultations: 0,
    potentialReferralDiscussions: 0,
    referralsAdvised: 0,
    referralsMade: 0,
    notReferred: 0,
    awaitingOutcome: 0,
    mashDecisions: zeros(MASH_DECISIONS),
    reReferrals: 0,
    timeToFirstResponse: { count: 0 },
    timeToDecision: { count: 0 },
    byActivity: zeros(ACTIVITY_TYPES),
    byEnquirer: zeros(ENQUIRER_ROLES),
    byCategory: {},
    byYearGroup: {},
    byPlace: zeros([...PLACES, 'not_recorded'] as const),
    byOutcome: zeros(OUTCOMES),
    byConsent: zeros(CONSENT),
    byTimeBand: zeros(TIME_SPENT),
    minutesByTimeBand: zeros(TIME_SPENT),
    byService: {},
    sharedWithoutConsent: 0,
    dropIns: { offered: 0, booked: 0, attended: 0, didNotAttend: 0, walkIns: 0 },
    tasActions: { completed: 0, onTime: 0 },
    pulse: { answers: 0, byScore: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } },
  };
}

/** Samples kept while counting, turned into Durations at the end. */
interface Samples {
  firstResponse: number[];
  decision: number[];
  pulse: number[];
}

function durations(ms: number[]): Durations {
  if (!ms.length) return { count: 0 };
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  const mid = Math.floor(s.length / 2);
  return { count: s.length, medianMs: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, p90Ms: at(0.9) };
}

const ADVISED: Outcome[] = ['mash_referral_advised', 'mash_referral_made'];

/** Adds one entry to one school's figures (and its samples). */
function count(f: Figures, s: Samples, e: ActivitySummary): void {
  if (e.attendance === 'did_not_attend') {
    f.dropIns.didNotAttend++;
    return;
  }
  const m = minutesOf(e);
  f.entries++;
  f.minutes += m;
  f.peopleReached += e.peopleReached ?? 0;
  f.byActivity[e.activityType]++;
  f.byEnquirer[e.raisedBy.role]++;
  for (const c of e.concernCategories ?? []) f.byCategory[c] = (f.byCategory[c] ?? 0) + 1;
  if (e.child) f.byYearGroup[e.child.yearGroup] = (f.byYearGroup[e.child.yearGroup] ?? 0) + 1;
  f.byPlace[e.place ?? 'not_recorded']++;
  f.byOutcome[e.outcome]++;
  f.byConsent[e.consent]++;
  f.byTimeBand[e.timeSpent]++;
  f.minutesByTimeBand[e.timeSpent] += m;
  for (const sv of e.services ?? []) (f.byService[sv.serviceId] ??= { signposted: 0, referred: 0 })[sv.how]++;
  if (e.informationSharing) f.sharedWithoutConsent++;
  if (e.activityType === 'potential_referral_discussion') f.potentialReferralDiscussions++;
  if (e.attendance === 'walk_in') f.dropIns.walkIns++;
  if (e.source.kind === 'dropin' && e.attendance !== 'walk_in') f.dropIns.attended++;
  if (e.source.kind === 'tas-action' && e.measures?.onTime !== undefined) {
    f.tasActions.completed++;
    if (e.measures.onTime === 1) f.tasActions.onTime++;
  }
  if (e.source.kind !== 'consultation') return;
  f.consultations++;
  if (e.reReferrals) f.reReferrals++;
  if (e.measures?.firstResponseMs !== undefined) s.firstResponse.push(e.measures.firstResponseMs);
  const advised = ADVISED.includes(e.outcome) || !!e.referral;
  if (!advised) return;
  f.referralsAdvised++;
  const r = e.referral;
  if (!r) {
    if (e.outcome === 'mash_referral_made') f.referralsMade++;
    else f.awaitingOutcome++;
    return;
  }
  if (!r.referred) {
    f.notReferred++;
    return;
  }
  f.referralsMade++;
  if (r.decision) {
    f.mashDecisions[r.decision]++;
    s.decision.push(Date.parse(r.answeredAt) - e.at);
  }
}

function finish(f: Figures, s: Samples): Figures {
  f.potentialReferralShare = f.entries ? f.potentialReferralDiscussions / f.entries : undefined;
  f.timeToFirstResponse = durations(s.firstResponse);
  f.timeToDecision = durations(s.decision);
  if (f.pupils) {
    const per = (n: number) => Math.round((n / f.pupils!) * 100 * 100) / 100;
    f.per100Pupils = {
      entries: per(f.entries),
      consultations: per(f.consultations),
      referralsMade: per(f.referralsMade),
      s17: per(f.mashDecisions.s17),
      s47: per(f.mashDecisions.s47),
    };
  }
  f.pulse.answers = s.pulse.length;
  if (s.pulse.length) f.pulse.mean = Math.round((s.pulse.reduce((a, b) => a + b, 0) / s.pulse.length) * 100) / 100;
  for (const v of s.pulse) f.pulse.byScore[String(v) as '1']++;
  return f;
}

/** Adds every count of `from` into `into` (samples are merged by the caller). */
function addInto(into: Figures, from: Figures): void {
  for (const k of ['entries', 'minutes', 'peopleReached', 'consultations', 'potentialReferralDiscussions', 'referralsAdvised', 'referralsMade', 'notReferred', 'awaitingOutcome', 'reReferrals', 'sharedWithoutConsent'] as const) into[k] += from[k];
  const maps = ['mashDecisions', 'byActivity', 'byEnquirer', 'byCategory', 'byYearGroup', 'byPlace', 'byOutcome', 'byConsent', 'byTimeBand', 'minutesByTimeBand'] as const;
  for (const k of maps) {
    const target = into[k] as Record<string, number>;
    for (const [key, n] of Object.entries(from[k] as Record<string, number>)) target[key] = (target[key] ?? 0) + n;
  }
  for (const [id, v] of Object.entries(from.byService)) {
    const t = (into.byService[id] ??= { signposted: 0, referred: 0 });
    t.signposted += v.signposted;
    t.referred += v.referred;
  }
  for (const k of ['offered', 'booked', 'attended', 'didNotAttend', 'walkIns'] as const) into.dropIns[k] += from.dropIns[k];
  into.tasActions.completed += from.tasActions.completed;
  into.tasActions.onTime += from.tasActions.onTime;
}

/** The terms that overlap a range (their first days are the pulse's keys). */
function termsIn(services: Services, from: Date, to: Date): string[] {
  const { calendar } = services;
  const a = calendar.dateOf(from);
  const b = calendar.dateOf(to);
  return services.config.authority.terms.filter((t) => t.from <= b && t.to >= a).map((t) => t.from);
}

export async function serviceFigures(services: Services, range: FiguresRange, reader: Reader): Promise<ServiceFigures> {
  const { directory, activityLog, figures: registry, store } = services;
  const all = directory.allSchools();
  const wanted = range.schoolIds ? new Set(range.schoolIds) : undefined;
  const schools = all.filter((s) => !wanted || wanted.has(s.id));
  const ids = [...schools.map((s) => s.id), ...(!wanted || wanted.has(NO_SCHOOL) ? [NO_SCHOOL] : [])];
  const workers = range.workerIds ? new Set(range.workerIds) : undefined;
  const teams = range.teamIds ? new Set(range.teamIds) : undefined;

  const [entriesPerSchool, dropInsByWorker, pulse] = await Promise.all([
    Promise.all(ids.map((schoolId) => activityLog.summaries({ schoolId, from: range.from, to: range.to }, reader))),
    registry.forWorkers({
      workerIds: [...new Set(range.workerIds ?? [...schools.flatMap((s) => s.linkWorkers), ...directory.allTeams().flatMap((t) => t.members)])],
      from: range.from,
      to: range.to,
    }),
    Promise.all(termsIn(services, range.from, range.to).map((t) => pulseAnswers(store, t))).then((x) => x.flat()),
  ]);

  const total = empty('all', 'All schools', schools.reduce((n, s) => n + (s.pupils ?? 0), 0) || undefined);
  const totalSamples: Samples = { firstResponse: [], decision: [], pulse: [] };
  const out: Figures[] = [];
  ids.forEach((schoolId, i) => {
    const school = directory.school(schoolId);
    const f = empty(schoolId, school?.name ?? 'Not tied to a school', school?.pupils, school?.comparisonGroup);
    const s: Samples = { firstResponse: [], decision: [], pulse: [] };
    for (const e of entriesPerSchool[i]) {
      if (isWithdrawn(e) || (workers && !workers.has(e.workerId)) || (teams && !teams.has(e.teamId))) continue;
      count(f, s, e);
    }
    for (const w of Object.values(dropInsByWorker)) {
      const d = w.dropInsBySchool?.[schoolId];
      if (!d) continue;
      f.dropIns.offered += d.offered;
      f.dropIns.booked += d.booked;
    }
    if (school) for (const a of pulse) if (a.schoolIds.includes(schoolId)) s.pulse.push(a.score);
    if (schoolId === NO_SCHOOL && !f.entries && !f.dropIns.didNotAttend) return;
    addInto(total, f);
    totalSamples.firstResponse.push(...s.firstResponse);
    totalSamples.decision.push(...s.decision);
    out.push(finish(f, s));
  });
  // A DSL of two schools answers once: the total counts people, not schools.
  const inScope = new Set(schools.map((s) => s.id));
  totalSamples.pulse.push(...pulse.filter((a) => a.schoolIds.some((id) => inScope.has(id))).map((a) => a.score));
  return { from: range.from.toISOString(), to: range.to.toISOString(), total: finish(total, totalSamples), schools: out };
}
