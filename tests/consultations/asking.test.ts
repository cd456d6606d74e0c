import type { TestApp } from '../helpers/app';
import { action, actions, askAdvice, consultApp, GOOD_FORM, last, shown } from './flow';

describe('consultations: the school asks', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await consultApp();
  });
  afterEach(() => t.close());

  it.each(['is this a MASH referral?', 'Can I get some advice?', 'consult', 'mash referral'])('starts from "%s" with the immediate-danger question', async (text) => {
    const [r] = await t.say('dsl.werneth', text);
    expect(r.text).toMatch(/immediate danger/);
    expect(actions(r).map((a) => a.verb)).toEqual(['consult.danger.yes', 'consult.danger.no']);
  });

  it('offers "Ask for advice" on a DSL\'s welcome card and "My consultations" on a worker\'s', async () => {
    const dsl = await t.app.bot.handle({ ...(await welcome('dsl.werneth')) });
    const worker = await t.app.bot.handle({ ...(await welcome('sw.amira')) });
    expect(actions(dsl[0]).map((a) => a.verb)).toContain('consult.start');
    expect(actions(worker[0]).map((a) => a.verb)).toContain('consult.mine');
    const [q] = await t.press('dsl.werneth', 'consult.start');
    expect(q.text).toMatch(/immediate danger/);
  });

  it('does not let a social worker start a school consultation', async () => {
    const [r] = await t.say('sw.amira', 'consult');
    expect(r.text).toMatch(/isn't something your role can do/);
  });

  it('immediate danger in school hours: 999 and the MASH at once, the link worker alerted as urgent, and it is recorded', async () => {
    const [r] = await t.press('dsl.werneth', 'consult.danger.yes');
    expect(r.text).toMatch(/^Call 999 now\. Then call the MASH on 0161 496 0100\./);
    expect(r.text).not.toMatch(/emergency duty team/);
    await t.settle();
    const alert = last(t, 'sw.amira');
    expect(shown(alert)).toMatch(/URGENT/);
    expect(shown(alert)).toMatch(/Child in immediate danger/);
    expect(shown(alert)).toMatch(/Priya Shah/);
    const id = action(r, 'consult.form').data!.id;
    const [view] = await t.press('sw.amira', 'consult.view', { id });
    expect(shown(view)).toMatch(/Immediate danger reported/);
    expect(shown(view)).toMatch(/told to call 999 and the MASH/);
  });

  it('immediate danger out of hours also gives the emergency duty team number', async () => {
    t.clock.set('2026-11-23T19:30:00Z');
    const [r] = await t.press('dsl.werneth', 'consult.danger.yes');
    expect(r.text).toMatch(/999/);
    expect(r.text).toMatch(/emergency duty team is on 0161 496 0999/);
  });

  it('after immediate danger the DSL can add the details; the worker gets them on the same consultation', async () => {
    const [r] = await t.press('dsl.werneth', 'consult.danger.yes');
    const add = action(r, 'consult.form');
    const [form] = await t.press('dsl.werneth', 'consult.form', add.data);
    expect(form.form).toBe(true);
    const [ind] = await t.press('dsl.werneth', 'consult.submit', add.data, { ...GOOD_FORM, categories: 'physical-abuse' });
    const [done] = await t.press('dsl.werneth', 'consult.indicators', action(ind, 'consult.indicators').data, { 'ind_physical-abuse': 'physical-disclosure' });
    expect(shown(done)).toMatch(/Details sent to Amira/);
    expect(shown(done)).toMatch(/Indicative level 4: Child protection/);
    await t.settle();
    expect(shown(last(t, 'sw.amira'))).toMatch(/Details added[\s\S]*Y9 · JS/);
  });

  it('the form asks for everything the issue lists and says not to type a name', async () => {
    await t.say('dsl.werneth', 'consult');
    const [form] = await t.press('dsl.werneth', 'consult.danger.no');
    expect(form.form).toBe(true);
    const ids = (form.card?.body ?? []).filter((e) => 'id' in e).map((e) => (e as { id: string }).id);
    expect(ids).toEqual(['yearGroup', 'reference', 'categories', 'whatHappened', 'knownToSocialCare', 'parentsKnow', 'consent', 'schoolActions', 'urgency']);
    expect(shown(form)).toMatch(/don't type the child's name or date of birth/);
    expect(shown(form)).toMatch(/Red – worried about today \(reply within 10m of working time\)/);
    const cats = form.card!.body.find((e) => 'id' in e && e.id === 'categories') as { choices: { title: string }[]; multiple?: boolean };
    expect(cats.multiple).toBe(true);
    expect(cats.choices.map((c) => c.title)).toEqual(expect.arrayContaining(['Neglect', 'FGM', 'Radicalisation (Prevent)', 'Housing or poverty', 'Other']));
  });

  it.each([
    ['a full name', 'Jayden Smith', /looks like a name/],
    ['a first name', 'Amy', /looks like a name/],
    ['a date of birth', 'JS 03/04/2015', /contains a date/],
    ['a written date', 'JS 3rd April', /contains a date/],
  ])('refuses a reference that is %s, kindly, keeping the other answers', async (_what, reference, message) => {
    const [r] = await t.press('dsl.werneth', 'consult.submit', {}, { ...GOOD_FORM, reference });
    expect(r.form).toBe(true);
    expect(r.formErrors?.reference).toMatch(message);
    expect(r.formErrors?.reference).toMatch(/initials or the pupil number/);
    expect(r.formErrors?.reference).not.toContain(reference);
    const body = r.card!.body;
    const value = (id: string) => (body.find((e) => 'id' in e && e.id === id) as { value?: string }).value;
    expect(value('whatHappened')).toBe(GOOD_FORM.whatHappened);
    expect(value('yearGroup')).toBe('Y9');
    expect(value('reference')).toBe('');
    expect(shown(r)).not.toContain(reference);
  });

  it('refuses missing answers and a date of birth in the free text, one message per input', async () => {
    const [r] = await t.press('dsl.werneth', 'consult.submit', {}, { reference: 'JS', whatHappened: 'DOB 3/4/15, hungry', yearGroup: 'Y3' });
    expect(Object.keys(r.formErrors ?? {}).sort()).toEqual(['categories', 'consent', 'knownToSocialCare', 'parentsKnow', 'urgency', 'whatHappened', 'yearGroup'].sort());
    expect(r.formErrors?.whatHappened).toMatch(/date of birth/);
    expect(r.formErrors?.yearGroup).toMatch(/year group/);
  });

  it.each([
    [{ ind_neglect: 'neglect-hygiene' }, /Indicative level 2: Early help[\s\S]*Early help assessment/],
    [{ ind_neglect: 'neglect-hygiene,neglect-hunger' }, /Indicative level 3: Child in need \(s\.17\)[\s\S]*MASH referral \(section 17/],
    [{ ind_neglect: 'neglect-home-alone' }, /Indicative level 4: Child protection \(s\.47\)[\s\S]*MASH referral now, by phone/],
    [{}, /No indicator was ticked, so there is no indicative level/],
  ])('shows indicative guidance from the threshold document, labelled as guidance Amira will confirm', async (ticks, expected) => {
    const { sent } = await askAdvice(t, 'dsl.werneth', {}, ticks);
    expect(shown(sent)).toMatch(expected);
    if (Object.keys(ticks).length) expect(shown(sent)).toMatch(/guidance from the local threshold document, not a decision: Amira will confirm/);
  });

  it('ignores indicators that do not belong to the chosen categories', async () => {
    const { sent } = await askAdvice(t, 'dsl.werneth', {}, { ind_neglect: 'sexual-disclosure' });
    expect(shown(sent)).toMatch(/no indicative level/);
  });

  it('FGM: states the mandatory duty to report known cases to the police, before and after sending', async () => {
    const { steps, sent } = await askAdvice(t, 'dsl.werneth', { categories: 'fgm', yearGroup: 'Y8' }, { ind_fgm: 'fgm-known' });
    expect(shown(steps[2])).toMatch(/mandatory duty to report known cases of FGM[\s\S]*police/);
    expect(shown(sent)).toMatch(/mandatory duty to report known cases of FGM/);
  });

  it('sends to the link worker with a compact card and quick answers; the school sees the target', async () => {
    const { sent } = await askAdvice(t);
    expect(shown(sent)).toMatch(/Sent to Amira/);
    expect(shown(sent)).toMatch(/reply is expected within 20m of working time, by Mon 23 Nov, 10:20/);
    const card = last(t, 'sw.amira');
    expect(card?.card?.title).toBe('New consultation');
    expect(shown(card)).toMatch(/Werneth School · Y9 JS/);
    expect(actions(card).map((a) => a.title)).toEqual([
      'MASH referral – yes',
      'Early help',
      'Advice – school to monitor',
      'Signpost to another service',
      'No further action',
      "I'll call you",
      'Send advice only',
      'Close',
    ]);
    const inputs = card!.card!.body.filter((e) => 'id' in e).map((e) => (e as { id: string }).id);
    expect(inputs).toEqual(['advice', 'timeSpent']);
    for (const a of actions(card)) expect(Object.keys(a.data ?? {}).every((k) => ['id', 'answer'].includes(k))).toBe(true);
  });

  it('keeps the DSL informed when school staff ask', async () => {
    await askAdvice(t, 'staff.werneth.hoy9');
    expect(last(t, 'dsl.werneth')?.text).toMatch(/Lucy Patel asked Amira Hassan for advice/);
  });

  it('refuses a DSL of another school without revealing whether the consultation exists', async () => {
    const { id } = await askAdvice(t);
    const [seen] = await t.press('dsl.harrytown', 'consult.view', { id });
    const [missing] = await t.press('dsl.harrytown', 'consult.view', { id: 'c999' });
    const [reply] = await t.press('dsl.harrytown', 'consult.reply.send', { id }, { message: 'hello' });
    const [close] = await t.press('dsl.harrytown', 'consult.close', { id });
    expect(seen.text).toBe(missing.text);
    expect(reply.text).toBe(missing.text);
    expect(close.text).toBe(missing.text);
    expect(seen.card).toBeUndefined();
    const [amira] = await t.press('sw.amira', 'consult.view', { id });
    expect(shown(amira)).toMatch(/Consultation #1/);
  });
});

async function welcome(personId: string) {
  const { consoleEvent } = await import('../helpers/app');
  const e = consoleEvent(personId, { type: 'message', text: 'x' });
  return { ...e, type: 'installed' as const };
}
