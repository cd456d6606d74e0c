/**
 * Delivers one turn's replies through its transport, the same for every platform: a card's new
 * state updates the message acted on (else it is sent), a form opens as a form where the
 * platform can (else it is sent with its inputs), everything else is sent. A reply the platform
 * cannot take now (rate limit, platform down, an expired response_url) goes to the outbox
 * (notifier), whose scheduler job retries it, so an answer is never silently dropped. For
 * someone outside the directory nothing is stored: a reply that cannot be sent is only logged.
 *
 * @example
 *   await deliverReplies(replies, transport, { services, outbox: true });
 */
import { NotYet, PermanentFailure, RetryLater } from '../../scheduling/scheduler';
import type { Reply } from '../reply';
import type { Services } from '../services';
import type { Transport } from './transport';

export interface DeliverOptions {
  services: Pick<Services, 'notifier' | 'log' | 'now'>;
  /** May an undelivered reply be stored in the outbox (false for people outside the directory)? */
  outbox: boolean;
  eventId: string;
}

export async function deliverReplies(replies: Reply[], transport: Transport, opts: DeliverOptions): Promise<void> {
  for (const reply of replies) {
    try {
      if (reply.replace && reply.card && transport.update && (await transport.update(reply))) continue;
      if (reply.form && reply.card && transport.openForm && (await transport.openForm(reply))) continue;
      await transport.send(withErrors(reply));
    } catch (err) {
      await toOutbox(withErrors(reply), transport, err, opts);
    }
  }
}

/** A reply that could not go straight through: into the outbox, or (nobody to store for) only logged. */
export async function toOutbox(reply: Reply, transport: Transport, err: unknown, opts: DeliverOptions): Promise<void> {
  const { log, notifier, now } = opts.services;
  // Waiting in line for the platform's pace is routine (debug); a refused or failed send is a warning.
  const paced = err instanceof NotYet;
  if (err instanceof PermanentFailure) {
    log.error({ eventId: opts.eventId, platform: transport.fallback.platform, err }, 'reply could not be delivered');
    return;
  }
  if (!opts.outbox) {
    log.warn({ eventId: opts.eventId, platform: transport.fallback.platform, err }, 'reply not sent (someone outside the directory: nothing is stored)');
    return;
  }
  log[paced ? 'debug' : 'warn']({ eventId: opts.eventId, platform: transport.fallback.platform, err }, paced ? 'reply paced: queued for delivery' : 'reply handed to the outbox for another try');
  const waitMs = err instanceof RetryLater ? (err.retryAfterMs ?? 0) : err instanceof NotYet ? err.ms : 0;
  await notifier.toConversation(transport.fallback, reply, { at: new Date(now().getTime() + waitMs) });
}

/** Outside a form, refused form fields can only be told in words. */
function withErrors(reply: Reply): Reply {
  if (!reply.formErrors || !Object.keys(reply.formErrors).length) return reply;
  return { ...reply, text: [reply.text, ...Object.values(reply.formErrors).map((m) => `• ${m}`)].join('\n') };
}
