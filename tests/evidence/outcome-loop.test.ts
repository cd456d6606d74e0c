/**
 * The MASH outcome loop with a controllable clock: advice to refer -> the DSL is asked the
 * next working day, asked again three working days later, answers; re-referral flagged to both
 * sides with the earlier outcome; level-4 indicators answered "no further action" flagged to
 * the team manager in the digest; the worker corrects a consultation's activity type.
 */
import { action, askAdvice, consultApp, jumpTo, shown } from '../consultations/flow';
import type { TestApp } from '../helpers/app';

const texts = (t: TestApp, who: string) => t.channel.to(who).map((r) => r.text);
// Once the school said it referred, the question is only the MASH's decision.
const asks = (t: TestApp, who: string) => t.channel.to(who).filter((r) => /(Did you make the referral\? )?What did the MASH decide\?$/.test(r.text));

async function adviseReferral(t: TestApp, form: Record<string, string> = {}): Promise<string> {
  const { id } = await askAdvice(t, 'staff.werneth.hoy9', form);
  await t.press('sw.amira', 'consult.answer', { id, answer: 'mash' }, { advice: 'Please refer to the MASH today.', timeSpent: '5_30' });
  await t.press('sw.amira', 'consult.close', { id }, { outcome: 'mash_referral_advised', timeSpent: '5_30' });
  await t.settle();
  return id;
}

const numberOf = async (t: TestApp, id: string): Promise<number> => (await t.store.get<any>('consultation', id)).number;

async function entryOf(t: TestApp, consultationId: string) {
  const c = await t.store.get<any>('consultation', consultationId);
  return t.app.services.activityLog.get(c.activityEntryId, { personId: 'test', purpose: 'test' });
}

