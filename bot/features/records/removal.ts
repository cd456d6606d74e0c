/**
 * Removing one record for good, with everything that points at it: its document, its place in
 * every index, its capacity place and its scheduled jobs. Retention uses the indexes the record
 * itself names; an erasure (`thorough`) also sweeps every index of the feature, so nothing is
 * left even where a record moved (a reassigned owner, an escalation).
 *
 * @example
 *   const removal = new Removal(services, { thorough: true });
 *   await removal.consultation(c);
 */
import type { Services } from '../../core/services';
import { owner as consultationJobs } from '../consultations/escalation';
import { forgetConsultationExtras } from '../consultations/forget';
import type { Consultation } from '../consultations/model';
import { childKey } from '../consultations/repository';
import type { DropInBooking } from '../dropins/model';
import { bookingOwner } from '../dropins/reminders';
import { EvidenceRecords } from '../evidence/records';
import { removePulseAnswer } from '../evidence/pulse';
import type { TasAction, TasMeeting } from '../tas/model';
import { CONSULTATION_DOC } from '../consultations/document';
import { QUICK_LOG_ROLE_DOC } from '../digest/documents';
import { BOOKING_DOC } from '../dropins/documents';
import { CASELOAD_DOC } from '../evidence/documents';
import { TAS_ACTION_DOC, TAS_MEETING_DOC } from '../tas/documents';

export class Removal {
  private readonly names = new Map<string, Promise<string[]>>();

  constructor(
    private readonly services: Services,
    private readonly opts: { thorough: boolean },
  ) {}

  private async dropMember(member: string, exact: string[], prefix: string): Promise<void> {
    const { store } = this.services;
    let names = exact;
    if (this.opts.thorough) {
      if (!this.names.has(prefix)) this.names.set(prefix, store.indexNames(prefix));
      names = [...new Set([...exact, ...(await this.names.get(prefix)!)])];
    }
    await Promise.all(names.map((n) => store.indexRemove(n, member)));
  }

  async consultation(c: Consultation): Promise<void> {
    const people = new Set([c.raisedBy, c.holderId, c.linkWorkerId, ...c.participants, ...c.escalations.flatMap((e) => [e.from, e.to])]);
    const exact = [...people].flatMap((p) => [`consultation:open:${p}`, `consultation:worker:${p}`]);
    if (c.child) exact.push(childKey(c.schoolId, c.child.reference));
    await this.dropMember(c.id, exact, 'consultation:');
    await this.services.scheduler.cancelOwner(consultationJobs(c.id));
    await this.services.scheduler.cancelOwner(`referral:${c.id}`);
    await new EvidenceRecords(this.services.store).removeConsultation(c.id);
    await forgetConsultationExtras(this.services, c);
    await CONSULTATION_DOC.delete(this.services.store, c.id);
  }

  async activityEntry(id: string): Promise<boolean> {
    const removed = await this.services.activityLog.remove(id);
    if (this.opts.thorough) await this.dropMember(id, [], 'activity:');
    return removed;
  }

  async tasAction(a: TasAction): Promise<void> {
    const owners = new Set([a.owner.personId, a.createdBy, ...a.history.map((h) => h.by)].filter((p): p is string => !!p));
    const exact = [`tas:action:school-open:${a.schoolId}`, `tas:action:school:${a.schoolId}`, `tas:action:chair-open:${a.chairId}`];
    for (const p of owners) exact.push(`tas:action:owner-open:${p}`, `tas:action:owner-done:${p}`);
    await this.dropMember(a.id, exact, 'tas:action:');
    await this.services.scheduler.cancelOwner(`tas-action:${a.id}`);
    await TAS_ACTION_DOC.delete(this.services.store, a.id);
  }

  async tasMeeting(m: TasMeeting): Promise<void> {
    await TAS_MEETING_DOC.delete(this.services.store, m.id);
  }

  /** A staff member's own records (caseload, pulse answer, remembered quick-log role), by id. */
  async staffRecord(kind: 'caseload' | 'pulseAnswer' | 'quickLogRole', id: string): Promise<void> {
    if (kind === 'pulseAnswer') return removePulseAnswer(this.services.store, id);
    await (kind === 'caseload' ? CASELOAD_DOC : QUICK_LOG_ROLE_DOC).delete(this.services.store, id);
  }

  async dropInBooking(b: DropInBooking): Promise<void> {
    const exact = [`dropin:bookings:person:${b.personId}`, `dropin:bookings:worker:${b.workerId}`, `dropin:bookings:slot:${b.slotId}`];
    await this.dropMember(b.id, exact, 'dropin:bookings:');
    await this.services.store.unreserve(`dropin:slot:${b.slotId}`, b.personId);
    await this.services.scheduler.cancelOwner(bookingOwner(b.id));
    await BOOKING_DOC.delete(this.services.store, b.id);
  }
}
