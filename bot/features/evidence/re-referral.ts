/**
 * Re-referral: a new consultation about the same child reference at the same school within the
 * configured window (12 months by default) is flagged, with what happened the earlier times,
 * to both sides: whoever raised it and the school's DSLs, and the worker who holds it. The link
 * is kept so the consultation's log entry carries it (`reReferralOf`) and the figures count it.
 *
 * @example
 *   await flagReReferral(services, c);
 *   // DSL and worker: "Re-referral: Y9 JS was consulted on before: #3 on 2 Mar 2026 (MASH referral advised; Referred – s.17)."
 */
import type { Services } from '../../core/services';
import { OUTCOME_LABELS } from '../../core/activity-labels';
import { ConsultationRepository } from '../consultations/repository';
import type { Consultation } from '../consultations/model';
import { describeReferral } from './outcome-loop';
import { EvidenceRecords } from './records';

function earlierLine(services: Services, x: Consultation): string {
  const when = x.submittedAt ? services.calendar.formatDate(services.calendar.dateOf(new Date(x.submittedAt))) : 'earlier';
  const parts = [x.outcome ? OUTCOME_LABELS[x.outcome] : x.status === 'open' ? 'still open' : 'outcome not recorded'];
  if (x.referral) parts.push(describeReferral(x.referral));
  return `#${x.number} on ${when} (${parts.join('; ')})`;
}

export async function flagReReferral(services: Services, c: Consultation): Promise<void> {
  if (!c.child || !c.submittedAt) return;
  const at = Date.parse(c.submittedAt);
  const repo = new ConsultationRepository(services.store);
  const earlier = (await repo.childHistory(c.schoolId, c.child.reference, at - services.config.evidence.reReferralWindow, at))
    .filter((x) => x.id !== c.id && x.submittedAt && Date.parse(x.submittedAt) <= at)
    .sort((a, b) => a.submittedAt!.localeCompare(b.submittedAt!));
  if (!earlier.length) return;
  await new EvidenceRecords(services.store).saveReReferral({ consultationId: c.id, schoolId: c.schoolId, earlier: earlier.map((x) => x.id), at: c.submittedAt });
  const line = `Re-referral: ${c.child.yearGroup} ${c.child.reference} was consulted on in the last ${Math.round(services.config.evidence.reReferralWindow / (30 * 86_400_000))} months: ${earlier.map((x) => earlierLine(services, x)).join(', ')}. This is consultation #${c.number}.`;
  const dsls = services.directory.school(c.schoolId)?.dsls ?? [];
  const people = [...new Set([c.raisedBy, ...dsls, c.holderId])];
  for (const p of people) await services.notifier.toPerson(p, { text: line }, { describe: `The re-referral note on #${c.number}` });
  services.log.info({ consultationId: c.id, earlier: earlier.length }, 're-referral flagged');
}
