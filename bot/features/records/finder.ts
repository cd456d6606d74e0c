/**
 * Finds everything held about a subject, across features: consultations with their exchange,
 * activity-log entries with every correction, TAS actions and agenda items, drop-in bookings,
 * proactive messages, reads of those records, and the records officers' own actions on them;
 * for a staff member also what is kept about them as such (their caseload, pulse answers and
 * the roles the quick log remembers for them).
 * A child is matched by school and reference; a TAS meeting gives only that child's items.
 * A stored document that does not fit its schema is left out with a warning naming it.
 *
 * @example
 *   const found = await findSubject(services, { kind: 'child', schoolId: 'werneth', reference: 'JS' });
 *   found.consultations.length;
 */
import type { Services } from '../../core/services';
import type { OutboxMessage } from '../../core/notifier';
import type { AccessRecord, ActivityEntry } from '../../../storage/activity-log';
import type { Consultation } from '../consultations/model';
import type { DropInBooking } from '../dropins/model';
import type { AgendaItem, TasAction } from '../tas/model';
import { RecordsAudit, type RecordsAuditEntry } from './audit';
import { holdKey } from './holds';
import { findIn, readMany, skipLogged, stringsIn } from './scan';
import { normalReference, type RecordKind, type Subject } from './subjects';
import type { RecordedCaseload } from '../evidence/caseload';
import { pulseAnswerId, type PulseAnswer } from '../evidence/pulse';
import { roleOf } from '../digest/quick-log-role';
import { CONSULTATION_DOC } from '../consultations/document';
import { QUICK_LOG_ROLE_DOC } from '../digest/documents';
import { BOOKING_DOC } from '../dropins/documents';
import { CASELOAD_DOC, PULSE_ANSWER_DOC } from '../evidence/documents';
import { TAS_ACTION_DOC, TAS_MEETING_DOC } from '../tas/documents';
import { ACTIVITY_DOC } from '../../../storage/activity-log';
import { OUTBOX_DOC } from '../../core/notifier';

export interface Found {
  consultations: Consultation[];
  activityEntries: ActivityEntry[];
  tasActions: TasAction[];
  tasAgendaItems: { meetingId: string; schoolId: string; date: string; items: AgendaItem[] }[];
  dropInBookings: DropInBooking[];
  messages: OutboxMessage[];
  reads: AccessRecord[];
  recordsActions: RecordsAuditEntry[];
  /** A person's own records: the caseload they recorded, their pulse answers, the roles the quick log remembers for them. */
  caseloads: (RecordedCaseload & { record: string })[];
  pulseAnswers: (PulseAnswer & { record: string })[];
  quickLogRoles: { record: string; schoolId: string; role: string; at?: string }[];
}

/** The name the audit trail and holds use for a subject. */
export function subjectName(s: Subject): string {
  return s.kind === 'child' ? holdKey(s) : s.kind === 'person' ? `person:${s.personId}` : `consultation:${s.id}`;
}

