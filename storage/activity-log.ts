/**
 * The activity log: the record the local authority keeps of every exchange. Append-only:
 * a correction is a new entry pointing at the one it amends, with a reason. Every read through
 * the bot is itself recorded in the access audit (who, what, when), so access is attributable.
 *
 * Entries are indexed by school, worker, team and time, so a query reads only the entries in
 * its range for one of those, never the whole log. Figures read `summaries` instead: the same
 * current entries without their words, from weekly rollups the log keeps (activity-rollups.ts).
 *
 * Stored as declared documents (validated on every read and write): entries in `ACTIVITY_DOC`,
 * access records in `ACCESS_DOC`, and each correction pointer (entry id -> its latest
 * correction) in `SUPERSEDED`. A range read that meets an entry that does not fit logs it by id
 * and leaves it out; reading one entry, or removing it, throws DocumentInvalid.
 *
 * @example
 *   await log.append({ schoolId: 'werneth', workerId: 'sw.amira', ... });
 *   const week = await log.query({ teamId: 'werneth-swis', from, to }, { personId: 'tm.grace', purpose: 'digest' });
 *   const year = await log.summaries({ teamId: 'werneth-swis', from, to }, { personId: 'tm.grace', purpose: 'dashboard' });
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../bot/core/log';
import { ActivityRollups } from './activity-rollups';
import type { ActivitySummary } from './activity-summary';
import { defineDocument, defineValue, getManyFitting } from './documents';
import type { Store } from './store';

export const ENQUIRER_ROLES = [
  'dsl',
  'head_or_year_head',
  'pastoral_staff',
  'teacher',
  'school_nurse',
  'parent_carer',
  'child_young_person',
  'other_professional',
  'social_worker',
  'senior_leader',
  'senco',
  'grandparent_or_family',
  'early_help_worker',
  'police',
] as const;
export type EnquirerRole = (typeof ENQUIRER_ROLES)[number];

export const ACTIVITY_TYPES = [
  'potential_referral_discussion',
  'advice_or_information',
  'direct_work',
  'group_work',
  'parent_contact',
  'drop_in',
  'tas_meeting',
  'staff_training',
  'statutory_casework',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const OUTCOMES = [
  'mash_referral_advised',
  'mash_referral_made',
  'early_help',
  'signposted',
  'advice_and_monitor',
  'no_further_action',
  'not_recorded',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Time bands; `not_recorded` when the worker has not said yet (never guessed), never offered in a form. */
export const TIME_SPENT = ['under_5', '5_30', '30_60', 'over_60', 'not_recorded'] as const;
export type TimeSpent = (typeof TIME_SPENT)[number];
/** The bands a person can choose. */
export const TIME_SPENT_CHOICES = TIME_SPENT.filter((t): t is Exclude<TimeSpent, 'not_recorded'> => t !== 'not_recorded');

/**
 * Consent to share information about a child or family. `not_applicable`: nothing about a
 * particular child or family was shared (training, a whole-school meeting). Only `not_asked`
 * makes an entry a holding note; "not safe to ask" is a decision, recorded as such.
 */
export const CONSENT = ['consented', 'not_consented', 'not_asked', 'not_safe_to_ask', 'not_applicable'] as const;
export type Consent = (typeof CONSENT)[number];

/** Whose consent it was. */
export const CONSENT_FROM = ['parent_carer', 'child_young_person', 'parent_and_child', 'other'] as const;
export type ConsentFrom = (typeof CONSENT_FROM)[number];

/** Where the work happened. */
export const PLACES = ['school', 'home_visit', 'office', 'court', 'community', 'phone_or_online'] as const;
export type Place = (typeof PLACES)[number];

export const KNOWN_TO_SOCIAL_CARE = ['yes', 'no', 'dont_know'] as const;
export type KnownToSocialCare = (typeof KNOWN_TO_SOCIAL_CARE)[number];

/** What the MASH (front door) decided after a referral. */
export const MASH_DECISIONS = ['nfa', 'early_help', 's17', 's47', 'already_open'] as const;
export type MashDecision = (typeof MASH_DECISIONS)[number];

/** The school id an entry carries when the work was not tied to any school (court, office). */
export const NO_SCHOOL = 'none';

/** A decision to share without consent (the seventh golden rule): what, with whom, why, by whom. */
export const InformationSharingSchema = z.object({
  what: z.string().min(1).max(500),
  withWhom: z.string().min(1).max(200),
  why: z.string().min(1).max(500),
  decidedBy: z.string().min(1),
  at: z.string().datetime(),
});
export type InformationSharing = z.infer<typeof InformationSharingSchema>;

