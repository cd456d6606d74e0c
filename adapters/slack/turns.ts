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
import { deliver } from './deliver';
import { channelRef, user, userRef, type MapContext, type SlackTurn } from './inbound';

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
    await store.withLock(turn.lockKey, async () => {
      let replies: Reply[];
      try {
        replies = await app.bot.handle(turn.event);
      } catch (err) {
        await deliver([this.sorry()], turn.target, { api, notifier, log, now }).catch(() => undefined);
        throw err;
      }
      const rest = first ? await first(replies) : replies;
      await deliver(rest, turn.target, { api, notifier, log, now });
    });
    if (turn.target.refreshHome) await this.publishHome(turn.target.teamId, turn.target.userId);
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
