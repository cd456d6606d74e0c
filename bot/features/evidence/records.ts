/**
 * What the evidence feature keeps beside the activity log, by consultation id: the referral
 * follow-up (advised when, asked when, the school's answer), re-referral links and oversight
 * flags, each indexed by school or team and time so figures read only their range.
 *
 * @example
 *   const records = new EvidenceRecords(services.store);
 *   await records.followUp('c12');            // { advisedAt, asked: [...], answer?: {...} }
 *   await records.oversightFor('werneth-swis', from, to);
 */
import type { ReferralOutcome } from '../../../storage/activity-log';
import type { Store } from '../../../storage/store';
import { FOLLOW_UP_DOC, OVERSIGHT_DOC, RE_REFERRAL_DOC } from './documents';

export interface ReferralFollowUp {
  consultationId: string;
  schoolId: string;
  teamId: string;
  workerId: string;
  /** When the advice to refer was recorded (the entry's occurredAt: the consultation's submission). */
  advisedAt: string;
  /** The newest version of the consultation's log entry (answers amend it). */
  entryId: string;
  /** When the school was asked, in order. */
  asked: string[];
  answer?: ReferralOutcome;
}

export interface ReReferral {
  consultationId: string;
  schoolId: string;
  /** Earlier consultations about the same child reference, oldest first. */
  earlier: string[];
  at: string;
}

export interface OversightFlag {
  consultationId: string;
  /** The short number people know it by ("#12"). */
  number?: number;
  schoolId: string;
  teamId: string;
  workerId: string;
  level: number;
  at: string;
}

export class EvidenceRecords {
  constructor(private readonly store: Store) {}

  followUp(consultationId: string): Promise<ReferralFollowUp | undefined> {
    return FOLLOW_UP_DOC.get(this.store, consultationId);
  }

  /** Creates the follow-up once; returns false when it already existed. */
  async startFollowUp(f: ReferralFollowUp): Promise<boolean> {
    const created = await FOLLOW_UP_DOC.create(this.store, f.consultationId, f);
    if (created) await this.store.indexAdd(`evidence:referral:school:${f.schoolId}`, f.consultationId, Date.parse(f.advisedAt));
    return created;
  }

  updateFollowUp(id: string, fn: (f: ReferralFollowUp) => ReferralFollowUp | undefined): Promise<ReferralFollowUp | undefined> {
    return FOLLOW_UP_DOC.update(this.store, id, (f) => (f ? fn(f) : undefined));
  }

  async followUpsFor(schoolId: string, from: Date, to: Date): Promise<ReferralFollowUp[]> {
    const ids = await this.store.indexRange(`evidence:referral:school:${schoolId}`, from.getTime(), to.getTime());
    return (await FOLLOW_UP_DOC.getMany(this.store, ids)).filter((f): f is ReferralFollowUp => !!f);
  }

  async followUpsById(ids: string[]): Promise<(ReferralFollowUp | undefined)[]> {
    return FOLLOW_UP_DOC.getMany(this.store, ids);
  }

  reReferral(consultationId: string): Promise<ReReferral | undefined> {
    return RE_REFERRAL_DOC.get(this.store, consultationId);
  }

  async saveReReferral(r: ReReferral): Promise<void> {
    await RE_REFERRAL_DOC.put(this.store, r.consultationId, r);
  }

  /** Flags once per consultation; returns false when already flagged. */
  async flagOversight(f: OversightFlag): Promise<boolean> {
    const created = await OVERSIGHT_DOC.create(this.store, f.consultationId, f);
    if (created) await this.store.indexAdd(`evidence:oversight:team:${f.teamId}`, f.consultationId, Date.parse(f.at));
    return created;
  }

  /**
   * Erasure: everything kept here about a consultation (its follow-up, re-referral link and
   * oversight flag, with their index places), and its id in other consultations' re-referral
   * links. The activity-log entries themselves are the records feature's to remove.
   */
  async removeConsultation(consultationId: string): Promise<void> {
    const [f, o] = await Promise.all([this.followUp(consultationId), OVERSIGHT_DOC.get(this.store, consultationId)]);
    if (f) await this.store.indexRemove(`evidence:referral:school:${f.schoolId}`, consultationId);
    if (o) await this.store.indexRemove(`evidence:oversight:team:${o.teamId}`, consultationId);
    await Promise.all([FOLLOW_UP_DOC, RE_REFERRAL_DOC, OVERSIGHT_DOC].map((d) => d.delete(this.store, consultationId)));
    for await (const ids of RE_REFERRAL_DOC.scanIds(this.store)) {
      for (const id of ids) {
        await RE_REFERRAL_DOC.update(this.store, id, (r) => (r && r.earlier.includes(consultationId) ? { ...r, earlier: r.earlier.filter((x) => x !== consultationId) } : undefined));
      }
    }
  }

  async oversightFor(teamId: string, from: Date, to: Date): Promise<OversightFlag[]> {
    const ids = await this.store.indexRange(`evidence:oversight:team:${teamId}`, from.getTime(), to.getTime());
    return (await OVERSIGHT_DOC.getMany(this.store, ids)).filter((f): f is OversightFlag => !!f);
  }
}