/** What happened after advice to refer: did the school refer, and what the MASH decided. */
export const ReferralOutcomeSchema = z.object({
  referred: z.boolean(),
  decision: z.enum(MASH_DECISIONS).optional(),
  /** Why not referred, when not. */
  reason: z.string().max(300).optional(),
  answeredBy: z.string().min(1),
  answeredAt: z.string().datetime(),
});
export type ReferralOutcome = z.infer<typeof ReferralOutcomeSchema>;

/** A child is referred to only by year group and a short school reference, never a name. */
export const ChildRefSchema = z.object({
  yearGroup: z.string().regex(/^(N|R|Y([1-9]|1[0-4]))$/, 'year group must be N, R or Y1 to Y14'),
  reference: z.string().min(1).max(12),
});
export type ChildRef = z.infer<typeof ChildRefSchema>;

export const ActivityEntryInputSchema = z.object({
  occurredAt: z.string().datetime(),
  schoolId: z.string().min(1),
  teamId: z.string().min(1),
  workerId: z.string().min(1),
  raisedBy: z.object({ personId: z.string().optional(), role: z.enum(ENQUIRER_ROLES) }),
  child: ChildRefSchema.optional(),
  /** Concern category ids from the authority's thresholds (e.g. neglect, mental_health). */
  concernCategories: z.array(z.string().min(1)).max(20).optional(),
  knownToSocialCare: z.enum(KNOWN_TO_SOCIAL_CARE).optional(),
  /** Services signposted or referred to, ids from the configured service list. */
  services: z.array(z.object({ serviceId: z.string().min(1), how: z.enum(['signposted', 'referred']) })).max(20).optional(),
  /** Head-count for groups, parent drop-ins and training. */
  peopleReached: z.number().int().min(0).max(10_000).optional(),
  place: z.enum(PLACES).optional(),
  /** Drop-ins: whether the booked person came, or someone walked in without booking. */
  attendance: z.enum(['attended', 'did_not_attend', 'walk_in']).optional(),
  query: z.string().max(4000),
  response: z.string().max(8000),
  activityType: z.enum(ACTIVITY_TYPES),
  outcome: z.enum(OUTCOMES),
  timeSpent: z.enum(TIME_SPENT),
  /** Exact minutes when known (quick log); the digest sums these, else the bucket's midpoint. */
  minutes: z.number().int().min(0).max(24 * 60).optional(),
  consent: z.enum(CONSENT),
  consentFrom: z.enum(CONSENT_FROM).optional(),
  informationSharing: InformationSharingSchema.optional(),
  /** After advice to refer: the school's answer to "did you refer, what did the MASH decide?". */
  referral: ReferralOutcomeSchema.optional(),
  /** Earlier consultations about the same child reference within the re-referral window. */
  reReferralOf: z.array(z.string().min(1)).max(50).optional(),
  /** Where it came from, e.g. { kind: 'consultation', id: 'c-12' }. */
  source: z.object({ kind: z.string().min(1), id: z.string().min(1) }),
  /** Measures the pilots asked for, e.g. first response time in ms. */
  measures: z.record(z.string(), z.number()).optional(),
  recordedBy: z.string().min(1),
  amends: z.object({ entryId: z.string().min(1), reason: z.string().min(1).max(500) }).optional(),
});
export type ActivityEntryInput = z.infer<typeof ActivityEntryInputSchema>;

export interface ActivityEntry extends ActivityEntryInput {
  id: string;
  recordedAt: string;
  /** Before consent to share, the record is a holding note. */
  holding: boolean;
}

export interface LogQuery {
  schoolId?: string;
  workerId?: string;
  teamId?: string;
  /** Inclusive range on occurredAt. */
  from: Date;
  to: Date;
}

export interface Reader {
  personId: string;
  /** Why it was read: 'digest', 'export', 'view', ... */
  purpose: string;
}

export interface AccessRecord {
  id: string;
  at: string;
  personId: string;
  purpose: string;
  scope: Omit<LogQuery, 'from' | 'to'> & { from: string; to: string; entryId?: string; subject?: string };
  entries: number;
}

const nonEmpty = z.string().min(1);

