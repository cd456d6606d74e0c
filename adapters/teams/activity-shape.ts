/**
 * The shape of a Teams activity as far as this bot uses it, checked before botbuilder or the
 * core sees it: the ids and addresses every activity needs, and the right types for the fields
 * the bot reads (text, mentions, card values, invoke name, members added, tenant). Anything else
 * passes through untouched. A wrong shape is answered 400 naming the field, never a 500.
 *
 * @example
 *   const checked = checkActivity(JSON.parse(body));
 *   if (!checked.ok) return answer(400, { code: 'BadRequest', message: `activity field ${checked.field} is not valid` });
 */
import { z } from 'zod';

const text = z.string().min(1);
const optionalText = z.string().nullish();
const account = z.looseObject({ id: text, name: optionalText, aadObjectId: optionalText, role: optionalText });

const mention = z.looseObject({
  type: z.literal('mention'),
  text: optionalText,
  mentioned: z.looseObject({ id: text, name: optionalText, aadObjectId: optionalText }),
});
const otherEntity = z.looseObject({ type: z.string().refine((t) => t !== 'mention') });

export const ActivityShape = z.looseObject({
  type: text,
  id: optionalText,
  channelId: text,
  serviceUrl: z.string().regex(/^https?:\/\//i, 'must be an http(s) URL'),
  conversation: z.looseObject({
    id: text,
    conversationType: optionalText,
    isGroup: z.boolean().nullish(),
    tenantId: optionalText,
  }),
  from: account,
  recipient: account,
  text: optionalText,
  locale: optionalText,
  replyToId: optionalText,
  name: optionalText,
  action: optionalText,
  entities: z.array(z.union([mention, otherEntity])).nullish(),
  membersAdded: z.array(z.looseObject({ id: text })).nullish(),
  membersRemoved: z.array(z.looseObject({ id: text })).nullish(),
  channelData: z.looseObject({ tenant: z.looseObject({ id: optionalText }).nullish() }).nullish(),
});

export type CheckedActivity = { ok: true; activity: z.infer<typeof ActivityShape> } | { ok: false; field: string };

/** The activity when its shape is usable, else the first field that is not (a path, never a value). */
export function checkActivity(body: unknown): CheckedActivity {
  const parsed = ActivityShape.safeParse(body);
  if (parsed.success) return { ok: true, activity: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, field: issue?.path.length ? issue.path.join('.') : 'activity' };
}
