import type { TestApp } from '../helpers/app';
import { action, actions, askAdvice, consultApp, last, MINUTE, shown } from './flow';

const ALL = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-12-31T00:00:00Z') };

describe('consultations: answers, replies, closing and the record', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await consultApp();
  });
  afterEach(() => t.close());

  it('the worker answers from the card; the school sees it in the same chat and the escalation is called off', async () => {
    const { id } = await askAdvice(t);
    t.clock.advance(4 * MINUTE);
    const [mine] = await t.press('sw.amira', 'consult.answer', { id, answer: 'early_help' }, { advice: 'Start an early help assessment; I can join the TAF.', timeSpent: '5_30' });
    expect(shown(mine)).toMatch(/Sent to Priya/);
    await t.settle();
    const school = last(t, 'dsl.werneth');
    expect(school?.card?.title).toBe('Amira answered');
    expect(shown(school)).toMatch(/Amira: Early help\. Start an early help assessment/);
    expect(actions(school).map((a) => a.verb)).toEqual(['consult.reply.form', 'consult.referred', 'consult.close']);
    // Far past the 20-minute target: nothing escalates, because Amira answered.
    const before = t.channel.sent.length;
    await t.advance(3 * 60 * MINUTE);
    expect(t.channel.to('sp.olu')).toHaveLength(0);
    expect(t.channel.sent.length).toBe(before);
  });

  it('"I\'ll call you" counts as a first response without an outcome', async () => {
    const { id } = await askAdvice(t);
    await t.press('sw.amira', 'consult.answer', { id, answer: 'call' });
    await t.settle();
    expect(shown(last(t, 'dsl.werneth'))).toMatch(/Amira: I'll call you/);
  });

  it('several replies each way, then the worker closes with outcome and time spent', async () => {
    const { id } = await askAdvice(t);
    await t.press('sw.amira', 'consult.reply.send', { id }, { advice: 'Has the child said who is at home in the evenings?' });
    await t.settle();
    const [form] = await t.press('dsl.werneth', 'consult.reply.form', { id });
    expect(form.form).toBe(true);
    await t.press('dsl.werneth', 'consult.reply.send', { id }, { message: 'Mum works nights; an older sibling (Y11) is at home.' });
    await t.settle();
    expect(shown(last(t, 'sw.amira'))).toMatch(/Priya: Mum works nights/);
    await t.press('sw.amira', 'consult.answer', { id, answer: 'monitor' }, { advice: 'Monitor for two weeks and keep breakfast club going.' });
    const [ask] = await t.press('sw.amira', 'consult.close', { id });
    expect(ask.form).toBe(true);
    expect(shown(ask)).toMatch(/Time spent/);
    const [closed] = await t.press('sw.amira', 'consult.close', { id }, { outcome: 'advice_and_monitor', timeSpent: '5_30' });
    expect(closed.text).toMatch(/Closed consultation #1 \(Advice – school to monitor\)/);
    await t.settle();
    expect(last(t, 'dsl.werneth')?.text).toMatch(/Amira Hassan closed consultation #1: Advice – school to monitor/);
    const [again] = await t.press('dsl.werneth', 'consult.reply.send', { id }, { message: 'one more thing' });
    expect(again.text).toMatch(/closed/);
  });

  it('writes one activity-log entry with every field, the exchange kept beside it', async () => {
    const { id } = await askAdvice(t, 'staff.werneth.hoy9', { consent: 'consented' });
    t.clock.advance(7 * MINUTE);
    await t.press('sw.amira', 'consult.answer', { id, answer: 'mash' }, { advice: 'Please refer to the MASH today; I will support.', timeSpent: '30_60' });
    await t.press('staff.werneth.hoy9', 'consult.close', { id });
    const entries = await t.app.services.activityLog.query({ schoolId: 'werneth', ...ALL }, { personId: 'test', purpose: 'test' });
    expect(entries).toHaveLength(1);
    const e = entries[0];
    expect(e).toMatchObject({
      schoolId: 'werneth',
      teamId: 'werneth-swis',
      workerId: 'sw.amira',
      raisedBy: { personId: 'staff.werneth.hoy9', role: 'head_or_year_head' },
      child: { yearGroup: 'Y9', reference: 'JS' },
      activityType: 'potential_referral_discussion',
      outcome: 'mash_referral_advised',
      timeSpent: '30_60',
      consent: 'consented',
      holding: false,
      source: { kind: 'consultation', id },
      recordedBy: 'sw.amira', // written when Amira first answered, not when someone pressed Close
      occurredAt: '2026-11-23T10:00:00.000Z',
    });
    expect(e.measures?.firstResponseMs).toBe(7 * MINUTE);
    expect(e.measures?.indicativeLevel).toBe(3);
    expect(e.query).toMatch(/Concern: Neglect/);
    expect(e.query).toMatch(/hungry again/);
    expect(e.response).toMatch(/MASH today/);
    const [view] = await t.press('sw.amira', 'consult.view', { id });
    expect(shown(view)).toMatch(/Closed – MASH referral advised/);
    expect(shown(view)).toMatch(/Lucy: hungry|Lucy: Came in hungry/);
  });

  it('when the school closes before an outcome, the worker records it later as an amendment', async () => {
    const { id } = await askAdvice(t);
    await t.press('sw.amira', 'consult.answer', { id, answer: 'call' });
    await t.press('dsl.werneth', 'consult.close', { id });
    await t.settle();
    const note = last(t, 'sw.amira');
    expect(note?.text).toMatch(/Priya Shah closed consultation #1\. Please record the outcome/);
    const record = action(note, 'consult.record');
    const [form] = await t.press('sw.amira', 'consult.record', record.data);
    expect(form.form).toBe(true);
    const [done] = await t.press('sw.amira', 'consult.record', record.data, { outcome: 'early_help', timeSpent: '30_60' });
    expect(done.text).toMatch(/Recorded for #1: Early help/);
    const q = { schoolId: 'werneth', ...ALL };
    const effective = await t.app.services.activityLog.query(q, { personId: 'test', purpose: 'test' });
    expect(effective).toHaveLength(1);
    expect(effective[0]).toMatchObject({ outcome: 'early_help', timeSpent: '30_60', amends: { reason: expect.stringMatching(/after the school closed/) } });
    const history = await t.app.services.activityLog.history(q, { personId: 'test', purpose: 'test' });
    expect(history.map((h) => h.outcome).sort()).toEqual(['early_help', 'not_recorded']);
    // Before the worker recorded it, the time was not guessed either.
    expect(history.find((h) => h.outcome === 'not_recorded')).toMatchObject({ timeSpent: 'not_recorded' });
    // And "not recorded" is never offered as a choice.
    expect(JSON.stringify(form.card)).not.toMatch(/Not recorded/);
  });

  it('a person with two open consultations chooses which one a typed reply goes to; nothing is guessed', async () => {
    const first = await askAdvice(t, 'dsl.werneth', { reference: 'JS' });
    const second = await askAdvice(t, 'dsl.werneth', { reference: 'KM', yearGroup: 'Y7' });
    t.channel.sent.length = 0;
    const [choose] = await t.say('dsl.werneth', 'reply He came in today with a packed lunch.');
    expect(choose.text).toMatch(/Which one is this reply for\? #1, #2/);
    await t.settle();
    expect(t.channel.to('sw.amira')).toHaveLength(0);
    const picks = actions(choose).filter((a) => a.verb === 'consult.reply.pick');
    expect(picks.map((p) => p.title)).toEqual(['#1 · Werneth School · Y9 JS', '#2 · Werneth School · Y7 KM']);
    for (const p of picks) expect(JSON.stringify(p.data)).not.toMatch(/packed lunch/);
    await t.press('dsl.werneth', 'consult.reply.pick', picks[1].data);
    await t.settle();
    expect(shown(last(t, 'sw.amira'))).toMatch(/#2 · Werneth School · Y7 KM[\s\S]*packed lunch/);
    const [twice] = await t.press('dsl.werneth', 'consult.reply.pick', picks[0].data);
    expect(twice.text).toMatch(/already sent/);
    // The worker has two open too, and is asked the same way.
    const [workerChoice] = await t.say('sw.amira', 'reply Thanks, noted.');
    expect(actions(workerChoice).filter((a) => a.verb === 'consult.reply.pick')).toHaveLength(2);
    const [list] = await t.press('sw.amira', 'consult.mine');
    expect(list.text).toMatch(/#1 · Werneth School · Y9 JS/);
    expect(list.text).toMatch(/#2 · Werneth School · Y7 KM/);
    expect(first.id).not.toBe(second.id);
  });

  it('the home section lists open consultations with buttons to open them', async () => {
    const { id } = await askAdvice(t);
    const [home] = await t.say('sw.amira', 'home');
    expect(shown(home)).toMatch(/Open consultations[\s\S]*#1 · Werneth School · Y9 JS · waiting for Amira/);
    expect(actions(home).find((a) => a.verb === 'consult.view')?.data).toEqual({ id });
  });

  it('tells the sender when the worker has no chat open yet, keeps what they wrote, and delivers it when she opens one', async () => {
    // Chloe (Greave's link worker) has never talked to the bot and no platform can open a chat with her.
    await t.say('dsl.greave', 'hello');
    const { id } = await askAdvice(t, 'dsl.greave', { reference: 'AB', yearGroup: 'Y5' });
    await t.settle();
    expect(last(t, 'dsl.greave')?.text).toBe('Your consultation #1 to Chloe is saved and waiting: Chloe will see it when they next open the chat with me.');
    const [view] = await t.press('dsl.greave', 'consult.view', { id });
    expect(shown(view)).toMatch(/hungry again/);
  });

  it('reports figures for the digest from the range asked for', async () => {
    const a = await askAdvice(t);
    t.clock.advance(5 * MINUTE);
    await t.press('sw.amira', 'consult.answer', { id: a.id, answer: 'nfa' });
    await askAdvice(t, 'dsl.werneth', { reference: 'KM' });
    await t.advance(30 * MINUTE);
    const f = await t.app.services.figures.forWorkers({ workerIds: ['sw.amira', 'sp.olu'], from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-11-24T00:00:00Z') });
    expect(f['sw.amira'].consultations).toEqual({ received: 2, answered: 1, firstResponseMs: [5 * MINUTE], open: 1, overdue: 0, escalated: 1 });
    expect(f['sp.olu'].consultations).toMatchObject({ received: 1, answered: 0, open: 1 });
    const earlier = await t.app.services.figures.forWorkers({ workerIds: ['sw.amira'], from: new Date('2026-11-16T00:00:00Z'), to: new Date('2026-11-22T00:00:00Z') });
    expect(earlier['sw.amira'].consultations).toMatchObject({ received: 0, answered: 0 });
  });
});
