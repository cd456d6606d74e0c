/**
 * Proactive messages by person (reminders, escalations, answers, digests). A message is
 * stored in the outbox first, then delivered by a scheduler job that carries only ids, so a
 * platform that is down loses nothing: the job retries with backoff (honouring Retry-After),
 * and after the last try the message is marked failed and whoever asked is told.
 *
 * Messages to one recipient due at the same moment form a delivery batch (delivery-batch.ts):
 * one job sends them in order. Tries are still counted per message: once a message has been
 * sent or given up on after retries, the rest of the batch goes on in a fresh job, and each
 * message given up on fails its job, so /readyz counts it.
 *
 * Each platform adapter registers a Channel that can send into a stored conversation.
 *
 * @example
 *   notifier.addChannel(slackChannel);
 *   await notifier.toPerson('sw.amira', { text: 'New consultation from Werneth School' });
 */
import { randomUUID } from 'node:crypto';
import type { Person } from '../config/schema';
import type { ConversationStore } from '../../storage/conversations';
import type { Store } from '../../storage/store';
import { DEFAULT_ATTEMPTS, NotYet, PermanentFailure, type Job, type Scheduler } from '../scheduling/scheduler';
import { batchClaim, batchIndex, batchJobId, claimTtlMs, deliveryBatch, queueOrder } from './delivery-batch';
import type { Directory } from './directory';
import type { ConversationRef, Platform } from './events';
import type { Logger } from './log';
import type { Reply } from './reply';

export interface Channel {
  platform: Platform;
  /**
   * Sends into a conversation; throws RetryLater on 429 or 5xx, PermanentFailure when hopeless,
   * NotYet when the platform's limits put this send in line (`queued` is the delivery's id).
   */
  send(ref: ConversationRef, reply: Reply, opts?: ChannelSendOptions): Promise<void>;
  /** Opens a 1:1 conversation with a directory person who has not talked to the bot yet. */
  openPersonal?(person: Person): Promise<ConversationRef | undefined>;
}

export interface ChannelSendOptions {
  /** The delivery this send belongs to: it may wait in line for the platform's limits. */
  queued?: string;
}

export type OutboxStatus = 'pending' | 'sent' | 'failed';

export interface OutboxMessage {
  id: string;
  to: { personId: string } | { conversation: ConversationRef };
  reply: Reply;
  createdAt: string;
  status: OutboxStatus;
  sentAt?: string;
  platform?: Platform;
  failure?: string;
  /** Person told when this cannot be delivered. */
  tellOnFailure?: string;
  /** What the failure notice says was not delivered (no content, e.g. "your reply to Amira"). */
  describe?: string;
}

export interface SendOptions {
  tellOnFailure?: string;
  describe?: string;
  /** Deliver no earlier than this. */
  at?: Date;
}

const OUTBOX = 'outbox';
const KEEP_MS = 30 * 86_400_000;
export const DELIVER_JOB = 'deliver';
/** Message ids read from a batch at a time. */
const BATCH_READ = 20;

export class Notifier {
  private readonly channels = new Map<Platform, Channel>();

  constructor(
    private readonly deps: {
      store: Store;
      conversations: ConversationStore;
      directory: Directory;
      scheduler: Scheduler;
      log: Logger;
      now: () => Date;
    },
  ) {
    deps.scheduler.register(DELIVER_JOB, (job) => this.deliver(job));
  }

  addChannel(channel: Channel): void {
    this.channels.set(channel.platform, channel);
  }

  hasChannel(platform: Platform): boolean {
    return this.channels.has(platform);
  }

  /** Stores the message, then queues its delivery. Returns the outbox id. */
  async toPerson(personId: string, reply: Reply, opts: SendOptions = {}): Promise<string> {
    return this.enqueue({ personId }, reply, opts);
  }

  async toConversation(conversation: ConversationRef, reply: Reply, opts: SendOptions = {}): Promise<string> {
    return this.enqueue({ conversation }, reply, opts);
  }

  async status(id: string): Promise<OutboxMessage | undefined> {
    return this.deps.store.get<OutboxMessage>(OUTBOX, id);
  }

  /** Can this person be reached at all (a stored conversation, or a platform that can open one)? */
  async reachable(personId: string): Promise<boolean> {
    if ((await this.deps.conversations.forPerson(personId)).some((r) => this.channels.has(r.platform))) return true;
    const person = this.deps.directory.person(personId);
    if (!person) return false;
    return [...this.channels.values()].some((c) => c.openPersonal && ((c.platform === 'slack' && person.slack) || (c.platform === 'teams' && person.teams)));
  }

  private async enqueue(to: OutboxMessage['to'], reply: Reply, opts: SendOptions): Promise<string> {
    const msg: OutboxMessage = {
      id: `m-${randomUUID()}`,
      to,
      reply,
      createdAt: this.deps.now().toISOString(),
      status: 'pending',
      tellOnFailure: opts.tellOnFailure,
      describe: opts.describe,
    };
    const { store } = this.deps;
    await store.put(OUTBOX, msg.id, msg, { ttlMs: KEEP_MS });
    const batch = deliveryBatch(to, opts.at);
    await store.indexAdd(batchIndex(batch), msg.id, queueOrder());
    const owner = 'personId' in to ? `outbox:${to.personId}` : `outbox:${to.conversation.platform}:${to.conversation.id}`;
    await this.arm(batch, owner, opts.at ?? this.deps.now());
    return msg.id;
  }

