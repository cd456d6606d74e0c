/**
 * The school says it referred (issue 19: "when the advice is a MASH referral, or the DSL says
 * they referred"): by the button on its consultation card, in a reply, or in a plain message.
 * With the controllable clock: the outcome loop asks the next working day for the MASH's
 * decision, asks again, records the answer, and asks once however many people said it.
 */
import { saysReferred } from '../../bot/features/consultations/school-referral';
import { action, actions, askAdvice, consultApp, jumpTo, last } from '../consultations/flow';
import type { TestApp } from '../helpers/app';

const asks = (t: TestApp, who: string) => t.channel.to(who).filter((r) => /What did the MASH decide\?/.test(r.text));
const texts = (t: TestApp, who: string) => t.channel.to(who).map((r) => r.text);

async function entryOf(t: TestApp, consultationId: string) {
  const c = await t.store.get<any>('consultation', consultationId);
  return c.activityEntryId ? t.app.services.activityLog.get(c.activityEntryId, { personId: 'test', purpose: 'test' }) : undefined;
}

describe('the school says it made a MASH referral', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await consultApp(); // Mon 23 Nov 2026, 10:00
  });
  afterEach(() => t.close());

  it('tells a plain statement from a question, a plan or a denial', () => {
    for (const yes of [
      "We've made a MASH referral this morning.",
      'I have referred him to the MASH.',
      'Thanks Amira. I’ve just submitted the referral. Mum knows.',
      'The MASH referral has been sent',
      'we referred to mash today',
    ]) {
      expect([yes, saysReferred(yes)]).toEqual([yes, true]);
    }
    for (const no of [
      'Should we make a MASH referral?',
      "We haven't made a referral yet.",
      'I have not made a referral',
      'We will make a referral after school',
      'If we made a referral, would mum be told',
      'Do I need to make a MASH referral',
      'Mum has made a complaint to the school.',
      'Is this a MASH referral?',
    ]) {
      expect([no, saysReferred(no)]).toEqual([no, false]);
    }
  });

  it('the button on the school card: entry amended, worker told, asked the next working day for the decision, asked again, answered', async () => {
    const { id } = await askAdvice(t, 'dsl.werneth');
    // The worker's advice was early help: without the school's word, nobody would be asked.
    await t.press('sw.amira', 'consult.answer', { id, answer: 'early_help' }, { advice: 'Early help assessment with mum.', timeSpent: '5_30' });
    await t.settle();
    const schoolCard = last(t, 'dsl.werneth');
    const button = action(schoolCard, 'consult.referred', "We've referred to the MASH");
    const [noted] = await t.press('dsl.werneth', 'consult.referred', button.data);
    const c = await t.store.get<any>('consultation', id);
    expect(noted.text).toBe(`Noted on consultation #${c.number}: you have made a MASH referral. Amira is told, and I'll ask you what the MASH decided.`);
    await t.settle();
    expect(texts(t, 'sw.amira')).toContainEqual(expect.stringMatching(new RegExp(`^.+ \\(Werneth School\\) says they have made a MASH referral on consultation #${c.number}\\. I'll ask the school what the MASH decided\\.$`)));
    expect(c.referral).toMatchObject({ referred: true, answeredBy: 'dsl.werneth', answeredAt: '2026-11-23T10:00:00.000Z' });
    const entry = await entryOf(t, id);
    // The worker's advice stays theirs; the entry says what happened.
    expect(c.outcome).toBe('early_help');
    expect(entry!.response).toMatch(/^\[early_help\] Early help assessment with mum\.$/);
    expect(entry).toMatchObject({ outcome: 'mash_referral_made', activityType: 'potential_referral_discussion', referral: { referred: true, answeredBy: 'dsl.werneth' }, amends: { reason: 'the school says it has made a MASH referral' } });
    // Whoever opens the consultation sees it.
    const [view] = await t.press('sw.amira', 'consult.view', { id });
    expect(view.card?.body).toContainEqual(expect.objectContaining({ text: expect.stringMatching(/^MASH referral made \(.+ at 10:00\)$/) }));
    const [schoolView] = await t.press('dsl.werneth', 'consult.view', { id });
    expect(actions(schoolView).map((a) => a.verb)).not.toContain('consult.referred');
    // A second press says so and changes nothing.
    const [again] = await t.press('dsl.werneth', 'consult.referred', button.data);
    expect(again.text).toBe(`Consultation #${c.number} already records that a MASH referral was made.`);

    await jumpTo(t, '2026-11-24T09:59:00Z');
    expect(asks(t, 'dsl.werneth')).toHaveLength(0);
    await jumpTo(t, '2026-11-24T10:00:00Z');
    expect(asks(t, 'dsl.werneth')).toHaveLength(1);
    expect(asks(t, 'dsl.werneth')[0].text).toMatch(/the school said it made a MASH referral\. What did the MASH decide\?$/);
    await jumpTo(t, '2026-11-27T10:00:00Z');
    expect(asks(t, 'dsl.werneth')).toHaveLength(2);
    expect(asks(t, 'dsl.werneth')[1].text).toMatch(/^Reminder: /);
    const s47 = action(asks(t, 'dsl.werneth')[1], 'referral.answer', 'Referred – section 47 enquiry or strategy discussion');
    const [thanks] = await t.press('dsl.werneth', 'referral.answer', s47.data);
    expect(thanks.text).toMatch(/Recorded on consultation #\d+: Referred – section 47/);
    expect((await entryOf(t, id))!.referral).toMatchObject({ referred: true, decision: 's47' });
    // Closing afterwards keeps the decision on the entry.
    await t.press('sw.amira', 'consult.close', { id }, { outcome: 'early_help', timeSpent: '5_30' });
    await t.settle();
    expect((await entryOf(t, id))!.referral).toMatchObject({ referred: true, decision: 's47' });
    await jumpTo(t, '2026-12-20T10:00:00Z');
    expect(asks(t, 'dsl.werneth')).toHaveLength(2);
  });

  it('asks once when both the worker advised a referral and the DSL said it referred', async () => {
    const { id } = await askAdvice(t, 'dsl.werneth');
    await t.press('sw.amira', 'consult.answer', { id, answer: 'mash' }, { advice: 'Please refer to the MASH today.', timeSpent: '5_30' });
    await t.settle();
    await t.press('dsl.werneth', 'consult.referred', { id });
    await t.press('sw.amira', 'consult.close', { id }, { outcome: 'mash_referral_advised', timeSpent: '5_30' });
    await t.settle();
    await jumpTo(t, '2026-11-24T10:00:00Z');
    expect(asks(t, 'dsl.werneth')).toHaveLength(1);
    await jumpTo(t, '2026-11-27T10:00:00Z');
    expect(asks(t, 'dsl.werneth')).toHaveLength(2);
    await jumpTo(t, '2026-12-20T10:00:00Z');
    expect(asks(t, 'dsl.werneth')).toHaveLength(2);
    expect((await entryOf(t, id))!.referral).toMatchObject({ referred: true });
  });

  it("in the school's own reply, before the worker has answered: the entry carries it when written, and the loop starts then", async () => {
    const { id } = await askAdvice(t, 'dsl.werneth');
    await t.press('dsl.werneth', 'consult.reply.send', { id }, { message: 'Should we make a MASH referral?' });
    expect((await t.store.get<any>('consultation', id)).referral).toBeUndefined();
    const replies = await t.press('dsl.werneth', 'consult.reply.send', { id }, { message: "Update: we've made a MASH referral this morning." });
    expect(replies.map((r) => r.text)).toContainEqual(expect.stringMatching(/^Noted on consultation #\d+: you have made a MASH referral\./));
    await t.settle();
    // The worker reads the school's own words (no second notice).
    expect(texts(t, 'sw.amira').filter((x) => /made a MASH referral/.test(x))).toHaveLength(1);
    expect((await t.store.get<any>('consultation', id)).referral).toMatchObject({ referred: true });
    expect(await entryOf(t, id)).toBeUndefined();
    await t.press('sw.amira', 'consult.answer', { id, answer: 'monitor' }, { timeSpent: '5_30' });
    await t.settle();
    expect(await entryOf(t, id)).toMatchObject({ outcome: 'mash_referral_made', referral: { referred: true, answeredBy: 'dsl.werneth' } });
    await jumpTo(t, '2026-11-24T10:00:00Z');
    expect(asks(t, 'dsl.werneth')).toHaveLength(1);
  });

  it('in a plain message: the only open consultation is marked; a denial or a question is not', async () => {
    const { id } = await askAdvice(t, 'dsl.werneth');
    const [denied] = await t.say('dsl.werneth', "We haven't made a referral yet");
    expect(denied.text).not.toMatch(/Noted/);
    expect((await t.store.get<any>('consultation', id)).referral).toBeUndefined();
    const [noted] = await t.say('dsl.werneth', "I've made a MASH referral");
    expect(noted.text).toMatch(/^Noted on consultation #\d+: you have made a MASH referral\./);
    expect((await t.store.get<any>('consultation', id)).referral).toMatchObject({ referred: true });
    // "is this a MASH referral?" still starts a new question.
    const [question] = await t.say('dsl.werneth', 'is this a MASH referral?');
    expect(question.text).not.toMatch(/Noted/);
  });

  it('with two open consultations, asks which one; nobody outside the school can say it', async () => {
    const { id: first } = await askAdvice(t, 'dsl.werneth');
    const { id: second } = await askAdvice(t, 'dsl.werneth', {}, { ind_neglect: 'neglect-hunger' });
    const [which] = await t.say('dsl.werneth', 'referred');
    expect(which.text).toMatch(/^Which consultation did you refer\?/);
    const pick = which.card!.actions.find((a: any) => a.data?.id === second) as any;
    await t.press('dsl.werneth', pick.verb, pick.data);
    expect((await t.store.get<any>('consultation', second)).referral).toMatchObject({ referred: true });
    expect((await t.store.get<any>('consultation', first)).referral).toBeUndefined();
    const [refused] = await t.press('sw.amira', 'consult.referred', { id: first });
    expect(refused.text).toMatch(/isn't something your role can do|Only the school/);
    expect((await t.store.get<any>('consultation', first)).referral).toBeUndefined();
  });
});
