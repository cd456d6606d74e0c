/**
 * A generated term of activity-log data, like the pilots' logs (Lambeth logged 842 entries in
 * a term, Stockport 481): `n` entries spread over the ten sample schools in the Autumn 2026
 * term, with rules simple enough to count by hand (the figures test states its totals from
 * these rules), plus a few withdrawn quick logs, did-not-attends and work not tied to a school.
 *
 * Rules for entry i (0 <= i < n):
 *   school        schools[i % 10] (the sample config's order)
 *   consultation  when i % 4 == 0 (j = i / 4): outcome by j % 5 (advised, early help, monitor,
 *                 NFA, signposted); advised ones (k = j / 5) answered by k % 6 (not referred,
 *                 NFA, early help, s.17, s.47, not yet answered), the answer 2 days later;
 *                 re-referral when j % 10 == 7; first response (j % 10 + 1) minutes
 *   otherwise     a quick log, activity by i % 8 of the eight non-referral types
 *   enquirer      ENQUIRER_ROLES[i % 14]; time band TIME_SPENT[i % 4]; categories by i % 3
 *   extra         `extras` withdrawn quick logs, `extras` did-not-attend drop-ins, and `extras`
 *                 court entries not tied to a school (sw.amira)
 *
 * @example
 *   await generateTerm(services, 1500, 10);
 */
import type { Services } from '../../bot/core/services';
import { WITHDRAWN_REASON } from '../../bot/features/digest/labels';
import {
  ENQUIRER_ROLES,
  NO_SCHOOL,
  TIME_SPENT,
  type ActivityEntryInput,
  type ActivityType,
  type MashDecision,
  type Outcome,
  type ReferralOutcome,
} from '../../storage/activity-log';

export const TERM_START = Date.parse('2026-09-07T08:00:00Z');
const OTHER_TYPES: ActivityType[] = ['advice_or_information', 'direct_work', 'group_work', 'parent_contact', 'drop_in', 'tas_meeting', 'staff_training', 'statutory_casework'];
const OUTCOME_BY_J: Outcome[] = ['mash_referral_advised', 'early_help', 'advice_and_monitor', 'no_further_action', 'signposted'];
const ANSWER_BY_K: (MashDecision | 'not_referred' | undefined)[] = ['not_referred', 'nfa', 'early_help', 's17', 's47', undefined];
const CATEGORIES = [['neglect'], ['attendance', 'self-harm'], []];

function at(i: number, n: number): string {
  // Spread over 70 days from Mon 7 Sep, every entry on its own minute.
  return new Date(TERM_START + Math.floor((i * 70 * 86_400_000) / n) + (i % 60) * 60_000).toISOString();
}

export function termEntry(services: Services, i: number, n: number): ActivityEntryInput {
  const schools = services.directory.allSchools();
  const school = schools[i % schools.length];
  const worker = school.linkWorkers[0];
  const teamId = services.directory.teamForSchool(school.id)!.id;
  const base = {
    occurredAt: at(i, n),
    schoolId: school.id,
    teamId,
    workerId: worker,
    raisedBy: { role: ENQUIRER_ROLES[i % ENQUIRER_ROLES.length] },
    child: { yearGroup: `Y${(i % 11) + 1}`, reference: `R${i % 97}` },
    query: 'generated',
    response: '',
    timeSpent: TIME_SPENT[i % 4],
    consent: 'consented' as const,
    concernCategories: CATEGORIES[i % 3],
    place: 'school' as const,
    recordedBy: worker,
  };
  if (i % 4 !== 0) {
    return { ...base, activityType: OTHER_TYPES[i % 8], outcome: 'not_recorded', source: { kind: 'quick-log', id: `g${i}` } };
  }
  const j = i / 4;
  const outcome = OUTCOME_BY_J[j % 5];
  let referral: ReferralOutcome | undefined;
  if (outcome === 'mash_referral_advised') {
    const answer = ANSWER_BY_K[(j / 5) % 6];
    const answeredAt = new Date(Date.parse(base.occurredAt) + 2 * 86_400_000).toISOString();
    if (answer === 'not_referred') referral = { referred: false, reason: 'school managing', answeredBy: 'dsl.werneth', answeredAt };
    else if (answer) referral = { referred: true, decision: answer, answeredBy: 'dsl.werneth', answeredAt };
  }
  return {
    ...base,
    activityType: outcome === 'mash_referral_advised' ? 'potential_referral_discussion' : 'advice_or_information',
    outcome,
    ...(referral ? { referral } : {}),
    ...(j % 10 === 7 ? { reReferralOf: [`c${j}`] } : {}),
    measures: { firstResponseMs: ((j % 10) + 1) * 60_000 },
    source: { kind: 'consultation', id: `c${100_000 + j}` },
  };
}

/** `shiftMs` moves the whole term (e.g. back a year, for history outside the range reported). */
export async function generateTerm(services: Services, n: number, extras: number, batch = 200, shiftMs = 0): Promise<void> {
  const log = services.activityLog;
  const shifted = (e: ActivityEntryInput): ActivityEntryInput =>
    shiftMs ? { ...e, occurredAt: new Date(Date.parse(e.occurredAt) + shiftMs).toISOString(), source: { ...e.source, id: `${e.source.id}s${shiftMs}` } } : e;
  for (let start = 0; start < n; start += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, n - start) }, (_, k) => log.append(shifted(termEntry(services, start + k, n)))));
  }
  const amira = services.directory.teamOf('sw.amira')!.id;
  for (let x = 0; x < extras; x++) {
    const when = new Date(TERM_START + shiftMs + x * 86_400_000 + 3_600_000).toISOString();
    const common = { occurredAt: when, teamId: amira, workerId: 'sw.amira', raisedBy: { role: 'dsl' as const }, query: '', response: '', outcome: 'not_recorded' as const, timeSpent: '5_30' as const, recordedBy: 'sw.amira' };
    const e = await log.append({ ...common, schoolId: 'werneth', activityType: 'direct_work', consent: 'not_applicable', source: { kind: 'quick-log', id: `w${x}` } });
    await log.amend(e.id, { minutes: 0, timeSpent: 'under_5' }, WITHDRAWN_REASON, 'sw.amira');
    await log.append({ ...common, schoolId: 'werneth', activityType: 'drop_in', attendance: 'did_not_attend', consent: 'not_applicable', source: { kind: 'dropin', id: `dna${x}` } });
    await log.append({ ...common, schoolId: NO_SCHOOL, activityType: 'statutory_casework', place: 'court', minutes: 120, timeSpent: 'over_60', consent: 'not_applicable', source: { kind: 'quick-log', id: `court${x}` } });
  }
}
