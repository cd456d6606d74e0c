/**
 * Shared steps for the drop-in tests: a link worker sets up a timetable through the real
 * form action, a booker picks and confirms a slot, and small readers for what people saw.
 *
 * @example
 *   await setUpWerneth(t);                       // Amira: Mon and Thu 10:00–12:00, 30-minute slots
 *   const booked = await bookFirst(t, 'dsl.werneth', { topic: 'attendance, Y9' });
 */
import type { Reply } from '../../bot/core/reply';
import type { TestApp } from '../helpers/app';

export const SETUP = {
  school: 'werneth',
  weekdays: 'mon,thu',
  start: '10:00',
  end: '12:00',
  slotMinutes: '30',
  capacity: '1',
  audience: 'staff,parents',
  place: 'SWIS office, room 12',
  firstDate: '2026-11-23',
  lastDate: '2026-12-18',
};

export async function setUp(t: TestApp, who = 'sw.amira', inputs: Partial<typeof SETUP> & Record<string, string> = {}): Promise<Reply> {
  const [r] = await t.press(who, 'dropin.setup.save', {}, { ...SETUP, ...inputs });
  return r;
}

/** The submit buttons of a reply's card. */
export function buttons(r: Reply | undefined): { verb: string; title: string; data: Record<string, string> }[] {
  return (r?.card?.actions ?? []).flatMap((a) => (a.type === 'submit' ? [{ verb: a.verb, title: a.title, data: a.data ?? {} }] : []));
}

export function slotButtons(r: Reply | undefined) {
  return buttons(r).filter((b) => b.verb === 'dropin.pick');
}

/** Opens `book`, picks the n-th free slot, confirms; returns every step's reply. */
export async function bookNth(
  t: TestApp,
  personId: string,
  n = 0,
  inputs: { topic?: string; for?: string } = {},
): Promise<{ list: Reply; hold: Reply; done: Reply; slotId: string; bookingId: string }> {
  const [list] = await t.say(personId, 'book');
  const pick = slotButtons(list)[n];
  if (!pick) throw new Error(`no free slot #${n} for ${personId}: ${list.text}`);
  const [hold] = await t.press(personId, 'dropin.pick', pick.data);
  const confirm = buttons(hold).find((b) => b.verb === 'dropin.confirm');
  if (!confirm) throw new Error(`no hold form for ${personId}: ${hold.text}`);
  const [done] = await t.press(personId, 'dropin.confirm', confirm.data, { topic: '', for: 'staff', ...inputs });
  return { list, hold, done, slotId: pick.data.slot, bookingId: confirm.data.booking };
}

export function texts(replies: Reply[]): string {
  return replies.map((r) => r.text).join('\n');
}
