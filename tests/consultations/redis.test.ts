import type { TestApp } from '../helpers/app';
import { actions, askAdvice, consultApp, jumpTo, last, MINUTE, shown } from './flow';

const ALL = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-12-31T00:00:00Z') };

describe('consultations on the real Redis', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await consultApp({ redis: true });
  });
  afterEach(() => t.close());

  it('runs a consultation from question to recorded outcome, with a reply chain and a repeat flag', async () => {
    expect(t.store.kind).toBe('redis');
    const first = await askAdvice(t, 'dsl.werneth', { reference: 'JS' });
    await t.press('sw.amira', 'consult.answer', { id: first.id, answer: 'monitor' }, { timeSpent: 'under_5' });
    await t.press('sw.amira', 'consult.close', { id: first.id });
    await jumpTo(t, '2026-11-30T10:00:00Z');
    const second = await askAdvice(t, 'dsl.werneth', { reference: 'JS' });
    expect(shown(second.sent)).toMatch(/Consulted before on Mon 23 Nov 2026/);
    const third = await askAdvice(t, 'dsl.werneth', { reference: 'KM' });
    const [choose] = await t.say('dsl.werneth', 'reply He is in today.');
    const picks = actions(choose).filter((a) => a.verb === 'consult.reply.pick');
    expect(picks).toHaveLength(2);
    await t.press('dsl.werneth', 'consult.reply.pick', picks.find((p) => p.data?.id === third.id)!.data);
    await t.settle();
    expect(shown(last(t, 'sw.amira'))).toMatch(/#3 · Werneth School · Y9 KM[\s\S]*He is in today/);
    await t.press('sw.amira', 'consult.answer', { id: second.id, answer: 'mash' }, { advice: 'Refer today.', timeSpent: '5_30' });
    await t.press('dsl.werneth', 'consult.close', { id: second.id });
    const entries = await t.app.services.activityLog.query({ workerId: 'sw.amira', ...ALL }, { personId: 'test', purpose: 'test' });
    expect(entries.map((e) => [e.source.id, e.outcome, e.timeSpent])).toEqual([
      [first.id, 'advice_and_monitor', 'under_5'],
      [second.id, 'mash_referral_advised', '5_30'],
    ]);
  });

  it('escalates once to cover, and away status is kept in Redis', async () => {
    await t.say('sw.amira', 'away until tomorrow');
    const { sent } = await askAdvice(t, 'dsl.werneth', { urgency: 'red' });
    expect(shown(sent)).toMatch(/Sent to Olu/);
    await t.advance(11 * MINUTE);
    expect(last(t, 'sp.kate')?.card?.title).toMatch(/Escalated to you: No reply from Olu Adeyemi/);
    expect(shown(last(t, 'dsl.werneth'))).toMatch(/gone to Kate Brennan/);
    const [refused] = await t.press('dsl.harrytown', 'consult.view', { id: 'c1' });
    expect(refused.text).toMatch(/can't find that consultation/);
  });
});
