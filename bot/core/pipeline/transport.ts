/**
 * What a platform adapter offers the turn pipeline for one inbound event: all the core may ask
 * of Teams, Slack or the terminal. An adapter is a translator (request in, InboundEvent out)
 * plus one of these; the pipeline (pipeline.ts) does the rest the same way for every platform.
 *
 * - `ack` answers the platform's request. It is called once the event is durable (stored with
 *   its dedupe key), and never before. A transport whose answer carries the turn's result (a
 *   Slack modal submission keeps the modal open with field errors; a Teams invoke carries the
 *   refreshed card) sets `acksWithReplies`: its `ack` gets the replies, may take some, and
 *   returns the rest to be delivered.
 * - `send` puts one reply where the turn came from; it throws when the platform cannot take it
 *   now, and the pipeline hands that reply to the outbox (`fallback` is where it goes then).
 * - `update` replaces the message that was acted on with the reply (its card's final state);
 *   false when there is no such message or the platform refused (then it is sent instead).
 * - `openForm` opens a form reply as a form (Slack: a modal via trigger_id); false when it can't.
 * - `tell` sends a plain word straight to the platform needing no storage (storage is away),
 *   where the platform allows it; otherwise `send` is used.
 * - `openPersonal` (on a platform Channel, see notifier.ts) opens a 1:1 chat for proactive work.
 *
 * @example
 *   const transport: Transport = {
 *     fallback: event.conversation,
 *     ack: async () => res.send(200),
 *     send: async (reply) => api.post(channel, reply),
 *     update: async (reply) => api.update(channel, ts, reply).then(() => true, () => false),
 *   };
 *   await app.pipeline.run({ event, transport });
 */
import type { ConversationRef } from '../events';
import type { Reply } from '../reply';

export interface Transport {
  /** Where a reply goes through the outbox when it cannot be sent now, or when the turn is retried later. */
  fallback: ConversationRef;
  /** Answers the platform's request; with `acksWithReplies`, gets the replies and returns those left to deliver. */
  ack(replies?: Reply[]): Promise<Reply[] | void>;
  /** The ack waits for the turn's replies (they may go in the answer itself). */
  acksWithReplies?: boolean;
  /**
   * The platform sends a refused request again (Teams): an event that could not be stored is
   * refused (503) rather than acknowledged, and the platform's resend brings it back.
   */
  platformRetries?: boolean;
  send(reply: Reply): Promise<void>;
  update?(reply: Reply): Promise<boolean>;
  openForm?(reply: Reply): Promise<boolean>;
  tell?(reply: Reply): Promise<void>;
  /** After a turn that ran (Slack: publish the App Home again when the click came from it). */
  after?(): Promise<void>;
}
