/**
 * Turns signed Slack payloads into the core's platform-neutral events, and says where that
 * turn's replies go. DMs and @mentions become messages (the bot's own mention removed, other
 * people's written `@Name`), `/swis <text>` becomes a message with that text, button clicks and
 * modal submissions become actions with their inputs. Bot messages, edits and other subtypes
 * are not turns at all (undefined).
 *
 * Where replies go: a DM back into the DM; an @mention into its thread; a slash command
 * privately through its response_url (it may have been typed in any channel, even one the bot
 * is not in, and safeguarding answers must not land there); a click on the App Home into the
 * person's DM.
 *
 * @example
 *   const turn = fromBody(body, { now, nameOf });
 *   if (turn) replies = await bot.handle(turn.event); // then deliver to turn.target
 */
import type { ActionEvent, ConversationRef, InboundEvent, MessageEvent, PlatformUser } from '../../bot/core/events';
import type { SlackBody } from './body';

export interface Target {
  teamId: string;
  userId: string;
  channel?: string;
  threadTs?: string;
  /** Answer privately (slash commands, clicks on ephemeral messages). */
  responseUrl?: string;
  /** Lets a form reply open as a modal (good for three seconds). */
  triggerId?: string;
  /** The click came from the App Home tab: publish it again afterwards. */
  refreshHome?: boolean;
  /** The message whose button was clicked (its ts), so its card can be updated in place. */
  messageTs?: string;
}

export interface SlackTurn {
  event: InboundEvent;
  target: Target;
  /** Handling is serialised per conversation under this key. */
  lockKey: string;
}

export interface MapContext {
  now: Date;
  /** The directory name of a Slack user, for `@Name` in message text. */
  nameOf(teamId: string, userId: string): string | undefined;
}

