/**
 * Runs Slack turns through the core: one at a time per conversation (a lock in storage, so
 * two quick clicks cannot both take the last slot, across processes), replies delivered after
 * the ack. Also keeps the App Home tab current (views.publish with the person's home card) and
 * welcomes a person the first time they open the bot's Messages tab.
 *
 * @example
 *   const turns = new SlackTurns({ app, api });
 *   await turns.run(fromDirectMessage(body, turns.context())!);
 */
import type { App } from '../../bot/app';
import type { InstalledEvent } from '../../bot/core/events';
import type { Reply } from '../../bot/core/reply';
import { card, type Card } from '../../cards/tree';
import { toBlockKit } from '../../cards/blockkit';
import type { SlackApi } from './api';
import { isStorageUnavailable } from '../../storage/unavailable';
import type { SlackBody } from './body';
import { deliver } from './deliver';
import { channelRef, fromBlockAction, fromCommand, fromDirectMessage, fromMention, fromViewSubmission, user, userRef, type MapContext, type SlackTurn, type Target } from './inbound';

/** What a person is told when the bot's storage cannot be reached. */
export const STORAGE_AWAY_TEXT = "I can't reach my records for a moment; nothing you sent is lost, please try again in a minute.";

export class SlackTurns {
  constructor(private readonly deps: { app: App; api: SlackApi }) {}

  context(): MapContext {
    const { directory, now } = this.deps.app.services;
    return {
      now: now(),
      nameOf: (teamId, userId) => directory.byPlatformUser(user(teamId, userId))?.name,
    };
  }

  /**
   * Handles a turn and delivers its replies. `first` may take some replies itself (a modal
   * submission answers with errors or the next form in its ack) and returns the rest.
   */
  async run(turn: SlackTurn, first?: (replies: Reply[]) => Promise<Reply[]>): Promise<void> {
    const { app, api } = this.deps;
    const { store, notifier, log, now } = app.services;
    try {
      await store.withLock(turn.lockKey, async () => {
        let replies: Reply[];
        try {
          replies = await app.bot.handle(turn.event);
        } catch (err) {
          if (!isStorageUnavailable(err)) await deliver([this.sorry()], turn.target, { api, notifier, log, now }).catch(() => undefined);
          throw err;
        }
        const rest = first ? await first(replies) : replies;
        await deliver(rest, turn.target, { api, notifier, log, now });
      });
    } catch (err) {
      if (!isStorageUnavailable(err)) throw err;
      log.warn({ platform: 'slack', eventId: turn.event.id, err }, 'slack: storage unreachable; the person is told to try again');
      await this.tellStorageAway(turn.target);
      return;
    }
    if (turn.target.refreshHome) await this.publishHome(turn.target.teamId, turn.target.userId);
  }

  /** Storage is away before a turn could start: tell whoever sent this request, if anyone can be told. */
  async storageAway(body: SlackBody): Promise<void> {
    const ctx = this.context();
    const turn =
      body.type === 'event_callback'
        ? (fromDirectMessage(body, ctx) ?? fromMention(body, ctx))
        : body.type === 'block_actions'
          ? fromBlockAction(body, ctx)
          : body.type === 'view_submission'
            ? fromViewSubmission(body, ctx)
            : body.command !== undefined
              ? fromCommand(body, ctx)
              : undefined;
    if (turn) await this.tellStorageAway(turn.target);
  }

  /** One plain message, straight to Slack: the pacer and the outbox both live in the storage that is away. */
  private async tellStorageAway(target: Target): Promise<void> {
    const { api } = this.deps;
    const a = this.deps.app.services.config.authority;
    const reply: Reply = { text: `${STORAGE_AWAY_TEXT} If a child is in immediate danger call 999, or the MASH on ${a.mashPhone}.` };
    if (target.responseUrl) return api.respond(target.responseUrl, reply);
    const channel = target.channel ?? (await api.openDm(target.userId));
    await api.postUnpaced({ channel, threadTs: target.threadTs }, reply);
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
  async welcome(teamId: string, userId: string, channel: string): Promise<void> {
    const { app } = this.deps;
    const event = { ...this.installed(teamId, userId), conversation: channelRef(teamId, channel) };
    const person = app.bot.identify(event);
    if (!person) return;
    const known = await app.services.conversations.forPerson(person.id);
    if (known.some((r) => r.platform === 'slack')) return;
    const target = { teamId, userId, channel };
    await this.run({ event, target, lockKey: `slack:conversation:${teamId}:${channel}` });
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

  private sorry(): Reply {
    const a = this.deps.app.services.config.authority;
    return {
      text:
        "Sorry, I couldn't finish that just now. Please try again in a minute. " +
        `If a child is in immediate danger call 999, or the MASH on ${a.mashPhone}.`,
    };
  }
}
