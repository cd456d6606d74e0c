/**
 * The Bolt listeners: which Slack events, commands and interactions the bot answers, each
 * acknowledged at once and handled after the ack. The manifest (manifest/slack/manifest.yml)
 * subscribes to exactly `SLACK_BOT_EVENTS`; a test keeps the two in step.
 *
 * A modal submission is the one case that waits for the core before acking, because only the
 * ack can keep the modal open with field errors or move it on to the next form; if the core
 * takes longer than `VIEW_ACK_DEADLINE_MS`, the modal closes and the answer comes as a message.
 *
 * @example
 *   registerListeners(bolt, turns);
 */
import type { App as BoltApp } from '@slack/bolt';
import type { Reply } from '../../bot/core/reply';
import { modalView } from './api';
import type { SlackBody } from './body';
import { submitOf } from './deliver';
import { encodeMeta, fromBlockAction, fromCommand, fromDirectMessage, fromMention, fromViewSubmission, teamOf } from './inbound';
import type { SlackTurns } from './turns';

/** Event subscriptions the adapter handles (the manifest's `bot_events`). */
export const SLACK_BOT_EVENTS = ['app_home_opened', 'app_mention', 'message.im'] as const;

/** Slack allows 3 s for the ack; leave room for the network. */
export const VIEW_ACK_DEADLINE_MS = 2000;

type Ack = (response?: unknown) => Promise<void>;
const asBody = (b: unknown) => b as SlackBody;

export function registerListeners(bolt: BoltApp, turns: SlackTurns): void {
  bolt.event('message', async ({ body }) => {
    const turn = fromDirectMessage(asBody(body), turns.context());
    if (turn) await turns.run(turn);
  });

  bolt.event('app_mention', async ({ body }) => {
    const turn = fromMention(asBody(body), turns.context());
    if (turn) await turns.run(turn);
  });

  bolt.event('app_home_opened', async ({ body, event }) => {
    const teamId = teamOf(asBody(body));
    if (!teamId) return;
    if (event.tab === 'home') await turns.publishHome(teamId, event.user);
    else if (event.tab === 'messages' && event.channel) await turns.welcome(teamId, event.user, event.channel);
  });

  // Any command the app has (the manifest names /swis; a workspace may rename it).
  bolt.command(/.*/, async ({ ack, body }) => {
    await ack();
    const turn = fromCommand(asBody(body), turns.context());
    if (turn) await turns.run(turn);
  });

  bolt.action(/.*/, async ({ ack, body }) => {
    await ack();
    if (body.type !== 'block_actions') return;
    const turn = fromBlockAction(asBody(body), turns.context());
    if (turn) await turns.run(turn);
  });

  bolt.view(/.*/, async ({ ack, body }) => {
    if (body.type !== 'view_submission') return ack();
    const turn = fromViewSubmission(asBody(body), turns.context());
    if (!turn) return ack();
    await submitWithin(ack as Ack, VIEW_ACK_DEADLINE_MS, (answer) => turns.run(turn, answer), turn.target);
  });
}

/**
 * Runs a modal submission, answering in the ack when the core is quick enough: field errors
 * keep the modal open (`response_action: errors`), a follow-up form replaces it (`update`).
 */
async function submitWithin(
  ack: Ack,
  deadlineMs: number,
  run: (answer: (replies: Reply[]) => Promise<Reply[]>) => Promise<void>,
  target: Parameters<typeof encodeMeta>[1],
): Promise<void> {
  let acked = false;
  const timer = setTimeout(() => {
    acked = true;
    void ack();
  }, deadlineMs);
  try {
    await run(async (replies) => {
      clearTimeout(timer);
      if (acked) return replies;
      acked = true;
      const refused = replies.find((r) => r.formErrors && Object.keys(r.formErrors).length);
      if (refused) {
        await ack({ response_action: 'errors', errors: refused.formErrors });
        return replies.filter((r) => r !== refused);
      }
      const next = replies.find((r) => r.form && r.card && submitOf(r.card));
      if (next?.card) {
        await ack({ response_action: 'update', view: modalView(next.card, encodeMeta(submitOf(next.card)?.data, target)) });
        return replies.filter((r) => r !== next);
      }
      await ack();
      return replies;
    });
  } finally {
    clearTimeout(timer);
  }
}
