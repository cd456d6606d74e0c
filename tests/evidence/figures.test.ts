/**
 * The service's figures on a generated term (1,500 entries across the ten sample schools, plus
 * withdrawn quick logs, did-not-attends and court work not tied to a school), with totals
 * counted by hand from the generator's rules (bench/lib/activity-term.ts), the report's tables,
 * the DSL pulse in the figures, and the `report` command for a manager.
 */
import { serviceFigures } from '../../bot/features/evidence/figures';
import { reportText } from '../../bot/features/evidence/report';
import { generateTerm } from '../../bench/lib/activity-term';
import { makeApp, TestClock, type TestApp } from '../helpers/app';

const reader = { personId: 'tm.grace', purpose: 'test' };
const TERM = { from: new Date('2026-09-02T00:00:00Z'), to: new Date('2026-12-18T23:59:59Z') };

describe('figures on a generated term', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp({ clock: new TestClock('2026-12-01T10:00:00Z') });
    await generateTerm(t.app.services, 1500, 10);
  });
  afterAll(() => t.close());

  it('counts contacts, consultations, referrals, MASH decisions and re-referrals as counted by hand', async () => {
    const f = await serviceFigures(t.app.services, TERM, reader);
    const total = f.total;
    // 1,500 generated + 10 court entries; the 10 withdrawn and 10 did-not-attend are not contacts.
    expect(total.entries).toBe(1510);
    expect(total.dropIns.didNotAttend).toBe(10);
    expect(total.consultations).toBe(375);
    expect(total.potentialReferralDiscussions).toBe(75);
    expect(total.potentialReferralShare).toBeCloseTo(75 / 1510, 6);
    expect(total.referralsAdvised).toBe(75);
    expect(total.notReferred).toBe(13);
    expect(total.referralsMade).toBe(50);
    expect(total.awaitingOutcome).toBe(12);
    expect(total.mashDecisions).toEqual({ nfa: 13, early_help: 13, s17: 12, s47: 12, already_open: 0 });
    expect(total.reReferrals).toBe(37);
    expect(total.timeToFirstResponse).toEqual({ count: 375, medianMs: 5 * 60_000, p90Ms: 9 * 60_000 });
    expect(total.timeToDecision).toEqual({ count: 50, medianMs: 2 * 86_400_000, p90Ms: 2 * 86_400_000 });
  });

  it('splits activity by type, enquirer, category, place and time band', async () => {
    const { total } = await serviceFigures(t.app.services, TERM, reader);
    expect(total.byActivity).toEqual({
      potential_referral_discussion: 75,
      advice_or_information: 300,
      direct_work: 188,
      group_work: 188,
      parent_contact: 188,
      drop_in: 0,
      tas_meeting: 187,
      staff_training: 187,
      statutory_casework: 197,
    });
    expect(total.byEnquirer.dsl).toBe(118);
    expect(total.byEnquirer.police).toBe(107);
    expect(total.byCategory).toEqual({ neglect: 500, attendance: 500, 'self-harm': 500 });
    expect(total.byPlace).toMatchObject({ school: 1500, court: 10, not_recorded: 0 });
    expect(total.byTimeBand).toEqual({ under_5: 375, '5_30': 375, '30_60': 375, over_60: 385, not_recorded: 0 });
    // Midpoints 3 + 15 + 45 + 90 minutes, 375 of each, and 10 × 120 minutes of court.
    expect(total.minutes).toBe(375 * 153 + 1200);
  });

  it('gives each school its own figures with rates per 100 pupils, and work outside schools its own row', async () => {
    const f = await serviceFigures(t.app.services, TERM, reader);
    const werneth = f.schools.find((s) => s.schoolId === 'werneth')!;
    expect(werneth).toMatchObject({ pupils: 1150, entries: 150, consultations: 75, referralsAdvised: 75, referralsMade: 50 });
    expect(werneth.per100Pupils).toEqual({ entries: 13.04, consultations: 6.52, referralsMade: 4.35, s17: 1.04, s47: 1.04 });
    const harrytown = f.schools.find((s) => s.schoolId === 'harrytown')!;
    expect(harrytown).toMatchObject({ entries: 150, consultations: 0 });
    expect(f.schools.find((s) => s.schoolId === 'st-marks')).toMatchObject({ consultations: 75, referralsAdvised: 0 });
    expect(f.schools.find((s) => s.schoolId === 'none')).toMatchObject({ name: 'Not tied to a school', entries: 10, byPlace: expect.objectContaining({ court: 10 }) });
    expect(f.schools).toHaveLength(11);
  });

  it('narrows to schools, workers and dates', async () => {
    const one = await serviceFigures(t.app.services, { ...TERM, schoolIds: ['werneth'] }, reader);
    expect(one.schools.map((s) => s.schoolId)).toEqual(['werneth']);
    expect(one.total.entries).toBe(150);
    const ben = await serviceFigures(t.app.services, { ...TERM, workerIds: ['sw.ben'] }, reader);
    expect(ben.total.entries).toBe(ben.schools.filter((s) => ['harrytown', 'st-christophers'].includes(s.schoolId)).reduce((n, s) => n + s.entries, 0));
    const september = await serviceFigures(t.app.services, { from: TERM.from, to: new Date('2026-09-30T23:59:59Z') }, reader);
    expect(september.total.entries).toBeGreaterThan(0);
    expect(september.total.entries).toBeLessThan(1510);
  });

  it('prints the tables in the shape of the 2020 report', async () => {
    const f = await serviceFigures(t.app.services, TERM, reader);
    const text = reportText(t.app.services, f, 'Autumn 2026');
    for (const title of ['Table 1. Activity by school', 'Table 4. Person making enquiry', 'Table 5. Year group of the child', 'Table 6. Activity type', 'Table 8. Time spent', 'Table 3. Section 17 and section 47'])
      expect(text).toContain(title);
    expect(text).toMatch(/^Werneth School\s+1150\s+150\s+13\.04\s+75\s+6\.52/m);
    expect(text).toMatch(/^DSL\s+118\s+7\.8%$/m);
    expect(text).toMatch(/^Over an hour\s+385\s+25\.5%/m);
    expect(text).toMatch(/^All schools\s+75\s+50\s+13\s+12\s+13\s+13\s+12\s+12\s+0\s+37$/m);
  });
});

