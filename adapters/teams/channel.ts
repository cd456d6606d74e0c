/**
 * Proactive sends into Teams (reminders, escalations, answers, digests): the notifier's Channel
 * for platform 'teams'. Uses the conversation reference stored when the person last talked to
 * the bot, with the serviceUrl it came from, and paces sends to Teams' limits across processes.
 *
 * The connector's answer decides what the notifier does next: 429 and 5xx (or no answer at all)
 * throw RetryLater, carrying Retry-After when Teams gave one; other 4xx (403: the app was
 * removed, 404: the conversation is gone) throw PermanentFailure.
 *
 * @example
 *   app.services.notifier.addChannel(new TeamsChannel({ adapter, appId, store, log }));
 */
import { TurnContext, type Activity, type CloudAdapter, type ConversationParameters } from 'botbuilder';
import type { Person } from '../../bot/config/schema';
import type { ConnectorClient } from 'botframework-connector';
import type { ConversationRef } from '../../bot/core/events';
import type { Logger } from '../../bot/core/log';
import type { Channel, ChannelSendOptions } from '../../bot/core/notifier';
import type { Reply } from '../../bot/core/reply';
import { pace } from '../../bot/core/pacer';
import { PermanentFailure, RetryLater } from '../../bot/scheduling/scheduler';
import type { Store } from '../../storage/store';
import { TENANT_ROUTE_DOC } from './documents';
import { conversationRef, referenceOf } from './inbound';
import { toActivity } from './outbound';
import type { ServiceUrlAllowList } from './service-url';

/** Teams allows 7 messages a second into one conversation and 50 requests a second per app per tenant. */
const PER_CONVERSATION_PER_SECOND = 7;
const PER_TENANT_PER_SECOND = 50;

/**
 * Waits until the shared pacer (GCRA in the store, so all processes agree) lets this send go
 * under both Teams limits. Throws NotYet when the wait would be long; the scheduler then runs
 * the delivery again later without using up a try.
 */
export async function paceTeamsSend(store: Store, conversationId: string, tenantId: string | undefined, queued?: string): Promise<void> {
  await pace(
    store,
    [
      { key: `teams:pace:conv:${conversationId}`, perSecond: PER_CONVERSATION_PER_SECOND },
      { key: `teams:pace:tenant:${tenantId ?? 'none'}`, perSecond: PER_TENANT_PER_SECOND },
    ],
    { holder: queued },
  );
}

/** Retry-After in milliseconds: seconds or an HTTP date. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

interface ConnectorError {
  statusCode?: number;
  response?: { status?: number; headers?: { get?(name: string): string | undefined | null } };
  code?: string;
  message?: string;
}

/** Classifies a failed send the way the scheduler understands. */
export function sendFailure(err: unknown): Error {
  const e = (err ?? {}) as ConnectorError;
  const status = e.statusCode ?? e.response?.status;
  if (status === undefined) return new RetryLater(`Teams connector unreachable (${e.code ?? 'no response'})`);
  if (status === 429 || status >= 500) return new RetryLater(`Teams connector answered ${status}`, retryAfterMs(e.response?.headers?.get?.('retry-after')));
  return new PermanentFailure(`Teams connector refused the message (${status})`);
}

export class TeamsChannel implements Channel {
  readonly platform = 'teams' as const;

  constructor(
    private readonly deps: { adapter: CloudAdapter; appId: string; store: Store; log: Logger; allowList: ServiceUrlAllowList },
  ) {}

  /**
   * Opens a 1:1 chat with someone who has not talked to the bot on Teams yet (a link worker
   * getting their first consultation), by their Entra object id. Teams allows this once the app
   * is installed for them in personal scope; it needs the serviceUrl of their tenant, known once
   * anyone there has talked to the bot.
   */
  async openPersonal(person: Person): Promise<ConversationRef | undefined> {
    if (!person.teams) return undefined;
    const { tenantId, aadObjectId } = person.teams;
    const route = await TENANT_ROUTE_DOC.get(this.deps.store, tenantId.toLowerCase());
    if (!route || !this.deps.allowList.allows(route.serviceUrl)) return undefined;
    const parameters = {
      isGroup: false,
      bot: { id: route.botId, name: '' },
      members: [{ id: aadObjectId, name: '' }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    } as ConversationParameters;
    let ref: ConversationRef | undefined;
    try {
      await this.deps.adapter.createConversationAsync(this.deps.appId, 'msteams', route.serviceUrl, undefined as unknown as string, parameters, async (context) => {
        ref = conversationRef(context.activity);
      });
    } catch (err) {
      const failure = sendFailure(err);
      this.deps.log.warn({ personId: person.id, failure: failure.message }, 'teams: could not open a 1:1 chat');
      throw failure;
    }
    return ref;
  }

  async send(ref: ConversationRef, reply: Reply, opts: ChannelSendOptions = {}): Promise<void> {
    const reference = referenceOf(ref);
    if (!reference) throw new PermanentFailure('the stored Teams conversation reference is incomplete');
    // A reference stored before the allow-list existed, or under another one, is never followed.
    if (!this.deps.allowList.allows(reference.serviceUrl)) throw new PermanentFailure('the stored Teams conversation reference names a serviceUrl not on the allow-list');
    await paceTeamsSend(this.deps.store, ref.id, reference.conversation?.tenantId, opts.queued);
    try {
      // The adapter's connector client is reused across sends (see reused-connectors.ts).
      await this.deps.adapter.continueConversationAsync(this.deps.appId, reference, async (context) => {
        // Straight to the conversation: TurnContext.sendActivity would reply to the made-up
        // continuation activity's id.
        const client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
        const activity = TurnContext.applyConversationReference(toActivity(reply), reference);
        delete activity.replyToId;
        await client.conversations.sendToConversation(reference.conversation!.id, activity as Activity);
      });
    } catch (err) {
      const failure = sendFailure(err);
      this.deps.log.warn({ conversationId: ref.id, failure: failure.message }, 'teams send failed');
      throw failure;
    }
  }
}
