import { parseMinutes, parseQuickLog } from '../../bot/features/digest/quick-log';
import type { WorkerFigures } from '../../bot/core/figures';
import type { Reply } from '../../bot/core/reply';
import { makeApp, sampleConfigData, settingsFrom, type TestApp } from '../helpers/app';

function buttons(r: Reply): { verb: string; title: string; data: Record<string, string> }[] {
  return (r.card?.actions ?? []).flatMap((a) => (a.type === 'submit' ? [{ verb: a.verb, title: a.title, data: a.data ?? {} }] : []));
}

describe('reading a quick log line', () => {
  const schools = settingsFrom(sampleConfigData()).config.schools;

  it.each([
    ['10m direct work Y9 attendance', { minutes: 10, activityType: 'direct_work', child: { yearGroup: 'Y9' }, note: 'attendance' }],
    ['1h30m parent contact at greave Y4 AB12 worried about lunch', { minutes: 90, activityType: 'parent_contact', schoolId: 'greave', child: { yearGroup: 'Y4', reference: 'AB12' }, note: 'worried about lunch' }],
    ['20 mins advice st marks', { minutes: 20, activityType: 'advice_or_information', schoolId: 'st-marks', note: '' }],
    ['group work 45 minutes year 10 #K7', { minutes: 45, activityType: 'group_work', child: { yearGroup: 'Y10', reference: 'K7' }, note: '' }],
    ['1.5h training for staff at Werneth', { minutes: 90, activityType: 'staff_training', schoolId: 'werneth', note: 'for staff' }],
    ['5m casework reception', { minutes: 5, activityType: 'statutory_casework', child: { yearGroup: 'R' }, note: '' }],
    ['15m drop-in', { minutes: 15, activityType: 'drop_in' }],
    ['2h tas meeting Arden', { minutes: 120, activityType: 'tas_meeting', schoolId: 'arden' }],
    ['10m MASH chat', { minutes: 10, activityType: 'potential_referral_discussion', note: 'chat' }],
  ])('%s', (line, expected) => {
    const parsed = parseQuickLog(line, schools);
    expect(parsed).toMatchObject(expected);
    expect(parsed.refused).toBeUndefined();
  });

  it.each([
    ['10m direct work Y9 Jack Smith', /"Jack" looks like it could be a name/],
    ['10m direct work Y9 Jack', /"Jack" looks like it could be a name/],
    ['10m direct work Y9 dob 12/03/2012', /date/],
    ['10m parent contact born 3rd March', /date/],
    ['10m parent contact 2012-03-04', /date/],
  ])('refuses %s', (line, why) => {
    expect(parseQuickLog(line, schools).refused).toMatch(why);
  });

  it('reads durations as people type them', () => {
    expect(parseMinutes('10m')).toBe(10);
    expect(parseMinutes('10 min')).toBe(10);
    expect(parseMinutes('1h 15m')).toBe(75);
    expect(parseMinutes('2 hours')).toBe(120);
    expect(parseMinutes('soon')).toBeUndefined();
  });
});

