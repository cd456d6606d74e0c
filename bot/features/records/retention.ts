/**
 * Retention: once a day (the scheduler's weekly job on every weekday, so exactly once across
 * processes, with a claim per local date besides) each kind of record older than its period in
 * `records.retention` is removed, unless a legal hold covers it. The run is recorded with
 * counts by kind, never content.
 *
 * What "older than" counts from: a consultation from when it was closed (a draft from when it
 * was started; an open one is live work and is never removed), an activity-log entry from when
 * the work happened, an audit entry from the read, a TAS meeting from its start, a TAS action
 * from its completion (open actions stay), a drop-in booking from the slot's end, an outbox
 * message from when it was queued (once sent or failed), an inbound event from its arrival, a
 * worker's caseload and a quick-log role from when the worker last gave it, a DSL's pulse answer
 * from when it was given (these three are about staff; no legal hold covers them).
 *
 * Every collection is read through its declaration; a stored document that does not fit its
 * schema stops the run with the DocumentInvalid (skipping it would keep data past its period).
 *
 * @example
 *   const run = await runRetention(services); // { removed: { consultation: 2, ... }, held: 1 }
 */
import type { RetentionKind } from '../../config/schema';
import type { Services } from '../../core/services';
import { WEEKDAYS } from '../../core/weekday';
import type { DocumentDef } from '../../../storage/documents';
import { RecordsAudit } from './audit';
import { ACTIVITY_DOC } from '../../../storage/activity-log';
import { OUTBOX_DOC } from '../../core/notifier';
import { INBOUND_EVENT_DOC } from '../../core/pipeline/inbound-events';
import { LegalHolds, type HoldSet } from './holds';
import { Removal } from './removal';
import { docsIn, entriesIn } from './scan';
import { CONSULTATION_DOC } from '../consultations/document';
import { QUICK_LOG_ROLE_DOC } from '../digest/documents';
import { BOOKING_DOC } from '../dropins/documents';
import { CASELOAD_DOC, PULSE_ANSWER_DOC } from '../evidence/documents';
import { removePulseAnswer } from '../evidence/pulse';
import { TAS_ACTION_DOC, TAS_MEETING_DOC } from '../tas/documents';
import { defineJob, handleJob, weeklyJob } from '../../scheduling/jobs';
import { z } from 'zod';

export const RETENTION_JOB = defineJob('records.retention', z.object({}));

interface Sweep {
  services: Services;
  cutoff: number;
  holds: HoldSet;
  removal: Removal;
}

type Sweeper = (s: Sweep) => Promise<{ removed: number; held: number }>;

const time = (iso: string | number | undefined): number | undefined => (iso === undefined ? undefined : typeof iso === 'number' ? iso : Date.parse(iso));

/** Goes through a collection and removes what is due and not held. */
function byScan<T>(doc: DocumentDef<T>, due: (doc: T) => number | undefined, held: (doc: T, holds: HoldSet) => boolean, remove: (doc: T, s: Sweep) => Promise<unknown>): Sweeper {
  return async (s) => {
    let removed = 0;
    let keptForHold = 0;
    for await (const batch of docsIn(s.services.store, doc)) {
      for (const doc of batch) {
        const at = due(doc);
        if (at === undefined || Number.isNaN(at) || at >= s.cutoff) continue;
        if (held(doc, s.holds)) keptForHold++;
        else {
          await remove(doc, s);
          removed++;
        }
      }
    }
    return { removed, held: keptForHold };
  };
}

const notHeld = () => false;

/**
 * For a collection whose documents do not carry their own id (keyed by person, or by person
 * and school): removes what is due. Staff data: no legal hold covers it. `undated` is told of a
 * document with no date (kept from before dates were stored), to date it from today.
 */
function byId<T>(doc: DocumentDef<T>, due: (doc: T) => number | undefined, remove: (id: string, s: Sweep) => Promise<unknown>, undated?: (id: string, doc: T, s: Sweep) => Promise<unknown>): Sweeper {
  return async (s) => {
    let removed = 0;
    for await (const batch of entriesIn(s.services.store, doc)) {
      for (const [id, d] of batch) {
        const at = due(d);
        if (at === undefined || Number.isNaN(at)) await undated?.(id, d, s);
        else if (at < s.cutoff) {
          await remove(id, s);
          removed++;
        }
      }
    }
    return { removed, held: 0 };
  };
}

