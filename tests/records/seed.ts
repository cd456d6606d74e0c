/**
 * Records of every kind for the records tests, written through the features' own repositories
 * (so their indexes exist as in real running), each at a chosen instant.
 *
 * @example
 *   const ids = await seedEveryKind(t.app.services, { at: '2026-11-23T10:00:00Z', child: 'AB', tag: 'one' });
 */
import type { Services } from '../../bot/core/services';
import type { Consultation } from '../../bot/features/consultations/model';
import { ConsultationRepository } from '../../bot/features/consultations/repository';
import type { DropInBooking } from '../../bot/features/dropins/model';
import { DropInRepository } from '../../bot/features/dropins/repository';
import type { TasAction, TasMeeting } from '../../bot/features/tas/model';
import { TasRepository } from '../../bot/features/tas/repository';
import { INBOUND_EVENT_DOC, INBOUND_EVENTS } from '../../bot/core/pipeline/inbound-events';
import { entry } from '../storage/contract';
import { recordCaseload } from '../../bot/features/evidence/caseload';
import { savePulseAnswer, pulseAnswerId } from '../../bot/features/evidence/pulse';
import { rememberRole, roleKey } from '../../bot/features/digest/quick-log-role';

export interface Seeded {
  consultation: string;
  activityEntry: string;
  auditEntry: string;
  tasMeeting: string;
  tasAction: string;
  dropInBooking: string;
  outboxMessage: string;
  inboundEvent: string;
}

/** What is kept about a staff member as such (issue 19's evidence stores). */
export interface StaffSeeded {
  caseload: string;
  pulseAnswer: string;
  quickLogRole: string;
}

export const COLLECTIONS: Record<keyof Seeded | keyof StaffSeeded, string> = {
  caseload: 'caseload',
  pulseAnswer: 'pulse-answer',
  quickLogRole: 'quick-log-role',
  consultation: 'consultation',
  activityEntry: 'activity',
  auditEntry: 'activity-access',
  tasMeeting: 'tas-meeting',
  tasAction: 'tas-action',
  dropInBooking: 'dropin-booking',
  outboxMessage: 'outbox',
  inboundEvent: INBOUND_EVENTS,
};

let n = 100;

export function consultationDoc(over: Partial<Consultation> & { at: string; reference: string; text: string }): Consultation {
  const number = ++n;
  return {
    id: `c${number}`,
    number,
    schoolId: 'werneth',
    teamId: 'werneth-swis',
    raisedBy: 'dsl.werneth',
    raisedRole: 'dsl',
    status: 'closed',
    immediateDanger: false,
    child: { yearGroup: 'Y9', reference: over.reference },
    categories: ['neglect'],
    indicators: [],
    details: { whatHappened: over.text, knownToSocialCare: 'no', parentsKnow: 'no', consent: 'not_asked', schoolActions: `School actions for ${over.text}` },
    urgency: 'amber',
    linkWorkerId: 'sw.amira',
    holderId: 'sw.amira',
    escalations: [],
    createdAt: over.at,
    submittedAt: over.at,
    messages: [{ at: over.at, by: 'sw.amira', side: 'worker', kind: 'answer', text: `Worker answer about ${over.text}`, outcome: 'early_help' }],
    outcome: 'early_help',
    closedAt: over.at,
    closedBy: 'sw.amira',
    participants: ['dsl.werneth', 'sw.amira'],
    consultedBefore: [],
    ...over,
  };
}

export async function seedConsultation(services: Services, c: Consultation): Promise<void> {
  const repo = new ConsultationRepository(services.store);
  await repo.create(c);
  await repo.addOpen('sw.amira', c);
  await repo.indexForWorker('sw.amira', c.id, Date.parse(c.createdAt));
  if (c.child) await repo.indexChild(c.schoolId, c.child.reference, c.id, Date.parse(c.createdAt));
}