/**
 * An entry as stored. The digest, the report and the weekly rollups read entries in thousands,
 * so only the fields every read relies on are checked (where and by whom, when, what kind of
 * work, its outcome, time and consent: a plain object of flat fields, the cheapest to check),
 * and the entry comes back `asStored`, the rest (words, child, source, corrections...) as
 * written. Checking every field made a year's read about a quarter slower.
 */
export const ACTIVITY_DOC = defineDocument<ActivityEntry>(
  'activity',
  1,
  z.object({
    id: nonEmpty,
    occurredAt: z.string(),
    schoolId: nonEmpty,
    teamId: nonEmpty,
    workerId: nonEmpty,
    activityType: z.enum(ACTIVITY_TYPES),
    outcome: z.enum(OUTCOMES),
    timeSpent: z.enum(TIME_SPENT),
    consent: z.enum(CONSENT),
  }),
  undefined,
  { asStored: true },
);

/** One read of the log, as the access audit keeps it. */
export const ACCESS_DOC = defineDocument<AccessRecord>(
  'activity-access',
  1,
  z.looseObject({
    id: nonEmpty,
    at: z.string(),
    personId: z.string(),
    purpose: z.string(),
    scope: z.looseObject({ from: z.string(), to: z.string() }),
    entries: z.number().int(),
  }),
);

/** entry id -> the id of the entry that amends it (an index beside the log, never an edit). */
export const SUPERSEDED = defineValue<string>('activity-superseded', nonEmpty);

/** Before consent is asked the record is a holding note; any answer (even "not safe") is a decision. */
export function isHolding(consent: Consent): boolean {
  return consent === 'not_asked';
}

/** Midpoint minutes per bucket, used when exact minutes were not recorded. */
export const BUCKET_MINUTES: Record<TimeSpent, number> = { under_5: 3, '5_30': 15, '30_60': 45, over_60: 90, not_recorded: 0 };

export function minutesOf(e: Pick<ActivityEntry, 'minutes' | 'timeSpent'>): number {
  return e.minutes ?? BUCKET_MINUTES[e.timeSpent];
}

export function bucketFor(minutes: number): TimeSpent {
  return minutes < 5 ? 'under_5' : minutes <= 30 ? '5_30' : minutes <= 60 ? '30_60' : 'over_60';
}

/**
 * A feature's part in every append: `enrich` may add fields before the entry is stored (the
 * evidence feature adds a consultation's re-referral flag and referral outcome); `appended`
 * runs after it is stored (the evidence feature plans the outcome follow-up). Both see every
 * entry, however and whenever a feature writes it.
 */
export interface ActivityLogHook {
  enrich?(input: ActivityEntryInput): Promise<ActivityEntryInput>;
  appended?(entry: ActivityEntry): Promise<void>;
}

/** The index a query reads: the worker's, else the school's, else the team's. */
function indexOf(q: LogQuery): string {
  if (q.workerId) return `worker:${q.workerId}`;
  if (q.schoolId) return `school:${q.schoolId}`;
  if (q.teamId) return `team:${q.teamId}`;
  throw new Error('an activity query names a school, a worker or a team');
}

/** The query's other scope fields (a worker's entries at one school). */
function matches(q: LogQuery): (e: Pick<ActivityEntry, 'schoolId' | 'workerId' | 'teamId'>) => boolean {
  return (e) => (!q.schoolId || e.schoolId === q.schoolId) && (!q.workerId || e.workerId === q.workerId) && (!q.teamId || e.teamId === q.teamId);
}

export class ActivityLog {
  private readonly hooks: ActivityLogHook[] = [];
  private readonly rollups: ActivityRollups;