const SWEEPERS: Record<RetentionKind, Sweeper> = {
  consultation: byScan(
    CONSULTATION_DOC,
    (c) => time(c.status === 'closed' ? c.closedAt : c.status === 'draft' ? c.createdAt : undefined),
    (c, h) => h.covers({ consultationId: c.id, schoolId: c.schoolId, references: [c.child?.reference] }),
    (c, s) => s.removal.consultation(c),
  ),
  activityEntry: async (s) => {
    const { store } = s.services;
    const ids = await store.indexRange('activity:all', -Infinity, s.cutoff - 1);
    const entries = (await ACTIVITY_DOC.getMany(store, ids)).filter((e) => e !== undefined);
    let removed = 0;
    let held = 0;
    for (const e of entries) {
      const consultationId = e.source.kind === 'consultation' ? e.source.id : undefined;
      if (s.holds.covers({ consultationId, schoolId: e.schoolId, references: [e.child?.reference] })) held++;
      else if (await s.removal.activityEntry(e.id)) removed++;
    }
    return { removed, held };
  },
  auditEntry: async (s) => ({ removed: await s.services.activityLog.expireAccessRecords(new Date(s.cutoff)), held: 0 }),
  tasMeeting: byScan(
    TAS_MEETING_DOC,
    (m) => time(m.startsAt),
    (m, h) => h.covers({ schoolId: m.schoolId, references: m.agenda.map((a) => a.child?.reference) }),
    (m, s) => s.removal.tasMeeting(m),
  ),
  tasAction: byScan(
    TAS_ACTION_DOC,
    (a) => time(a.status === 'done' ? a.completedAt : undefined),
    (a, h) => h.covers({ schoolId: a.schoolId, references: [a.child?.reference] }),
    (a, s) => s.removal.tasAction(a),
  ),
  dropInBooking: byScan(BOOKING_DOC, (b) => time(b.endsAt), notHeld, (b, s) => s.removal.dropInBooking(b)),
  outboxMessage: byScan(
    OUTBOX_DOC,
    (m) => time(m.status === 'pending' ? undefined : m.createdAt),
    notHeld,
    (m, s) => OUTBOX_DOC.delete(s.services.store, m.id),
  ),
  inboundEvent: (s) => sweepInbound(s.services, s.cutoff),
  caseload: byId(CASELOAD_DOC, (c) => time(c.at), (id, s) => CASELOAD_DOC.delete(s.services.store, id)),
  pulseAnswer: byId(PULSE_ANSWER_DOC, (a) => time(a.at), (id, s) => removePulseAnswer(s.services.store, id)),
  quickLogRole: byId(
    QUICK_LOG_ROLE_DOC,
    (r) => (typeof r === 'string' ? undefined : time(r.at)),
    (id, s) => QUICK_LOG_ROLE_DOC.delete(s.services.store, id),
    (id, r, s) => (typeof r === 'string' ? QUICK_LOG_ROLE_DOC.put(s.services.store, id, { role: r, at: s.services.now().toISOString() }) : Promise.resolve()),
  ),
};

export interface RetentionRun {
  at: string;
  removed: Record<RetentionKind, number>;
  held: number;
}

/** Applies every period once; returns undefined when this date's run already happened elsewhere. */
export async function runRetention(services: Services): Promise<RetentionRun | undefined> {
  const now = services.now();
  const day = services.calendar.local(now).toISODate();
  if (!(await services.store.claim(`records:retention:${day}`, 2 * 86_400_000))) return undefined;
  const holds = await new LegalHolds(services.store).snapshot();
  const removal = new Removal(services, { thorough: false });
  const periods = services.config.records.retention;
  const removed = {} as Record<RetentionKind, number>;
  let held = 0;
  for (const kind of Object.keys(SWEEPERS) as RetentionKind[]) {
    const r = await SWEEPERS[kind]({ services, cutoff: now.getTime() - periods[kind], holds, removal });
    removed[kind] = r.removed;
    held += r.held;
  }
  await new RecordsAudit(services.store, services.now).add({ action: 'retention', by: 'system', counts: { ...removed, held } });
  services.log.info({ removed, held }, 'retention applied');
  return { at: now.toISOString(), removed, held };
}

/** Inbound events are keyed by their platform id, which the document itself may not repeat. */
async function sweepInbound(services: Services, cutoff: number): Promise<{ removed: number; held: number }> {
  let removed = 0;
  for await (const ids of INBOUND_EVENT_DOC.scanIds(services.store)) {
    const docs = await INBOUND_EVENT_DOC.getMany(services.store, ids);
    for (let i = 0; i < ids.length; i++) {
      const at = time(docs[i]?.receivedAt);
      if (at !== undefined && at < cutoff) {
        await INBOUND_EVENT_DOC.delete(services.store, ids[i]);
        removed++;
      }
    }
  }
  return { removed, held: 0 };
}

/** Registers the daily job: one weekly job per weekday, each fired once across processes. */
export function scheduleRetention(services: Services): void {
  handleJob(services.scheduler, RETENTION_JOB, async () => {
    await runRetention(services);
  });
  for (const weekday of WEEKDAYS) {
    weeklyJob(services.scheduler, RETENTION_JOB, { id: `records-retention:${weekday}`, weekday, at: services.config.records.retentionRunAt, data: {} })
      .catch((err: Error) => services.log.error({ weekday, err }, 'could not schedule retention'));
  }
}
