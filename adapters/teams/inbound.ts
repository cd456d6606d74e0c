/**
 * Turns a Teams activity into the core's platform-neutral event: messages (the bot's @mention
 * removed, other people's mentions written `@Name`), card submits (`Action.Submit` puts
 * `{ swis: { verb, data } }` beside the inputs), `Action.Execute` invokes, and installs.
 * Anything else maps to nothing and is ignored by the caller.
 *
 * The conversation reference botbuilder needs for proactive sends goes in
 * `ConversationRef.address.reference`, without people's names.
 *
 * @example
 *   const event = toInboundEvent(context.activity, new Date());
 *   if (event) replies = await app.bot.handle(event);
 */
import type { Activity, ConversationReference } from 'botbuilder';
import { ACTION_KEY } from '../../cards/adaptive';
import type { ConversationRef, InboundEvent, PlatformUser } from '../../bot/core/events';

export const ADAPTIVE_CARD_ACTION = 'adaptiveCard/action';

export function tenantOf(activity: Partial<Activity>): string | undefined {
  const fromConversation = activity.conversation?.tenantId;
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return fromConversation || (typeof fromChannelData === 'string' && fromChannelData ? fromChannelData : undefined);
}

export function platformUser(activity: Partial<Activity>): PlatformUser {
  const from = activity.from ?? { id: '', name: '' };
  return { platform: 'teams', userId: from.aadObjectId || from.id, tenantId: tenantOf(activity), displayName: from.name || undefined };
}

/** Channel conversation ids carry the reply chain after `;messageid=`. */
export function splitThread(conversationId: string): { id: string; threadId?: string } {
  const [id, threadId] = conversationId.split(';messageid=');
  return threadId ? { id, threadId } : { id };
}

export function conversationRef(activity: Partial<Activity>): ConversationRef {
  const conv = activity.conversation!;
  const kind = conv.conversationType === 'channel' ? 'channel' : conv.conversationType === 'groupChat' || conv.isGroup ? 'group' : 'personal';
  // Ids only: names are content the core does not need to reach someone later.
  const reference = {
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    ...(activity.locale ? { locale: activity.locale } : {}),
    conversation: { id: conv.id, ...(conv.conversationType ? { conversationType: conv.conversationType } : {}), ...(conv.isGroup ? { isGroup: true } : {}), ...(tenantOf(activity) ? { tenantId: tenantOf(activity) } : {}) },
    bot: { id: activity.recipient?.id ?? '' },
    ...(kind === 'personal' && activity.from ? { user: { id: activity.from.id, ...(activity.from.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}) } } : {}),
  };
  const { id, threadId } = splitThread(conv.id);
  return { platform: 'teams', id, kind, ...(threadId ? { threadId } : {}), address: { reference } };
}

/** The botbuilder reference stored in a ConversationRef, aimed at its thread when it has one. */
export function referenceOf(ref: ConversationRef): Partial<ConversationReference> | undefined {
  const stored = ref.address?.reference as Partial<ConversationReference> | undefined;
  if (!stored?.serviceUrl || !stored.conversation?.id) return undefined;
  const conversationId = ref.threadId ? `${ref.id};messageid=${ref.threadId}` : ref.id;
  return { ...stored, conversation: { ...stored.conversation, id: conversationId } };
}

function stringValues(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    if (k === ACTION_KEY || k === 'msteams') continue;
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}

interface Envelope {
  verb: string;
  data: Record<string, string>;
}

function envelope(value: unknown): Envelope | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const e = (value as Record<string, unknown>)[ACTION_KEY] as { verb?: unknown; data?: unknown } | undefined;
  if (!e || typeof e.verb !== 'string' || !e.verb) return undefined;
  return { verb: e.verb, data: stringValues(e.data) };
}

/** The message text with the bot's mention removed and other mentions as `@Name`. */
function messageText(activity: Partial<Activity>): { text: string; mentions: { user: PlatformUser; text: string }[] } {
  let text = activity.text ?? '';
  const mentions: { user: PlatformUser; text: string }[] = [];
  const botId = activity.recipient?.id;
  for (const e of activity.entities ?? []) {
    if (e.type !== 'mention') continue;
    const mentioned = e.mentioned as { id?: string; name?: string; aadObjectId?: string } | undefined;
    const raw = typeof e.text === 'string' ? e.text : mentioned?.name ? `<at>${mentioned.name}</at>` : '';
    if (!mentioned?.id || !raw) continue;
    if (mentioned.id === botId) {
      text = text.split(raw).join(' ');
    } else {
      const label = `@${mentioned.name ?? raw.replace(/<\/?at>/g, '')}`;
      text = text.split(raw).join(label);
      mentions.push({ user: { platform: 'teams', userId: mentioned.aadObjectId || mentioned.id, tenantId: tenantOf(activity), displayName: mentioned.name }, text: label });
    }
  }
  text = text
    .replace(/<\/?at>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { text, mentions };
}

function botWasAdded(activity: Partial<Activity>): boolean {
  const botId = activity.recipient?.id;
  return !!botId && (activity.membersAdded ?? []).some((m) => m.id === botId);
}

/** The core event for a Teams activity, or undefined when the core has nothing to do with it. */
export function toInboundEvent(activity: Partial<Activity>, receivedAt: Date): InboundEvent | undefined {
  const base = {
    id: `teams:${activity.id ?? ''}`,
    platform: 'teams' as const,
    user: platformUser(activity),
    conversation: conversationRef(activity),
    receivedAt,
  };
  switch (activity.type) {
    case 'message': {
      const submitted = envelope(activity.value);
      if (submitted) return { ...base, type: 'action', verb: submitted.verb, data: submitted.data, inputs: stringValues(activity.value) };
      const { text, mentions } = messageText(activity);
      if (!text) return undefined;
      return { ...base, type: 'message', text, ...(mentions.length ? { mentions } : {}) };
    }
    case 'invoke': {
      if (activity.name !== ADAPTIVE_CARD_ACTION) return undefined;
      const action = (activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
      if (!action) return undefined;
      const inner = envelope(action.data);
      const verb = inner?.verb ?? (typeof action.verb === 'string' ? action.verb : '');
      if (!verb) return undefined;
      const fields = stringValues(action.data);
      // Without our envelope a card author's ids and the inputs arrive in one object: give both views.
      return { ...base, type: 'action', verb, data: inner ? inner.data : fields, inputs: fields };
    }
    case 'installationUpdate':
      return activity.action === 'add' || activity.action === 'add-upgrade' ? { ...base, type: 'installed' } : undefined;
    case 'conversationUpdate':
      return botWasAdded(activity) ? { ...base, type: 'installed' } : undefined;
    default:
      return undefined;
  }
}
