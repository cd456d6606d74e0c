import { createApp } from '../../bot/app';
import { silentLogger } from '../../bot/core/log';
import { makeApp, sampleConfigData, settingsFrom, type TestApp } from '../helpers/app';
import { bookNth, buttons, setUp, slotButtons } from './helpers';

const MINUTE = 60_000;

describe('booking a drop-in', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeApp();
    await setUp(t);
  });
  afterEach(() => t.close());

  it('shows the next free slots with the link worker this week and next as buttons, soonest first', async () => {
    const [r] = await t.say('dsl.werneth', 'book a drop-in please');
    const slots = slotButtons(r);
    // Now is Mon 23 Nov 10:00; the minimum notice (1h) rules out 10:00 and 10:30 today.
    expect(slots.map((s) => s.title)).toEqual([
      'Mon 23 Nov, 11:00 with Amira',
      'Mon 23 Nov, 11:30 with Amira',
      'Thu 26 Nov, 10:00 with Amira',
      'Thu 26 Nov, 10:30 with Amira',
    ]);
    const pages = [slots.map((s) => s.title)];
    let page = r;
    for (let more = buttons(page).find((b) => b.verb === 'dropin.book'); more; more = buttons(page).find((b) => b.verb === 'dropin.book')) {
      [page] = await t.press('dsl.werneth', more.verb, more.data);
      pages.push(slotButtons(page).map((s) => s.title));
    }
    expect(pages.slice(1)).toEqual([
      ['Thu 26 Nov, 11:00 with Amira', 'Thu 26 Nov, 11:30 with Amira', 'Mon 30 Nov, 10:00 with Amira', 'Mon 30 Nov, 10:30 with Amira'],
      ['Mon 30 Nov, 11:00 with Amira', 'Mon 30 Nov, 11:30 with Amira', 'Thu 3 Dec, 10:00 with Amira', 'Thu 3 Dec, 10:30 with Amira'],
      // "This week and next" ends on Sunday 6 Dec.
      ['Thu 3 Dec, 11:00 with Amira', 'Thu 3 Dec, 11:30 with Amira'],
    ]);
  });

  it('the welcome card offers Book a drop-in to school staff, and the button works', async () => {
    const [welcome] = await t.app.bot.handle({
      id: 'console:install:1', platform: 'console', receivedAt: t.clock.now(), type: 'installed',
      user: { platform: 'console', userId: 'dsl.werneth' },
      conversation: { platform: 'console', id: 'console:dsl.werneth', kind: 'personal', address: {} },
    });
    expect(buttons(welcome).map((b) => b.verb)).toContain('dropin.book');
    const [r] = await t.press('dsl.werneth', 'dropin.book');
    expect(slotButtons(r)).toHaveLength(4);
    expect(buttons(r)).toHaveLength(5);
  });

  it('picking a slot holds it and asks for an optional topic and who it is for; confirming tells both sides', async () => {
    const { hold, done } = await bookNth(t, 'dsl.werneth', 2, { topic: 'attendance worries, Y9', for: 'parents' });
    expect(hold.form).toBe(true);
    expect(hold.text).toMatch(/Holding Thu 26 Nov, 10:00 with Amira for you for 10m/);
    const forInput = hold.card!.body.find((e) => 'id' in e && e.id === 'for');
    expect(forInput).toMatchObject({ choices: [{ value: 'staff' }, { value: 'parents' }] });
    expect(done.text).toBe('Booked: Thu 26 Nov, 10:00–10:30 with Amira at SWIS office, room 12. Amira has been told.');
    await t.settle();
    const [toWorker] = t.channel.to('sw.amira');
    expect(toWorker.text).toBe(
      'New drop-in booking: Priya Shah (Werneth School), Thu 26 Nov, 10:00–10:30, SWIS office, room 12. For: a parent or carer. Topic: attendance worries, Y9.',
    );
    const [mine] = await t.say('dsl.werneth', 'bookings');
    expect(mine.text).toMatch(/Thu 26 Nov, 10:00 with Amira at Werneth School \(attendance worries, Y9\)/);
    const [list] = await t.say('dsl.werneth', 'book');
    expect(slotButtons(list).map((s) => s.title)).not.toContain('Thu 26 Nov, 10:00 with Amira');
    const [other] = await t.say('staff.werneth.hoy9', 'book');
    expect(slotButtons(other).map((s) => s.title)).not.toContain('Thu 26 Nov, 10:00 with Amira');
  });

  it('refuses a topic with a date in it and keeps the hold', async () => {
    const [list] = await t.say('dsl.werneth', 'book');
    const [hold] = await t.press('dsl.werneth', 'dropin.pick', slotButtons(list)[0].data);
    const confirm = buttons(hold).find((b) => b.verb === 'dropin.confirm')!;
    const [bad] = await t.press('dsl.werneth', 'dropin.confirm', confirm.data, { topic: 'born 12/03/2014', for: 'staff' });
    expect(bad.formErrors?.topic).toMatch(/leave out dates/);
    const [ok] = await t.press('dsl.werneth', 'dropin.confirm', confirm.data, { topic: 'friendship issues', for: 'staff' });
    expect(ok.text).toMatch(/^Booked: Mon 23 Nov, 11:00–11:30/);
  });

  it('a hold not confirmed in time goes back, and confirming late says so', async () => {
    const [list] = await t.say('dsl.werneth', 'book');
    const [hold] = await t.press('dsl.werneth', 'dropin.pick', slotButtons(list)[2].data);
    const [other] = await t.say('staff.werneth.hoy9', 'book');
    expect(slotButtons(other).map((s) => s.title)).not.toContain('Thu 26 Nov, 10:00 with Amira');
    await t.advance(10 * MINUTE);
    const [again] = await t.say('staff.werneth.hoy9', 'book');
    expect(slotButtons(again).map((s) => s.title)).toContain('Thu 26 Nov, 10:00 with Amira');
    const confirm = buttons(hold).find((b) => b.verb === 'dropin.confirm')!;
    const [late] = await t.press('dsl.werneth', 'dropin.confirm', confirm.data, { topic: '', for: 'staff' });
    expect(late.text).toMatch(/Your hold on Thu 26 Nov, 10:00 with Amira ran out/);
    expect(buttons(late)[0]).toMatchObject({ verb: 'dropin.pick', data: slotButtons(list)[2].data });
    await t.settle();
    expect(t.channel.to('sw.amira')).toHaveLength(0);
  });

  it('a run-out hold whose expiry job was lost (a restart) still gives its place to the next person', async () => {
    const [list] = await t.say('dsl.werneth', 'book');
    const [hold] = await t.press('dsl.werneth', 'dropin.pick', slotButtons(list)[2].data);
    const booking = buttons(hold).find((b) => b.verb === 'dropin.confirm')!.data.booking;
    await t.app.services.scheduler.cancelOwner(`booking:${booking}`);
    t.clock.advance(11 * MINUTE);
    const [other] = await t.say('staff.werneth.hoy9', 'book');
    const thursday = slotButtons(other).find((s) => s.title === 'Thu 26 Nov, 10:00 with Amira')!;
    expect(thursday).toBeDefined();
    const [taken] = await t.press('staff.werneth.hoy9', 'dropin.pick', thursday.data);
    expect(taken.form).toBe(true);
    const [late] = await t.press('dsl.werneth', 'dropin.confirm', { booking }, { for: 'staff' });
    expect(late.text).toMatch(/ran out/);
  });

  it('letting a hold go frees the place at once', async () => {
    const [list] = await t.say('dsl.werneth', 'book');
    const [hold] = await t.press('dsl.werneth', 'dropin.pick', slotButtons(list)[0].data);
    const release = buttons(hold).find((b) => b.verb === 'dropin.release')!;
    const [r] = await t.press('dsl.werneth', release.verb, release.data);
    expect(r.text).toMatch(/let that slot go/);
    const [other] = await t.say('staff.werneth.hoy9', 'book');
    expect(slotButtons(other)[0].title).toBe('Mon 23 Nov, 11:00 with Amira');
  });

  it('someone who loses the last place is told it just went and offered the next free slot', async () => {
    const [a] = await t.say('dsl.werneth', 'book');
    const [b] = await t.say('staff.werneth.hoy9', 'book');
    await t.press('dsl.werneth', 'dropin.pick', slotButtons(a)[0].data);
    const [lost] = await t.press('staff.werneth.hoy9', 'dropin.pick', slotButtons(b)[0].data);
    expect(lost.text).toBe('Sorry, that slot (Mon 23 Nov, 11:00 with Amira) just went. The next free slot is Mon 23 Nov, 11:30 with Amira.');
    expect(slotButtons(lost)[0]).toMatchObject({ title: 'Mon 23 Nov, 11:30 with Amira' });
  });

  describe('bad input gets a clear reply and changes nothing', () => {
    async function places(slotId: string): Promise<string[]> {
      return t.store.members(`dropin:slot:${slotId}`);
    }

    it('a slot in the past', async () => {
      const [list] = await t.say('dsl.werneth', 'book');
      const slot = slotButtons(list)[0].data;
      t.clock.set('2026-11-23T12:00:00Z');
      const [r] = await t.press('dsl.werneth', 'dropin.pick', slot);
      expect(r.text).toBe('That slot (Mon 23 Nov, 11:00 with Amira) is in the past, so it can\'t be booked.');
      expect(await places(slot.slot)).toEqual([]);
    });

    it('a slot inside the minimum notice', async () => {
      const [list] = await t.say('dsl.werneth', 'book');
      const slot = slotButtons(list)[0].data;
      t.clock.set('2026-11-23T10:30:00Z');
      const [r] = await t.press('dsl.werneth', 'dropin.pick', slot);
      expect(r.text).toMatch(/starts in less than 1h, too soon to book here. Contact Amira directly/);
      expect(await places(slot.slot)).toEqual([]);
    });

    it('a day the school has since closed', async () => {
      const [list] = await t.say('dsl.werneth', 'book');
      const thursday = slotButtons(list)[2];
      expect(thursday.title).toBe('Thu 26 Nov, 10:00 with Amira');
      // The council adds a closure after the timetable was made: the same store, a new configuration.
      const data = sampleConfigData();
      data.authority.closures.push({ name: 'Heating failure', from: '2026-11-26', to: '2026-11-26' });
      const closed = createApp({ settings: settingsFrom(data), store: t.store, log: silentLogger(), now: t.clock.now });
      const [r] = await closed.bot.handle({
        id: 'console:closed:1', platform: 'console', receivedAt: t.clock.now(), type: 'action', verb: 'dropin.pick', data: thursday.data, inputs: {},
        user: { platform: 'console', userId: 'dsl.werneth' },
        conversation: { platform: 'console', id: 'console:dsl.werneth', kind: 'personal', address: {} },
      });
      expect(r.text).toBe('School is closed on Thu 26 Nov 2026 (Heating failure), so there is no drop-in that day.');
      expect(await places(thursday.data.slot)).toEqual([]);
      const [again] = await closed.bot.handle({
        id: 'console:closed:2', platform: 'console', receivedAt: t.clock.now(), type: 'message', text: 'book',
        user: { platform: 'console', userId: 'dsl.werneth' },
        conversation: { platform: 'console', id: 'console:dsl.werneth', kind: 'personal', address: {} },
      });
      expect(slotButtons(again).map((s) => s.title).join(' ')).not.toMatch(/26 Nov/);
    });

    it('a school one is not linked to', async () => {
      const [list] = await t.say('dsl.werneth', 'book');
      const slot = slotButtons(list)[0].data;
      const [r] = await t.press('dsl.harrytown', 'dropin.pick', slot);
      expect(r.text).toBe("You aren't linked to Werneth School, so you can't book its drop-ins. Type book to see your own school's slots.");
      expect(await places(slot.slot)).toEqual([]);
      const [none] = await t.say('dsl.harrytown', 'book');
      expect(none.text).toMatch(/no free drop-in slots with Ben/);
    });

    it('a double booking: the same slot twice, or two at the same time', async () => {
      const { slotId } = await bookNth(t, 'dsl.werneth', 0);
      const [twice] = await t.press('dsl.werneth', 'dropin.pick', { slot: slotId });
      expect(twice.text).toBe("You're already booked on that slot (Mon 23 Nov, 11:00 with Amira). Type bookings to see your bookings.");
      expect(await places(slotId)).toEqual(['dsl.werneth']);
      // Amira also runs St Mark's; a DSL of both schools cannot be in two places at 11:00.
      const data = sampleConfigData();
      data.schools.find((s: any) => s.id === 'st-marks').dsls.push('dsl.werneth');
      data.schools.find((s: any) => s.id === 'st-marks').linkWorkers = ['sw.chloe'];
      const t2 = await makeApp({ settings: settingsFrom(data) });
      try {
        await setUp(t2);
        await setUp(t2, 'sw.chloe', { school: 'st-marks', weekdays: 'mon', start: '11:00', end: '12:00' });
        const first = await bookNth(t2, 'dsl.werneth', 0);
        expect(first.done.text).toMatch(/^Booked: Mon 23 Nov, 11:00–11:30 with Amira/);
        const [list] = await t2.say('dsl.werneth', 'book');
        const clash = slotButtons(list).find((s) => s.title === 'Mon 23 Nov, 11:00 with Chloe (St Mark\'s CE Primary School)')!;
        const [r] = await t2.press('dsl.werneth', 'dropin.pick', clash.data);
        expect(r.text).toBe('You already have a drop-in booked at that time (Mon 23 Nov, 11:00 with Amira).');
        expect(await t2.store.members(`dropin:slot:${clash.data.slot}`)).toEqual([]);
      } finally {
        await t2.close();
      }
    });

    it('a slot that does not exist', async () => {
      const [r] = await t.press('dsl.werneth', 'dropin.pick', { slot: 'ds-nope-20261123-1100' });
      expect(r.text).toMatch(/can't find that drop-in slot/);
    });
  });

  describe('cancelling one\'s own booking', () => {
    it('cancels up to the minimum notice and tells the worker; the slot is free again', async () => {
      const { bookingId } = await bookNth(t, 'dsl.werneth', 2);
      const [list] = await t.say('dsl.werneth', 'bookings');
      const cancel = buttons(list).find((b) => b.verb === 'dropin.cancel.booking')!;
      expect(cancel.data).toEqual({ booking: bookingId });
      const [r] = await t.press('dsl.werneth', cancel.verb, cancel.data);
      expect(r.text).toBe('Cancelled your drop-in on Thu 26 Nov, 10:00–10:30. Amira has been told.');
      // The list pressed now says who cancelled which and when; that Cancel button is gone.
      expect(r.replace).toBe(true);
      expect(buttons(r)).toEqual([]);
      expect(JSON.stringify(r.card)).toContain('Cancelled by Priya at 10:00: Thu 26 Nov, 10:00 with Amira at Werneth School');
      expect(JSON.stringify(r.card)).toContain('No other drop-ins booked. Type book to book one.');
      await t.settle();
      expect(t.channel.to('sw.amira').at(-1)!.text).toBe('Priya Shah (Werneth School) cancelled their drop-in on Thu 26 Nov, 10:00–10:30. The slot is free again.');
      // A press on a stale copy answers with what already happened, and the copy is brought up to date.
      const again = await t.press('dsl.werneth', cancel.verb, cancel.data);
      expect(again.map((x) => x.text)).toEqual([
        'Already cancelled by Priya at 10:00: your drop-in on Thu 26 Nov, 10:00–10:30.',
        'Already cancelled by Priya at 10:00: your drop-in on Thu 26 Nov, 10:00–10:30.',
      ]);
      expect(again[0].replace).toBe(true);
      expect(buttons(again[0])).toEqual([]);
      expect(t.channel.to('sw.amira').filter((m) => /cancelled their drop-in/.test(m.text))).toHaveLength(1);
      const [other] = await t.say('staff.werneth.hoy9', 'book');
      expect(slotButtons(other).map((s) => s.title)).toContain('Thu 26 Nov, 10:00 with Amira');
    });

    it('keeps the Cancel buttons of the other bookings on the card pressed', async () => {
      const first = await bookNth(t, 'dsl.werneth', 2); // Thu 26 Nov 10:00
      const second = await bookNth(t, 'dsl.werneth', 2); // the next free one after it
      const [list] = await t.say('dsl.werneth', 'bookings');
      expect(buttons(list).filter((b) => b.verb === 'dropin.cancel.booking')).toHaveLength(2);
      const [r] = await t.press('dsl.werneth', 'dropin.cancel.booking', { booking: first.bookingId });
      expect(r.replace).toBe(true);
      expect(buttons(r).map((b) => b.data.booking)).toEqual([second.bookingId]);
      expect(JSON.stringify(r.card)).toContain('Cancelled by Priya at 10:00: Thu 26 Nov, 10:00 with Amira');
      expect(JSON.stringify(r.card)).not.toContain('No other drop-ins booked');
    });

    it('refuses inside the minimum notice, and refuses someone else\'s booking', async () => {
      const { bookingId } = await bookNth(t, 'dsl.werneth', 2);
      const [other] = await t.press('staff.werneth.hoy9', 'dropin.cancel.booking', { booking: bookingId });
      expect(other.text).toMatch(/can't find that booking among yours/);
      t.clock.set('2026-11-26T09:30:00Z');
      const [list] = await t.say('dsl.werneth', 'bookings');
      expect(buttons(list).filter((b) => b.verb === 'dropin.cancel.booking')).toHaveLength(0);
      expect(list.card!.body.map((e) => ('text' in e ? e.text : '')).join(' ')).toMatch(/Too close to cancel here; please tell Amira directly/);
      const [late] = await t.press('dsl.werneth', 'dropin.cancel.booking', { booking: bookingId });
      expect(late.text).toMatch(/starts in less than 1h .* too late to cancel here. Please tell Amira directly/);
      const [still] = await t.say('dsl.werneth', 'bookings');
      expect(still.text).toMatch(/Thu 26 Nov, 10:00 with Amira/);
    });
  });
});