describe('quick log through the bot', () => {
  let t: TestApp;
  beforeEach(async () => {
    const data = sampleConfigData();
    // Dan links only Woodley in this test, so "where he is today" is clear.
    data.schools.find((s: any) => s.id === 'westmorland').linkWorkers = ['sw.chloe'];
    t = await makeApp({ settings: settingsFrom(data) });
  });
  afterEach(() => t.close());

  const mine = (worker: string) =>
    t.app.services.activityLog.query({ workerId: worker, from: new Date('2026-11-01'), to: new Date('2026-12-01') }, { personId: 'test', purpose: 'test' });

  it('records one line with one confirmation, at the only school the worker links', async () => {
    const [r] = await t.say('sw.dan', 'log 10m direct work Y9 attendance from dsl');
    expect(r.text).toBe('Logged 10m direct work at Woodley Primary School (Y9).');
    expect(buttons(r).map((b) => b.title)).toEqual(['Correct', 'Undo']);
    const [e] = await mine('sw.dan');
    expect(e).toMatchObject({
      schoolId: 'woodley',
      teamId: 'werneth-swis',
      workerId: 'sw.dan',
      activityType: 'direct_work',
      minutes: 10,
      timeSpent: '5_30',
      child: { yearGroup: 'Y9', reference: 'n/a' },
      query: 'attendance',
      source: { kind: 'quick-log' },
      recordedBy: 'sw.dan',
      occurredAt: '2026-11-23T10:00:00.000Z',
    });
    expect(buttons(r)[0].data).toEqual({ entry: e.id, at: e.occurredAt });
  });

  it("defaults to the school of the worker's drop-in today", async () => {
    t.app.services.figures.register({
      name: 'test-dropins-today',
      forWorkers: async (q): Promise<Record<string, WorkerFigures>> => (q.from.toISOString() === '2026-11-23T00:00:00.000Z' ? { 'sw.amira': { dropInsBySchool: { 'st-marks': { offered: 3, booked: 1, attended: 0 } } } } : {}),
    });
    const [r] = await t.say('sw.amira', 'log 25m advice from head');
    expect(r.text).toBe("Logged 25m advice at St Mark's CE Primary School.");
  });

  it('asks with buttons when the school is not clear, then remembers it for the day', async () => {
    const [ask] = await t.say('sw.amira', 'log 15m parent contact Y3 K4 from parent');
    expect(ask.text).toBe('Which school was it for?');
    const choices = buttons(ask);
    expect(choices.map((b) => b.title)).toEqual(['Werneth School', "St Mark's CE Primary School", 'Arden Primary School', 'Not tied to a school']);
    expect(Object.keys(choices[2].data).sort()).toEqual(['draft', 'school']);
    const [done] = await t.press('sw.amira', 'log.school', choices[2].data);
    expect(done.text).toBe('Logged 15m parent contact at Arden Primary School (Y3 K4).');
    const [again] = await t.press('sw.amira', 'log.school', choices[2].data);
    expect(again.text).toMatch(/expired/);
    expect(await mine('sw.amira')).toHaveLength(1);
    t.clock.advance(3_600_000);
    const [next] = await t.say('sw.amira', 'log 5m advice');
    expect(next.text).toBe('Logged 5m advice at Arden Primary School.');
    const [named] = await t.say('sw.amira', 'log 5m advice at werneth from dsl');
    expect(named.text).toBe('Logged 5m advice at Werneth School.');
  });

  it("refuses a name or a date of birth and logs nothing", async () => {
    const [name] = await t.say('sw.dan', 'log 10m direct work Y9 Jack Smith upset');
    expect(name.text).toMatch(/looks like it could be a name.*Nothing was logged/);
    expect(name.text).not.toMatch(/Smith/);
    const [dob] = await t.say('sw.dan', 'log 10m direct work Y9 dob 12/03/2012');
    expect(dob.text).toMatch(/date of birth must never go in the log/);
    expect(await mine('sw.dan')).toHaveLength(0);
  });

  it('explains what it needs when the time or the activity is missing', async () => {
    const [noTime] = await t.say('sw.dan', 'log direct work');
    expect(noTime.text).toMatch(/How long did it take\?/);
    const [noType] = await t.say('sw.dan', 'log 10m something');
    expect(noType.text).toMatch(/What kind of work was it\?/);
    expect(buttons(noType).map((b) => b.verb)).toEqual(['log.form']);
    const [tooLong] = await t.say('sw.dan', 'log 13h casework');
    expect(tooLong.text).toMatch(/1m to 12h/);
  });

  it('undo writes a withdrawal amendment; the original stays in the history', async () => {
    const [r] = await t.say('sw.dan', 'log 40m casework from me');
    const undo = buttons(r).find((b) => b.verb === 'log.undo')!;
    const [u] = await t.press('sw.dan', 'log.undo', undo.data);
    expect(u.text).toMatch(/^Withdrawn: 40m casework/);
    // The confirmation pressed becomes its final state: what was withdrawn, by whom, when; no Undo left.
    expect(u.replace).toBe(true);
    expect(u.card!.actions).toEqual([]);
    expect(JSON.stringify(u.card)).toMatch(/Withdrawn by Dan at \d\d:\d\d: 40m casework at /);
    const [e] = await mine('sw.dan');
    expect(e).toMatchObject({ minutes: 0, amends: { entryId: undo.data.entry, reason: 'Withdrawn by the worker (undo)' } });
    const history = await t.app.services.activityLog.history({ workerId: 'sw.dan', from: new Date('2026-11-01'), to: new Date('2026-12-01') }, { personId: 'test', purpose: 'test' });
    expect(history.map((h) => [h.minutes, h.amends?.entryId])).toEqual(expect.arrayContaining([[40, undefined], [0, undo.data.entry]]));
    expect(history).toHaveLength(2);
    const [twice] = await t.press('sw.dan', 'log.undo', undo.data);
    expect(twice.text).toMatch(/^Already withdrawn by Dan at \d\d:\d\d\.$/);
    expect(twice.replace).toBe(true);
    const [digest] = await t.say('sw.dan', 'digest this week');
    expect(JSON.stringify(digest.card)).toContain('"Recorded time","value":"0m');
  });

  it('correct opens the three fields filled in and writes an amendment, following earlier corrections', async () => {
    const [r] = await t.say('sw.amira', 'log 10m direct work at werneth from dsl');
    const correct = buttons(r).find((b) => b.verb === 'log.correct')!;
    const [form] = await t.press('sw.amira', 'log.correct', correct.data);
    expect(form.form).toBe(true);
    const inputs = form.card!.body.filter((el) => 'id' in el);
    expect(inputs.map((el: any) => [el.id, el.value])).toEqual([
      ['duration', '10m'],
      ['activity', 'direct_work'],
      ['school', 'werneth'],
      ['role', 'dsl'],
      ['place', 'school'],
      ['categories', undefined],
      ['people', undefined],
      ['consent', 'not_applicable'],
      ['consentFrom', undefined],
    ]);
    const save = buttons(form)[0];
    const [fixed] = await t.press('sw.amira', 'log.amend', save.data, { duration: '30m', activity: 'parent_contact', school: 'arden', role: 'dsl' });
    expect(fixed.text).toBe('Corrected: 30m parent contact at Arden Primary School.');
    // Pressing Correct on the first confirmation again amends the newest version, not the original.
    const [again] = await t.press('sw.amira', 'log.amend', correct.data, { duration: '35m', activity: 'parent_contact', school: 'arden', role: 'dsl' });
    expect(again.text).toBe('Corrected: 35m parent contact at Arden Primary School.');
    const effective = await mine('sw.amira');
    expect(effective).toHaveLength(1);
    expect(effective[0]).toMatchObject({ minutes: 35, schoolId: 'arden', activityType: 'parent_contact' });
    const [bad] = await t.press('sw.amira', 'log.amend', correct.data, { duration: 'ages', activity: 'nope', school: '' });
    expect(bad.formErrors).toEqual({ role: 'Choose who raised it', duration: expect.any(String), activity: 'Choose an activity', school: 'Choose a school' });
    expect(Object.keys(bad.formErrors ?? {})).toEqual(['role', 'duration', 'activity', 'school']);
    const [notLinked] = await t.press('sw.amira', 'log.amend', correct.data, { duration: '5m', activity: 'drop_in', school: 'nowhere', role: 'dsl' });
    expect(notLinked.formErrors).toEqual({ school: 'Choose one of your schools' });
  });

  it("nobody can undo or correct someone else's entry", async () => {
    const [r] = await t.say('sw.amira', 'log 10m direct work at werneth from dsl');
    const undo = buttons(r).find((b) => b.verb === 'log.undo')!;
    const [u] = await t.press('sw.ben', 'log.undo', undo.data);
    expect(u.text).toMatch(/couldn't find that entry among your own/);
    const [c] = await t.press('sw.ben', 'log.amend', undo.data, { duration: '1m', activity: 'drop_in', school: 'harrytown', role: 'dsl' });
    expect(c.text).toMatch(/couldn't find that entry among your own/);
    expect((await mine('sw.amira'))[0].minutes).toBe(10);
  });

  it('offers the three-field form, and only workers may log', async () => {
    const [form] = await t.say('sw.dan', 'log');
    expect(form.form).toBe(true);
    expect(form.card!.body.map((el: any) => el.id)).toEqual(['duration', 'activity', 'school', 'role', 'place', 'categories', 'people', 'consent', 'consentFrom']);
    expect(form.card!.body[2]).toMatchObject({ value: 'woodley' });
    const [viaButton] = await t.press('sw.dan', 'log.form');
    expect(viaButton.form).toBe(true);
    const [ok] = await t.press('sw.dan', 'log.submit', buttons(form)[0].data, { duration: '1h', activity: 'group_work', school: 'woodley', role: 'teacher', people: '12' });
    expect(ok.text).toBe('Logged 1h group work at Woodley Primary School.');
    const [err] = await t.press('sw.dan', 'log.submit', {}, { duration: '', activity: 'group_work', school: 'woodley', role: 'teacher' });
    expect(Object.keys(err.formErrors ?? {})).toEqual(['duration']);
    const fields = { duration: '10m', activity: 'group_work', school: 'woodley', role: 'teacher' };
    const [wrong] = await t.press('sw.dan', 'log.submit', {}, { ...fields, place: 'moon', categories: 'nope', people: 'many', consent: 'maybe', consentFrom: 'parent_carer' });
    expect(wrong.text).toBe('Please check the form.');
    expect(wrong.formErrors).toEqual({ place: 'Choose a place', categories: 'Choose concerns from the list', people: 'A whole number, e.g. 12', consent: 'Choose a consent status', consentFrom: 'Only when there is consent' });
    expect(Object.keys(wrong.formErrors ?? {})).toEqual(['place', 'categories', 'people', 'consent', 'consentFrom']);
    const [whose] = await t.press('sw.dan', 'log.submit', {}, { ...fields, consent: 'not_asked', consentFrom: 'nobody' });
    expect(whose.formErrors).toEqual({ consentFrom: 'Choose whose consent' });
    const [notAsked] = await t.press('sw.dan', 'log.submit', {}, { ...fields, consent: 'not_asked', consentFrom: 'parent_carer' });
    expect(notAsked.formErrors).toEqual({ consentFrom: 'Only when there is consent' });
    for (const who of ['dsl.werneth', 'tm.grace', 'tas.leon']) {
      const [r] = await t.say(who, 'log 10m direct work');
      expect(r.text).toMatch(/isn't something your role can do/);
    }
  });
});
