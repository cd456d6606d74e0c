import type { TestApp } from '../helpers/app';
import { actions, askAdvice, consultApp, consultConfig, jumpTo, last, MINUTE, shown } from './flow';

describe('consultations: response targets, escalation, out of hours, away and repeats', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('no first reply within the target (service hours) → cover has it, the DSL is told who, then the manager is alerted', async () => {
    t = await consultApp();
    const { id } = await askAdvice(t, 'staff.werneth.hoy9', { urgency: 'red' });
    await t.advance(9 * MINUTE);
    expect(t.channel.to('sp.olu')).toHaveLength(0);
    await t.advance(2 * MINUTE);
    const cover = last(t, 'sp.olu');
    expect(cover?.card?.title).toBe('Escalated to you: No reply from Amira Hassan within 10m of working time');
    expect(actions(cover).map((a) => a.verb)).toContain('consult.answer');
    for (const who of ['staff.werneth.hoy9', 'dsl.werneth']) {
      expect(shown(last(t, who))).toMatch(/so it has gone to Olu Adeyemi \(Senior practitioner\)/);
    }
    expect(last(t, 'sw.amira')?.text).toMatch(/has gone to Olu Adeyemi, who holds it now/);
    const [view] = await t.press('dsl.werneth', 'consult.view', { id });
    expect(shown(view)).toMatch(/With: Olu Adeyemi/);
    // Olu does not answer either: the team manager is alerted and the school told.
    await t.advance(11 * MINUTE);
    expect(shown(last(t, 'tm.grace'))).toMatch(/Still unanswered after escalation \(tried Amira, Olu\)/);
    expect(last(t, 'dsl.werneth')?.text).toMatch(/alerted Grace Mensah, the team manager/);
    // Olu's answer now reaches the school.
    await t.press('sp.olu', 'consult.answer', { id, answer: 'mash' });
    await t.settle();
    expect(shown(last(t, 'staff.werneth.hoy9'))).toMatch(/Olu: MASH referral advised/);
  });

  it('escalates exactly once even when the job runs twice', async () => {
    t = await consultApp();
    const { id } = await askAdvice(t, 'dsl.werneth', { urgency: 'red' });
    await t.advance(11 * MINUTE);
    const job = { id: 'again', kind: 'consultation.escalate', runAt: t.clock.now(), owner: `consultation:${id}`, data: { consultationId: id, stage: 1 }, attempt: 1 };
    await t.app.services.scheduler.schedule(job);
    await t.advance(0);
    expect(t.channel.to('sp.olu')).toHaveLength(1);
    expect(t.channel.to('sp.kate')).toHaveLength(0);
  });

  it('counts the target only in service hours: submitted in the evening, the DSL gets the EDT number at once and escalation waits for the service to open', async () => {
    t = await consultApp({ at: '2026-11-23T19:00:00Z' });
    const { sent } = await askAdvice(t, 'dsl.werneth', { urgency: 'amber' });
    expect(shown(sent)).toMatch(/out of hours[\s\S]*emergency duty team on 0161 496 0999/);
    expect(shown(sent)).toMatch(/by Tue 24 Nov, 08:50/);
    await jumpTo(t, '2026-11-24T08:45:00Z');
    await t.advance(0);
    expect(t.channel.to('sp.olu')).toHaveLength(0);
    await t.advance(6 * MINUTE);
    expect(t.channel.to('sp.olu')).toHaveLength(1);
  });

  it('a worker away until a date: new consultations go straight to cover and the school is told; it ends by itself', async () => {
    t = await consultApp();
    const [set] = await t.say('sw.amira', 'away until Wednesday');
    expect(set.text).toMatch(/away to the end of Wed 25 Nov 2026\. New consultations from your schools go straight to Olu Adeyemi/);
    const { sent, id } = await askAdvice(t);
    expect(shown(sent)).toMatch(/Sent to Olu/);
    expect(shown(sent)).toMatch(/Amira Hassan is away until Wed 25 Nov 2026, so this has gone to Olu Adeyemi/);
    expect(last(t, 'sp.olu')?.card?.title).toBe('New consultation (Amira is away)');
    expect(t.channel.to('sw.amira')).toHaveLength(0);
    // Unanswered by cover: on to the next cover, not back to Amira.
    await t.advance(21 * MINUTE);
    expect(t.channel.to('sp.kate')).toHaveLength(1);
    expect(t.channel.to('sw.amira')).toHaveLength(0);
    // Need to know: Olu saw it while he held it; now Kate holds it, and Olu no longer sees it.
    const [kate] = await t.press('sp.kate', 'consult.view', { id });
    expect(kate.text).toMatch(/Consultation #1/);
    const [olu] = await t.press('sp.olu', 'consult.view', { id });
    expect(olu.text).toMatch(/can't find that consultation/);
    // Thursday: Amira is back without saying so.
    await jumpTo(t, '2026-11-26T10:00:00Z');
    const again = await askAdvice(t, 'dsl.werneth', { reference: 'KM' });
    expect(shown(again.sent)).toMatch(/Sent to Amira/);
  });

  it('"back" ends away early, and a date that is not a date is explained', async () => {
    t = await consultApp();
    const [bad] = await t.say('sw.amira', 'away until whenever');
    expect(bad.text).toMatch(/for example: away until Friday/);
    await t.say('sw.amira', 'away until 27 Nov');
    await t.say('sw.amira', 'back');
    const { sent } = await askAdvice(t);
    expect(shown(sent)).toMatch(/Sent to Amira/);
  });

  it('flags a repeat: the same child reference at the same school within the window, on both sides', async () => {
    t = await consultApp();
    await askAdvice(t, 'dsl.werneth', { reference: 'JS' });
    await jumpTo(t, '2026-12-02T10:00:00Z');
    await askAdvice(t, 'dsl.werneth', { reference: 'KM' });
    await jumpTo(t, '2026-12-09T10:00:00Z');
    const { sent } = await askAdvice(t, 'dsl.werneth', { reference: 'js' });
    expect(shown(sent)).toMatch(/Consulted before on Mon 23 Nov 2026 \(same child reference at this school\)/);
    expect(shown(last(t, 'sw.amira'))).toMatch(/Consulted before on Mon 23 Nov 2026/);
    // Same reference at another school is a different child.
    const other = await askAdvice(t, 'dsl.arden', { reference: 'JS', yearGroup: 'Y4' });
    expect(shown(other.sent)).not.toMatch(/Consulted before/);
  });

  it('does not flag a repeat older than the configured window', async () => {
    t = await consultApp({ config: consultConfig((d) => (d.limits.consultationRepeatWindow = '7d')) });
    await askAdvice(t, 'dsl.werneth', { reference: 'JS' });
    await jumpTo(t, '2026-12-02T10:00:00Z');
    const { sent } = await askAdvice(t, 'dsl.werneth', { reference: 'JS' });
    expect(shown(sent)).not.toMatch(/Consulted before/);
  });
});
