/**
 * The evidence feature's part in every activity-log append: a consultation's entry carries its
 * re-referral link and any referral outcome already answered (whenever the entry is written or
 * amended), starts the outcome follow-up when the advice is to refer, and raises the oversight
 * flag when indicators at the s.47 level were answered "no further action".
 *
 * @example
 *   services.activityLog.use(evidenceHook(services, records));
 */
import type { ActivityEntry, ActivityEntryInput, ActivityLogHook } from '../../../storage/activity-log';
import type { Services } from '../../core/services';
import { onConsultationEntry } from './outcome-loop';
import type { EvidenceRecords } from './records';
import { ConsultationRepository } from '../consultations/repository';

/** The lowest threshold level whose route is an s.47 referral (level 4 in most authorities). */
export function oversightLevel(services: Services): number {
  const levels = services.config.thresholds.levels.filter((l) => l.route === 'mash_referral_now_s47').map((l) => l.level);
  return levels.length ? Math.min(...levels) : 4;
}

async function enrich(records: EvidenceRecords, input: ActivityEntryInput): Promise<ActivityEntryInput> {
  if (input.source.kind !== 'consultation') return input;
  const [re, f] = await Promise.all([records.reReferral(input.source.id), records.followUp(input.source.id)]);
  return {
    ...input,
    ...(re && !input.reReferralOf ? { reReferralOf: re.earlier } : {}),
    // The follow-up's answer, unless the input already says as much (a decision outranks "referred").
    ...(f?.answer && (!input.referral || (f.answer.decision && !input.referral.decision)) ? { referral: f.answer } : {}),
  };
}

async function oversight(services: Services, records: EvidenceRecords, e: ActivityEntry): Promise<void> {
  const level = e.measures?.indicativeLevel;
  if (e.source.kind !== 'consultation' || e.outcome !== 'no_further_action' || level === undefined || level < oversightLevel(services)) return;
  const number = (await new ConsultationRepository(services.store).get(e.source.id))?.number;
  const flagged = await records.flagOversight({ consultationId: e.source.id, ...(number ? { number } : {}), schoolId: e.schoolId, teamId: e.teamId, workerId: e.workerId, level, at: e.recordedAt });
  if (flagged) services.log.info({ consultationId: e.source.id, teamId: e.teamId }, 'oversight flag: level indicators answered no further action');
}

export function evidenceHook(services: Services, records: EvidenceRecords): ActivityLogHook {
  return {
    enrich: (input) => enrich(records, input),
    async appended(e) {
      await onConsultationEntry(services, records, e);
      await oversight(services, records, e);
    },
  };
}
