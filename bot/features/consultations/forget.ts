/**
 * What the consultations feature keeps beside a consultation document, removed when a records
 * officer erases it: its read audit, its number and form claim, its quiet-close job and the
 * claim that its activity-log entry was written.
 *
 * @example
 *   await forgetConsultationExtras(services, c); // from the records feature's erasure
 */
import type { Services } from '../../core/services';
import type { Consultation } from './model';
import { quietOwner } from './quiet-close';
import { ConsultationReads } from './reads';
import { ConsultationRepository } from './repository';

export async function forgetConsultationExtras(services: Services, c: Consultation): Promise<void> {
  await new ConsultationReads(services.store, () => services.now()).forget(c.id);
  await new ConsultationRepository(services.store).forgetExtras(c);
  await services.scheduler.cancelOwner(quietOwner(c.id));
  await services.store.release(`consultation-entry:${c.id}`);
}
