/**
 * Slack requests to core turns: which events, commands and interactions the bot answers (the
 * manifest subscribes to exactly `SLACK_BOT_EVENTS`; a test keeps the two in step), each
 * translated (inbound.ts) and handed to the core's pipeline with a Slack transport. Also keeps
 * the App Home tab current (views.publish with the person's home card) and welcomes a person
 * the first time they open the bot's Messages tab.
 *
 * Dedupe, locking, delivery fallbacks and failure wording are the pipeline's (bot/core/pipeline),
 * the same for every platform; only Slack's own timing lives here: a modal submission's ack
 * waits for the core (it can keep the modal open with field errors or move on to the next
 * form) up to the receiver's deadline, everything else is acked once the event is stored.
 *
 * @example
 *   const turns = new SlackTurns({ app, api });
 *   await turns.request(body, answer); // from the receiver
 */
import type { App } from '../../bot/app';
import type { InstalledEvent } from '../../bot/core/events';
import { card, type Card } from '../../cards/tree';
import { toBlockKit } from '../../cards/blockkit';
import type { SlackApi } from './api';
import type { SlackBody } from './body';
import { channelRef, fromBlockAction, fromCommand, fromDirectMessage, fromMention, fromViewSubmission, teamOf, user, userRef, type MapContext, type SlackTurn } from './inbound';
import type { Answer } from './receiver';
import { slackTransport } from './transport';

/** Event subscriptions the adapter handles (the manifest's `bot_events`). */
export const SLACK_BOT_EVENTS = ['app_home_opened', 'app_mention', 'message.im'] as const;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

export class SlackTurns {
  constructor(private readonly deps: { app: App; api: SlackApi }) {}

  context(): MapContext {
    const { directory, now } = this.deps.app.services;
    return {
      now: now(),
      nameOf: (teamId, userId) => directory.byPlatformUser(user(teamId, userId))?.name,
    };
  }

  /** One verified request from a configured workspace. */
  async request(body: SlackBody, answer: Answer): Promise<void> {
    const ctx = this.context();
    if (body.type === 'event_callback') {
      const e = obj(body.event);
      if (e.type === 'app_home_opened') return this.homeOpened(body, answer);
      const turn = e.type === 'app_mention' ? fromMention(body, ctx) : e.type === 'message' ? fromDirectMessage(body, ctx) : undefined;
      return turn ? this.run(turn, answer) : void answer();
    }
    if (body.command !== undefined) {
      const turn = fromCommand(body, ctx);
      return turn ? this.run(turn, answer) : void answer();
    }
    if (body.type === 'block_actions') {
      const turn = fromBlockAction(body, ctx);
      return turn ? this.run(turn, answer) : void answer();
    }
    if (body.type === 'view_submission') {
      const turn = fromViewSubmission(body, ctx);
      return turn ? this.run(turn, answer, true) : void answer();
    }
    answer(); // view_closed, shortcuts and the rest: nothing to do
  }

  private async run(turn: SlackTurn, answer: Answer, viewSubmission = false): Promise<void> {
    const { app, api } = this.deps;
    const transport = slackTransport({ api, log: app.services.log, target: turn.target, answer, viewSubmission, publishHome: (t, u) => this.publishHome(t, u) });
    await app.pipeline.run({ event: turn.event, transport });
  }

  private async homeOpened(body: SlackBody, answer: Answer): Promise<void> {
    answer();
    const e = obj(body.event);
    const teamId = teamOf(body);
    const userId = typeof e.user === 'string' ? e.user : undefined;
    if (!teamId || !userId) return;
    if (e.tab === 'home') await this.publishHome(teamId, userId);
    else if (e.tab === 'messages' && typeof e.channel === 'string') await this.welcome(teamId, userId, e.channel, String(body.event_id ?? ''));
  }

  /** The App Home tab: the person's home card, or the polite not-in-directory text. */
  async publishHome(teamId: string, userId: string): Promise<void> {
    const { app, api } = this.deps;
    const event = this.installed(teamId, userId);
    const person = app.bot.identify(event);
    let home: Card;
    if (person) {
      home = await app.services.home.card(person);
    } else {
      // Someone outside the directory: the core's answer, and nothing about them is stored.
      const [r] = await app.bot.handle(event);
      home = card('Social Workers in Schools').text(r?.text ?? '').build();
    }
    await api.publishHome(userId, { type: 'home', blocks: toBlockKit(home).blocks });
  }

  /** First visit to the Messages tab by a directory person: the core's welcome, in the DM. */
  private async welcome(teamId: string, userId: string, channel: string, eventId: string): Promise<void> {
    const { app, api } = this.deps;
    const event = { ...this.installed(teamId, userId), conversation: channelRef(teamId, channel) };
    const person = app.bot.identify(event);
    if (!person) return;
    const known = await app.services.conversations.forPerson(person.id);
    if (known.some((r) => r.platform === 'slack')) return;
    const transport = slackTransport({ api, log: app.services.log, target: { teamId, userId, channel }, answer: () => false });
    await app.pipeline.run({ event, transport, ...(eventId ? { key: `slack:${eventId}` } : {}) });
  }

  private installed(teamId: string, userId: string): InstalledEvent {
    const now = this.deps.app.services.now();
    return {
      id: `slack:home:${teamId}:${userId}:${now.getTime()}`,
      platform: 'slack',
      user: user(teamId, userId),
      conversation: userRef(teamId, userId),
      receivedAt: now,
      type: 'installed',
    };
  }
}
