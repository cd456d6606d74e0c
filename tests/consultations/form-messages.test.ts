/**
 * The messages a person sees when a consultation form needs another look: each on its field,
 * in the form's order (Teams and the terminal list them in that order), worded as the service
 * words them, and the form shown again with what was typed.
 *
 * @example
 *   const [r] = await t.press('dsl.werneth', 'consult.submit', {}, {});
 *   r.formErrors; // { yearGroup: 'Please choose the year group.', reference: …, … }
 */
import type { TestApp } from '../helpers/app';
import { action, askAdvice, consultApp, GOOD_FORM } from './flow';

const EVERY_MESSAGE: [string, string | RegExp][] = [
  ['yearGroup', 'Please choose the year group.'],
  ['reference', /^Please give a short reference for the child\. Please use the initials or the pupil number/],
  ['categories', 'Please choose at least one concern (Other is fine).'],
  ['whatHappened', 'Please say briefly what happened and what the child said.'],
  ['knownToSocialCare', 'Please choose yes, no or don’t know.'],
  ['parentsKnow', 'Please choose yes, no or don’t know.'],
  ['consent', 'Please say whether there is consent to share.'],
  ['urgency', 'Please choose how urgent it is.'],
];

describe('consultations: what a form that needs another look says', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await consultApp();
  });
  afterEach(() => t.close());

  it('an empty consultation form: one message per input, in the form order, and nothing is sent', async () => {
    const [r] = await t.press('dsl.werneth', 'consult.submit', { form: 'f-empty' }, {});
    expect(r.form).toBe(true);
    const errors = Object.entries(r.formErrors ?? {});
    expect(errors.map(([id]) => id)).toEqual(EVERY_MESSAGE.map(([id]) => id));
    for (const [id, message] of EVERY_MESSAGE) expect(r.formErrors?.[id]).toMatch(message);
    // The same card instance: sending it again, filled in, is still one consultation.
    expect(action(r, 'consult.submit').data).toEqual({ form: 'f-empty' });
    await t.settle();
    expect(t.channel.to('sw.amira')).toHaveLength(0);
  });

  it('keeps what was typed on the form shown again, and refuses a date of birth in what the school has done', async () => {
    const [r] = await t.press('dsl.werneth', 'consult.submit', { form: 'f-dob' }, { ...GOOD_FORM, schoolActions: 'Rang mum; DOB 3/4/15' });
    expect(Object.keys(r.formErrors ?? {})).toEqual(['schoolActions']);
    expect(r.formErrors?.schoolActions).toMatch(/date that could be a child's date of birth/);
    const value = (id: string) => (r.card!.body.find((e) => 'id' in e && e.id === id) as { value?: string }).value;
    expect(value('reference')).toBe('JS');
    expect(value('urgency')).toBe('amber');
    expect(value('whatHappened')).toBe(GOOD_FORM.whatHappened);
  });

  it("a danger report's details form does not ask the urgency again", async () => {
    const [r] = await t.press('dsl.werneth', 'consult.danger.yes');
    const add = action(r, 'consult.form');
    const [again] = await t.press('dsl.werneth', 'consult.submit', add.data, { reference: 'JS' });
    expect(Object.keys(again.formErrors ?? {})).toEqual(['yearGroup', 'categories', 'whatHappened', 'knownToSocialCare', 'parentsKnow', 'consent']);
    expect(again.text).toMatch(/^Add the details for consultation #\d+\./);
    const { urgency: _urgency, ...noUrgency } = GOOD_FORM;
    const [ind] = await t.press('dsl.werneth', 'consult.submit', add.data, noUrgency);
    expect(ind.text).toMatch(/Which of these fit\?/);
  });

  it('an empty reply is asked for on its field; a worker closing without the outcome or time spent is told which', async () => {
    const { id } = await askAdvice(t);
    const [reply] = await t.press('dsl.werneth', 'consult.reply.send', { id }, { message: '  ' });
    expect(reply.formErrors).toEqual({ message: 'Please write your reply first.' });
    const [bare] = await t.press('sw.amira', 'consult.close', { id });
    expect(bare.formErrors).toBeUndefined();
    expect(bare.form).toBe(true);
    const [half] = await t.press('sw.amira', 'consult.close', { id }, { outcome: 'early_help' });
    expect(half.formErrors).toEqual({ timeSpent: 'Please choose the time spent.' });
  });

  it("a worker's quick answer with a date of birth in the advice is refused in words, and an answer no longer offered is called old", async () => {
    const { id } = await askAdvice(t);
    const [dob] = await t.press('sw.amira', 'consult.answer', { id, answer: 'early_help' }, { advice: 'Born 3/4/15, so early help', timeSpent: '5_30' });
    expect(dob.text).toMatch(/^That includes a date that could be a child's date of birth/);
    expect(dob.formErrors).toBeUndefined();
    const [old] = await t.press('sw.amira', 'consult.answer', { id, answer: 'refer_now' });
    expect(old.text).toBe('That answer is from an older card. Open the consultation again to answer.');
    const [fine] = await t.press('sw.amira', 'consult.answer', { id, answer: 'early_help' }, { advice: 'Start an early help assessment.', timeSpent: '5_30' });
    expect(fine.text).toMatch(/^Sent to /);
  });
});
