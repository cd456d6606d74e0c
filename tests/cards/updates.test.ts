/**
 * Cards change when used, end to end on each platform: the worker's answer card turns into its
 * final state (who answered, when, what; the quick answers gone) in place of the card pressed,
 * and a second press on a stale copy is refused with what already happened.
 *
 * Teams: Universal Actions. The press is an `adaptiveCard/action` invoke and the new card comes
 * back in the invoke response. Slack: the clicked message is updated with chat.update. Terminal:
 * the card is reprinted. Real server, platforms played on loopback.
 */
import { ConsoleSession } from '../../adapters/console/console-session';
import { consoleEvent, makeApp } from '../helpers/app';
import { GOOD_FORM } from '../consultations/flow';
import { startSlack, type SlackTest } from '../slack/harness';
import { cardActions, startTeams, type TeamsTest } from '../teams/harness';
import { pressableBlocks } from './pressable';
import type { App } from '../../bot/app';

const AMIRA_SLACK = 'U0SWIS0004';

/** Priya (at a terminal, no channel needed) asks; the card goes to Amira wherever she talks to the bot. */
async function priyaAsks(app: App): Promise<void> {
  const handle = (verb: string, data: Record<string, string>, inputs: Record<string, string>) =>
    app.bot.handle(consoleEvent('dsl.werneth', { type: 'action', verb, data, inputs }, app.services.now()));
  const [afterForm] = await handle('consult.submit', {}, GOOD_FORM);
  const ind = afterForm.card?.actions.find((a) => a.type === 'submit' && a.verb === 'consult.indicators');
  if (ind?.type === 'submit') await handle('consult.indicators', ind.data ?? {}, { ind_neglect: 'neglect-hunger' });
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('on Teams, the answer card turns into its final state (Universal Actions)', () => {
  let t: TeamsTest;
  beforeEach(async () => {
    t = await startTeams();
  });
  afterEach(() => t.close());

  it('returns the answered card in the invoke response, and refuses a second press with what happened', async () => {
    const amira = t.person('sw.amira');
    await t.post(t.activities.personal(amira, 'hello'));
    await t.connector.waitForSent(1);
    t.connector.clear();
    await priyaAsks(t.app);
    await t.settle();
    await until(() => t.connector.sent.some((s) => /New consultation/.test(JSON.stringify(s.body))), 'the card to reach Amira');
    const card = t.connector.sent.find((s) => /New consultation/.test(JSON.stringify(s.body)))!;
    const content = card.body.attachments[0].content;
    const buttons = [...content.actions];
    expect(buttons.length).toBeLessThanOrEqual(3);
    expect(buttons.every((b: any) => b.type === 'Action.Execute')).toBe(true);
    const early = cardActions(card).find((a) => a.title === 'Early help')!;
    t.connector.clear();

    const press = await t.post(t.activities.execute(amira, early.verb, { swis: { verb: early.verb, data: early.data }, answer: 'early_help', advice: 'Start an early help assessment.' }));
    expect(press.status).toBe(200);
    expect(press.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const final = JSON.stringify(press.body.value);
    expect(final).toMatch(/Answered by Amira at \d\d:\d\d: Early help/);
    const left = cardActions({ body: { attachments: [{ content: press.body.value }] } }).map((a) => a.verb);
    expect(left).not.toContain('consult.answer');
    expect(left).toEqual(['consult.reply.form', 'consult.change.form', 'consult.close']);

    // The same card pressed again (another device, a stale copy): refused, with what already happened.
    const again = await t.post(t.activities.execute(amira, early.verb, { swis: { verb: early.verb, data: { ...early.data, answer: 'nfa' } }, answer: 'nfa' }));
    expect(again.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(again.body.value)).toMatch(/Answered by Amira at \d\d:\d\d: Early help/);
    await t.settle();
    expect(t.connector.sent.map((s) => `${s.body.text ?? ''}${s.body.summary ?? ''}`)).toContainEqual(expect.stringMatching(/^Already answered by Amira at [^:]*\d\d:\d\d: Early help \(consultation #1\)/));
    const c = (await t.app.services.activityLog.query({ schoolId: 'werneth', from: new Date(0), to: new Date('2100-01-01') }, { personId: 'test', purpose: 'test' }));
    // Recorded once, when first answered (the second press changed nothing).
    expect(c.map((e) => e.outcome)).toEqual(['early_help']);
  });

  it('answers an unknown verb once, in the invoke response only', async () => {
    const amira = t.person('sw.amira');
    await t.post(t.activities.personal(amira, 'hello'));
    await t.connector.waitForSent(1);
    t.connector.clear();
    const res = await t.post(t.activities.execute(amira, 'no.such.verb', { swis: { verb: 'no.such.verb', data: {} } }));
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: expect.stringMatching(/older version/) });
    await t.settle();
    expect(t.connector.sent).toHaveLength(0);
  });
});

describe('on Slack, the clicked message is updated to its final state', () => {
  let s: SlackTest;
  beforeEach(async () => {
    s = await startSlack();
  });
  afterEach(() => s.close());

  it('updates the answer card with chat.update and refuses a second click with what happened', async () => {
    await s.send(s.dm(AMIRA_SLACK, 'hello'));
    await s.idle();
    await priyaAsks(s.app);
    await until(() => s.fake.of('chat.postMessage').some((p) => /New consultation/.test(p.params.text)), 'the card to reach Amira');
    const post = s.fake.of('chat.postMessage').find((p) => /New consultation/.test(p.params.text))!;
    const blocks = post.params.blocks;
    const buttons = blocks.filter((b: any) => b.type === 'actions').flatMap((b: any) => b.elements);
    expect(buttons.length).toBeLessThanOrEqual(3);
    const answerList = blocks.find((b: any) => b.block_id === 'answer');
    expect(answerList.element.type).toBe('static_select');
    const send = buttons.find((b: any) => b.text.text === 'Send answer');
    const early = pressableBlocks(blocks).find((p) => p.title === 'Early help')!;
    const state = { values: { answer: { answer: { type: 'static_select', selected_option: { value: 'early_help' } } } } };
    const click = (value: string) =>
      s.click(AMIRA_SLACK, early.verb, early.data, { state, message: { ts: '1700000000.000300', type: 'message', text: 'card' }, actions: [{ type: 'button', action_id: send.action_id, block_id: 'b1', value, action_ts: '1' }] });

    await s.send(click(send.value));
    await s.idle();
    await until(() => s.fake.of('chat.update').length > 0, 'the card to be updated');
    const update = s.fake.of('chat.update')[0];
    expect(update.params).toMatchObject({ channel: `D${AMIRA_SLACK.slice(1)}`, ts: '1700000000.000300' });
    expect(JSON.stringify(update.params.blocks)).toMatch(/Answered by Amira at \d\d:\d\d: Early help/);
    expect(pressableBlocks(update.params.blocks).map((p) => p.verb)).toEqual(['consult.reply.form', 'consult.change.form', 'consult.close']);

    await s.send(click(send.value));
    await s.idle();
    await until(() => s.fake.of('chat.postMessage').some((p) => /^Already answered by Amira/.test(p.params.text)), 'the refusal');
    expect(s.fake.of('chat.update')).toHaveLength(2);
  });
});

describe('at a terminal, the card is reprinted in its final state', () => {
  it('prints the answered card after the press and refuses a second one', async () => {
    const t = await makeApp();
    const out: string[] = [];
    const amira = new ConsoleSession(t.app, 'sw.amira', (l) => out.push(l));
    t.app.services.notifier.addChannel(amira);
    await amira.input('hello');
    await priyaAsks(t.app);
    await t.settle();
    expect(out.join('\n')).toMatch(/New consultation/);
    const n = out.join('\n').match(/\[(\d+)\] Early help/)![1];
    let id = '';
    for await (const ids of t.app.services.store.scanIds('consultation')) id = ids[0] ?? id;
    out.length = 0;
    await amira.input(n);
    for (const _ of ['advice', 'timeSpent']) await amira.input('');
    expect(out.join('\n')).toMatch(/\(card updated\)\nSent to Priya[\s\S]*Answered by Amira at \d\d:\d\d: Early help/i);
    out.length = 0;
    await t.app.bot.handle(consoleEvent('sw.amira', { type: 'action', verb: 'consult.answer', data: { id, answer: 'nfa' }, inputs: {} }, t.clock.now())).then((r) => out.push(...r.map((x) => x.text)));
    expect(out).toContainEqual(expect.stringMatching(/^Already answered by Amira at [^:]*\d\d:\d\d: Early help \(consultation #1\)/));
    await t.close();
  });
});