  /** Schedules the batch's job unless one is armed already (it will find the new message). */
  private async arm(batch: string, owner: string, runAt: Date): Promise<void> {
    const { store, scheduler, now } = this.deps;
    if (!(await store.claim(batchClaim(batch), claimTtlMs(runAt, now())))) return;
    try {
      await scheduler.schedule({ id: batchJobId(batch), kind: DELIVER_JOB, runAt, owner, data: { batch } });
    } catch (err) {
      // No job: let the next message (or the caller's retry) arm one.
      await store.release(batchClaim(batch)).catch(() => undefined);
      throw err;
    }
  }

  private async route(msg: OutboxMessage): Promise<{ channel: Channel; ref: ConversationRef }> {
    if ('conversation' in msg.to) {
      const channel = this.channels.get(msg.to.conversation.platform);
      if (!channel) throw new PermanentFailure(`no ${msg.to.conversation.platform} channel is running`);
      return { channel, ref: msg.to.conversation };
    }
    const { personId } = msg.to;
    for (const ref of await this.deps.conversations.forPerson(personId)) {
      const channel = this.channels.get(ref.platform);
      if (channel) return { channel, ref };
    }
    const person = this.deps.directory.person(personId);
    if (!person) throw new PermanentFailure(`person ${personId} is not in the directory`);
    for (const channel of this.channels.values()) {
      const ref = channel.openPersonal ? await channel.openPersonal(person) : undefined;
      if (ref) {
        await this.deps.conversations.saveForPerson(personId, ref, 0);
        return { channel, ref };
      }
    }
    throw new PermanentFailure(`person ${personId} has no conversation with the bot on any running platform`);
  }

  private async deliver(job: Job): Promise<void> {
    // Jobs queued before batches existed carry one message id.
    if (job.data.messageId !== undefined) {
      const id = String(job.data.messageId);
      const outcome = await this.deliverOne(await this.deps.store.get<OutboxMessage>(OUTBOX, id), id, job);
      if (outcome.failed) throw new PermanentFailure(outcome.failed);
      return;
    }
    const batch = String(job.data.batch);
    const { store } = this.deps;
    for (;;) {
      const ids = await store.indexRange(batchIndex(batch), -Infinity, Infinity, { limit: BATCH_READ });
      if (ids.length === 0) {
        if (await this.disarm(batch, job)) return;
        continue;
      }
      const msgs = await store.getMany<OutboxMessage>(OUTBOX, ids);
      for (let i = 0; i < ids.length; i++) {
        const outcome = await this.deliverOne(msgs[i], ids[i], job);
        await store.indexRemove(batchIndex(batch), ids[i]);
        // A message that needed retries, or failed, hands the rest to a fresh job: each gets its own tries.
        if (outcome.failed || (job.attempt > 1 && outcome.sent)) {
          await this.handOn(batch, job);
          if (outcome.failed) throw new PermanentFailure(outcome.failed);
          return;
        }
      }
    }
  }

  /**
   * Sends one message. Returns what became of it; throws NotYet (its turn under the platform's
   * limits is later) or the platform's error while it has tries left, so the batch waits with it.
   */
  private async deliverOne(msg: OutboxMessage | undefined, id: string, job: Job): Promise<{ sent?: boolean; failed?: string }> {
    if (!msg || msg.status !== 'pending') return {};
    try {
      const { channel, ref } = await this.route(msg);
      await channel.send(ref, msg.reply, { queued: id });
      // Only the job holding this message's batch writes it, so no compare-and-set is needed here.
      await this.deps.store.put<OutboxMessage>(OUTBOX, id, { ...msg, status: 'sent', sentAt: this.deps.now().toISOString(), platform: ref.platform }, { ttlMs: KEEP_MS });
      this.deps.log.debug({ messageId: id, platform: ref.platform }, 'message delivered');
      return { sent: true };
    } catch (err) {
      // NotYet (the pacer handing the job back) uses no try, so it is never the last one.
      const final = err instanceof PermanentFailure || (!(err instanceof NotYet) && job.attempt >= DEFAULT_ATTEMPTS);
      if (!final) throw err;
      await this.markFailed(msg, (err as Error).message);
      return { failed: (err as Error).message };
    }
  }

  /** The batch is empty: lets go of its claim, unless a message arrived meanwhile. True when done. */
  private async disarm(batch: string, job: Job): Promise<boolean> {
    const { store, now } = this.deps;
    await store.release(batchClaim(batch));
    if ((await store.indexCount(batchIndex(batch))) === 0) return true;
    // Someone queued at that moment: whichever of us claims first sends it.
    return !(await store.claim(batchClaim(batch), claimTtlMs(job.runAt, now())));
  }

  /** Passes what is left of the batch to a fresh job (same id, so it replaces this one). */
  private async handOn(batch: string, job: Job): Promise<void> {
    if (await this.disarm(batch, job)) return;
    await this.deps.scheduler.schedule({ id: job.id, kind: DELIVER_JOB, runAt: this.deps.now(), owner: job.owner, data: { batch } });
  }

  private async markFailed(msg: OutboxMessage, reason: string): Promise<void> {
    await this.deps.store.update<OutboxMessage>(OUTBOX, msg.id, (m) => m && { ...m, status: 'failed', failure: reason });
    this.deps.log.error({ messageId: msg.id, reason }, 'message could not be delivered');
    const tell = msg.tellOnFailure;
    if (tell && !('personId' in msg.to && msg.to.personId === tell)) {
      const what = msg.describe ?? 'A message';
      await this.toPerson(tell, {
        text: `${what} could not be delivered. It is saved; please contact them another way if it is urgent.`,
      });
    }
  }
}