/** What a modal carries in private_metadata: the submit data and where it was opened from. */
interface ModalMeta {
  d: Record<string, string>;
  c?: string;
  t?: string;
  /** The message whose button opened the modal, updated when the form is sent. */
  m?: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** The workspace a request comes from (events, commands and interactivity put it in different places). */
export function teamOf(body: SlackBody): string | undefined {
  return (
    str(body.team_id) ??
    str(obj(body.team).id) ??
    str(obj(body.user).team_id) ??
    str(obj((Array.isArray(body.authorizations) ? body.authorizations[0] : undefined) as unknown).team_id)
  );
}

/**
 * A stable id for dedupe: Slack resends an event with the same event_id; an interaction or a
 * command is one trigger_id.
 */
export function dedupeKey(body: SlackBody): string | undefined {
  if (body.type === 'event_callback') return str(body.event_id) && `event:${body.event_id}`;
  const trigger = str(body.trigger_id);
  if (trigger) return `${body.command ? 'command' : 'interaction'}:${trigger}`;
  const view = obj(body.view);
  if (str(view.id)) return `view:${view.id}:${str(view.hash) ?? ''}`;
  return undefined;
}

export function user(teamId: string, userId: string): PlatformUser {
  return { platform: 'slack', userId, tenantId: teamId };
}

export function channelRef(teamId: string, channel: string, threadTs?: string): ConversationRef {
  return {
    platform: 'slack',
    id: channel,
    kind: channel.startsWith('D') ? 'personal' : 'channel',
    ...(threadTs ? { threadId: threadTs } : {}),
    address: { channel, teamId },
  };
}

/** A person's DM with the bot when its channel id is not known yet (opened on first send). */
export function userRef(teamId: string, userId: string): ConversationRef {
  return { platform: 'slack', id: userId, kind: 'personal', address: { userId, teamId } };
}

/** A Reply target as a stored-style reference, for handing an undelivered reply to the outbox. */
export function targetRef(t: Target): ConversationRef {
  return t.channel ? channelRef(t.teamId, t.channel, t.threadTs) : userRef(t.teamId, t.userId);
}

export function lockKeyFor(t: Target): string {
  return `slack:conversation:${t.teamId}:${t.channel ?? t.userId}`;
}

/**
 * Slack's message markup to plain text: `<@U1>` to `@Name` (collected as mentions),
 * `<#C1|name>` to `#name`, `<url|label>` to `label`, entities decoded.
 */
export function plainText(
  raw: string,
  teamId: string,
  ctx: MapContext,
  botUserId?: string,
): { text: string; mentions: NonNullable<MessageEvent['mentions']> } {
  const mentions: NonNullable<MessageEvent['mentions']> = [];
  const text = raw
    .replace(/<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, label?: string) => {
      if (id === botUserId) return '';
      const shown = `@${ctx.nameOf(teamId, id) ?? label ?? id}`;
      mentions.push({ user: user(teamId, id), text: shown });
      return shown;
    })
    .replace(/<#[CG][A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<((?:https?|mailto):[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  return { text, mentions };
}

function base(id: string, teamId: string, userId: string, conversation: ConversationRef, now: Date) {
  return { id: `slack:${id}`, platform: 'slack' as const, user: user(teamId, userId), conversation, receivedAt: now };
}

function botUserOf(body: SlackBody): string | undefined {
  const auth = Array.isArray(body.authorizations) ? obj(body.authorizations[0]) : {};
  return str(auth.user_id);
}

/** A message in the bot's DM (message.im). */
export function fromDirectMessage(body: SlackBody, ctx: MapContext): SlackTurn | undefined {
  const e = obj(body.event);
  const teamId = teamOf(body);
  const userId = str(e.user);
  const channel = str(e.channel);
  if (!teamId || !userId || !channel || e.channel_type !== 'im') return undefined;
  // Edits, deletions, joins, file shares and anything a bot wrote (including this one) are not turns.
  if (e.subtype !== undefined || e.bot_id !== undefined || userId === botUserOf(body)) return undefined;
  return channelMessage(body, { teamId, userId, channel, threadTs: str(e.thread_ts) }, str(e.text) ?? '', ctx, botUserOf(body));
}

/** A message posted in a channel or DM (the thread, if any, is where the answer goes). */
function channelMessage(body: SlackBody, target: Required<Pick<Target, 'teamId' | 'userId' | 'channel'>> & Pick<Target, 'threadTs'>, raw: string, ctx: MapContext, botUserId?: string): SlackTurn {
  const { teamId, userId, channel, threadTs } = target;
  const { text, mentions } = plainText(raw, teamId, ctx, botUserId);
  const event: MessageEvent = {
    ...base(String(body.event_id), teamId, userId, channelRef(teamId, channel, threadTs), ctx.now),
    type: 'message',
    text,
    ...(mentions.length ? { mentions } : {}),
  };
  return { event, target, lockKey: lockKeyFor(target) };
}

/** @SWIS in a channel: the answer goes in the thread. */
export function fromMention(body: SlackBody, ctx: MapContext): SlackTurn | undefined {
  const e = obj(body.event);
  const teamId = teamOf(body);
  const userId = str(e.user);
  const channel = str(e.channel);
  // In the bot's own DM the same words arrive as message.im; answering both would answer twice.
  if (!teamId || !userId || !channel || channel.startsWith('D') || e.bot_id !== undefined) return undefined;
  const botUserId = botUserOf(body);
  let raw = str(e.text) ?? '';
  if (!botUserId) raw = raw.replace(/^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>/, '');
  return channelMessage(body, { teamId, userId, channel, threadTs: str(e.thread_ts) ?? str(e.ts) }, raw, ctx, botUserId);
}

/** `/swis <text>`: a message with that text, answered privately. */
export function fromCommand(body: SlackBody, ctx: MapContext): SlackTurn | undefined {
  const teamId = str(body.team_id);
  const userId = str(body.user_id);
  if (!teamId || !userId) return undefined;
  const { text, mentions } = plainText(str(body.text) ?? '', teamId, ctx);
  const target: Target = { teamId, userId, responseUrl: str(body.response_url), triggerId: str(body.trigger_id) };
  const event: MessageEvent = {
    ...base(`command:${str(body.trigger_id) ?? ctx.now.getTime()}`, teamId, userId, userRef(teamId, userId), ctx.now),
    type: 'message',
    text: text || 'help',
    ...(mentions.length ? { mentions } : {}),
  };
  return { event, target, lockKey: lockKeyFor({ teamId, userId }) };
}

/** A button click (block_actions). Buttons we render carry `{verb,data}` JSON in their value. */
export function fromBlockAction(body: SlackBody, ctx: MapContext): SlackTurn | undefined {
  const teamId = teamOf(body);
  const userId = str(obj(body.user).id);
  const action = obj(Array.isArray(body.actions) ? body.actions[0] : undefined);
  const routed = buttonValue(action.value);
  if (!teamId || !userId || !routed) return undefined;
  const container = obj(body.container);
  const view = obj(body.view);
  const message = obj(body.message);
  const channel = str(obj(body.channel).id) ?? str(container.channel_id);
  let target: Target;
  if (container.is_ephemeral && str(body.response_url)) {
    target = { teamId, userId, responseUrl: str(body.response_url) };
  } else if (channel) {
    target = { teamId, userId, channel, threadTs: str(message.thread_ts) };
  } else if (view.type === 'modal') {
    const meta = decodeMeta(view.private_metadata);
    target = { teamId, userId, channel: meta.c, threadTs: meta.t };
  } else {
    target = { teamId, userId, refreshHome: view.type === 'home' };
  }
  target.triggerId = str(body.trigger_id);
  target.messageTs = str(message.ts) ?? str(container.message_ts);
  const values = Object.keys(obj(obj(view.state).values)).length ? obj(view.state) : obj(body.state);
  const event: ActionEvent = {
    ...base(`interaction:${str(body.trigger_id) ?? str(action.action_ts)}`, teamId, userId, targetRef(target), ctx.now),
    type: 'action',
    verb: routed.verb,
    data: routed.data,
    inputs: inputsOf(values.values),
  };
  return { event, target, lockKey: lockKeyFor(target) };
}

/** A modal's Submit: the callback id is the verb, private_metadata carries the data. */
export function fromViewSubmission(body: SlackBody, ctx: MapContext): SlackTurn | undefined {
  const teamId = teamOf(body);
  const userId = str(obj(body.user).id);
  const view = obj(body.view);
  const verb = str(view.callback_id);
  if (!teamId || !userId || !verb) return undefined;
  const meta = decodeMeta(view.private_metadata);
  const target: Target = { teamId, userId, channel: meta.c, threadTs: meta.t, messageTs: meta.m };
  const event: ActionEvent = {
    ...base(`view:${str(view.id)}:${str(view.hash) ?? ''}`, teamId, userId, targetRef(target), ctx.now),
    type: 'action',
    verb,
    data: meta.d,
    inputs: inputsOf(obj(view.state).values),
  };
  return { event, target, lockKey: lockKeyFor(target) };
}

/** What a modal opened from this turn should remember: its submit data and where replies go. */
export function encodeMeta(data: Record<string, string> | undefined, target: Target): string {
  const meta: ModalMeta = { d: data ?? {} };
  // A modal opened from a slash command answers in the DM, not in whatever channel it was typed.
  if (target.channel && !target.responseUrl) {
    meta.c = target.channel;
    if (target.threadTs) meta.t = target.threadTs;
    if (target.messageTs) meta.m = target.messageTs;
  }
  return JSON.stringify(meta);
}

function decodeMeta(raw: unknown): ModalMeta {
  try {
    const m = obj(JSON.parse(typeof raw === 'string' && raw ? raw : '{}'));
    return { d: strings(m.d), c: str(m.c), t: str(m.t), m: str(m.m) };
  } catch {
    return { d: {} };
  }
}

function buttonValue(value: unknown): { verb: string; data: Record<string, string> } | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const v = obj(JSON.parse(value));
    const verb = str(v.verb);
    return verb ? { verb, data: strings(v.data) } : undefined;
  } catch {
    return undefined;
  }
}

function strings(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(obj(v))) if (typeof x === 'string') out[k] = x;
  return out;
}

/** `state.values` (block id → action id → element state) to input values by input id. */
export function inputsOf(values: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const block of Object.values(obj(values))) {
    for (const [id, raw] of Object.entries(obj(block))) {
      const s = obj(raw);
      let v: string | undefined;
      if (typeof s.value === 'string') v = s.value;
      else if (s.selected_option) v = str(obj(s.selected_option).value);
      else if (Array.isArray(s.selected_options)) v = s.selected_options.map((o) => str(obj(o).value)).filter(Boolean).join(',');
      else if (typeof s.selected_date === 'string') v = s.selected_date;
      else if (typeof s.selected_time === 'string') v = s.selected_time;
      else if (typeof s.selected_user === 'string') v = s.selected_user;
      else if (typeof s.selected_conversation === 'string') v = s.selected_conversation;
      if (v !== undefined && v !== '') out[id] = v;
    }
  }
  return out;
}
