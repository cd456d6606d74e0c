/**
 * Delivery batches: the outbox messages for one recipient that are due at the same moment, sent
 * in order by one scheduler job. 5,000 reminders at 08:00 to 1,000 people are 1,000 jobs, not
 * 5,000, which is most of the queue's work in a burst; and one person's messages arrive in the
 * order they were written.
 *
 * A batch is a sorted index of message ids (by when each was queued) plus a claim that says "a
 * job is armed for this batch". Whoever adds the first message takes the claim and schedules
 * the job; later messages just join the index. The job, when it finds the index empty, lets go
 * of the claim and looks once more, so a message added at that moment is either seen by the job
 * or arms a new one: never stranded.
 *
 * @example
 *   const batch = deliveryBatch({ personId: 'sw.amira' }, at);   // "Xk3…~1795420800000"
 *   await store.indexAdd(batchIndex(batch), messageId, queueOrder());
 *   if (await store.claim(batchClaim(batch), claimTtlMs(at, now))) await scheduler.schedule(…);
 */
import { createHash } from 'node:crypto';
import type { ConversationRef } from './events';

export type Recipient = { personId: string } | { conversation: ConversationRef };

/**
 * The batch a message joins: its recipient (hashed, so job ids carry no names or platform ids)
 * and its due time, or "now" for messages sent as soon as possible, which then queue behind
 * whatever that recipient is already being sent.
 */
export function deliveryBatch(to: Recipient, at?: Date): string {
  const who = 'personId' in to ? `p:${to.personId}` : `c:${to.conversation.platform}:${to.conversation.id}`;
  const hash = createHash('sha256').update(who).digest('base64url').slice(0, 22);
  return `${hash}~${at ? at.getTime() : 'now'}`;
}

/** The index of message ids waiting in a batch. */
export const batchIndex = (batch: string): string => `outbox-batch:${batch}`;

/** The claim held while a job is armed for a batch. */
export const batchClaim = (batch: string): string => `outbox-batch-armed:${batch}`;

/** The scheduler's id for a batch's job (scheduling it again replaces it). */
export const batchJobId = (batch: string): string => `deliver:${batch}`;

/**
 * The claim outlives the job's wait by an hour. If it ever lapses while the job still waits, a
 * new message arms a job with the same id, which replaces the waiting one: nothing is sent twice.
 */
export function claimTtlMs(runAt: Date, now: Date): number {
  return Math.max(0, runAt.getTime() - now.getTime()) + 3_600_000;
}

let lastOrder = 0;

/** Increasing within a process (and by the millisecond across processes): the order messages were queued. */
export function queueOrder(now = Date.now()): number {
  lastOrder = Math.max(lastOrder + 1, now * 1000);
  return lastOrder;
}
