/**
 * Delivers one turn's replies to where the turn came from. A form reply opens as a modal when
 * the turn has a fresh trigger_id (a click or a command); otherwise, and if the modal cannot
 * open in time, the form is posted as a message with its inputs. A reply Slack cannot take now
 * (429, Slack down, an expired response_url) is handed to the outbox, whose scheduler job
 * retries it honouring Retry-After, so an answer is never silently dropped. A reply marked
 * `replace` updates the clicked message in place (chat.update, or replace_original).
 *
 * @example
 *   await deliver(replies, turn.target, { api, notifier, log });
 */
import type { Logger } from '../../bot/core/log';
import type { Notifier } from '../../bot/core/notifier';
import type { Reply } from '../../bot/core/reply';
import { NotYet, PermanentFailure, RetryLater } from '../../bot/scheduling/scheduler';
import type { Card } from '../../cards/tree';
import { deliveryError, type SlackApi } from './api';
import { encodeMeta, targetRef, userRef, type Target } from './inbound';

export interface DeliverDeps {
  api: SlackApi;
  notifier: Notifier;
  log: Logger;
  now: () => Date;
}

export async function deliver(replies: Reply[], target: Target, deps: DeliverDeps): Promise<void> {
  let trigger = target.triggerId;
  for (const reply of replies) {
    if (reply.form && reply.card && trigger && submitOf(reply.card)) {
      const t = trigger;
      trigger = undefined; // a trigger_id opens one view
      try {
        await deps.api.openModal(t, reply.card, encodeMeta(submitOf(reply.card)?.data, target));
        continue;
      } catch (err) {
        deps.log.warn({ platform: 'slack', err }, 'modal did not open; sending the form as a message');
      }
    }
    await sendOne(withErrors(reply), target, deps);
  }
}

/** The form's Submit: its verb becomes the modal's callback id, its data the private metadata. */
export function submitOf(c: Card): { verb: string; data?: Record<string, string> } | undefined {
  const a = c.actions.find((x) => x.type === 'submit');
  return a?.type === 'submit' ? a : undefined;
}

/** Outside a modal, refused form fields can only be told in words. */
function withErrors(reply: Reply): Reply {
  if (!reply.formErrors || !Object.keys(reply.formErrors).length) return reply;
  return { ...reply, text: [reply.text, ...Object.values(reply.formErrors).map((m) => `• ${m}`)].join('\n') };
}

async function sendOne(reply: Reply, target: Target, deps: DeliverDeps): Promise<void> {
  try {
    if (reply.replace && reply.card && (await updated(reply, target, deps))) return;
    if (target.responseUrl) {
      await deps.api.respond(target.responseUrl, reply);
    } else {
      const channel = target.channel ?? (await deps.api.openDm(target.userId));
      await deps.api.post({ channel, threadTs: target.threadTs }, reply);
    }
  } catch (err) {
    const e = deliveryError(err);
    if (e instanceof PermanentFailure && !target.responseUrl) {
      deps.log.error({ platform: 'slack', reason: e.message }, 'reply could not be delivered');
      return;
    }
    // A private answer that can no longer go through its response_url goes to the DM instead.
    const ref = target.responseUrl ? userRef(target.teamId, target.userId) : targetRef(target);
    // Waiting in line for Slack's per-channel pace is routine, not a warning.
    const paced = err instanceof NotYet;
    deps.log[paced ? 'debug' : 'warn']({ platform: 'slack', reason: e.message }, paced ? 'reply paced: queued for delivery' : 'reply handed to the outbox for another try');
    const waitMs = e instanceof RetryLater ? (e.retryAfterMs ?? 0) : 0;
    await deps.notifier.toConversation(ref, reply, { at: new Date(deps.now().getTime() + waitMs) });
  }
}

/**
 * The clicked message shows its card's new state: `replace_original` through the response_url
 * for an ephemeral message, `chat.update` for a posted one. False when there is no clicked
 * message to update or Slack refused (then the new state is posted as a message instead).
 */
async function updated(reply: Reply, target: Target, deps: DeliverDeps): Promise<boolean> {
  try {
    if (target.responseUrl) {
      await deps.api.respond(target.responseUrl, reply, true);
      return true;
    }
    if (target.channel && target.messageTs) {
      await deps.api.update({ channel: target.channel, ts: target.messageTs }, reply);
      return true;
    }
  } catch (err) {
    deps.log.info({ platform: 'slack', reason: deliveryError(err).message }, 'clicked message not updated; posting its new state');
  }
  return false;
}