describe('the MASH outcome loop', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await consultApp(); // Mon 23 Nov 2026, 10:00
  });
  afterEach(() => t.close());

  it('asks the DSL and whoever raised it the next working day, again three working days later, then records the answer', async () => {
    const id = await adviseReferral(t);
    expect(asks(t, 'dsl.werneth')).toHaveLength(0);
    await jumpTo(t, '2026-11-24T09:59:00Z');
    expect(asks(t, 'dsl.werneth')).toHaveLength(0);
    await jumpTo(t, '2026-11-24T10:00:00Z');
    expect(asks(t, 'dsl.werneth')).toHaveLength(1);
    expect(asks(t, 'staff.werneth.hoy9')).toHaveLength(1);
    const card = asks(t, 'dsl.werneth')[0];
    expect(card.card?.actions.map((a) => a.title)).toEqual([
      'Not referred',
      'Referred – no decision yet',
      'Referred – no further action',
      'Referred – early help',
      'Referred – section 17 child in need assessment',
      'Referred – section 47 enquiry or strategy discussion',
      'Already open to social care',
    ]);
    // Tue + 3 working days = Fri 27 Nov.
    await jumpTo(t, '2026-11-27T09:00:00Z');
    expect(asks(t, 'dsl.werneth')).toHaveLength(1);
    await jumpTo(t, '2026-11-27T10:00:00Z');
    expect(asks(t, 'dsl.werneth')).toHaveLength(2);
    expect(asks(t, 'dsl.werneth')[1].text).toMatch(/^Reminder: /);

    const s17 = action(card, 'referral.answer', 'Referred – section 17 child in need assessment');
    const [thanks] = await t.press('dsl.werneth', 'referral.answer', s17.data);
    expect(thanks.text).toBe(`Thank you. Recorded on consultation #${await numberOf(t, id)}: Referred – section 17 child in need assessment.`);
    await t.settle();
    const c = await t.store.get<any>('consultation', id);
    expect(c.referral).toMatchObject({ referred: true, decision: 's17', answeredBy: 'dsl.werneth', answeredAt: '2026-11-27T10:00:00.000Z' });
    const entry = await entryOf(t, id);
    expect(entry).toMatchObject({ outcome: 'mash_referral_made', referral: { referred: true, decision: 's17' }, amends: { reason: 'referral outcome from the school' } });
    expect(texts(t, 'sw.amira')).toContainEqual(expect.stringMatching(/answered on consultation #\d+: Referred – section 17/));
    const [again] = await t.press('staff.werneth.hoy9', 'referral.answer', s17.data);
    expect(again.text).toMatch(/already recorded: Referred – section 17/);
    // Nothing more is asked.
    await jumpTo(t, '2026-12-10T10:00:00Z');
    expect(asks(t, 'dsl.werneth')).toHaveLength(2);
  });

  it('asks at most the configured number of times when nobody answers, and skips weekends', async () => {
    await t.close();
    t = await consultApp({ at: '2026-11-27T15:00:00Z' }); // a Friday
    await adviseReferral(t);
    await jumpTo(t, '2026-11-28T10:00:00Z');
    expect(asks(t, 'dsl.werneth')).toHaveLength(0);
    await jumpTo(t, '2026-11-30T10:00:00Z'); // Monday
    expect(asks(t, 'dsl.werneth')).toHaveLength(1);
    await jumpTo(t, '2026-12-03T10:00:00Z');
    expect(asks(t, 'dsl.werneth')).toHaveLength(2);
    await jumpTo(t, '2026-12-20T10:00:00Z');
    expect(asks(t, 'dsl.werneth')).toHaveLength(2);
  });

  it('"not referred" asks why (no dates of birth), and "no decision yet" keeps asking for the decision', async () => {
    const id = await adviseReferral(t);
    await jumpTo(t, '2026-11-24T10:00:00Z');
    const [form] = await t.press('dsl.werneth', 'referral.answer', { id, answer: 'not_referred' });
    expect(form.form).toBe(true);
    const [named] = await t.press('dsl.werneth', 'referral.answer', { id, answer: 'not_referred' }, { reason: 'dob 12/03/2015 so too young' });
    expect(named.formErrors?.reason).toBeDefined();
    const [waiting] = await t.press('dsl.werneth', 'referral.answer', { id, answer: 'waiting' });
    expect(waiting.text).toMatch(/Referred – no decision yet\. I'll ask again for the MASH's decision\./);
    expect((await entryOf(t, id))!.referral).toMatchObject({ referred: true });
    await jumpTo(t, '2026-11-27T10:00:00Z');
    expect(asks(t, 'dsl.werneth')).toHaveLength(2);
    expect(asks(t, 'dsl.werneth')[1].text).toMatch(/^Reminder: .*the school said it made a MASH referral\. What did the MASH decide\?$/);
    const [nfa] = await t.press('dsl.werneth', 'referral.answer', { id, answer: 'nfa' });
    expect(nfa.text).toMatch(/Referred – no further action/);
    expect((await entryOf(t, id))!.referral).toMatchObject({ referred: true, decision: 'nfa' });
    const [other] = await t.press('dsl.arden', 'referral.answer', { id, answer: 'nfa' });
    expect(other.text).toMatch(/isn't something your role can do|can't find that consultation/);
  });

  it('does not ask when the advice was not a referral', async () => {
    const { id } = await askAdvice(t, 'dsl.werneth');
    await t.press('sw.amira', 'consult.answer', { id, answer: 'early_help' }, { timeSpent: '5_30' });
    await t.press('sw.amira', 'consult.close', { id }, { outcome: 'early_help', timeSpent: '5_30' });
    await jumpTo(t, '2026-12-10T10:00:00Z');
    expect(asks(t, 'dsl.werneth')).toHaveLength(0);
    expect((await entryOf(t, id))!.activityType).toBe('potential_referral_discussion'); // the school ticked a level-3 indicator
  });

  it('flags a re-referral within 12 months to both sides, with what happened before', async () => {
    const first = await adviseReferral(t);
    await jumpTo(t, '2026-11-24T10:00:00Z');
    await t.press('dsl.werneth', 'referral.answer', { id: first, answer: 'early_help' });
    await jumpTo(t, '2027-03-01T10:00:00Z');
    const { id: second } = await askAdvice(t, 'dsl.werneth');
    const line = /^Re-referral: Y9 JS was consulted on in the last 12 months: #\d+ on Mon 23 Nov 2026 \(MASH referral made; Referred – early help\)\. This is consultation #\d+\.$/;
    expect(texts(t, 'dsl.werneth')).toContainEqual(expect.stringMatching(line));
    expect(texts(t, 'sw.amira')).toContainEqual(expect.stringMatching(line));
    expect(texts(t, 'staff.werneth.hoy9')).not.toContainEqual(expect.stringMatching(/Re-referral/));
    await t.press('sw.amira', 'consult.answer', { id: second, answer: 'monitor' }, { timeSpent: '5_30' });
    await t.press('sw.amira', 'consult.close', { id: second }, { outcome: 'advice_and_monitor', timeSpent: '5_30' });
    expect((await entryOf(t, second))!.reReferralOf).toEqual([first]);
    // A year and a day later it is not a re-referral.
    await jumpTo(t, '2028-03-02T10:00:00Z');
    t.channel.sent.length = 0;
    await askAdvice(t, 'dsl.werneth');
    expect(texts(t, 'dsl.werneth')).not.toContainEqual(expect.stringMatching(/Re-referral/));
  });

  it('flags level-4 indicators answered "no further action" to the team manager in the digest', async () => {
    const { id } = await askAdvice(t, 'dsl.werneth', {}, { ind_neglect: 'neglect-home-alone' });
    await t.press('sw.amira', 'consult.answer', { id, answer: 'nfa' }, { timeSpent: '5_30' });
    await t.press('sw.amira', 'consult.close', { id }, { outcome: 'no_further_action', timeSpent: '5_30' });
    const { id: fine } = await askAdvice(t, 'dsl.werneth', { reference: 'AB1' }, { ind_neglect: 'neglect-hygiene' });
    await t.press('sw.amira', 'consult.answer', { id: fine, answer: 'nfa' }, { timeSpent: '5_30' });
    await t.press('sw.amira', 'consult.close', { id: fine }, { outcome: 'no_further_action', timeSpent: '5_30' });
    const [digest] = await t.say('tm.grace', 'digest this week');
    const all = shown(digest);
    expect(all).toContain(`Second look: consultation #${await numberOf(t, id)} at Werneth School (Amira) had level 4 indicators ticked and was answered "no further action".`);
    expect(all).not.toContain(`consultation #${await numberOf(t, fine)} at`);
    const [workerDigest] = await t.say('sw.amira', 'digest this week');
    expect(shown(workerDigest)).not.toContain('Second look');
  });

  it('lets the worker correct what kind of work a consultation was, as an amendment', async () => {
    const { id } = await askAdvice(t, 'dsl.werneth');
    await t.press('sw.amira', 'consult.answer', { id, answer: 'monitor' }, { timeSpent: '5_30' });
    await t.press('sw.amira', 'consult.close', { id }, { outcome: 'advice_and_monitor', timeSpent: '5_30' });
    const n = await numberOf(t, id);
    const [r] = await t.say('sw.amira', `activity #${n} direct work`);
    expect(r.text).toBe(`Corrected #${n}: Direct work with a child (was Discussion about a potential referral).`);
    expect((await entryOf(t, id))).toMatchObject({ activityType: 'direct_work', amends: { reason: 'activity type corrected by the worker' } });
    const [notMine] = await t.say('sw.ben', `activity #${n} advice`);
    expect(notMine.text).toMatch(/can't find that consultation among yours/);
    const [bad] = await t.say('sw.amira', `activity #${n} juggling`);
    expect(bad.text).toMatch(/Say which consultation and what it was/);
  });
});
