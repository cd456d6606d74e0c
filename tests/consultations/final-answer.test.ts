/**
 * One final answer, recorded as it happens (issue 17, point 4): the first outcome is the answer,
 * a change is explicit with a reason and kept as an amendment; one card instance is one
 * consultation however often it is sent; the entry is written at the first answer; a quiet
 * consultation closes itself with its record complete.
 */
import { createApp } from '../../bot/app';
import { silentLogger } from '../../bot/core/log';
import { RedisStore } from '../../storage/redis/redis-store';
import { consoleEvent, deletePrefix, RecordingChannel, settingsFrom, testRedisUrl, TestClock, uniquePrefix, type TestApp } from '../helpers/app';
import { action, askAdvice, consultApp, consultConfig, GOOD_FORM, last, MINUTE, shown } from './flow';

const ALL = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-12-31T00:00:00Z') };
const DAY = 86_400_000;

describe('consultations: one final answer', () => {
  let t: TestApp;
  afterEach(() => t.close());

  const entries = (q: 'query' | 'history' = 'query') => t.app.services.activityLog[q]({ schoolId: 'werneth', ...ALL }, { personId: 'test', purpose: 'test' });

  it('a second, different answer is refused with the first; the school hears one answer', async () => {
    t = await consultApp();
    const { id } = await askAdvice(t, 'dsl.werneth');
    t.clock.advance(42 * MINUTE);
    await t.press('sw.amira', 'consult.answer', { id, answer: 'mash' }, { advice: 'Refer today.' });
    await t.settle();
    t.channel.sent.length = 0;
    const [second] = await t.press('sw.amira', 'consult.answer', { id, answer: 'early_help' });
    expect(second.text).toMatch(/^Already answered by Amira at Mon 23 Nov, 10:42: MASH referral advised \(consultation #1\)/);
    expect(action(second, 'consult.change.form').data).toMatchObject({ id, outcome: 'early_help' });
    const [same] = await t.press('sw.amira', 'consult.answer', { id, answer: 'mash' });
    expect(same.text).toMatch(/^Already answered by Amira at Mon 23 Nov, 10:42: MASH referral advised/);
    await t.settle();
    expect(t.channel.to('dsl.werneth')).toHaveLength(0);
    // The worker's card no longer offers the quick answers, only a change of advice.
    const [view] = await t.press('sw.amira', 'consult.view', { id });
    expect(view.card?.actions.map((a) => (a.type === 'submit' ? a.verb : ''))).not.toContain('consult.answer');
    expect(action(view, 'consult.change.form')).toBeDefined();
  });

  it('changing the advice needs a reason; the DSL is told both; the log keeps both as an amendment', async () => {
    t = await consultApp();
    const { id } = await askAdvice(t, 'staff.werneth.hoy9');
    await t.press('sw.amira', 'consult.answer', { id, answer: 'early_help' }, { timeSpent: '5_30' });
    expect(await entries()).toHaveLength(1); // written at the first answer, nobody pressed Close
    const [form] = await t.press('sw.amira', 'consult.change.form', { id, outcome: 'mash_referral_advised' });
    expect(form.form).toBe(true);
    const [noReason] = await t.press('sw.amira', 'consult.change.send', { id }, { outcome: 'mash_referral_advised' });
    expect(noReason.formErrors?.reason).toMatch(/say why/);
    const [refused] = await t.press('dsl.werneth', 'consult.change.send', { id }, { outcome: 'no_further_action', reason: 'x' });
    expect(refused.text).toMatch(/Only Amira Hassan, who holds consultation #1, can change its advice/);
    t.channel.sent.length = 0;
    const [done] = await t.press('sw.amira', 'consult.change.send', { id }, { outcome: 'mash_referral_advised', reason: 'The school nurse has seen bruising since.' });
    expect(done.text).toMatch(/Changed: consultation #1 is now MASH referral advised/);
    await t.settle();
    const told = 'Amira Hassan changed the advice on consultation #1 from Early help to MASH referral advised: The school nurse has seen bruising since.';
    expect(last(t, 'dsl.werneth')?.text).toBe(told);
    expect(last(t, 'staff.werneth.hoy9')?.text).toBe(told);
    const now = await entries();
    expect(now).toHaveLength(1);
    expect(now[0]).toMatchObject({ outcome: 'mash_referral_advised', amends: { reason: expect.stringMatching(/advice changed from Early help to MASH referral advised/) } });
    expect((await entries('history')).map((e) => e.outcome).sort()).toEqual(['early_help', 'mash_referral_advised']);
    // Closing afterwards changes nothing that was recorded, so no further amendment.
    await t.press('dsl.werneth', 'consult.close', { id });
    expect(await entries('history')).toHaveLength(2);
    const [late] = await t.press('dsl.werneth', 'consult.close', { id });
    expect(late.text).toMatch(/was already closed by Priya at Mon 23 Nov, 10:00: MASH referral advised/);
  });

  it('a double-click on Send (same form, twice, at once) makes one consultation; the second press says which', async () => {
    t = await consultApp();
    await t.say('dsl.werneth', 'consult');
    const [form] = await t.press('dsl.werneth', 'consult.danger.no', { form: 'card-1' });
    const next = action(form, 'consult.submit');
    expect(next.data?.form).toBe('card-1');
    const [a, b] = await Promise.all([
      t.press('dsl.werneth', 'consult.submit', next.data, GOOD_FORM),
      t.press('dsl.werneth', 'consult.submit', next.data, GOOD_FORM),
    ]);
    const ids = new Set([...a, ...b].flatMap((r) => r.card?.actions ?? []).map((x) => (x.type === 'submit' ? x.data?.id : undefined)).filter(Boolean));
    expect(ids.size).toBe(1);
    const send = action(a[0], 'consult.indicators').data!;
    const [s1, s2] = await Promise.all([
      t.press('dsl.werneth', 'consult.indicators', send, { ind_neglect: 'neglect-hunger' }),
      t.press('dsl.werneth', 'consult.indicators', send, { ind_neglect: 'neglect-hunger' }),
    ]);
    const texts = [s1[0].text, s2[0].text];
    expect(texts.filter((x) => /^Sent to Amira/.test(x))).toHaveLength(1);
    expect(texts.filter((x) => x === 'Already sent as #1 to Amira.')).toHaveLength(1);
    const [third] = await t.press('dsl.werneth', 'consult.submit', next.data, GOOD_FORM);
    expect(third.text).toBe('Already sent as #1 to Amira. Type consultations to see it.');
    await t.settle();
    expect(t.channel.to('sw.amira').filter((r) => /New consultation/.test(r.text))).toHaveLength(1);
  });

  it('a double press of "Yes, a child is in danger now" reports it once and repeats the numbers', async () => {
    t = await consultApp();
    const [q] = await t.say('dsl.werneth', 'consult');
    const yes = action(q, 'consult.danger.yes');
    const [r1, r2] = await Promise.all([t.press('dsl.werneth', yes.verb, yes.data), t.press('dsl.werneth', yes.verb, yes.data)]);
    for (const r of [r1[0], r2[0]]) expect(r.text).toMatch(/^Call 999 now\. Then call the MASH on 0161 496 0100\./);
    expect([r1[0].text, r2[0].text].filter((x) => /You reported this at Mon 23 Nov, 10:00 \(consultation #1\)/.test(x))).toHaveLength(1);
    await t.settle();
    expect(t.channel.to('sw.amira')).toHaveLength(1);
  });

  it('an answered consultation nobody closes is closed after the quiet period, its record complete', async () => {
    t = await consultApp({ config: consultConfig((d) => (d.limits.consultationQuietClose = '3d')) });
    const { id } = await askAdvice(t, 'dsl.werneth');
    await t.press('sw.amira', 'consult.answer', { id, answer: 'monitor' }, { timeSpent: 'under_5' });
    await t.advance(DAY);
    await t.press('dsl.werneth', 'consult.reply.send', { id }, { message: 'Thanks, we will keep an eye.' });
    await t.advance(2 * DAY + MINUTE);
    expect((await t.app.services.store.get<{ status: string }>('consultation', id))?.status).toBe('open');
    await t.advance(DAY);
    const c = await t.app.services.store.get<{ status: string; closedBy: string }>('consultation', id);
    expect(c).toMatchObject({ status: 'closed', closedBy: 'system' });
    expect(last(t, 'dsl.werneth')?.text).toMatch(/Consultation #1 had nothing new for 3d, so I've closed it \(Advice – school to monitor\)/);
    const e = await entries();
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ outcome: 'advice_and_monitor', response: expect.any(String) });
    expect(e[0].query).toMatch(/keep an eye/);
  });

  it('one form sent from two processes sharing Redis makes one consultation', async () => {
    const prefix = uniquePrefix();
    const url = testRedisUrl();
    const clock = new TestClock('2026-11-23T10:00:00Z');
    const apps = [0, 1].map(() => createApp({ settings: settingsFrom(consultConfig()), store: new RedisStore({ url, prefix }), log: silentLogger(), now: clock.now, prefix }));
    for (const app of apps) {
      app.services.notifier.addChannel(new RecordingChannel('console'));
      await app.services.scheduler.start();
    }
    t = { close: async () => undefined } as unknown as TestApp;
    try {
      const press = (i: number) => apps[i].bot.handle(consoleEvent('dsl.werneth', { type: 'action', verb: 'consult.submit', data: { form: 'two-procs' }, inputs: GOOD_FORM }, clock.now()));
      const [a, b] = await Promise.all([press(0), press(1)]);
      const ids = new Set([...a, ...b].flatMap((r) => r.card?.actions ?? []).map((x) => (x.type === 'submit' ? x.data?.id : undefined)).filter(Boolean));
      expect(ids.size).toBe(1);
      expect(await apps[0].services.store.increment('consultation:number')).toBe(2);
      expect(shown(a[0]) + shown(b[0])).toMatch(/Which of these fit/);
    } finally {
      for (const app of apps) {
        await app.services.scheduler.stop();
        await app.services.store.close();
      }
      await deletePrefix(url, prefix);
    }
  });
});