export async function findSubject(services: Services, subject: Subject): Promise<Found> {
  const { store } = services;
  const skip = skipLogged(services.log);
  const aboutChild = (schoolId: string, child?: { reference: string }) =>
    subject.kind === 'child' && schoolId === subject.schoolId && !!child && normalReference(child.reference) === normalReference(subject.reference);
  const mentionsPerson = (doc: unknown) => subject.kind === 'person' && stringsIn(doc).includes(subject.personId);

  const consultations = await findIn(
    store,
    CONSULTATION_DOC,
    (c) => (subject.kind === 'consultation' ? c.id === subject.id : aboutChild(c.schoolId, c.child) || mentionsPerson(c)),
    skip,
  );
  const consultationIds = new Set(consultations.map((c) => c.id));
  const all = await findIn(store, ACTIVITY_DOC, () => true, skip);
  const direct = new Set(
    all
      .filter((e) => aboutChild(e.schoolId, e.child) || mentionsPerson(e) || (e.source.kind === 'consultation' && consultationIds.has(e.source.id)))
      .map((e) => e.id),
  );
  addCorrections(all, direct);
  const activityEntries = all.filter((e) => direct.has(e.id)).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.recordedAt.localeCompare(b.recordedAt));

  const wantsFeatures = subject.kind !== 'consultation';
  const tasActions = wantsFeatures ? await findIn(store, TAS_ACTION_DOC, (a) => aboutChild(a.schoolId, a.child) || mentionsPerson(a), skip) : [];
  const meetings = wantsFeatures ? await findIn(store, TAS_MEETING_DOC, (m) => m.agenda.some((i) => aboutChild(m.schoolId, i.child) || mentionsPerson(i)), skip) : [];
  const tasAgendaItems = meetings.map((m) => ({
    meetingId: m.id,
    schoolId: m.schoolId,
    date: m.date,
    items: m.agenda.filter((i) => aboutChild(m.schoolId, i.child) || mentionsPerson(i)),
  }));
  const dropInBookings = subject.kind === 'person' ? await findIn(store, BOOKING_DOC, mentionsPerson, skip) : [];
  const messages = subject.kind === 'person' ? await findIn(store, OUTBOX_DOC, (m) => 'personId' in m.to && m.to.personId === subject.personId, skip) : [];

  const ids = new Set([...consultationIds, ...direct, ...tasActions.map((a) => a.id)]);
  const name = subjectName(subject);
  const reads = (await services.activityLog.accessRecords(new Date(0), new Date(8.64e15))).filter(
    (r) => stringsIn(r.scope).some((v) => ids.has(v) || v === name) || (subject.kind === 'person' && r.personId === subject.personId),
  );
  const recordNames = new Set([name, ...[...consultationIds].map((id) => `consultation:${id}`), ...[...direct].map((id) => `activityEntry:${id}`), ...tasActions.map((a) => `tasAction:${a.id}`)]);
  const own = subject.kind === 'person' ? await staffRecords(services, subject.personId) : { caseloads: [], pulseAnswers: [], quickLogRoles: [] };
  for (const r of [...own.caseloads, ...own.pulseAnswers, ...own.quickLogRoles]) recordNames.add(r.record);
  const recordsActions = await new RecordsAudit(store, services.now).about(recordNames);
  return { consultations, activityEntries, tasActions, tasAgendaItems, dropInBookings, messages, reads, recordsActions, ...own };
}

/** What is kept about a staff member as such, each named as `erase` takes it. */
async function staffRecords(services: Services, personId: string): Promise<Pick<Found, 'caseloads' | 'pulseAnswers' | 'quickLogRoles'>> {
  const { store } = services;
  const name = (kind: RecordKind, id: string) => `${kind}:${id}`;
  const skip = skipLogged(services.log);
  const [caseload] = await readMany(store, CASELOAD_DOC, [personId], skip);
  const pulse = await findIn(store, PULSE_ANSWER_DOC, (a) => a.personId === personId, skip);
  const quickLogRoles: Found['quickLogRoles'] = [];
  for await (const ids of QUICK_LOG_ROLE_DOC.scanIds(store)) {
    const mine = [...new Set(ids.filter((id) => id.startsWith(`${personId}:`)))];
    const docs = await readMany(store, QUICK_LOG_ROLE_DOC, mine, skip);
    mine.forEach((id, i) => {
      const r = docs[i];
      if (r !== undefined && !quickLogRoles.some((q) => q.record === name('quickLogRole', id))) {
        quickLogRoles.push({ record: name('quickLogRole', id), schoolId: id.slice(personId.length + 1), role: roleOf(r) ?? '', ...(typeof r === 'string' ? {} : { at: r.at }) });
      }
    });
  }
  return {
    caseloads: caseload ? [{ ...caseload, record: name('caseload', personId) }] : [],
    pulseAnswers: pulse.map((a) => ({ ...a, record: name('pulseAnswer', pulseAnswerId(a.term, a.personId)) })),
    quickLogRoles,
  };
}

/** A correction belongs with the entry it corrects, whichever of the two is in `ids`. */
export function addCorrections(all: ActivityEntry[], ids: Set<string>): void {
  for (const e of all) {
    if (e.amends && (ids.has(e.amends.entryId) || ids.has(e.id))) {
      ids.add(e.id);
      ids.add(e.amends.entryId);
    }
  }
}

export function countOf(f: Found): number {
  return (
    f.consultations.length +
    f.activityEntries.length +
    f.tasActions.length +
    f.tasAgendaItems.reduce((n, m) => n + m.items.length, 0) +
    f.dropInBookings.length +
    f.messages.length +
    f.caseloads.length +
    f.pulseAnswers.length +
    f.quickLogRoles.length
  );
}
