import { makeApp, type TestApp } from '../helpers/app';
import { bookNth, buttons, setUp } from './helpers';

describe("the worker's view, attendance, figures and home", () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeApp();
    await setUp(t); // Werneth, Mon and Thu 10:00–12:00
    await setUp(t, 'sw.amira', { school: 'arden', weekdays: 'tue', start: '14:00', end: '15:00', capacity: '2', audience: 'parents' });
  });
  afterEach(() => t.close());

  it("shows today's and this week's bookings per school, with who, who for and the topic", async () => {
    await bookNth(t, 'dsl.werneth', 0, { topic: 'friendship issues' }); // Mon 23 Nov 11:00
    await bookNth(t, 'staff.werneth.hoy9', 2, { for: 'parents' }); // Thu 26 Nov 10:30 (11:00 today is taken)
    await bookNth(t, 'dsl.arden', 0, { for: 'parents', topic: 'sleep routines' }); // Tue 24 Nov 14:00
    const [r] = await t.say('sw.amira', 'dropins');
    expect(r.text).toBe(
      [
        'Today, Mon 23 Nov 2026:',
        '  Werneth School',
        '    11:00–11:30 Priya Shah: friendship issues',
        'Later this week:',
        '  Arden Primary School',
        `    Tue 24 Nov, 14:00–14:30 ${t.app.services.directory.person('dsl.arden')!.name} (parents and carers): sleep routines`,
        '  Werneth School',
        '    Thu 26 Nov, 10:30–11:00 Lucy Patel (parents and carers)',
      ].join('\n'),
    );
    expect(buttons(r)).toEqual([]); // nothing has started yet
    const [other] = await t.say('sw.ben', 'dropins');
    expect(other.text).toMatch(/Today.*:\n {2}No bookings.\nLater this week:\n {2}No bookings./);
  });

  it('records attended with a note and time spent as a drop_in activity entry', async () => {
    const { bookingId } = await bookNth(t, 'dsl.werneth', 0, { topic: 'friendship issues' });
    const [early] = await t.press('sw.amira', 'dropin.attend.form', { booking: bookingId });
    expect(early.text).toBe('You can record attendance once the drop-in has started (Mon 23 Nov, 11:00–11:30).');
    t.clock.set('2026-11-23T11:35:00Z');
    const [view] = await t.say('sw.amira', 'dropins');
    const record = buttons(view).find((b) => b.verb === 'dropin.attend.form')!;
    expect(record).toMatchObject({ title: 'Record Mon 23 Nov, 11:00 Priya', data: { booking: bookingId } });
    const [form] = await t.press('sw.amira', record.verb, record.data);
    expect(form.form).toBe(true);
    const [r] = await t.press('sw.amira', 'dropin.attend.save', record.data, {
      attendance: 'attended', timeSpent: '5_30', outcome: 'early_help', consent: 'consented', categories: 'neglect', people: '1', note: 'Talked through early help options.',
    });
    expect(r.text).toBe('Recorded: Priya attended the drop-in on Mon 23 Nov, 11:00–11:30 (5–30 minutes). It is in the activity log.');
    // The form pressed becomes its final state: what was recorded, by whom, when; no inputs or buttons.
    expect(r.replace).toBe(true);
    expect(buttons(r)).toEqual([]);
    expect(JSON.stringify(r.card)).toContain('Attendance recorded by Amira at 11:35: Priya attended (5–30 minutes).');
    expect(r.card!.body.some((e) => e.type.startsWith('input'))).toBe(false);
    const entries = await t.app.services.activityLog.query(
      { workerId: 'sw.amira', from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-11-24T00:00:00Z') },
      { personId: 'tm.grace', purpose: 'test' },
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      activityType: 'drop_in', schoolId: 'werneth', teamId: 'werneth-swis', workerId: 'sw.amira',
      raisedBy: { personId: 'dsl.werneth', role: 'dsl' }, query: 'friendship issues', response: 'Talked through early help options.',
      outcome: 'early_help', timeSpent: '5_30', occurredAt: '2026-11-23T11:00:00.000Z', source: { kind: 'dropin', id: bookingId }, recordedBy: 'sw.amira',
      consent: 'consented', holding: false, attendance: 'attended', place: 'school', concernCategories: ['neglect'], peopleReached: 1,
    });
    // A press on a stale copy of the form, later, answers with what already happened.
    t.clock.set('2026-11-23T14:00:00Z');
    const twice = await t.press('sw.amira', 'dropin.attend.save', record.data, { attendance: 'did_not_attend', timeSpent: 'under_5' });
    expect(twice.map((x) => x.text)).toEqual([
      'Attendance already recorded by Amira at 11:35: Priya attended (5–30 minutes).',
      'Attendance already recorded by Amira at 11:35: Priya attended (5–30 minutes).',
    ]);
    expect(twice[0].replace).toBe(true);
    expect(buttons(twice[0])).toEqual([]);
    expect(JSON.stringify(twice[0].card)).toContain('Attendance recorded by Amira at 11:35');
    // The "Record" button on an old `dropins` view answers too, without replacing that list.
    const fromView = await t.press('sw.amira', 'dropin.attend.form', record.data);
    expect(fromView).toHaveLength(1);
    expect(fromView[0].replace).toBeUndefined();
    expect(fromView[0].text).toBe('Attendance already recorded by Amira at 11:35: Priya attended (5–30 minutes).');
    const [after] = await t.say('sw.amira', 'dropins');
    expect(after.text).toMatch(/11:00–11:30 Priya Shah: friendship issues \[attended\]/);
  });

  it('records did not attend as such in the log (no outcome, no time in figures); only the school\'s link workers may record', async () => {
    const { bookingId } = await bookNth(t, 'dsl.werneth', 0);
    t.clock.set('2026-11-24T09:00:00Z');
    const [view] = await t.say('sw.amira', 'dropins');
    expect(view.text).toMatch(/Earlier, attendance not recorded:\n {2}Werneth School\n {4}Mon 23 Nov, 11:00–11:30 Priya Shah/);
    const [notYours] = await t.press('sw.ben', 'dropin.attend.save', { booking: bookingId }, { attendance: 'attended', timeSpent: '5_30', outcome: 'advice_and_monitor', consent: 'not_applicable' });
    expect(notYours.text).toMatch(/That drop-in is Amira's/);
    const [bad] = await t.press('sw.amira', 'dropin.attend.save', { booking: bookingId }, { attendance: 'maybe', timeSpent: '5_30' });
    expect(bad.formErrors?.attendance).toMatch(/whether they came/);
    const [r] = await t.press('sw.amira', 'dropin.attend.save', { booking: bookingId }, { attendance: 'did_not_attend', timeSpent: 'under_5', note: '' });
    expect(r.text).toBe('Recorded: Priya did not attend the drop-in on Mon 23 Nov, 11:00–11:30. The log notes it as not attended.');
    expect(r.replace).toBe(true);
    expect(JSON.stringify(r.card)).toContain('Attendance recorded by Amira at 09:00: Priya did not attend.');
    t.clock.set('2026-11-25T09:00:00Z');
    const [stale] = await t.press('sw.amira', 'dropin.attend.save', { booking: bookingId }, { attendance: 'attended', timeSpent: '5_30', outcome: 'advice_and_monitor', consent: 'not_asked' });
    expect(stale.text).toBe('Attendance already recorded by Amira on Tue 24 Nov, 09:00: Priya did not attend.');
    const entries = await t.app.services.activityLog.query(
      { workerId: 'sw.amira', from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') },
      { personId: 'tm.grace', purpose: 'test' },
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ attendance: 'did_not_attend', outcome: 'not_recorded', consent: 'not_applicable', holding: false, activityType: 'drop_in' });
  });

  it('refuses an attendance form with several mistakes, each on its field, and records nothing', async () => {
    const { bookingId } = await bookNth(t, 'dsl.werneth', 0);
    t.clock.set('2026-11-24T09:00:00Z');
    const [r] = await t.press('sw.amira', 'dropin.attend.save', { booking: bookingId }, { attendance: 'attended', timeSpent: 'ages', categories: 'nope', people: 'lots', note: 'x'.repeat(301) });
    expect(r.formErrors).toEqual({
      timeSpent: 'Choose the time spent.',
      outcome: 'Choose an outcome.',
      categories: 'Choose concerns from the list.',
      people: 'People reached is a whole number.',
      consent: 'Say whether there is consent to share.',
      note: 'Keep the note under 300 characters.',
    });
    expect(Object.keys(r.formErrors ?? {})).toEqual(['timeSpent', 'outcome', 'categories', 'people', 'consent', 'note']);
    expect(r.text).toBe(`Nothing was recorded. ${Object.values(r.formErrors ?? {}).join(' ')}`);
    const [view] = await t.say('sw.amira', 'dropins');
    expect(view.text).not.toMatch(/\[attended\]|\[did not attend\]/);
  });

  it('reports places offered, booked and attended per worker and school, for the dates asked only', async () => {
    const a = await bookNth(t, 'dsl.werneth', 0); // Mon 23 Nov 11:00
    await bookNth(t, 'staff.werneth.hoy9', 2); // Thu 26 Nov 10:30
    const cancelled = await bookNth(t, 'staff.werneth.nurse', 2); // Thu 26 Nov 11:00
    await t.press('staff.werneth.nurse', 'dropin.cancel.booking', { booking: cancelled.bookingId });
    await bookNth(t, 'dsl.arden', 0, { for: 'parents' }); // Tue 24 Nov 14:00
    t.clock.set('2026-11-23T12:00:00Z');
    await t.press('sw.amira', 'dropin.attend.save', { booking: a.bookingId }, { attendance: 'attended', timeSpent: '5_30', outcome: 'advice_and_monitor', consent: 'not_asked' });

    const week = await t.app.services.figures.forWorkers({
      workerIds: ['sw.amira', 'sw.ben'], from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-11-29T23:59:59Z'),
    });
    // Werneth: Mon 23 (3 slots left after 10:00 had passed at set-up) + Thu 26 (4) = 7 places;
    // Arden: Tue 24, two 30-minute slots with 2 places each = 4.
    expect(week['sw.amira'].dropIns).toEqual({ offered: 11, booked: 3, attended: 1 });
    expect(week['sw.amira'].dropInsBySchool).toEqual({
      werneth: { offered: 7, booked: 2, attended: 1 },
      arden: { offered: 4, booked: 1, attended: 0 },
    });
    expect(week['sw.ben'].dropIns).toEqual({ offered: 0, booked: 0, attended: 0 });

    const next = await t.app.services.figures.forWorkers({
      workerIds: ['sw.amira'], from: new Date('2026-11-30T00:00:00Z'), to: new Date('2026-12-06T23:59:59Z'),
    });
    expect(next['sw.amira'].dropIns).toEqual({ offered: 12, booked: 0, attended: 0 });
  });

  it("adds the person's upcoming drop-ins to their home", async () => {
    await bookNth(t, 'dsl.werneth', 2);
    const [home] = await t.say('dsl.werneth', 'home');
    const body = home.card!.body.map((e) => ('text' in e ? e.text : '')).join('\n');
    expect(body).toMatch(/Upcoming drop-ins\nThu 26 Nov, 10:00 with Amira, Werneth School/);
    expect(buttons(home).map((b) => b.verb)).toContain('dropin.book');
    const [worker] = await t.say('sw.amira', 'home');
    const wbody = worker.card!.body.map((e) => ('text' in e ? e.text : '')).join('\n');
    expect(wbody).toMatch(/Upcoming drop-ins\nThu 26 Nov, 10:00 Priya Shah \(Werneth School\)/);
  });
});
