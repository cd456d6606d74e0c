/**
 * The adapter contract's Slack driver: the real server with the Slack adapter, Slack's Web API
 * (and response_urls) played on loopback, signed requests as Slack sends them: a DM for what a
 * person types, a button click in their DM for a press, a modal submission for a press with a
 * form's inputs. What the person saw is every post, update, response_url answer and modal
 * meant for them, and a modal's own answer (its field errors).
 *
 * @example
 *   const d = await startSlackDriver();
 *   await d.press('dsl.werneth', 'help.show');
 *   d.seen('dsl.werneth')[0].buttons;
 */
import { pressableBlocks } from '../../cards/pressable';
import { startSlack, type ApiCall, type SlackRequest } from '../../slack/harness';
import type { AdapterDriver, Seen } from '../contract';

const STRANGER = 'U0NOBODY';

function seenOfCall(c: ApiCall): Seen {
  if (c.method.startsWith('views.')) {
    const view = c.params.view ?? {};
    const submit = view.submit ? [{ title: String(view.submit.text ?? ''), verb: String(view.callback_id), data: metadataOf(view).d ?? {} }] : [];
    return { text: String(view.title?.text ?? ''), shown: JSON.stringify(view), buttons: [...pressableBlocks(view.blocks ?? []), ...submit] };
  }
  const blocks = c.params.blocks ?? [];
  return { text: String(c.params.text ?? ''), shown: [c.params.text ?? '', JSON.stringify(blocks)].join('\n'), buttons: pressableBlocks(blocks) };
}

function metadataOf(view: any): { d?: Record<string, string> } {
  try {
    return JSON.parse(view.private_metadata || '{}');
  } catch {
    return {};
  }
}

/** A modal's answer to its submission: field errors kept beside the fields, or the next form. */
function seenOfAnswer(body: any): Seen | undefined {
  if (body?.response_action === 'errors') return { text: '', shown: JSON.stringify(body.errors), buttons: [], fieldErrors: body.errors };
  if (body?.response_action === 'update' || body?.response_action === 'push') return seenOfCall({ method: 'views.answer', params: { view: body.view } });
  return undefined;
}

export async function startSlackDriver(): Promise<AdapterDriver> {
  const s = await startSlack();
  const userOf = (personId: string): string => {
    const u = s.app.services.config.people.find((p) => p.id === personId)?.slack?.userId;
    if (!u) throw new Error(`${personId} has no Slack identity in the configuration`);
    return u;
  };
  /** Things seen by Slack user id, with the order they happened in. */
  const answers: { user: string; at: number; seen: Seen; view?: any }[] = [];
  const triggers = new Map<string, string>();
  let requests = 0;
  let last: SlackRequest | undefined;

  const send = async (req: SlackRequest, user: string) => {
    last = req;
    const res = await s.send(req);
    if (res.status !== 200) throw new Error(`Slack got ${res.status} from the bot: ${res.text}`);
    const answer = res.text ? seenOfAnswer(res.json()) : undefined;
    if (answer) answers.push({ user, at: s.fake.calls.length, seen: answer, view: res.json().view });
    await s.idle();
  };
  const mine = (user: string, c: ApiCall): boolean => {
    const dm = `D${user.slice(1)}`;
    if (c.refused) return false;
    return (
      ((c.method === 'chat.postMessage' || c.method === 'chat.update') && c.params.channel === dm) ||
      (c.method === 'response_url' && !!c.path?.startsWith(`/respond/${user}-`)) ||
      (c.method.startsWith('views.') && c.method !== 'views.publish' && triggers.get(c.params.trigger_id) === user)
    );
  };
  /** The modal open for this person (the last one opened or moved on to), if any. */
  const modalOf = (user: string): any => {
    const views = [
      ...s.fake.calls.map((c, at) => ({ at, view: c.method.startsWith('views.') && mine(user, c) ? c.params.view : undefined })),
      ...answers.filter((a) => a.user === user).map((a) => ({ at: a.at, view: a.view })),
    ].filter((v) => v.view);
    return views.sort((a, b) => a.at - b.at).at(-1)?.view;
  };
  const seenBy = (user: string): Seen[] => {
    const calls = s.fake.calls.map((c, i) => ({ at: i, c })).filter(({ c }) => mine(user, c)).map(({ at, c }) => ({ at, seen: seenOfCall(c) }));
    return [...calls, ...answers.filter((a) => a.user === user)].sort((a, b) => a.at - b.at).map((x) => x.seen);
  };

  return {
    platform: 'slack',
    app: s.app,
    say: (personId, text) => send(s.dm(userOf(personId), text), userOf(personId)),
    async press(personId, verb, data = {}, inputs = {}) {
      const user = userOf(personId);
      const values = Object.fromEntries(Object.entries(inputs).map(([id, value]) => [id, { [id]: { type: 'plain_text_input', value } }]));
      // A form's Submit is the open modal's (its metadata carries the data); else a button in the DM with the message's inputs.
      const modal = modalOf(user);
      if (modal?.callback_id === verb) return send(s.submit(user, verb, values, modal.private_metadata), user);
      const state = { values: Object.keys(values).length ? values : {} };
      const req = s.click(user, verb, data, { state, response_url: s.fake.responseUrl(`${user}-${++requests}`) });
      triggers.set(JSON.parse(new URLSearchParams(req.body).get('payload')!).trigger_id, user);
      return send(req, user);
    },
    async stranger(text) {
      await send(s.dm(STRANGER, text), STRANGER);
      return seenBy(STRANGER);
    },
    seen: (personId) => seenBy(userOf(personId)),
    async again() {
      if (!last) throw new Error('nothing sent yet');
      await s.send(last, { retryNum: 1 });
      await s.idle();
    },
    refuseNextReply: () => s.fake.failNext('chat.postMessage', { status: 429, headers: { 'Retry-After': '1' }, body: { ok: false, error: 'ratelimited' } }),
    refused: () => s.fake.calls.filter((c) => c.refused).length,
    async idle() {
      await s.idle();
      await s.settle();
    },
    close: () => s.close(),
  };
}
