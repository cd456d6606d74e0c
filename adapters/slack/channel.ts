/**
 * The notifier's Slack channel: proactive messages (reminders, escalations, digests) into a
 * stored conversation, or into a directory person's DM opened with conversations.open when
 * they have not talked to the bot yet. Throws RetryLater (429 with Retry-After, Slack down) or
 * PermanentFailure (channel gone, account deactivated) so the scheduler does the right thing.
 *
 * @example
 *   app.services.notifier.addChannel(new SlackChannel(api));
 *   await app.services.notifier.toPerson('sw.amira', { text: 'New consultation from Werneth School' });
 */
import type { Person } from '../../bot/config/schema';
import type { ConversationRef } from '../../bot/core/events';
import type { Channel, ChannelSendOptions } from '../../bot/core/notifier';
import type { Reply } from '../../bot/core/reply';
import { PermanentFailure } from '../../bot/scheduling/scheduler';
import type { SlackApi } from './api';
import { channelRef } from './inbound';

export class SlackChannel implements Channel {
  readonly platform = 'slack' as const;

  constructor(private readonly api: SlackApi) {}

  async send(ref: ConversationRef, reply: Reply, opts: ChannelSendOptions = {}): Promise<void> {
    const a = ref.address as { channel?: unknown; userId?: unknown };
    const channel = typeof a.channel === 'string' ? a.channel : typeof a.userId === 'string' ? await this.api.openDm(a.userId) : undefined;
    if (!channel) throw new PermanentFailure('slack conversation reference has no channel');
    await this.api.post({ channel, threadTs: ref.threadId }, reply, opts.queued);
  }

  async openPersonal(person: Person): Promise<ConversationRef | undefined> {
    if (!person.slack) return undefined;
    try {
      const channel = await this.api.openDm(person.slack.userId);
      const ref = channelRef(person.slack.teamId, channel);
      return { ...ref, kind: 'personal', address: { ...ref.address, userId: person.slack.userId } };
    } catch (err) {
      // Not reachable on Slack for good: let another platform try. Anything else: try again later.
      if (err instanceof PermanentFailure) return undefined;
      throw err;
    }
  }
}