describe('the DSL pulse and the report command', () => {
  it('sends the termly question, keeps the answers per school and term, and shows them in the figures', async () => {
    const t = await makeApp({ clock: new TestClock('2026-12-01T10:00:00Z') });
    try {
      for (const p of ['dsl.werneth', 'dsl.arden', 'tm.grace']) await t.say(p, 'hello');
      // Spring 2027 starts 4 Jan; the question goes 14 days in at 10:00.
      t.clock.set('2027-01-18T10:00:00Z');
      await t.advance(0);
      const asked = t.channel.to('dsl.werneth').find((r) => /How confident are you deciding/.test(r.text));
      expect(asked?.card?.actions.map((a) => a.title)).toEqual(['1', '2', '3', '4', '5']);
      const [thanks] = await t.press('dsl.werneth', 'pulse.answer', { term: '2027-01-04', score: '4' });
      expect(thanks.text).toBe('Thank you: 4 recorded for Spring 2027.');
      await t.press('dsl.arden', 'pulse.answer', { term: '2027-01-04', score: '2' });
      const [stale] = await t.press('dsl.arden', 'pulse.answer', { term: '2027-01-04', score: '9' });
      expect(stale.text).toMatch(/older card/);
      const [notDsl] = await t.press('tm.grace', 'pulse.answer', { term: '2027-01-04', score: '3' });
      expect(notDsl.text).toMatch(/isn't something your role can do/);
      const f = await serviceFigures(t.app.services, { from: new Date('2027-01-04T00:00:00Z'), to: new Date('2027-03-26T23:59:59Z') }, reader);
      expect(f.schools.find((s) => s.schoolId === 'werneth')!.pulse).toMatchObject({ answers: 1, mean: 4 });
      expect(f.total.pulse).toMatchObject({ answers: 2, mean: 3, byScore: { '1': 0, '2': 1, '3': 0, '4': 1, '5': 0 } });
    } finally {
      await t.close();
    }
  });

  it("gives a manager their team's report with downloads, and refuses others", async () => {
    const t = await makeApp({ clock: new TestClock('2026-12-01T10:00:00Z') });
    try {
      await generateTerm(t.app.services, 200, 2);
      const [r] = await t.say('tm.grace', 'report this term');
      expect(r.card?.title).toBe('Service report: Autumn 2026');
      expect(r.text).toContain('Table 1. Activity by school');
      expect(r.card?.actions.map((a) => a.title)).toEqual(['Full tables (text)', 'Consultations and outcomes (CSV)']);
      const [school] = await t.say('tm.grace', 'report autumn 2026 greave');
      expect(school.card?.body.filter((b) => b.type === 'text' && /^Greave/.test(b.text))).toHaveLength(1);
      const [bad] = await t.say('tm.grace', 'report someday');
      expect(bad.text).toMatch(/Which period\?/);
      const [worker] = await t.say('sw.amira', 'report this term');
      expect(worker.text).toMatch(/isn't something your role can do/);
      const [csv] = await t.say('tm.grace', 'export consultations this term');
      expect(csv.text).toMatch(/^Consultations and outcomes \(50 consultations, Autumn 2026\)/);
    } finally {
      await t.close();
    }
  });
});
