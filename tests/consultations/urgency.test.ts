/**
 * Urgency follows what was said (issue 17, point 2): an s.47-level indicator makes it Red with
 * "Call the MASH now" first; danger wording anywhere is answered at once with 999, the MASH and
 * (out of hours) the EDT, and the worker is alerted; the safety net is in the first reply and in
 * "I didn't understand".
 */
import type { TestApp } from '../helpers/app';
import { askAdvice, consultApp, GOOD_FORM, last, MINUTE, shown } from './flow';

const MASH = '0161 496 0100';
const EDT = '0161 496 0999';

describe('consultations: urgency follows what was said', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('an s.47-level indicator makes a Green consultation Red: "Call the MASH now" first, the worker alerted as urgent, a Red target', async () => {
    t = await consultApp();
    const { sent, id } = await askAdvice(t, 'dsl.werneth', { urgency: 'green' }, { ind_neglect: 'neglect-home-alone' });
    expect(sent.text.split('\n')[0]).toBe(`Call the MASH now on ${MASH}: what you ticked is at the child protection (s.47) level. If a child is in immediate danger call 999.`);
    expect(shown(sent)).toMatch(/I've made this Red \(you chose Green\)/);
    expect(shown(sent)).toMatch(/Red: a reply is expected within 10m of working time, by Mon 23 Nov, 10:10/);
    expect(shown(sent)).not.toMatch(/30m|Green – advice when you can|emergency duty team/);
    const toAmira = last(t, 'sw.amira');
    expect(toAmira?.card?.title).toBe('New consultation – URGENT, s.47 level');
    expect(shown(toAmira)).toMatch(/URGENT[\s\S]*Urgency: Red – worried about today/);
    const c = await t.app.services.store.get<{ urgency: string }>('consultation', id);
    expect(c?.urgency).toBe('red');
  });

  it('out of the MASH hours the first line is the emergency duty team', async () => {
    t = await consultApp({ at: '2026-11-28T11:00:00Z' }); // a Saturday
    const { sent } = await askAdvice(t, 'dsl.werneth', { urgency: 'amber' }, { ind_neglect: 'neglect-home-alone' });
    expect(sent.text.split('\n')[0]).toMatch(new RegExp(`^Call the emergency duty team now on ${EDT} \\(the MASH is closed\\)`));
  });

  it('a school may choose Red above the indicators; indicators below s.47 leave the choice alone', async () => {
    t = await consultApp();
    const red = await askAdvice(t, 'dsl.werneth', { urgency: 'red' }, { ind_neglect: 'neglect-hunger' });
    expect(shown(red.sent)).toMatch(/Red: a reply is expected within 10m/);
    const green = await askAdvice(t, 'dsl.werneth', { urgency: 'green', reference: 'KM' }, { ind_neglect: 'neglect-hunger' });
    expect(shown(green.sent)).toMatch(/Green: a reply is expected within 30m/);
    expect(shown(green.sent)).not.toMatch(/Call the MASH now/);
  });

  it('the school may raise urgency after sending (target moves, worker alerted), never lower it', async () => {
    t = await consultApp();
    const { id, sent } = await askAdvice(t, 'dsl.werneth', { urgency: 'green' });
    const raise = sent.card!.actions.find((a) => a.type === 'submit' && a.verb === 'consult.urgency');
    expect(raise).toBeDefined();
    t.clock.advance(5 * MINUTE);
    const [done] = await t.press('dsl.werneth', 'consult.urgency', { id, urgency: 'red' });
    expect(done.text).toBe('Consultation #1 is now Red – worried about today: a reply is due by Mon 23 Nov, 10:15. I\'ve told Amira Hassan.');
    await t.settle();
    expect(shown(last(t, 'sw.amira'))).toMatch(/Priya raised it to Red[\s\S]*URGENT/);
    const [lower] = await t.press('dsl.werneth', 'consult.urgency', { id, urgency: 'amber' });
    expect(lower.text).toMatch(/can be raised, never lowered/);
    const [worker] = await t.press('sw.amira', 'consult.urgency', { id, urgency: 'red' });
    expect(worker.text).toMatch(/Only the school raises/);
    await t.advance(11 * MINUTE);
    expect(t.channel.to('sp.olu')).toHaveLength(1); // escalated on the Red target
  });

  it('danger words in a message: 999 and the MASH at once, the worker alerted as urgent; nothing else runs', async () => {
    t = await consultApp();
    const replies = await t.say('dsl.werneth', 'Y9 boy says he is NOT safe to go home tonight');
    expect(replies[0].text).toBe(`Call 999 now. Then call the MASH on ${MASH}.`);
    expect(shown(replies[1])).toMatch(/I've alerted Amira Hassan as urgent \(consultation #1\)/);
    expect(replies.map((r) => r.text).join('\n')).not.toMatch(/didn't understand|emergency duty team/);
    await t.settle();
    const alert = last(t, 'sw.amira');
    expect(alert?.card?.title).toBe('Danger words in a message: "not safe to go home"');
    expect(shown(alert)).toMatch(/URGENT/);
  });

  it('out of hours the danger answer adds the emergency duty team', async () => {
    t = await consultApp({ at: '2026-11-23T19:30:00Z' });
    const [first] = await t.say('staff.werneth.hoy9', 'his dad threatened to kill him');
    expect(first.text).toBe(`Call 999 now. Then call the MASH on ${MASH}. It's out of hours: the emergency duty team is on ${EDT}.`);
  });

  it('danger words in a form field: answered at once, the worker alerted, and the form becomes that one consultation', async () => {
    t = await consultApp();
    await t.say('dsl.werneth', 'consult');
    await t.press('dsl.werneth', 'consult.danger.no');
    const replies = await t.press('dsl.werneth', 'consult.submit', { form: 'f-1' }, { ...GOOD_FORM, whatHappened: 'She has been hurt by an adult at home.' });
    expect(replies[0].text).toBe(`Call 999 now. Then call the MASH on ${MASH}.`);
    await t.settle();
    expect(last(t, 'sw.amira')?.card?.title).toMatch(/Danger words in a message: "has been hurt"/);
    const step = replies[replies.length - 1];
    const send = step.card!.actions.find((a) => a.type === 'submit' && a.verb === 'consult.indicators');
    expect(send).toBeDefined();
    await t.press('dsl.werneth', 'consult.indicators', (send as { data: Record<string, string> }).data, { ind_neglect: 'neglect-hunger' });
    await t.settle();
    expect(last(t, 'sw.amira')?.card?.title).toBe('Details added');
    const [list] = await t.say('dsl.werneth', 'consultations');
    expect(list.text).toMatch(/#1/);
    expect(list.text).not.toMatch(/#2/);
  });

  it('danger words typed as a reply make that consultation Red and alert its worker', async () => {
    t = await consultApp();
    const { id } = await askAdvice(t, 'dsl.werneth', { urgency: 'green' });
    t.channel.sent.length = 0;
    const replies = await t.press('dsl.werneth', 'consult.reply.send', { id }, { message: 'Update: he says he is going to hurt himself tonight.' });
    expect(replies[0].text).toMatch(/^Call 999 now/);
    expect(replies.map((r) => r.text).join('\n')).toMatch(/alerted Amira Hassan as urgent on consultation #1/);
    await t.settle();
    expect(t.channel.to('sw.amira').map((r) => r.card?.title)).toContain('Danger words from Priya: "going to hurt himself"');
    const c = await t.app.services.store.get<{ urgency: string; dueAt: string }>('consultation', id);
    expect(c?.urgency).toBe('red');
    expect(c?.dueAt).toBe(new Date(Date.parse('2026-11-23T10:00:00Z') + 10 * MINUTE).toISOString());
  });

  it('a worker typing the words gets the numbers; nobody is alerted on their behalf', async () => {
    t = await consultApp();
    const replies = await t.say('sw.amira', 'in immediate danger');
    expect(replies.map((r) => r.text)).toEqual([`Call 999 now. Then call the MASH on ${MASH}.`]);
  });

  it('the phrase list is configuration', async () => {
    const { consultConfig } = await import('./flow');
    t = await consultApp({ config: consultConfig((d) => (d.authority.dangerPhrases = ['code red'])) });
    const [a] = await t.say('dsl.werneth', 'CODE RED in the playground');
    expect(a.text).toMatch(/^Call 999 now/);
    const [b] = await t.say('dsl.werneth', 'not safe to go home');
    expect(b.text).not.toMatch(/^Call 999 now/);
  });

  it('the first reply of every consultation and "I didn\'t understand" carry the safety net with the numbers that apply now', async () => {
    t = await consultApp();
    const [q] = await t.say('dsl.werneth', 'is this a MASH referral?');
    expect(q.text).toMatch(new RegExp(`call 999[\\s\\S]*MASH on ${MASH}\\.$`));
    const [huh] = await t.say('dsl.werneth', 'blah blah');
    expect(huh.text).toMatch(/didn't understand[\s\S]*call 999[\s\S]*MASH on 0161 496 0100\.$/);
    t.clock.set('2026-11-23T18:00:00Z');
    const [huh2] = await t.say('dsl.werneth', 'blah blah');
    expect(huh2.text).toMatch(new RegExp(`MASH on ${MASH}; the MASH is closed now, so out of hours call the emergency duty team on ${EDT}\\.$`));
    const [q2] = await t.say('dsl.werneth', 'consult');
    expect(shown(q2)).toMatch(new RegExp(`emergency duty team on ${EDT}`));
  });
});
