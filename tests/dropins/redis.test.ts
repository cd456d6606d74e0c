/**
 * Drop-ins on the real Redis: fifty people racing for one slot through the core, and a
 * representative booking path from timetable to attendance.
 */
import { makeApp, sampleConfigData, settingsFrom, testRedisUrl, type TestApp } from '../helpers/app';
import { bookNth, buttons, setUp, slotButtons } from './helpers';

const RACERS = 50;

function fiftyStaffAtWerneth() {
  const data = sampleConfigData();
  const ids = Array.from({ length: RACERS }, (_, i) => `staff.race.${i + 1}`);
  for (const id of ids) data.people.push({ id, name: `Racer ${id.split('.').pop()}`, roles: ['school_staff'] });
  data.schools.find((s: any) => s.id === 'werneth').staff.push(...ids);
  return { settings: settingsFrom(data), ids };
}

describe('drop-ins on Redis', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it.each([1, 3])('fifty people race for a slot with %i place(s): exactly that many get it, the rest are offered the next', async (capacity) => {
    const { settings, ids } = fiftyStaffAtWerneth();
    t = await makeApp({ redis: true, settings });
    expect(t.store.kind).toBe('redis');
    await setUp(t, 'sw.amira', { capacity: String(capacity) });
    const [list] = await t.say(ids[0], 'book');
    const target = slotButtons(list)[0];
    expect(target.title).toBe('Mon 23 Nov, 11:00 with Amira');

    const replies = await Promise.all(ids.map((id) => t.press(id, 'dropin.pick', target.data)));

    const winners = ids.filter((_, i) => replies[i][0].form === true);
    const losers = ids.filter((_, i) => replies[i][0].form !== true);
    expect(winners).toHaveLength(capacity);
    expect(losers).toHaveLength(RACERS - capacity);
    expect((await t.store.members(`dropin:slot:${target.data.slot}`)).sort()).toEqual([...winners].sort());
    for (const i of ids.keys()) {
      const [r] = replies[i];
      if (r.form) continue;
      expect(r.text).toBe('Sorry, that slot (Mon 23 Nov, 11:00 with Amira) just went. The next free slot is Mon 23 Nov, 11:30 with Amira.');
      expect(slotButtons(r)[0]).toMatchObject({ title: 'Mon 23 Nov, 11:30 with Amira' });
    }

    // The winners confirm; the worker is told once per booking and nobody else holds a place.
    await Promise.all(
      winners.map(async (id) => {
        const hold = replies[ids.indexOf(id)][0];
        const [done] = await t.press(id, 'dropin.confirm', buttons(hold)[0].data, { for: 'staff', topic: '' });
        expect(done.text).toMatch(/^Booked: Mon 23 Nov, 11:00–11:30 with Amira/);
      }),
    );
    await t.settle();
    expect(t.channel.to('sw.amira').filter((r) => /^New drop-in booking/.test(r.text))).toHaveLength(capacity);
    const [again] = await t.say(losers[0], 'book');
    expect(slotButtons(again)[0].title).toBe('Mon 23 Nov, 11:30 with Amira');
  });

  it('on the BullMQ scheduler, a booking owns its reminders and cancelling it takes them away', async () => {
    t = await makeApp({ redis: true, settings: settingsFrom(sampleConfigData(), { REDIS_URL: testRedisUrl() }) });
    const { scheduler } = t.app.services;
    expect(scheduler.constructor.name).toBe('BullMQScheduler');
    await setUp(t);
    const { bookingId, slotId } = await bookNth(t, 'dsl.werneth', 2);
    const times = async (owner: string) => (await scheduler.pending(owner)).map((j) => `${j.kind} ${j.runAt.toISOString()}`).sort();
    expect(await times(`booking:${bookingId}`)).toEqual(['dropin.remind 2026-11-25T16:00:00.000Z', 'dropin.remind 2026-11-26T09:00:00.000Z']);
    expect(await times(`slot:${slotId}`)).toEqual(['dropin.remind.worker 2026-11-25T16:00:00.000Z', 'dropin.remind.worker 2026-11-26T09:00:00.000Z']);
    const [r] = await t.press('dsl.werneth', 'dropin.cancel.booking', { booking: bookingId });
    expect(r.text).toMatch(/^Cancelled your drop-in/);
    expect(await times(`booking:${bookingId}`)).toEqual([]);
    expect(await times(`slot:${slotId}`)).toEqual([]);
  });

  it('books, reminds, cancels and records attendance the same way on Redis', async () => {
    t = await makeApp({ redis: true });
    await setUp(t);
    const { bookingId, done } = await bookNth(t, 'dsl.werneth', 2, { topic: 'attendance, Y9' });
    expect(done.text).toBe('Booked: Thu 26 Nov, 10:00–10:30 with Amira at SWIS office, room 12. Amira has been told.');
    const [twice] = await t.press('dsl.werneth', 'dropin.pick', { slot: (await t.app.services.store.get<any>('dropin-booking', bookingId)).slotId });
    expect(twice.text).toMatch(/already booked on that slot/);
    const other = await bookNth(t, 'staff.werneth.hoy9', 2);
    await t.press('staff.werneth.hoy9', 'dropin.cancel.booking', { booking: other.bookingId });

    t.clock.set('2026-11-25T16:00:00Z');
    await t.advance(0);
    expect(t.channel.to('dsl.werneth').map((r) => r.text)).toContainEqual(expect.stringMatching(/^Reminder for tomorrow: your drop-in with Amira/));
    expect(t.channel.to('staff.werneth.hoy9').map((r) => r.text).filter((x) => /^Reminder/.test(x))).toEqual([]);

    t.clock.set('2026-11-26T10:40:00Z');
    const [r] = await t.press('sw.amira', 'dropin.attend.save', { booking: bookingId }, { attendance: 'attended', timeSpent: '30_60', outcome: 'advice_and_monitor', consent: 'consented', note: 'Agreed next steps.' });
    expect(r.text).toMatch(/^Recorded: Priya attended/);
    const figures = await t.app.services.figures.forWorkers({
      workerIds: ['sw.amira'], from: new Date('2026-11-26T00:00:00Z'), to: new Date('2026-11-26T23:59:59Z'),
    });
    expect(figures['sw.amira'].dropIns).toEqual({ offered: 4, booked: 1, attended: 1 });
  });
});
