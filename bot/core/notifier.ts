/**
 * Proactive messages by person (reminders, escalations, answers, digests). A message is
 * stored in the outbox first, then delivered by a scheduler job that carries only its id, so a
 * platform that is down loses nothing: the job retries with backoff (honouring Retry-After),
 * and after the last try the message is marked failed and whoever asked is told.
 *
 * Each platform adapter registers a Channel that can send into a stored conversation.
 *
 * Outbox messages are declared documents (`OUTBOX_DOC`), validated on every read and write. A
 * stored message that does not fit is never sent: its delivery fails for good at once (logged
 * by id), and a person's waiting messages are released around it.
 *
 * @example
 *   notifier.addChannel(slackChannel);
 *   await notifier.toPerson('sw.amira', { text: 'New consultation from Werneth School' });
 */
import { SwisError } from './errors';
import { randomUUID } from 'node:crypto';
import { defineDocument, DocumentInvalid } from '../../storage/documents';
import type { Person } from '../config/schema';
import type { ConversationStore } from '../../storage/conversations';
import type { Store } from '../../storage/store';
import { DEFAULT_ATTEMPTS, NotYet, PermanentFailure, type Job, type Scheduler } from '../scheduling/scheduler';
import type { Directory } from './directory';
import type { ConversationRef, Platform } from './events';
import type { Logger } from './log';
import type { Metrics } from './metrics';
import type { Reply } from './reply';
import { defineJob, handleJob, jobId, scheduleJob } from '../scheduling/jobs';
import { z } from 'zod';

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

/** `waiting`: the person has no chat open with the bot yet; sent when they next talk to it. */
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'waiting';

/**
 * Thrown by routing (or a channel) when the person simply has no chat open yet: nothing is
 * wrong, the message waits in the outbox until they next talk to the bot.
 */
export class WaitingForPerson extends SwisError {
  constructor(readonly personId: string) {
    super('waiting_for_person', `person ${personId} has no chat open with the bot yet`);
  }
}


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

const nonEmpty = z.string().min(1);

/** A message in the outbox: who it is for, what it says (checked in outline), where it stands. */
export const OUTBOX_DOC = defineDocument<OutboxMessage>(
  'outbox',
  1,
  z.looseObject({
    id: nonEmpty,
    to: z.union([z.looseObject({ personId: nonEmpty }), z.looseObject({ conversation: z.looseObject({ platform: z.enum(['teams', 'slack', 'console']), id: nonEmpty }) })]),
    reply: z.looseObject({ text: z.string() }),
    createdAt: z.string(),
    status: z.enum(['pending', 'sent', 'failed', 'waiting']),
    tellOnFailure: z.string().optional(),
    describe: z.string().optional(),
  }),
);

