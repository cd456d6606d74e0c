/**
 * The gentle first-name warning, through the real core: a consultation whose "what happened"
 * names a child is not sent until the DSL presses "Send anyway"; the warning and the choice are
 * recorded (by id, never the text); a date of birth in a worker's reply is refused outright.
 */
import { HELD, WARNINGS, type NameWarning } from '../../bot/core/free-text';
import { action, askAdvice, consultApp, last, shown } from '../consultations/flow';

describe('free text with a first name', () => {
  it('warns before a consultation is sent, then sends it on "Send anyway" and records both', async () => {
    const t = await consultApp();
    const [warning] = await t.press('dsl.werneth', 'consult.submit', {}, {
      yearGroup: 'Y9', reference: 'JS', categories: 'other', whatHappened: 'Jayden said his dad hit him last night.',
      knownToSocialCare: 'no', parentsKnow: 'no', consent: 'not_asked', schoolActions: '', urgency: 'amber',
    });
    expect(shown(warning)).toContain('"Jayden" looks like a first name');
    expect(shown(warning)).toContain('Nothing has been sent yet');
    await t.settle();
    expect(t.channel.to('sw.amira')).toEqual([]);

    const send = action(warning, 'freetext.send-anyway');
    const after = await t.press('dsl.werneth', send.verb, send.data);
    expect(after.map(shown).join('\n')).toMatch(/#\d+/);
    await t.settle();
    expect(shown(last(t, 'sw.amira'))).toMatch(/consultation/i);

    const w = await t.store.get<NameWarning>(WARNINGS, send.data!.held);
    expect(w).toMatchObject({ personId: 'dsl.werneth', route: 'consult.submit', names: 1 });
    expect(w?.sentAnyway).toBeDefined();
    expect(JSON.stringify(w)).not.toContain('Jayden');
    expect(await t.store.get(HELD, send.data!.held)).toBeUndefined();

    const again = await t.press('dsl.werneth', send.verb, send.data);
    expect(shown(again[0])).toContain('already sent');
    await t.close();
  });

  it("refuses a worker's reply with a date of birth, and warns on a name in a reply", async () => {
    const t = await consultApp();
    await askAdvice(t, 'dsl.werneth');
    const [refused] = await t.say('sw.amira', 'reply born 19/07/2013, please check');
    expect(shown(refused)).toMatch(/date of birth/);
    const school = await t.say('sw.amira', "reply St Christopher's had the same worry last term");
    expect(school.map(shown).join('\n')).not.toMatch(/first name/);
    const [warned] = await t.say('sw.amira', 'reply I will ring Amelia at the school office');
    expect(shown(warned)).toContain('"Amelia"');
    await t.settle();
    expect(t.channel.to('dsl.werneth').map(shown).join('\n')).not.toContain('Amelia');
    const send = action(warned, 'freetext.send-anyway');
    await t.press('sw.amira', send.verb, send.data);
    await t.settle();
    expect(t.channel.to('dsl.werneth').map(shown).join('\n')).toContain('Amelia');
    await t.close();
  });
});
