/**
 * An activity entry's summary: what the figures count (where, who, when, what kind of work, how
 * long, what came of it, consent, referral outcome, measures) and none of the words (no query,
 * no response, no child reference, no sharing reasons, no ids). The dashboard and the service
 * figures read summaries; the export and the audit trail read whole entries.
 *
 * Summaries are stored packed (`packSummaries`): one string table per document and one short
 * array per entry, so a year of a 100-school authority is a few megabytes to parse, not tens.
 *
 * @example
 *   const packed = packSummaries(entries);          // { dict, rows }
 *   const back = unpackSummaries(packed);           // ActivitySummary[], oldest first
 *   back[0].schoolId; back[0].at;                   // 'werneth', 1795435200000 (occurredAt in ms)
 */
import type { ActivityEntry, ActivityType, Consent, EnquirerRole, MashDecision, Outcome, Place, TimeSpent } from './activity-log';

export interface ActivitySummary {
  /** occurredAt in ms (the index's score). */
  at: number;
  schoolId: string;
  teamId: string;
  workerId: string;
  raisedBy: { role: EnquirerRole };
  activityType: ActivityType;
  outcome: Outcome;
  timeSpent: TimeSpent;
  minutes?: number;
  consent: Consent;
  source: { kind: string };
  child?: { yearGroup: string };
  concernCategories?: string[];
  services?: { serviceId: string; how: 'signposted' | 'referred' }[];
  peopleReached?: number;
  place?: Place;
  attendance?: 'attended' | 'did_not_attend' | 'walk_in';
  /** That a decision to share without consent was recorded, and when (not what or why). */
  informationSharing?: { at: string };
  referral?: { referred: boolean; decision?: MashDecision; answeredAt: string };
  /** How many earlier consultations about the same child this one re-refers. */
  reReferrals?: number;
  measures?: Record<string, number>;
  /** Only whether and why it was a correction: undo and cancelled meetings count as withdrawn. */
  amends?: { reason: string };
}

/** The rarely present parts, kept as an object only when an entry has any. */
type Extras = Pick<ActivitySummary, 'child' | 'concernCategories' | 'services' | 'peopleReached' | 'place' | 'attendance' | 'informationSharing' | 'referral' | 'reReferrals' | 'measures' | 'amends'>;

/** [at, school, team, worker, role, type, outcome, timeSpent, consent, source kind, minutes | null, extras | 0] */
type Row = [number, number, number, number, number, number, number, number, number, number, number | null, Extras | 0];

export interface PackedSummaries {
  dict: string[];
  rows: Row[];
}

function extrasOf(e: ActivityEntry): Extras | 0 {
  const x: Extras = {};
  if (e.child) x.child = { yearGroup: e.child.yearGroup };
  if (e.concernCategories?.length) x.concernCategories = e.concernCategories;
  if (e.services?.length) x.services = e.services.map((s) => ({ serviceId: s.serviceId, how: s.how }));
  if (e.peopleReached !== undefined) x.peopleReached = e.peopleReached;
  if (e.place) x.place = e.place;
  if (e.attendance) x.attendance = e.attendance;
  if (e.informationSharing) x.informationSharing = { at: e.informationSharing.at };
  if (e.referral) x.referral = { referred: e.referral.referred, answeredAt: e.referral.answeredAt, ...(e.referral.decision ? { decision: e.referral.decision } : {}) };
  if (e.reReferralOf?.length) x.reReferrals = e.reReferralOf.length;
  if (e.measures) x.measures = e.measures;
  if (e.amends) x.amends = { reason: e.amends.reason };
  return Object.keys(x).length ? x : 0;
}

export function packSummaries(entries: ActivityEntry[]): PackedSummaries {
  const dict: string[] = [];
  const seen = new Map<string, number>();
  const ref = (s: string) => {
    let i = seen.get(s);
    if (i === undefined) {
      i = dict.push(s) - 1;
      seen.set(s, i);
    }
    return i;
  };
  const rows = entries.map(
    (e): Row => [
      Date.parse(e.occurredAt),
      ref(e.schoolId),
      ref(e.teamId),
      ref(e.workerId),
      ref(e.raisedBy.role),
      ref(e.activityType),
      ref(e.outcome),
      ref(e.timeSpent),
      ref(e.consent),
      ref(e.source.kind),
      e.minutes ?? null,
      extrasOf(e),
    ],
  );
  return { dict, rows };
}

/**
 * The summaries with at in [from, to], in stored order. Objects made from the same string
 * (`raisedBy`, `source`) are shared between summaries: read them, never change them.
 */
export function unpackSummaries(p: PackedSummaries, from = -Infinity, to = Infinity): ActivitySummary[] {
  const d = p.dict;
  const roles: { role: EnquirerRole }[] = [];
  const sources: { kind: string }[] = [];
  const out: ActivitySummary[] = [];
  for (const r of p.rows) {
    if (r[0] < from || r[0] > to) continue;
    const s: ActivitySummary = {
      at: r[0],
      schoolId: d[r[1]],
      teamId: d[r[2]],
      workerId: d[r[3]],
      raisedBy: (roles[r[4]] ??= { role: d[r[4]] as EnquirerRole }),
      activityType: d[r[5]] as ActivityType,
      outcome: d[r[6]] as Outcome,
      timeSpent: d[r[7]] as TimeSpent,
      consent: d[r[8]] as Consent,
      source: (sources[r[9]] ??= { kind: d[r[9]] }),
      minutes: r[10] ?? undefined,
    };
    out.push(r[11] ? Object.assign(s, r[11]) : s);
  }
  return out;
}