/** Messages stored and not yet delivered or failed, by creation time (outbox depth and oldest age). */
const PENDING = 'outbox:pending';
/** A platform refusing for its rate limit (429), as the adapters word it. */
const RATE_LIMITED = /rate limited|answered 429/;
const WAITING = (personId: string) => `outbox-waiting:${personId}`;
const KEEP_MS = 30 * 86_400_000;
/** Delivers one outbox message, by id (the message itself stays in the store). */
export const DELIVER_JOB = defineJob('deliver', z.object({ messageId: jobId }));

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
      metrics?: Metrics;
    },
  ) {
    handleJob(deps.scheduler, DELIVER_JOB, (job) => this.deliver(job));
    deps.metrics?.addCollector(() => this.measureOutbox(deps.metrics!));
  }

  /** Outbox depth and the age of its oldest message, for /metrics. */
  private async measureOutbox(metrics: Metrics): Promise<void> {
    const depth = await this.deps.store.indexCount(PENDING);
    metrics.outboxDepth.set(depth);
    const [oldest] = depth ? await this.deps.store.indexRange(PENDING, 0, Number.MAX_SAFE_INTEGER, { limit: 1 }) : [];
    const msg = oldest ? await this.readOrReport(oldest, 'measured') : undefined;
    metrics.outboxOldestSeconds.set(msg && msg !== 'invalid' ? Math.max(0, this.deps.now().getTime() - Date.parse(msg.createdAt)) / 1000 : 0);
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
    return OUTBOX_DOC.get(this.deps.store, id);
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
    await OUTBOX_DOC.put(this.deps.store, msg.id, msg, { ttlMs: KEEP_MS });
    await this.deps.store.indexAdd(PENDING, msg.id, Date.parse(msg.createdAt));
    const owner = 'personId' in to ? `outbox:${to.personId}` : `outbox:${to.conversation.platform}:${to.conversation.id}`;
    await scheduleJob(this.deps.scheduler, DELIVER_JOB, { id: msg.id, runAt: opts.at ?? this.deps.now(), owner, data: { messageId: msg.id } });
    return msg.id;
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
    throw new WaitingForPerson(personId);
  }

  private async deliver(job: Job): Promise<void> {
    const id = String(job.data.messageId);
    const msg = await this.readOrReport(id, 'delivered');
    if (msg === 'invalid') {
      await this.deps.store.indexRemove(PENDING, id);
      throw new PermanentFailure(`stored outbox message ${id} does not fit its schema`);
    }
    if (!msg || msg.status === 'sent') return void (await this.deps.store.indexRemove(PENDING, id));
    let platform: string | undefined;
    try {
      const { channel, ref } = await this.route(msg);
      platform = ref.platform;
      await channel.send(ref, msg.reply, { queued: id });
      // Only this message's own delivery job writes it, so no compare-and-set is needed here.
      await OUTBOX_DOC.put(this.deps.store, id, { ...msg, status: 'sent', sentAt: this.deps.now().toISOString(), platform: ref.platform }, { ttlMs: KEEP_MS });
      await this.deps.store.indexRemove(PENDING, id);
      this.deps.log.debug({ messageId: id, platform: ref.platform }, 'message delivered');
    } catch (err) {
      if (err instanceof WaitingForPerson && 'personId' in msg.to) return this.wait(msg, msg.to.personId);
      // NotYet (the pacer handing the job back) uses no try, so it is never the last one.
      const final = err instanceof PermanentFailure || (!(err instanceof NotYet) && job.attempt >= DEFAULT_ATTEMPTS);
      if (final) await this.markFailed(msg, (err as Error).message);
      else if (!(err instanceof NotYet)) {
        this.deps.metrics?.deliveriesRetried.inc();
        if (RATE_LIMITED.test((err as Error).message)) this.deps.metrics?.deliveriesRefused.inc({ platform: platform ?? 'unknown' });
      }
      throw err;
    }
  }

  /** Whether anything is held for this person until they open a chat (one read, for every turn). */
  async hasWaiting(personId: string): Promise<boolean> {
    return (await this.deps.store.indexCount(WAITING(personId))) > 0;
  }

  /** Sends what waited for this person (they have just talked to the bot, or opened a terminal). */
  async deliverWaiting(personId: string): Promise<number> {
    const ids = await this.deps.store.indexRange(WAITING(personId), 0, Number.MAX_SAFE_INTEGER);
    let released = 0;
    for (const id of ids) {
      await this.deps.store.indexRemove(WAITING(personId), id);
      // Only the caller that flips it from waiting schedules it, so two turns cannot send it twice.
      const flipped = await OUTBOX_DOC.update(this.deps.store, id, (m) => (m?.status === 'waiting' ? { ...m, status: 'pending' } : undefined)).catch((err: unknown) => {
        if (!(err instanceof DocumentInvalid)) throw err;
        this.deps.log.warn({ err, messageId: id, personId }, 'a waiting outbox message does not fit its schema and is not sent');
        return undefined;
      });
      if (!flipped) continue;
      const job = `${id}:w${this.deps.now().getTime()}`;
      await scheduleJob(this.deps.scheduler, DELIVER_JOB, { id: job, runAt: this.deps.now(), owner: `outbox:${personId}`, data: { messageId: id } });
      released++;
    }
    if (released) this.deps.log.info({ personId, released }, 'waiting messages released');
    return released;
  }

  /** The stored message, or 'invalid' (logged by id) when it does not fit: never sent, never measured. */
  private async readOrReport(id: string, what: 'delivered' | 'measured'): Promise<OutboxMessage | 'invalid' | undefined> {
    try {
      return await OUTBOX_DOC.get(this.deps.store, id);
    } catch (err) {
      if (!(err instanceof DocumentInvalid)) throw err;
      this.deps.log[what === 'delivered' ? 'error' : 'warn']({ err, messageId: id }, `an outbox message does not fit its schema and is not ${what}`);
      return 'invalid';
    }
  }

  private async wait(msg: OutboxMessage, personId: string): Promise<void> {
    const first = msg.status !== 'waiting';
    await OUTBOX_DOC.put(this.deps.store, msg.id, { ...msg, status: 'waiting' }, { ttlMs: KEEP_MS });
    await this.deps.store.indexAdd(WAITING(personId), msg.id, Date.parse(msg.createdAt));
    this.deps.log.info({ messageId: msg.id, personId }, 'message waiting for the person to open a chat');
    const tell = msg.tellOnFailure;
    if (first && tell && tell !== personId) {
      const name = this.deps.directory.person(personId)?.name.split(' ')[0] ?? 'They';
      const what = msg.describe ?? 'Your message';
      await this.toPerson(tell, { text: `${what} is saved and waiting: ${name} will see it when they next open the chat with me.` });
    }
  }

  private async markFailed(msg: OutboxMessage, reason: string): Promise<void> {
    await OUTBOX_DOC.update(this.deps.store, msg.id, (m) => m && { ...m, status: 'failed', failure: reason });
    await this.deps.store.indexRemove(PENDING, msg.id);
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
