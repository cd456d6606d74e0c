/**
 * Every card the drop-in journey produces renders on both platforms: Adaptive Card 1.5 with no
 * errors or warnings (five actions at most), and within Slack's Block Kit limits as a message
 * and, for forms, as a modal. The journey has real timetables and bookings behind it, so the
 * lists are as long as they get.
 */
import { toAdaptiveCard } from '../../cards/adaptive';
import { toBlockKit, toSlackModal } from '../../cards/blockkit';
import type { Card } from '../../cards/tree';
import type { Reply } from '../../bot/core/reply';
import { makeApp } from '../helpers/app';
import { adaptiveCardProblems, blockKitProblems } from '../cards/validate';
import { bookNth, buttons, setUp } from './helpers';

it('every drop-in card renders on Teams and Slack', async () => {
  const t = await makeApp();
  const cards: { where: string; card: Card; form: boolean }[] = [];
  const keep = (where: string, replies: Reply[]) => {
    for (const r of replies) if (r.card) cards.push({ where, card: r.card, form: !!r.form });
    return replies;
  };
  try {
    keep('setup form (business support)', await t.say('bs.mo', 'dropin setup'));
    keep('setup form', await t.say('sw.amira', 'dropin setup'));
    await setUp(t, 'sw.amira', { capacity: '2' });
    await setUp(t, 'sw.amira', { school: 'arden', weekdays: 'tue,wed', audience: 'staff,parents,young_people' });
    await setUp(t, 'sw.amira', { school: 'st-marks', weekdays: 'fri' });
    const one = await bookNth(t, 'dsl.werneth', 0, { topic: 'a topic' });
    keep('book, hold, confirm', [one.list, one.hold, one.done]);
    for (let n = 0; n < 6; n++) await bookNth(t, 'dsl.werneth', 0);
    const [list] = keep('book', await t.say('dsl.werneth', 'book'));
    const later = buttons(list).find((b) => b.verb === 'dropin.book')!;
    keep('later times', await t.press('dsl.werneth', later.verb, later.data));
    keep('bookings', await t.say('dsl.werneth', 'bookings'));
    const [arden] = keep('book (arden)', await t.say('dsl.arden', 'book'));
    keep('hold (three audiences)', await t.press('dsl.arden', 'dropin.pick', buttons(arden)[0].data));
    keep('home (booker)', await t.say('dsl.werneth', 'home'));
    keep('home (worker)', await t.say('sw.amira', 'home'));
    const [menu] = keep('cancel menu', await t.say('sw.amira', 'dropin cancel'));
    for (const b of buttons(menu)) keep(b.verb, await t.press('sw.amira', b.verb, b.data));
    t.clock.set('2026-11-27T12:00:00Z');
    const [view] = keep('dropins', await t.say('sw.amira', 'dropins'));
    const record = buttons(view).find((b) => b.verb === 'dropin.attend.form')!;
    keep('attendance form', await t.press('sw.amira', record.verb, record.data));
    await t.settle();
    for (const s of t.channel.sent) if (s.reply.card) cards.push({ where: `sent to ${s.ref.id}`, card: s.reply.card, form: !!s.reply.form });

    expect(cards.length).toBeGreaterThan(15);
    const problems = cards.flatMap((c) => [
      ...adaptiveCardProblems(toAdaptiveCard(c.card)).map((p) => `${c.where}: ${p}`),
      ...blockKitProblems(toBlockKit(c.card).blocks, 'message').map((p) => `${c.where}: ${p}`),
      ...(c.form ? blockKitProblems((toSlackModal(c.card, { callbackId: 'x' }) as any).blocks, 'modal').map((p) => `${c.where} (modal): ${p}`) : []),
    ]);
    expect(problems).toEqual([]);
  } finally {
    await t.close();
  }
});
