import { makeApp, type TestApp } from '../helpers/app';
import { buttons, setUp, slotButtons, bookNth } from './helpers';

describe('drop-in timetables', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeApp();
  });
  afterEach(() => t.close());

  it('shows the link worker a set-up form with the school, days, times, capacity, audience, place and dates', async () => {
    const [r] = await t.say('sw.amira', 'dropin setup');
    expect(r.form).toBe(true);
    const ids = r.card!.body.flatMap((e) => ('id' in e ? [e.id] : []));
    expect(ids).toEqual(['school', 'weekdays', 'start', 'end', 'slotMinutes', 'capacity', 'audience', 'place', 'firstDate', 'lastDate']);
    const school = r.card!.body.find((e) => 'id' in e && e.id === 'school');
    expect(school).toMatchObject({ choices: [{ value: 'werneth' }, { value: 'st-marks' }, { value: 'arden' }] });
    expect(buttons(r)[0].verb).toBe('dropin.setup.save');
  });

  it('lets business support choose which link worker runs it; school staff cannot set one up', async () => {
    const [form] = await t.say('bs.mo', 'dropin setup');
    expect(form.card!.body.some((e) => 'id' in e && e.id === 'worker')).toBe(true);
    const r = await setUp(t, 'bs.mo', { school: 'harrytown', worker: 'sw.ben' });
    expect(r.text).toMatch(/Drop-ins set up at Harrytown Catholic High School/);
    const [list] = await t.say('dsl.harrytown', 'book');
    expect(slotButtons(list)[0].title).toMatch(/with Ben/);
    const [refused] = await t.say('dsl.werneth', 'dropin setup');
    expect(refused.text).toMatch(/isn't something your role can do/);
  });

  it('makes slots on school days only, leaving out holidays and closures, and says which', async () => {
    const r = await setUp(t, 'sw.amira', { weekdays: 'mon', firstDate: '2026-12-14', lastDate: '2027-01-11', start: '10:00', end: '11:00' });
    expect(r.text).toMatch(/2 sessions, 4 slots/);
    expect(r.text).toMatch(/Left out 3 closed days/);
    const skipped = r.card!.body.map((e) => ('text' in e ? e.text : '')).join(' ');
    expect(skipped).toMatch(/Mon 4 Jan 2027 \(INSET day\)/);
    expect(skipped).toMatch(/Mon 21 Dec 2026 \(school holiday\)/);
    t.clock.set('2026-12-28T09:00:00Z'); // in the holiday: the next bookable Monday is 11 Jan
    const [list] = await t.say('dsl.werneth', 'book');
    expect(list.text).toMatch(/no free drop-in slots/);
    t.clock.set('2027-01-05T09:00:00Z');
    const [next] = await t.say('dsl.werneth', 'book');
    expect(slotButtons(next).map((b) => b.title)).toEqual(['Mon 11 Jan, 10:00 with Amira', 'Mon 11 Jan, 10:30 with Amira']);
  });

  it('keeps local time across the clock change: 10:00 is 10:00 GMT in March and 10:00 BST in April', async () => {
    t.clock.set('2027-03-15T09:00:00Z');
    const r = await setUp(t, 'sw.amira', { weekdays: 'mon', firstDate: '2027-03-22', lastDate: '2027-04-12', start: '10:00', end: '10:30' });
    expect(r.text).toMatch(/2 sessions, 2 slots/); // 29 Mar and 5 Apr are in the Easter holiday
    const slotIds = await t.store.indexRange(`dropin:slots:school:werneth`, 0, Number.MAX_SAFE_INTEGER);
    const slots = await t.store.getMany<any>('dropin-slot', slotIds);
    expect(slots.map((x) => x.startsAt)).toEqual(['2027-03-22T10:00:00.000Z', '2027-04-12T09:00:00.000Z']);
  });

  it('refuses bad timetables per field and sets nothing up', async () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ end: '09:00' }, 'end', /end must be after the start/],
      [{ firstDate: '2027-01-04', lastDate: '2027-01-04', weekdays: 'mon' }, 'firstDate', /No school days .*INSET day/],
      [{ firstDate: '2026-11-01' }, 'firstDate', /in the past/],
      [{ school: 'harrytown' }, 'school', /aren't a link worker for Harrytown/],
      [{ capacity: '0' }, 'capacity', /1 to 50/],
      [{ weekdays: '' }, 'weekdays', /at least one day/],
      [{ place: ' ' }, 'place', /Say where it is/],
      [{ slotMinutes: '90', start: '10:00', end: '11:00' }, 'slotMinutes', /doesn't fit/],
      [{ lastDate: '2026-11-20' }, 'lastDate', /not be before the first/],
    ];
    for (const [inputs, field, message] of cases) {
      const r = await setUp(t, 'sw.amira', inputs);
      expect(r.text).toMatch(/^Nothing was set up/);
      expect(r.formErrors?.[field]).toMatch(message);
    }
    const [menu] = await t.say('sw.amira', 'dropin cancel');
    expect(menu.text).toMatch(/no drop-in timetables running/);
    const [list] = await t.say('dsl.werneth', 'book');
    expect(slotButtons(list)).toHaveLength(0);
  });

  it('refuses several mistakes at once, each on its field, and says them in the order of the form', async () => {
    const r = await setUp(t, 'sw.amira', { worker: 'sw.ben', weekdays: 'sat', end: '09:00', capacity: '99', place: 'x'.repeat(101), firstDate: '2026-11-01' });
    expect(Object.keys(r.formErrors ?? {})).toEqual(['worker', 'weekdays', 'end', 'capacity', 'place', 'firstDate']);
    expect(r.formErrors).toMatchObject({
      worker: expect.stringMatching(/^Ben .* isn't a link worker for Werneth School\.$/),
      weekdays: 'Drop-ins run on school days only (Mon, Tue, Wed, Thu and Fri).',
      end: 'The end must be after the start.',
      capacity: 'Places per slot is a whole number from 1 to 50.',
      place: 'Keep the place under 100 characters.',
      firstDate: expect.stringMatching(/^The first date is in the past; choose .* or later\.$/),
    });
    expect(r.text).toBe(`Nothing was set up. ${Object.values(r.formErrors ?? {}).join(' ')}`);
    const times = await setUp(t, 'sw.amira', { start: '9', slotMinutes: '25', lastDate: '2028-01-01' });
    expect(times.formErrors).toEqual({ start: 'Write the start time as HH:MM, e.g. 10:00.', slotMinutes: 'Choose a slot length.', lastDate: 'Set up at most a year at a time.' });
  });

  it('refuses a second timetable that clashes with the worker\'s own', async () => {
    await setUp(t);
    const r = await setUp(t, 'sw.amira', { school: 'arden', weekdays: 'thu', start: '11:30', end: '12:30' });
    expect(r.formErrors?.start).toMatch(/Amira already has a drop-in at Werneth School then \(Thu 26 Nov, 11:30/);
    const [list] = await t.say('dsl.arden', 'book');
    expect(slotButtons(list)).toHaveLength(0);
  });

  it('cancels one date: its slots go, everyone booked is told, the rest of the series stays', async () => {
    await setUp(t);
    await bookNth(t, 'dsl.werneth', 2); // Thu 26 Nov 10:00
    await bookNth(t, 'staff.werneth.hoy9', 2); // Thu 26 Nov 10:30
    await t.settle();
    const [menu] = await t.say('sw.amira', 'dropin cancel');
    const one = buttons(menu).find((b) => b.verb === 'dropin.cancel.dateform')!;
    const [form] = await t.press('sw.amira', one.verb, one.data);
    expect(form.form).toBe(true);
    const [r] = await t.press('sw.amira', 'dropin.cancel.date', one.data, { date: '2026-11-26', reason: 'court hearing' });
    expect(r.text).toMatch(/Cancelled the Werneth School drop-in on Thu 26 Nov 2026 \(4 slots\). 2 people were booked/);
    await t.settle();
    expect(t.channel.to('dsl.werneth').at(-1)!.text).toMatch(/Sorry, your drop-in with Amira on Thu 26 Nov, 10:00–10:30 .* cancelled: court hearing/);
    expect(t.channel.to('staff.werneth.hoy9').at(-1)!.text).toMatch(/Thu 26 Nov, 10:30–11:00 .* cancelled/);
    const [bookings] = await t.say('dsl.werneth', 'bookings');
    expect(bookings.text).toMatch(/no drop-ins booked/);
    const [list] = await t.say('dsl.werneth', 'book');
    const titles = slotButtons(list).map((b) => b.title).join(' | ');
    expect(titles).not.toMatch(/26 Nov/);
    expect(titles).toMatch(/Mon 30 Nov, 10:00/);
  });

  it('refuses to cancel a date with no session or one already past, changing nothing', async () => {
    await setUp(t);
    const [menu] = await t.say('sw.amira', 'dropin cancel');
    const one = buttons(menu).find((b) => b.verb === 'dropin.cancel.dateform')!;
    const [none] = await t.press('sw.amira', 'dropin.cancel.date', one.data, { date: '2026-11-24' });
    expect(none.formErrors?.date).toMatch(/no Werneth School drop-in on Tue 24 Nov 2026/);
    t.clock.set('2026-11-23T13:00:00Z');
    const [past] = await t.press('sw.amira', 'dropin.cancel.date', one.data, { date: '2026-11-23' });
    expect(past.formErrors?.date).toMatch(/already happened/);
    const [other] = await t.press('sw.ben', 'dropin.cancel.date', one.data, { date: '2026-11-26' });
    expect(other.text).toMatch(/aren't a link worker for Werneth School/);
    const [list] = await t.say('dsl.werneth', 'book');
    expect(slotButtons(list)[0].title).toBe('Thu 26 Nov, 10:00 with Amira');
  });

  it('cancels the rest of a series after asking, and tells everyone booked', async () => {
    await setUp(t);
    await bookNth(t, 'dsl.werneth', 0);
    await bookNth(t, 'staff.werneth.nurse', 3);
    await t.settle();
    const [menu] = await t.say('sw.amira', 'dropin cancel');
    const rest = buttons(menu).find((b) => b.verb === 'dropin.cancel.rest')!;
    const [ask] = await t.press('sw.amira', rest.verb, rest.data);
    expect(ask.card!.body.map((e) => ('text' in e ? e.text : '')).join(' ')).toMatch(/8 sessions .* 2 booked places/);
    const [done] = await t.press('sw.amira', 'dropin.cancel.rest.confirm', rest.data, { reason: '' });
    expect(done.text).toMatch(/Cancelled the rest of the Werneth School drop-ins \(31 slots\)\. 2 people were booked/);
    await t.settle();
    expect(t.channel.to('dsl.werneth').at(-1)!.text).toMatch(/has been cancelled\. Type book/);
    expect(t.channel.to('staff.werneth.nurse').at(-1)!.text).toMatch(/has been cancelled/);
    const [list] = await t.say('dsl.werneth', 'book');
    expect(list.text).toMatch(/no free drop-in slots/);
    const [after] = await t.say('sw.amira', 'dropin cancel');
    expect(after.text).toMatch(/no drop-in timetables running/);
  });
});
