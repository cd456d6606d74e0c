/**
 * Legal erasure: a records officer asks, with a reason; a second records officer approves.
 * A record is a consultation, an activity-log entry, a TAS action or meeting, a drop-in booking,
 * or a staff member's caseload, pulse answer or remembered quick-log role.
 * Then the record and the records made from it (a consultation's activity-log entries and
 * their corrections) go from every store and index, with their scheduled jobs, message copies
 * in the outbox, held text and served files that quote them. A tombstone with ids and dates,
 * no personal data, says it was there. Nothing under a legal hold can be erased.
 *
 * @example
 *   const req = await requestErasure(services, { kind: 'consultation', id: 'c12' }, 'court order 123', 'ro.jade');
 *   await approveErasure(services, req.id, 'dpo.ravi');
 */
import { randomUUID } from 'node:crypto';
import type { Services } from '../../core/services';
import type { Consultation } from '../consultations/model';
import type { DropInBooking } from '../dropins/model';
import type { TasAction, TasMeeting } from '../tas/model';
import type { ActivityEntry } from '../../../storage/activity-log';
import { RecordsAudit } from './audit';
import { LegalHolds } from './holds';
import { linkedRecords } from './redaction';
import { Removal } from './removal';
import { ERASURE_REQUEST_DOC, TOMBSTONE_DOC } from './documents';
import { DOC_OF, type RecordRef } from './subjects';
import { forgetTraces, fragmentsOf } from './traces';

export interface ErasureRequest {
  id: string;
  record: RecordRef;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  status: 'pending' | 'done';
  approvedBy?: string;
  doneAt?: string;
  /** Ids of everything removed, for the tombstones. */
  erased?: string[];
}

export interface Tombstone {
  record: string;
  erasedAt: string;
  requestId: string;
  requestedBy: string;
  approvedBy: string;
}

async function heldReason(services: Services, refs: RecordRef[]): Promise<string | undefined> {
  const holds = await new LegalHolds(services.store).snapshot();
  for (const r of refs) {
    const doc = (await DOC_OF[r.kind].get(services.store, r.id)) as Partial<Consultation & ActivityEntry & TasAction & TasMeeting> | undefined;
    if (!doc) continue;
    const consultationId = r.kind === 'consultation' ? r.id : doc.source?.kind === 'consultation' ? doc.source.id : undefined;
    const references = [doc.child?.reference, ...(doc.agenda ?? []).map((a) => a.child?.reference)];
    if (holds.covers({ consultationId, schoolId: doc.schoolId, references })) return `${r.id} is under a legal hold`;
  }
  return undefined;
}

export async function requestErasure(services: Services, record: RecordRef, reason: string, by: string): Promise<ErasureRequest | { error: string }> {
  if (!(await DOC_OF[record.kind].get(services.store, record.id))) return { error: `There is no ${record.id}.` };
  const held = await heldReason(services, [record]);
  if (held) return { error: `I can't erase it: ${held}. Release the hold first.` };
  const req: ErasureRequest = { id: `e-${randomUUID().slice(0, 8)}`, record, reason, requestedBy: by, requestedAt: services.now().toISOString(), status: 'pending' };
  await ERASURE_REQUEST_DOC.put(services.store, req.id, req);
  await new RecordsAudit(services.store, services.now).add({ action: 'erasure-requested', by, record: `${record.kind}:${record.id}`, reason });
  return req;
}

export async function approveErasure(services: Services, id: string, by: string): Promise<ErasureRequest | { error: string }> {
  const { store } = services;
  const req = await ERASURE_REQUEST_DOC.get(store, id);
  if (!req) return { error: `There is no erasure request ${id}.` };
  if (req.status === 'done') return { error: `${id} was already carried out.` };
  if (req.requestedBy === by) return { error: 'A second records officer must approve an erasure; you asked for this one.' };
  const refs = await linkedRecords(services, req.record);
  // Only the record and what was made from it: a consultation named by an entry stays.
  const targets = refs.filter((r) => r.kind === 'activityEntry' || (r.kind === req.record.kind && r.id === req.record.id));
  const held = await heldReason(services, targets);
  if (held) return { error: `I can't erase it now: ${held}.` };
  // What goes is read, and every copy of its words checked readable, before anything changes: a
  // stored document that does not fit its schema stops the erasure here, not half-way through.
  const docs = await Promise.all(targets.map((r) => DOC_OF[r.kind].get(store, r.id) as Promise<Record<string, unknown> | undefined>));
  const fragments = docs.flatMap((d) => (d && typeof d === 'object' ? fragmentsOf(d) : []));
  await forgetTraces(services, fragments, { dryRun: true });
  const claimed = await ERASURE_REQUEST_DOC.update(store, id, (r) => (r && r.status === 'pending' ? { ...r, status: 'done', approvedBy: by } : undefined));
  if (!claimed) return { error: `${id} was already carried out.` };

  const removal = new Removal(services, { thorough: true });
  const erased: string[] = [];
  for (const [i, r] of targets.entries()) {
    const doc = docs[i];
    if (doc === undefined) continue;
    if (r.kind === 'consultation') await removal.consultation(doc as unknown as Consultation);
    else if (r.kind === 'activityEntry') await removal.activityEntry(r.id);
    else if (r.kind === 'tasAction') await removal.tasAction(doc as unknown as TasAction);
    else if (r.kind === 'tasMeeting') await removal.tasMeeting(doc as unknown as TasMeeting);
    else if (r.kind === 'dropInBooking') await removal.dropInBooking(doc as unknown as DropInBooking);
    else await removal.staffRecord(r.kind, r.id);
    erased.push(`${r.kind}:${r.id}`);
  }
  const places = await forgetTraces(services, fragments);
  const at = services.now().toISOString();
  for (const record of erased) {
    const stone: Tombstone = { record, erasedAt: at, requestId: id, requestedBy: req.requestedBy, approvedBy: by };
    await TOMBSTONE_DOC.put(store, record, stone);
  }
  const done: ErasureRequest = { ...claimed, doneAt: at, erased };
  await ERASURE_REQUEST_DOC.put(store, id, done);
  await new RecordsAudit(store, services.now).add({ action: 'erasure', by: req.requestedBy, approvedBy: by, record: `${req.record.kind}:${req.record.id}`, reason: req.reason, counts: { records: erased.length, copies: places } });
  services.log.info({ requestId: id, records: erased.length, copies: places }, 'records erased');
  return done;
}

export async function tombstone(services: Services, record: RecordRef): Promise<Tombstone | undefined> {
  return TOMBSTONE_DOC.get(services.store, `${record.kind}:${record.id}`);
}