/** One record of every kind at `at`, about child `child` at Werneth, with text tagged `tag`. */
export async function seedEveryKind(services: Services, opts: { at: string; child: string; tag: string }): Promise<Seeded> {
  const { store, activityLog, notifier } = services;
  const c = consultationDoc({ at: opts.at, reference: opts.child, text: `Concern ${opts.tag} said at school` });
  await seedConsultation(services, c);
  const e = await activityLog.append(
    entry({ occurredAt: opts.at, child: { yearGroup: 'Y9', reference: opts.child }, query: `Query ${opts.tag} from the DSL`, response: `Advice ${opts.tag} given`, source: { kind: 'consultation', id: c.id } }),
  );
  await activityLog.get(e.id, { personId: 'tm.grace', purpose: 'view' });
  const [read] = (await activityLog.accessRecords(new Date(0), new Date('2100-01-01'))).filter((r) => r.scope.entryId === e.id);

  const tas = new TasRepository(store, (due) => Date.parse(`${due}T17:00:00Z`));
  const meeting: TasMeeting = {
    id: `S-werneth:${opts.at.slice(0, 10)}:${opts.tag}`,
    seriesId: 'S-werneth',
    schoolId: 'werneth',
    date: opts.at.slice(0, 10),
    startsAt: opts.at,
    agenda: [{ id: 'i1', child: { yearGroup: 'Y9', reference: opts.child }, text: `Agenda item ${opts.tag} for discussion`, addedBy: 'dsl.werneth', addedAt: opts.at }],
    apologies: [],
  };
  await tas.ensureMeeting(meeting);
  const actionId = await tas.nextActionId();
  const action: TasAction = {
    id: actionId,
    schoolId: 'werneth',
    chairId: 'tas.leon',
    owner: { personId: 'sw.amira', name: 'Amira Hassan' },
    what: `TAS action ${opts.tag} to call home`,
    child: { yearGroup: 'Y9', reference: opts.child },
    due: opts.at.slice(0, 10),
    status: 'open',
    createdAt: opts.at,
    createdBy: 'tas.leon',
    activityEntries: [],
    history: [{ at: opts.at, by: 'tas.leon', kind: 'created' }],
  };
  await tas.createAction(action);
  await tas.updateAction(actionId, (a) => ({ ...a, status: 'done', completedAt: opts.at, completionNote: `Done ${opts.tag} with mum` }));

  const booking: DropInBooking = {
    id: `b-${opts.tag.padEnd(12, '0').slice(0, 12)}`,
    slotId: `slot-${opts.tag}`,
    seriesId: 'ds-1',
    schoolId: 'werneth',
    workerId: 'sw.amira',
    personId: 'dsl.werneth',
    startsAt: opts.at,
    endsAt: opts.at,
    status: 'booked',
    topic: `Topic ${opts.tag} attendance worries`,
    createdAt: opts.at,
  };
  await new DropInRepository(store).addBooking(booking);

  const outboxMessage = await notifier.toPerson('sw.amira', { text: `Message ${opts.tag} about the concern` });
  const inboundKey = `console:evt:${opts.tag}`;
  await INBOUND_EVENT_DOC.put(store, inboundKey, {
    key: inboundKey,
    event: { id: `evt:${opts.tag}`, type: 'message', platform: 'console', conversation: { platform: 'console', id: 'console:dsl.werneth', kind: 'personal', address: { personId: 'dsl.werneth' } }, user: { platform: 'console', userId: 'dsl.werneth' }, text: `Inbound ${opts.tag}`, receivedAt: new Date(opts.at) },
    receivedAt: opts.at,
    status: 'pending',
    attempts: 0,
  });
  return {
    consultation: c.id,
    activityEntry: e.id,
    auditEntry: read.id,
    tasMeeting: meeting.id,
    tasAction: actionId,
    dropInBooking: booking.id,
    outboxMessage,
    inboundEvent: `console:evt:${opts.tag}`,
  };
}

/** A worker's caseload and remembered quick-log role and a DSL's pulse answer, given at `at`, through the features' own writes. */
export async function seedStaffRecords(services: Services, opts: { at: string; tag: string; worker?: string; dsl?: string; term?: string }): Promise<StaffSeeded> {
  const worker = opts.worker ?? `sw.${opts.tag}`;
  const dsl = opts.dsl ?? `dsl.${opts.tag}`;
  const term = opts.term ?? '2026-09-02';
  const at = new Date(opts.at);
  await recordCaseload(services.store, worker, 14, at);
  await savePulseAnswer(services.store, { term, personId: dsl, schoolIds: ['werneth'], score: 4, at: opts.at });
  await rememberRole(services.store, worker, 'werneth', 'head_or_year_head', at);
  return { caseload: worker, pulseAnswer: pulseAnswerId(term, dsl), quickLogRole: roleKey(worker, 'werneth') };
}

/** The served-file links (single-use export downloads) in a reply's text. */
export function fileLinks(text: string): string[] {
  return [...text.matchAll(/http:\/\/localhost:\d+\/files\/[A-Za-z0-9_-]{43}/g)].map((m) => m[0]);
}
