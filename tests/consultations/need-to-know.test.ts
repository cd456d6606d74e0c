/**
 * Need to know (issue 17, point 1): who sees a consultation and who may change it, ids nobody
 * can guess, every read audited, and nothing about a child in a channel or group chat.
 */
import { ConsultationReads } from '../../bot/features/consultations/reads';
import type { InboundEvent } from '../../bot/core/events';
import { consoleEvent, type TestApp } from '../helpers/app';
import { askAdvice, consultApp, consultConfig, last, shown } from './flow';

const REFUSED = /can't find that consultation/;

function inGroup(event: InboundEvent, kind: 'group' | 'channel'): InboundEvent {
  return { ...event, conversation: { platform: 'console', id: `console:${kind}:werneth-staff`, kind, address: {} } };
}

describe('consultations: need to know', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await consultApp();
    for (const p of ['staff.werneth.nurse', 'bs.mo', 'sw.ben']) await t.say(p, 'hello');
    t.channel.sent.length = 0;
  });
  afterEach(() => t.close());

  it("the school nurse cannot open or close the DSL's consultation; the DSL sees staff's; the team manager sees but cannot change", async () => {
    const { id } = await askAdvice(t, 'dsl.werneth');
    for (const who of ['staff.werneth.nurse', 'staff.werneth.hoy9', 'bs.mo', 'dsl.harrytown', 'sw.ben']) {
      const [view] = await t.press(who, 'consult.view', { id });
      expect(view.text).toMatch(REFUSED);
      const [closing] = await t.press(who, 'consult.close', { id });
      expect(closing.text).toMatch(REFUSED);
    }
    const [grace] = await t.press('tm.grace', 'consult.view', { id });
    expect(shown(grace)).toMatch(/Consultation #1/);
    expect(grace.card?.actions ?? []).toHaveLength(0); // no buttons: she may look, not change
    const [graceCloses] = await t.press('tm.grace', 'consult.close', { id });
    expect(graceCloses.text).toMatch(/only whoever raised it, the school's DSL and Amira Hassan \(who holds it\) can change or close it/);
    const [amira] = await t.press('sw.amira', 'consult.view', { id });
    expect(shown(amira)).toMatch(/Early help/);

    // Staff see what they raised, and the DSL sees (and may close) it too.
    const staffs = await askAdvice(t, 'staff.werneth.hoy9', { reference: 'KM' });
    const [nurse] = await t.press('staff.werneth.nurse', 'consult.view', { id: staffs.id });
    expect(nurse.text).toMatch(REFUSED);
    const [priya] = await t.press('dsl.werneth', 'consult.view', { id: staffs.id });
    expect(shown(priya)).toMatch(/Consultation #2[\s\S]*Child: Y9 · KM/);
    const [closed] = await t.press('dsl.werneth', 'consult.close', { id: staffs.id });
    expect(closed.text).toMatch(/Closed consultation #2/);
  });

  it('a deputy DSL sees and may close the school\'s consultations, and can ask for advice', async () => {
    await t.close();
    t = await consultApp({
      config: consultConfig((d) => {
        d.people.push({ id: 'dsl.werneth.deputy', name: 'Sam Okafor', roles: ['deputy_dsl'] });
        d.schools[0].dsls.push('dsl.werneth.deputy');
      }),
    });
    await t.say('dsl.werneth.deputy', 'hello');
    const { id } = await askAdvice(t, 'staff.werneth.hoy9');
    await t.settle();
    expect(shown(last(t, 'dsl.werneth.deputy'))).toMatch(/For your information: Lucy Patel asked Amira Hassan for advice/);
    const [view] = await t.press('dsl.werneth.deputy', 'consult.view', { id });
    expect(shown(view)).toMatch(/Consultation #1/);
    const own = await askAdvice(t, 'dsl.werneth.deputy', { reference: 'KM' });
    expect(shown(own.sent)).toMatch(/Sent to Amira/);
    const [closed] = await t.press('dsl.werneth.deputy', 'consult.close', { id });
    expect(closed.text).toMatch(/Closed consultation #1/);
  });

  it('ids are random, not c1, c2; people still see a short number', async () => {
    const a = await askAdvice(t, 'dsl.werneth');
    const b = await askAdvice(t, 'dsl.werneth', { reference: 'KM' });
    for (const x of [a.id, b.id]) expect(x).toMatch(/^c-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(shown(a.sent)).toMatch(/#1 · Werneth School/);
    expect(shown(b.sent)).toMatch(/#2 · Werneth School/);
    const [guess] = await t.press('dsl.werneth', 'consult.view', { id: 'c1' });
    expect(guess.text).toMatch(REFUSED);
  });

  it('every read is audited: cards sent, views, lists and the home tab; refused reads are not shown anything', async () => {
    const { id } = await askAdvice(t, 'dsl.werneth');
    await t.press('tm.grace', 'consult.view', { id });
    await t.say('dsl.werneth', 'consultations');
    await t.say('sw.amira', 'home');
    await t.press('staff.werneth.nurse', 'consult.view', { id });
    const reads = await new ConsultationReads(t.store, t.clock.now).of(id);
    const seen = reads.map((r) => `${r.personId}:${r.purpose}`);
    expect(seen).toEqual(expect.arrayContaining(['sw.amira:card', 'tm.grace:consult.view', 'dsl.werneth:list', 'sw.amira:home']));
    expect(seen.some((s) => s.startsWith('staff.werneth.nurse'))).toBe(false);
    expect(reads.every((r) => r.at === '2026-11-23T10:00:00.000Z')).toBe(true);
  });

  it('asked in a group chat or a channel, the consultation moves at once to a 1:1 chat', async () => {
    for (const kind of ['group', 'channel'] as const) {
      t.channel.sent.length = 0;
      const replies = await t.app.bot.handle(inGroup(consoleEvent('dsl.werneth', { type: 'message', text: 'is this a MASH referral?' }, t.clock.now()), kind));
      expect(replies.map((r) => r.text)).toEqual(["I've messaged you privately: nothing about a child is posted here."]);
      await t.settle();
      expect(shown(last(t, 'dsl.werneth'))).toMatch(/is a child in immediate danger right now/);
    }
    // A button pressed on a card in a group chat: the answer goes to the 1:1 chat too.
    const { id } = await askAdvice(t, 'dsl.werneth');
    t.channel.sent.length = 0;
    const replies = await t.app.bot.handle(inGroup(consoleEvent('dsl.werneth', { type: 'action', verb: 'consult.view', data: { id }, inputs: {} }, t.clock.now()), 'group'));
    expect(replies).toHaveLength(1);
    expect(replies[0].text).not.toMatch(/JS|Y9/);
    await t.settle();
    expect(shown(last(t, 'dsl.werneth'))).toMatch(/Y9 · JS/);
  });

  it('someone with no 1:1 chat yet is told to open one, and nothing about a child is posted', async () => {
    const ev = inGroup(consoleEvent('staff.arden.head', { type: 'message', text: 'consult' }, t.clock.now()), 'channel');
    const replies = await t.app.bot.handle(ev);
    expect(replies.map((r) => r.text).join('\n')).toMatch(/only talk about it in a 1:1 chat[\s\S]*call 999/);
    expect(replies.some((r) => r.card)).toBe(false);
  });
});
