/**
 * What Slack can do for one turn, as the pipeline's Transport: send into the DM, the thread or
 * privately through the response_url; update the clicked message (`replace_original` through
 * the response_url for an ephemeral one, `chat.update` for a posted one); open a form as a
 * modal while the trigger_id is fresh (one view per trigger); tell a plain word with no storage
 * (no pacer); answer a modal submission in its ack (field errors keep the modal open, a next
 * form replaces it); and publish the App Home again after a click that came from it.
 *
 * A private answer whose response_url no longer works goes through the outbox to the person's
 * DM instead (`fallback`).
 *
 * @example
 *   const transport = slackTransport({ api, target, answer, home });
 *   await app.pipeline.run({ event: turn.event, transport });
 */
import type { Logger } from '../../bot/core/log';
import type { Reply } from '../../bot/core/reply';
import type { Transport } from '../../bot/core/pipeline/transport';
import { PermanentFailure, RetryLater } from '../../bot/scheduling/scheduler';
import type { Card } from '../../cards/tree';
import { deliveryError, modalView, type SlackApi } from './api';
import { encodeMeta, targetRef, userRef, type Target } from './inbound';

export interface SlackTransportDeps {
  api: SlackApi;
  log: Logger;
  target: Target;
  /** Answers the HTTP request once: false when it had been answered already (the deadline passed). */
  answer: (payload?: unknown) => boolean;
  /** A modal submission: the ack may carry field errors or the next form. */
  viewSubmission?: boolean;
  /** Publishes a person's App Home again. */
  publishHome?: (teamId: string, userId: string) => Promise<void>;
}

/** The form's Submit: its verb becomes the modal's callback id, its data the private metadata. */
export function submitOf(c: Card): { verb: string; data?: Record<string, string> } | undefined {
  const a = c.actions.find((x) => x.type === 'submit');
  return a?.type === 'submit' ? a : undefined;
}

export function slackTransport(deps: SlackTransportDeps): Transport {
  const { api, target } = deps;
  let trigger = target.triggerId;
  const where = async () => ({ channel: target.channel ?? (await api.openDm(target.userId)), threadTs: target.threadTs });
  return {
    fallback: target.responseUrl ? userRef(target.teamId, target.userId) : targetRef(target),
    acksWithReplies: deps.viewSubmission,
    async ack(replies?: Reply[]) {
      if (!replies) return void deps.answer();
      // Past Slack's deadline the modal has closed: every reply goes as a message.
      const refused = replies.find((r) => r.formErrors && Object.keys(r.formErrors).length);
      if (refused) return deps.answer({ response_action: 'errors', errors: refused.formErrors }) ? replies.filter((r) => r !== refused) : replies;
      const next = replies.find((r) => r.form && r.card && submitOf(r.card));
      if (next?.card && deps.answer({ response_action: 'update', view: modalView(next.card, encodeMeta(submitOf(next.card)?.data, target)) })) return replies.filter((r) => r !== next);
      deps.answer();
      return replies;
    },
    async send(reply) {
      try {
        if (target.responseUrl) return await api.respond(target.responseUrl, reply);
        await api.post(await where(), reply);
      } catch (err) {
        const e = deliveryError(err);
        // A private answer that can no longer go through its response_url goes to the DM instead.
        throw e instanceof PermanentFailure && target.responseUrl ? new RetryLater(e.message) : err;
      }
    },
    async update(reply) {
      try {
        if (target.responseUrl) {
          await api.respond(target.responseUrl, reply, true);
          return true;
        }
        if (target.channel && target.messageTs) {
          await api.update({ channel: target.channel, ts: target.messageTs }, reply);
          return true;
        }
      } catch (err) {
        deps.log.info({ platform: 'slack', err: deliveryError(err) }, 'clicked message not updated; posting its new state');
      }
      return false;
    },
    async openForm(reply) {
      const submit = reply.card && submitOf(reply.card);
      if (!trigger || !reply.card || !submit) return false;
      const t = trigger;
      trigger = undefined; // a trigger_id opens one view
      try {
        await api.openModal(t, reply.card, encodeMeta(submit.data, target));
        return true;
      } catch (err) {
        deps.log.warn({ platform: 'slack', err }, 'modal did not open; sending the form as a message');
        return false;
      }
    },
    async tell(reply) {
      if (target.responseUrl) return api.respond(target.responseUrl, reply);
      await api.postUnpaced(await where(), reply);
    },
    async after() {
      if (target.refreshHome) await deps.publishHome?.(target.teamId, target.userId);
    },
  };
}
