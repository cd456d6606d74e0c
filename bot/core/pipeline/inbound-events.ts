/**
 * Durable inbound events: every event is stored with its dedupe key before the platform is
 * answered, in the collection `inbound-event` (retention sweeps it by `receivedAt`). Storing is
 * the dedupe (a create that only the first copy wins), so a platform's retry of the same event
 * is recognised, and a turn that failed, or whose process died, after the ack is still there to
 * run again. Once done, the record keeps only its key, status and times: the content goes.
 *
 * Records are declared documents (`INBOUND_EVENT_DOC`, validated on every read and write; the
 * event inside is checked in outline only, since every turn reads it). A recovery sweep that
 * meets a record that does not fit logs it by key and drops it from the index: never run.
 *
 * An index (`inbound-event:due`) holds every unfinished event scored by when it may be picked up
 * by a recovery sweep: shortly after arrival (the process that took it may have died), or after
 * a back-off once a try failed.
 *
 * @example
 *   const fresh = await inbound.accept(record);           // false: a retry of an event already taken
 *   const mine = await inbound.begin(record.key);          // under the conversation's lock
 *   await inbound.finish(record.key, 'done');
 */
import { z } from 'zod';
import { defineDocument } from '../../../storage/documents';
import type { Store } from '../../../storage/store';
import type { ConversationRef, InboundEvent } from '../events';

/** Where a durable inbound event is kept for replay (and swept by retention). */
export const INBOUND_EVENTS = 'inbound-event';

/** Unfinished events by the time a recovery sweep may take them (ms). */
export const INBOUND_DUE = 'inbound-event:due';

export type InboundStatus = 'pending' | 'done' | 'failed';

export interface InboundRecord {
  key: string;
  /** Absent once the turn finished: only the key and times are kept. */
  event?: InboundEvent;
  /** An identity the adapter vouched for (the Emulator's `as <person id>`). */
  personId?: string;
  /** Where replies go when the turn is run again away from its request. */
  fallback?: ConversationRef;
  receivedAt: string;
  status: InboundStatus;
  /** Tries begun so far. */
  attempts: number;
  finishedAt?: string;
}

const nonEmpty = z.string().min(1);
const conversation = z.looseObject({ platform: z.enum(['teams', 'slack', 'console']), id: nonEmpty });

/** One inbound event as kept: its key, status and times, and while unfinished the event itself. */
export const INBOUND_EVENT_DOC = defineDocument<InboundRecord>(
  INBOUND_EVENTS,
  1,
  z.looseObject({
    key: nonEmpty,
    event: z.looseObject({ id: nonEmpty, type: z.string(), platform: z.string(), conversation }).optional(),
    personId: z.string().optional(),
    fallback: conversation.optional(),
    receivedAt: z.string(),
    status: z.enum(['pending', 'done', 'failed']),
    attempts: z.number().int().min(0),
  }),
);

export class InboundEvents {
  constructor(
    private readonly store: Store,
    private readonly keepMs: number,
  ) {}

  /**
   * Stores a new event with its place in the recovery index, in one write (a crash between the
   * two would leave an event that a platform's retry finds taken and no sweep ever runs); false
   * when one with this key was already taken (a retry).
   */
  async accept(record: InboundRecord, dueAt: number): Promise<boolean> {
    return INBOUND_EVENT_DOC.create(this.store, record.key, record, { ttlMs: this.keepMs, index: { name: INBOUND_DUE, score: dueAt } });
  }

  /** Counts a try, when the event is still unfinished (call it under the conversation's lock). */
  async begin(key: string): Promise<InboundRecord | undefined> {
    return INBOUND_EVENT_DOC.update(this.store, key, (r) => (r && r.status === 'pending' ? { ...r, attempts: r.attempts + 1 } : undefined));
  }

  /** When a recovery sweep may take it next (after a failed try). */
  async retryAt(key: string, dueAt: number): Promise<void> {
    await this.store.indexAdd(INBOUND_DUE, key, dueAt);
  }

  /**
   * Marks it finished, keeping only its key, status and times, and takes it out of the recovery
   * index. With `known` (the record as this try holds it, under the conversation's lock, so
   * nobody else writes it) that is one write.
   */
  async finish(key: string, status: Exclude<InboundStatus, 'pending'>, at: Date, known?: InboundRecord): Promise<void> {
    const finished = (r: InboundRecord): InboundRecord => ({ key: r.key, receivedAt: r.receivedAt, status, attempts: r.attempts, finishedAt: at.toISOString() });
    if (known) return INBOUND_EVENT_DOC.put(this.store, key, finished(known), { ttlMs: this.keepMs, unindex: INBOUND_DUE });
    await INBOUND_EVENT_DOC.update(this.store, key, (r) => r && finished(r));
    await this.store.indexRemove(INBOUND_DUE, key);
  }

  /** Unfinished events a sweep may take now, oldest first. */
  async due(nowMs: number, limit: number): Promise<string[]> {
    return this.store.indexRange(INBOUND_DUE, 0, nowMs, { limit });
  }

  async get(key: string): Promise<InboundRecord | undefined> {
    return INBOUND_EVENT_DOC.get(this.store, key);
  }

  /** The index entry of a record that is gone or finished. */
  async forget(key: string): Promise<void> {
    await this.store.indexRemove(INBOUND_DUE, key);
  }
}

/** A stored event as the core takes it (dates come back from JSON as strings). */
export function revive(event: InboundEvent): InboundEvent {
  return { ...event, receivedAt: new Date(event.receivedAt) };
}
