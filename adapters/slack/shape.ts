/**
 * The shapes of Slack requests as far as this bot uses them, checked after the signature and
 * before anything else (the rules written for Bolt's routing are kept: a translator of our own
 * reads the same fields): Events API callbacks (the event
 * an object; message, app_mention and app_home_opened with the fields turns.ts reads;
 * `authorizations` a list of objects), slash commands, and interactivity (block_actions with a
 * list of actions, view submissions with a view). Unknown fields pass; wrong types do not.
 *
 * What a wrong shape gets is decided by the receiver: an event is answered 200 with nothing
 * done (a non-2xx makes Slack retry the same poison event), anything else 400 with
 * `X-Slack-No-Retry: 1`. Either way the log carries the field path, never a value.
 *
 * @example
 *   const problem = shapeProblem(body); // { kind: 'event', field: 'event.user' } or undefined
 */
import { z } from 'zod';
import type { SlackBody } from './body';

const id = z.string().min(1);
const optional = z.string().nullish();

const authorization = z.looseObject({
  team_id: optional,
  user_id: optional,
  enterprise_id: optional,
  is_bot: z.boolean().nullish(),
  is_enterprise_install: z.boolean().nullish(),
});

/** Bolt reads the conversation from `channel` (a string or an object) or `item.channel`: null breaks it. */
const where = {
  channel: z.union([z.string(), z.looseObject({ id: optional })]).optional(),
  channel_id: z.string().optional(),
  item: z.looseObject({ channel: z.string().optional() }).optional(),
};

const messageLike = z.looseObject({
  ...where,
  type: z.enum(['message', 'app_mention']),
  // Absent for some subtypes, never null (Bolt reads it).
  user: z.string().optional(),
  channel: z.string().optional(),
  channel_type: optional,
  text: optional,
  subtype: optional,
  bot_id: optional,
  ts: optional,
  thread_ts: optional,
});
const homeOpened = z.looseObject({ ...where, type: z.literal('app_home_opened'), user: id, channel: z.string().optional(), tab: optional });
const otherEvent = z.looseObject({ ...where, user: z.union([z.string(), z.looseObject({ id: optional })]).optional(), type: z.string().refine((t) => !['message', 'app_mention', 'app_home_opened'].includes(t)) });

const EventCallback = z.looseObject({
  type: z.literal('event_callback'),
  team_id: optional,
  enterprise_id: optional,
  api_app_id: optional,
  event_id: id,
  event_time: z.number().nullish(),
  is_ext_shared_channel: z.boolean().nullish(),
  authorizations: z.array(authorization).nullish(),
  event: z.union([messageLike, homeOpened, otherEvent]),
});

const UrlVerification = z.looseObject({ type: z.literal('url_verification'), challenge: z.string() });

const Command = z.looseObject({ command: id, team_id: id, user_id: id, text: optional, response_url: optional, trigger_id: optional });

const team = z.looseObject({ id: optional }).nullish();
const user = z.looseObject({ id, team_id: optional });
const view = z.looseObject({
  id: optional,
  type: optional,
  callback_id: optional,
  private_metadata: optional,
  hash: optional,
  state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), z.looseObject({}))) }).nullish(),
});

const BlockActions = z.looseObject({
  type: z.literal('block_actions'),
  team,
  user,
  actions: z.array(z.looseObject({ action_id: id, block_id: optional, value: optional, action_ts: optional, type: optional })).min(1),
  container: z.looseObject({}).nullish(),
  channel: z.looseObject({ id: optional }).optional(),
  message: z.looseObject({ ts: optional, thread_ts: optional }).nullish(),
  view: view.nullish(),
  state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), z.looseObject({}))) }).nullish(),
  response_url: optional,
  trigger_id: optional,
});

const ViewPayload = z.looseObject({
  type: z.enum(['view_submission', 'view_closed']),
  team,
  user,
  channel: z.looseObject({ id: optional }).optional(),
  view: view.extend({ id, callback_id: z.string() }),
});

/** Other interactivity (shortcuts, legacy attachments): only what Bolt reads to route them. */
const OtherInteraction = z.looseObject({
  type: z.string().refine((t) => !['block_actions', 'view_submission', 'view_closed', 'event_callback', 'url_verification'].includes(t)),
  team,
  user: user.nullish(),
  channel: z.looseObject({ id: optional }).optional(),
  actions: z.array(z.looseObject({})).min(1).optional(),
  callback_id: optional,
});

export type SlackKind = 'event' | 'command' | 'interaction';

export function kindOf(body: SlackBody): SlackKind {
  if (body.type === 'event_callback' || body.type === 'url_verification' || body.type === 'app_rate_limited') return 'event';
  return body.command !== undefined && body.type === undefined ? 'command' : 'interaction';
}

function schemaFor(body: SlackBody): z.ZodType | undefined {
  switch (body.type) {
    case 'event_callback':
      return EventCallback;
    case 'url_verification':
      return UrlVerification;
    case 'app_rate_limited':
      return undefined;
    case 'block_actions':
      return BlockActions;
    case 'view_submission':
    case 'view_closed':
      return ViewPayload;
    case undefined:
      return body.command !== undefined ? Command : body.ssl_check !== undefined ? undefined : OtherInteraction;
    default:
      return OtherInteraction;
  }
}

/** Undefined when the request has a shape the bot can use; else its kind and the first bad field. */
export function shapeProblem(body: SlackBody): { kind: SlackKind; field: string } | undefined {
  const schema = schemaFor(body);
  if (!schema) return undefined;
  const parsed = schema.safeParse(body);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return { kind: kindOf(body), field: issue?.path.length ? issue.path.join('.') : 'type' };
}
