/**
 * The one turn pipeline every platform goes through (Teams, Slack, the terminal). An adapter
 * translates its request into an InboundEvent and hands it over with a Transport; from there
 * it is the same everywhere:
 *
 *   durable + dedupe (inbound-events.ts) → ack → per-conversation lock (owned, renewed)
 *   → identify → handle (the core) → deliver (deliver.ts; the outbox when the platform can't
 *   take a reply now) → done; on any failure, one policy (failure.ts) that tells the person.
 *
 * Nothing acknowledged is lost: the event is stored before the platform is answered, so a turn
 * that failed, or whose process died, after the ack is run again from storage by a recovery
 * sweep (recovery.ts), up to MAX_ATTEMPTS tries; its replies then go through the outbox to the
 * conversation the transport named. A turn is marked done inside the conversation's lock (the
 * mark and the release go out together), and every try checks it first, so a turn retried by
 * two processes still answers once.
 *
 * @example
 *   const outcome = await app.pipeline.run({ event, transport }); // 'done' | 'duplicate' | …
 *   await app.pipeline.recover();                                  // run stale events again
 */
import { randomUUID } from 'node:crypto';
import { underLock, type HeldLock } from '../../../storage/store';
import { isStorageUnavailable } from '../../../storage/unavailable';
import type { Bot } from '../bot';
import type { InboundEvent } from '../events';
import type { Reply } from '../reply';
import type { Services } from '../services';
import { deliverReplies } from './deliver';
import { failureKind, failureReply, type FailureKind } from './failure';
import { InboundEvents, revive, type InboundRecord } from './inbound-events';
import type { Transport } from './transport';

/** Tries of one event in all (the first included) before the person is asked to try again. */
export const MAX_ATTEMPTS = 3;

/**
 * What became of a turn: `done`; `duplicate` (a copy of an event already taken); `not-stored`
 * (storage was away before the event could be kept: nothing was acknowledged by the pipeline
 * when the platform retries, else the person was told); `retrying` (stopped, and stored to run
 * again); `failed` (stopped for good: the person was asked to try again).
 */
export type TurnOutcome = 'done' | 'duplicate' | 'not-stored' | 'retrying' | 'failed';

/** An adapter's own identification step (the Emulator's `as <person id>`): a person, or replies instead of the turn. */
export type Identify = (event: InboundEvent) => Promise<{ personId?: string; replies?: Reply[] }>;

export interface TurnInput {
  event: InboundEvent;
  transport: Transport;
  /** The dedupe key; by default the event's id (a fresh one when the platform gave none). */
  key?: string;
  identify?: Identify;
  /** Longest wait for the conversation's previous turn (default: the store's, 10 s). */
  lockWaitMs?: number;
}

export interface PipelineOptions {
  /** An event not finished this long after it arrived may be taken by a recovery sweep. */
  graceMs?: number;
  /** Wait after the n-th failed try before the next: `retryBackoffMs * 4^(n-1)`. */
  retryBackoffMs?: number;
}

export const DEFAULT_GRACE_MS = 15_000;
const DEFAULT_BACKOFF_MS = 5_000;

export class TurnPipeline {
  readonly inbound: InboundEvents;
  private readonly graceMs: number;
  private readonly backoffMs: number;

  constructor(
    private readonly deps: { bot: Bot; services: Services },
    opts: PipelineOptions = {},
  ) {
    const { store, config } = deps.services;
    // Kept at least as long as the tries can take, and as long as the platform may resend.
    this.inbound = new InboundEvents(store, Math.max(config.limits.dedupeTtl, 60 * 60_000));
    this.graceMs = opts.graceMs ?? DEFAULT_GRACE_MS;
    this.backoffMs = opts.retryBackoffMs ?? DEFAULT_BACKOFF_MS;
  }

  /** Runs one event from a platform request. */
  async run(input: TurnInput): Promise<TurnOutcome> {
    const { event, transport } = input;
    const { log, now } = this.deps.services;
    const key = input.key ?? (/:.+/.test(event.id) ? event.id : `${event.platform}:${randomUUID()}`);
    const at = now();
    // The try about to run is counted as it is stored: one write fewer, and a crash still counts.
    const record: InboundRecord = { key, event, fallback: transport.fallback, receivedAt: at.toISOString(), status: 'pending', attempts: 1 };
    // The conversation's lock is asked for in the same round trip as the event is stored; let go
    // of (or stopped waiting for) when the event is not to be run here.
    const giveUp = new AbortController();
    const locking = this.deps.services.store.lock(lockKey(event.conversation.platform, event.conversation.id), { waitMs: input.lockWaitMs, signal: giveUp.signal });
    locking.catch(() => undefined); // a failure to lock is met where the lock is awaited, in attempt
    const letGo = () => {
      giveUp.abort();
      void locking.then((held) => held.release(), () => undefined);
    };
    let fresh: boolean;
    try {
      fresh = await this.inbound.accept(record, at.getTime() + this.graceMs);
    } catch (err) {
      letGo();
      if (!isStorageUnavailable(err)) throw err;
      log.warn({ platform: event.platform, eventId: event.id, err }, 'storage unreachable before the event could be kept');
      // A platform that resends a refused request gets the refusal (Teams: 503); else the person is told.
      if (transport.platformRetries) return 'not-stored';
      await transport.ack();
      await this.tell(transport, failureReply(this.deps.services, 'storage', { retrying: false }), event.id);
      return 'not-stored';
    }
    if (!fresh) {
      letGo();
      log.info({ platform: event.platform, eventId: event.id }, 'repeated event ignored');
      await transport.ack();
      return 'duplicate';
    }
    if (!transport.acksWithReplies) {
      try {
        await transport.ack();
      } catch (err) {
        letGo();
        throw err;
      }
    }
    return this.attempt(key, event, transport, { live: true, identify: input.identify, locking, fresh: { record, dueAt: at.getTime() + this.graceMs } });
  }

