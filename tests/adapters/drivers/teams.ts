/**
 * The adapter contract's Teams driver: the real server on the real Redis (its own key prefix)
 * with the Teams adapter in authenticated mode (an app id; Bot Framework tokens minted by a
 * local OpenID server), Microsoft's Bot
 * Connector played on loopback, people writing in their 1:1 chat and pressing Action.Submit
 * buttons; what they saw is what the connector was asked to show in that chat.
 *
 * @example
 *   const d = await startTeamsDriver();
 *   await d.say('dsl.werneth', 'help');
 *   d.seen('dsl.werneth')[0].text;     // the card's notification text
 */
import { pressableAdaptive } from '../../cards/pressable';
import { shownText, startTeams, type ConnectorRequest } from '../../teams/harness';
import type { AdapterDriver, Seen } from '../contract';

const APP_ID = '6b1f5c1e-0000-4000-8000-00000000c016';

function seenOf(r: ConnectorRequest): Seen {
  const content = r.body?.attachments?.[0]?.content;
  return { text: shownText(r), shown: [r.body?.text ?? '', r.body?.summary ?? '', JSON.stringify(content ?? {})].join('\n'), buttons: content ? pressableAdaptive(content) : [] };
}

export async function startTeamsDriver(): Promise<AdapterDriver> {
  const t = await startTeams({ appId: APP_ID, auth: true, redis: true });
  let last: unknown;
  const post = async (activity: unknown) => {
    last = activity;
    const res = await t.post(activity, { token: t.auth!.mint() });
    if (res.status !== 200) throw new Error(`Teams got ${res.status} from the bot: ${res.text}`);
  };
  /** What the connector showed in a conversation: sent and updated activities, in order. */
  const shownIn = (conversationId: string) =>
    t.connector.requests.filter((r) => (r.method === 'POST' || r.method === 'PUT') && r.conversationId === conversationId && !r.refused).map(seenOf);
  return {
    platform: 'teams',
    app: t.app,
    say: (personId, text) => post(t.activities.personal(t.person(personId), text)),
    press: (personId, verb, data = {}, inputs = {}) => post(t.activities.submit(t.person(personId), verb, data, inputs)),
    async stranger(text) {
      const someone = t.stranger();
      const activity = t.activities.personal(someone, text);
      await post(activity);
      return shownIn(activity.conversation.id);
    },
    seen: (personId) => shownIn(t.activities.personalConversation(t.person(personId)).id),
    again: () => post(last),
    refuseNextReply: () => t.connector.failNext({ status: 503, body: { error: { code: 'ServiceUnavailable', message: 'try later' } } }),
    refused: () => t.connector.requests.filter((r) => r.refused).length,
    idle: () => t.settle(),
    close: () => t.close(),
  };
}
