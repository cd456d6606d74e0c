import { makeApp, sampleConfigData, settingsFrom, type TestApp } from '../helpers/app';
import { bookNth, buttons, setUp } from './helpers';

const reminders = (t: TestApp, personId: string) => t.channel.to(personId).filter((r) => /^Reminder/.test(r.text)).map((r) => r.text);

describe('drop-in reminders', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('reminds booker and worker the school day before at 16:00 and an hour before', async () => {
    t = await makeApp();
    await setUp(t);
    await bookNth(t, 'dsl.werneth', 2, { topic: 'attendance, Y9' }); // Thu 26 Nov 10:00
    t.clock.set('2026-11-25T15:59:00Z');
    await t.advance(0);
    expect(reminders(t, 'dsl.werneth')).toEqual([]);
    await t.advance(60_000);
    expect(reminders(t, 'dsl.werneth')).toEqual([
      'Reminder for tomorrow: your drop-in with Amira, Thu 26 Nov, 10:00–10:30 at Werneth School (SWIS office, room 12). Type bookings to see or cancel it.',
    ]);
    expect(reminders(t, 'sw.amira')).toEqual([
      'Reminder for tomorrow: drop-in at Werneth School, Thu 26 Nov, 10:00–10:30, SWIS office, room 12. Booked: Priya Shah (attendance, Y9).',
    ]);
    t.clock.set('2026-11-26T08:59:00Z');
    await t.advance(0);
    expect(reminders(t, 'dsl.werneth')).toHaveLength(1);
    await t.advance(60_000);
    expect(reminders(t, 'dsl.werneth')[1]).toMatch(/^Reminder: starting soon: your drop-in with Amira, Thu 26 Nov, 10:00–10:30/);
    expect(reminders(t, 'sw.amira')[1]).toMatch(/^Reminder: starting soon: drop-in at Werneth School/);
  });

  it('the day-before reminder for a Monday drop-in comes on the Friday, the last school day before', async () => {
    t = await makeApp();
    await setUp(t);
    const [list] = await t.say('dsl.werneth', 'book');
    const later = buttons(list).find((b) => b.verb === 'dropin.book')!;
    const [more] = await t.press('dsl.werneth', later.verb, later.data);
    const monday = buttons(more).find((b) => b.title === 'Mon 30 Nov, 10:00 with Amira')!;
    const [hold] = await t.press('dsl.werneth', 'dropin.pick', monday.data);
    await t.press('dsl.werneth', 'dropin.confirm', buttons(hold)[0].data, { for: 'staff' });
    t.clock.set('2026-11-27T16:00:00Z');
    await t.advance(0);
    expect(reminders(t, 'dsl.werneth')).toEqual([expect.stringMatching(/^Reminder for Monday: your drop-in with Amira, Mon 30 Nov, 10:00/)]);
  });

  it('a group slot sends the worker one reminder naming everyone booked', async () => {
    t = await makeApp();
    await setUp(t, 'sw.amira', { capacity: '3' });
    await bookNth(t, 'dsl.werneth', 2);
    await bookNth(t, 'staff.werneth.hoy9', 2);
    t.clock.set('2026-11-25T16:00:00Z');
    await t.advance(0);
    const people = sampleConfigData().people;
    const hoy9 = people.find((p: any) => p.id === 'staff.werneth.hoy9').name;
    const toWorker = reminders(t, 'sw.amira');
    expect(toWorker).toHaveLength(1);
    expect(toWorker[0]).toMatch(/Booked: [^;]+; [^;]+\.$/);
    expect(toWorker[0]).toContain('Priya Shah');
    expect(toWorker[0]).toContain(hoy9);
    expect(reminders(t, 'dsl.werneth')).toHaveLength(1);
    expect(reminders(t, 'staff.werneth.hoy9')).toHaveLength(1);
  });

  it('cancelling a booking takes its reminders with it', async () => {
    t = await makeApp();
    await setUp(t);
    const { bookingId, slotId } = await bookNth(t, 'dsl.werneth', 2);
    const { scheduler } = t.app.services;
    const times = async (owner: string) => (await scheduler.pending(owner)).map((j) => j.runAt.toISOString()).sort();
    expect(await times(`booking:${bookingId}`)).toEqual(['2026-11-25T16:00:00.000Z', '2026-11-26T09:00:00.000Z']);
    expect(await times(`slot:${slotId}`)).toEqual(['2026-11-25T16:00:00.000Z', '2026-11-26T09:00:00.000Z']);
    await t.press('dsl.werneth', 'dropin.cancel.booking', { booking: bookingId });
    expect(await times(`booking:${bookingId}`)).toEqual([]);
    expect(await times(`slot:${slotId}`)).toEqual([]);
    t.clock.set('2026-11-26T12:00:00Z');
    await t.advance(0);
    expect(reminders(t, 'dsl.werneth')).toEqual([]);
    expect(reminders(t, 'sw.amira')).toEqual([]);
  });

  it('a cancelled date takes everyone\'s reminders with it', async () => {
    t = await makeApp();
    await setUp(t, 'sw.amira', { capacity: '2' });
    await bookNth(t, 'dsl.werneth', 2);
    await bookNth(t, 'staff.werneth.nurse', 2);
    const [menu] = await t.say('sw.amira', 'dropin cancel');
    const one = buttons(menu).find((b) => b.verb === 'dropin.cancel.dateform')!;
    await t.press('sw.amira', 'dropin.cancel.date', one.data, { date: '2026-11-26' });
    t.clock.set('2026-11-26T12:00:00Z');
    await t.advance(0);
    expect(reminders(t, 'dsl.werneth')).toEqual([]);
    expect(reminders(t, 'staff.werneth.nurse')).toEqual([]);
    expect(reminders(t, 'sw.amira')).toEqual([]);
  });

  it('follows the configured reminder times', async () => {
    const data = sampleConfigData();
    data.limits.dropInReminders = { dayBeforeAt: '15:00', before: ['2h', '15m'] };
    t = await makeApp({ settings: settingsFrom(data) });
    await setUp(t);
    await bookNth(t, 'dsl.werneth', 2);
    const at = async (iso: string) => {
      t.clock.set(iso);
      await t.advance(0);
      return reminders(t, 'dsl.werneth').length;
    };
    expect(await at('2026-11-25T14:59:00Z')).toBe(0);
    expect(await at('2026-11-25T15:00:00Z')).toBe(1);
    expect(await at('2026-11-26T07:59:00Z')).toBe(1);
    expect(await at('2026-11-26T08:00:00Z')).toBe(2);
    expect(await at('2026-11-26T09:44:00Z')).toBe(2);
    expect(await at('2026-11-26T09:45:00Z')).toBe(3);
  });
});