  use(hook: ActivityLogHook): void {
    this.hooks.push(hook);
  }

  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
    /** Where a range read reports an entry it left out because it does not fit. */
    private readonly log?: Logger,
  ) {
    this.rollups = new ActivityRollups(store, (index, from, to) => this.current(index, from, to), log);
  }

  /** Validates and appends; throws a ZodError naming the bad field. */
  async append(input: ActivityEntryInput): Promise<ActivityEntry> {
    let enriched = input;
    for (const h of this.hooks) if (h.enrich) enriched = await h.enrich(enriched);
    const data = ActivityEntryInputSchema.parse(enriched);
    const target = data.amends ? await ACTIVITY_DOC.get(this.store, data.amends.entryId) : undefined;
    if (data.amends && !target) throw new Error(`activity entry ${data.amends.entryId} does not exist`);
    const entry: ActivityEntry = {
      ...data,
      id: `a-${randomUUID()}`,
      recordedAt: this.now().toISOString(),
      holding: isHolding(data.consent),
    };
    const created = await ACTIVITY_DOC.create(this.store, entry.id, entry);
    if (!created) throw new Error('activity entry id collision');
    const score = Date.parse(entry.occurredAt);
    await Promise.all([
      this.store.indexAdd('activity:all', entry.id, score),
      this.store.indexAdd(`activity:school:${entry.schoolId}`, entry.id, score),
      this.store.indexAdd(`activity:worker:${entry.workerId}`, entry.id, score),
      this.store.indexAdd(`activity:team:${entry.teamId}`, entry.id, score),
      ...(data.amends
        ? [
            this.store.indexAdd(`activity:amended-by:${data.amends.entryId}`, entry.id, Date.parse(entry.recordedAt)),
            SUPERSEDED.put(this.store, data.amends.entryId, entry.id),
          ]
        : []),
    ]);
    // The entry's week changes, and so does the week of the entry it supersedes (a correction may move it).
    await Promise.all([this.rollups.invalidate(entry), ...(target ? [this.rollups.invalidate(target)] : [])]);
    for (const h of this.hooks) if (h.appended) await h.appended(entry);
    return entry;
  }

  /** One entry by id, as recorded (amended or not); the read is recorded against `reader`. */
  async get(id: string, reader: Reader): Promise<ActivityEntry | undefined> {
    const entry = await ACTIVITY_DOC.get(this.store, id);
    const at = this.now();
    await this.recordAccess({ from: at, to: at, ...(entry ? { schoolId: entry.schoolId } : {}) }, reader, entry ? 1 : 0, id);
    return entry;
  }

  /** A correction: a new entry that supersedes `entryId`, with the reason kept. */
  async amend(entryId: string, changes: Partial<ActivityEntryInput>, reason: string, recordedBy: string): Promise<ActivityEntry> {
    const original = await ACTIVITY_DOC.get(this.store, entryId);
    if (!original) throw new Error(`activity entry ${entryId} does not exist`);
    const { id: _id, recordedAt: _r, holding: _h, amends: _a, ...rest } = original;
    return this.append({ ...rest, ...changes, recordedBy, amends: { entryId, reason } });
  }

  /**
   * Entries in range for one school, worker or team (at least one is needed), oldest first,
   * with corrections applied (an amended entry is replaced by its latest amendment).
   * The read is recorded against `reader`.
   */
  async query(q: LogQuery, reader: Reader): Promise<ActivityEntry[]> {
    const effective = (await this.current(indexOf(q), q.from.getTime(), q.to.getTime())).filter(matches(q));
    await this.recordAccess(q, reader, effective.length);
    return effective;
  }

  /**
   * The same entries as `query` (corrections applied, same scope, same order within a week),
   * as summaries without their words, read from the weekly rollups: what figures need.
   * The read is recorded against `reader` like any other.
   */
  async summaries(q: LogQuery, reader: Reader): Promise<ActivitySummary[]> {
    const found = (await this.rollups.read(indexOf(q), q.from.getTime(), q.to.getTime())).filter(matches(q));
    await this.recordAccess(q, reader, found.length);
    return found;
  }

  /**
   * Builds (or checks) the weekly rollups for a range ahead of a read, so the first view of a
   * long range does not wait for them; nothing is returned, so nothing is read by anyone and no
   * access is recorded. Weeks already summed cost one generation read each.
   */
  async prepare(q: LogQuery): Promise<void> {
    await this.rollups.read(indexOf(q), q.from.getTime(), q.to.getTime());
  }

  /**
   * Tells the log an entry was changed in place (a redaction): the figures kept from it are
   * rebuilt from the entry as it is now.
   */
  async changed(id: string): Promise<void> {
    const entry = await ACTIVITY_DOC.get(this.store, id);
    if (entry) await this.rollups.invalidate(entry);
  }

  /** Every version in range, corrections included, for the audit trail. */
  async history(q: LogQuery, reader: Reader): Promise<ActivityEntry[]> {
    const raw = (await this.raw(indexOf(q), q.from.getTime(), q.to.getTime())).filter(matches(q));
    await this.recordAccess(q, reader, raw.length);
    return raw;
  }

  async accessRecords(from: Date, to: Date): Promise<AccessRecord[]> {
    const ids = await this.store.indexRange('activity-access:all', from.getTime(), to.getTime());
    const found = await getManyFitting(ACCESS_DOC, this.store, ids, (err) => this.log?.warn({ err, collection: err.collection, id: err.id }, 'an access record does not fit its schema and is left out'));
    return found.filter((r): r is AccessRecord => !!r);
  }

  /**
   * Records a read made outside `get`/`query` (a subject-access export): `subject` names what
   * was asked for ("consultation:c12"), `entries` how many records it returned.
   */
  async recordRead(subject: string, reader: Reader, entries: number, schoolId?: string): Promise<void> {
    const at = this.now();
    await this.recordAccess({ from: at, to: at, ...(schoolId ? { schoolId } : {}) }, reader, entries, undefined, subject);
  }

  /**
   * Removes an entry for good (retention, or a legal erasure): the document, its place in every
   * index, and the correction pointers to and from it. An entry it corrected becomes current
   * again only if this was that entry's latest correction. Returns false when it was not there.
   */
  async remove(id: string): Promise<boolean> {
    const entry = await ACTIVITY_DOC.get(this.store, id);
    if (!entry) return false;
    const amendments = await this.store.indexRange(`activity:amended-by:${id}`, -Infinity, Infinity);
    await Promise.all([
      this.store.indexRemove('activity:all', id),
      this.store.indexRemove(`activity:school:${entry.schoolId}`, id),
      this.store.indexRemove(`activity:worker:${entry.workerId}`, id),
      this.store.indexRemove(`activity:team:${entry.teamId}`, id),
      ...amendments.map((a) => this.store.indexRemove(`activity:amended-by:${id}`, a)),
      SUPERSEDED.delete(this.store, id),
    ]);
    if (entry.amends) {
      const target = entry.amends.entryId;
      await this.store.indexRemove(`activity:amended-by:${target}`, id);
      if ((await SUPERSEDED.get(this.store, target)) === id) {
        const [latest] = await this.store.indexRange(`activity:amended-by:${target}`, -Infinity, Infinity, { reverse: true, limit: 1 });
        if (latest) await SUPERSEDED.put(this.store, target, latest);
        else await SUPERSEDED.delete(this.store, target);
      }
    }
    await ACTIVITY_DOC.delete(this.store, id);
    const corrected = entry.amends ? await ACTIVITY_DOC.get(this.store, entry.amends.entryId) : undefined;
    await Promise.all([this.rollups.invalidate(entry), ...(corrected ? [this.rollups.invalidate(corrected)] : [])]);
    return true;
  }

  /** Removes the access records made before `before` (retention); returns how many. */
  async expireAccessRecords(before: Date): Promise<number> {
    const ids = await this.store.indexRange('activity-access:all', -Infinity, before.getTime() - 1);
    for (const id of ids) await Promise.all([ACCESS_DOC.delete(this.store, id), this.store.indexRemove('activity-access:all', id)]);
    return ids.length;
  }

  /** Every version in one index (e.g. 'school:werneth') with from <= occurredAt <= to, oldest first. */
  private async raw(index: string, from: number, to: number): Promise<ActivityEntry[]> {
    const ids = await this.store.indexRange(`activity:${index}`, from, to);
    const found = await getManyFitting(ACTIVITY_DOC, this.store, ids, (err) => this.log?.warn({ err, collection: err.collection, id: err.id }, 'an activity entry does not fit its schema and is left out of a read'));
    return found.filter((e): e is ActivityEntry => !!e);
  }

  /** The current versions: an entry is left out wherever its correction lives (a correction may move it to another school). */
  private async current(index: string, from: number, to: number): Promise<ActivityEntry[]> {
    const raw = await this.raw(index, from, to);
    const superseded = await SUPERSEDED.getMany(this.store, raw.map((e) => e.id));
    return raw.filter((_, i) => !superseded[i]);
  }

  private async recordAccess(q: LogQuery, reader: Reader, entries: number, entryId?: string, subject?: string): Promise<void> {
    const at = this.now();
    const rec: AccessRecord = {
      id: `r-${randomUUID()}`,
      at: at.toISOString(),
      personId: reader.personId,
      purpose: reader.purpose,
      scope: { ...q, from: q.from.toISOString(), to: q.to.toISOString(), ...(entryId ? { entryId } : {}), ...(subject ? { subject } : {}) },
      entries,
    };
    await ACCESS_DOC.put(this.store, rec.id, rec);
    await this.store.indexAdd('activity-access:all', rec.id, at.getTime());
  }
}