  /** One try of a stored event, under its conversation's lock. */
  async attempt(
    key: string,
    received: InboundEvent,
    transport: Transport,
    opts: {
      live: boolean;
      identify?: Identify;
      lockWaitMs?: number;
      /** The conversation's lock, already asked for (run asks for it as it stores the event). */
      locking?: Promise<HeldLock>;
      fresh?: { record: InboundRecord; dueAt: number };
    },
  ): Promise<TurnOutcome> {
    const { services, bot } = this.deps;
    const { store, log } = services;
    const { conversation } = received;
    let acked = !opts.live || !transport.acksWithReplies;
    const ack = async (replies: Reply[]): Promise<Reply[]> => {
      if (acked) return replies;
      acked = true;
      return (await transport.ack(replies)) ?? [];
    };
    // The done mark is the lock's last write, issued just before the release: both go out in one
    // round trip, and one connection keeps their order, so the mark still lands inside the lock.
    let finishing: Promise<void> | undefined;
    try {
      const outcome = await underLock(
        opts.locking ?? store.lock(lockKey(conversation.platform, conversation.id), { waitMs: opts.lockWaitMs }),
        async (): Promise<TurnOutcome> => {
          // Just stored by this request and not yet due for any sweep: nobody else can have touched it.
          const fresh = opts.fresh && services.now().getTime() < opts.fresh.dueAt ? opts.fresh.record : undefined;
          const record = fresh ?? (await this.inbound.begin(key));
          if (!record?.event) return 'duplicate'; // finished meanwhile (another process, or an earlier try)
          const event = revive(record.event);
          const found = opts.identify ? await opts.identify(event) : {};
          const personId = found.personId ?? record.personId;
          const known = !found.replies && !!bot.identify(event, { personId });
          const replies = found.replies ?? (await bot.handle(event, { personId }));
          if (opts.live || known) await deliverReplies(await ack(replies), transport, { services, outbox: known, eventId: event.id });
          else log.info({ eventId: event.id }, 'retried turn for someone outside the directory: nothing sent');
          finishing = this.inbound.finish(key, 'done', services.now(), record);
          finishing.catch(() => undefined); // awaited below, once the lock is released
          return 'done';
        },
      );
      await finishing;
      if (!acked) await ack([]);
      if (outcome === 'done') await transport.after?.().catch((err: unknown) => log.warn({ eventId: key, err }, 'after-turn step failed'));
      return outcome;
    } catch (err) {
      if (!acked) await ack([]).catch(() => undefined);
      return this.failed(key, transport, err, opts.live, !!opts.fresh);
    }
  }

  /** The one failure policy: store for another try while tries remain, and always tell the person. */
  private async failed(key: string, transport: Transport, err: unknown, live: boolean, counted: boolean): Promise<TurnOutcome> {
    const { services } = this.deps;
    const { log, now } = services;
    const kind: FailureKind = failureKind(err);
    log[kind === 'failed' ? 'error' : 'warn']({ eventId: key, kind, err }, 'turn stopped');
    let attempts: number | undefined;
    let finished = false;
    try {
      // A turn that never got the lock has not counted a try yet; count it, or a busy conversation would retry for ever.
      const record = kind === 'busy' && !counted ? await this.inbound.begin(key) : await this.inbound.get(key);
      finished = !record || record.status !== 'pending';
      attempts = record?.attempts;
    } catch {
      attempts = undefined; // storage away: the event stays due, and a sweep takes it once storage is back
    }
    if (finished && attempts !== undefined) return 'duplicate';
    const retrying = attempts === undefined || attempts < MAX_ATTEMPTS;
    try {
      if (retrying && attempts !== undefined) await this.inbound.retryAt(key, now().getTime() + this.backoffMs * 4 ** Math.max(0, attempts - 1));
      if (!retrying) await this.inbound.finish(key, 'failed', now());
    } catch (e) {
      log.warn({ eventId: key, err: e }, 'could not record the failed try');
    }
    // Live: told at once (the answer follows if a retry works). A retry from storage: told only when it finally fails.
    if (live || !retrying) await this.tell(transport, failureReply(services, kind, { retrying }), key);
    return retrying ? 'retrying' : 'failed';
  }

  /** Tells the person, straight to the platform where it can (storage may be away), else as a reply. */
  private async tell(transport: Transport, reply: Reply, eventId: string): Promise<void> {
    try {
      await (transport.tell ? transport.tell(reply) : transport.send(reply));
    } catch (err) {
      this.deps.services.log.warn({ eventId, platform: transport.fallback.platform, err }, 'could not tell the person the turn failed');
    }
  }
}

/** Turns in one conversation run one at a time, across processes. */
export function lockKey(platform: string, conversationId: string): string {
  return `turn:${platform}:${conversationId}`;
}
