/**
 * The dashboard's evidence figures (issue 21 point 2) equal `serviceFigures`' for the same
 * seeded term, scope and range: potential-referral share, referrals made, MASH decisions,
 * re-referrals, referrals per 100 pupils, DSL confidence (in total and per term), caseloads,
 * oversight flags and work outside schools; nothing now recorded is shown as "not recorded
 * yet"; a DSL sees only their school, no worker names, and every read is an audited one.
 *
 * @example
 *   npx jest tests/dashboard/figures.test.ts
 */
import { NO_SCHOOL } from '../../storage/activity-log';
import { dashboardScope, type DashboardScope } from '../../bot/features/dashboard/access';
import { dashboardData } from '../../bot/features/dashboard/data';
import { dashboardPage } from '../../bot/features/dashboard/page';
import { dashboardTables } from '../../bot/features/dashboard/tables';
import { readView } from '../../bot/features/dashboard/view';
import { serviceFigures } from '../../bot/features/evidence/figures';
import { EvidenceRecords } from '../../bot/features/evidence/records';
import { generateTerm } from '../../bench/lib/activity-term';
import { makeApp, TestClock, type TestApp } from '../helpers/app';
import { dashboardSettings } from './fixture';

const NOW = new Date('2026-12-01T10:00:00Z');
const AUTUMN = '2026-09-02';

describe('evidence figures on the dashboard', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp({ settings: dashboardSettings(true), clock: new TestClock(NOW.toISOString()) });
    await generateTerm(t.app.services, 1500, 10);
    await t.press('dsl.werneth', 'pulse.answer', { term: AUTUMN, score: '4' });
    await t.press('dsl.arden', 'pulse.answer', { term: AUTUMN, score: '2' });
    await t.say('sw.amira', 'caseload 14');
    const records = new EvidenceRecords(t.app.services.store);
    const flag = { teamId: 'werneth-swis', workerId: 'sw.amira', level: 1, at: '2026-10-05T10:00:00Z' };
    await records.flagOversight({ ...flag, consultationId: 'c-flag-1', schoolId: 'werneth' });
    await records.flagOversight({ ...flag, consultationId: 'c-flag-2', schoolId: 'arden' });
  });
  afterAll(() => t.close());

  const viewFor = (scope: DashboardScope, query: Record<string, string> = {}) => readView(t.app.services, scope, query, NOW);
  const textOf = (scope: DashboardScope, view: ReturnType<typeof viewFor>, d: Awaited<ReturnType<typeof dashboardData>>) =>
    dashboardPage(t.app.services, scope, view, dashboardTables(t.app.services, scope, d), d);

  it("shows a manager the same figures as serviceFigures for their team's schools, workers and work outside schools", async () => {
    const services = t.app.services;
    const scope = dashboardScope(services, 'tm.grace')!;
    const view = viewFor(scope);
    const d = await dashboardData(services, scope, view, 'dashboard');
    const f = await serviceFigures(
      services,
      { from: view.from, to: view.to, schoolIds: [...scope.schoolIds, NO_SCHOOL], workerIds: scope.workerIds, teamIds: scope.teamIds },
      { personId: 'tm.grace', purpose: 'test' },
    );
    // The seeded term has every kind of figure, so the comparisons below are not of zeros.
    expect(f.total.referralsMade).toBeGreaterThan(0);
    expect(f.total.reReferrals).toBeGreaterThan(0);
    expect(f.total.mashDecisions.s47).toBeGreaterThan(0);
    expect(d.consultations.potentialReferralShare).toBe(f.total.potentialReferralShare);
    expect(d.outcomes.referralsMade).toBe(f.total.referralsMade);
    expect(d.outcomes.mashDecisions).toEqual(f.total.mashDecisions);
    expect(d.outcomes.reReferrals).toBe(f.total.reReferrals);
    expect(d.outcomes.ratePer100Pupils).toBe(f.total.per100Pupils!.referralsMade);
    expect(d.outcomes.dslConfidence).toBe(3);
    expect(d.outcomes.dslConfidence).toBe(f.total.pulse.mean);
    expect(d.terms.find((r) => r.start === AUTUMN)?.dslConfidence).toBe(3);
    expect(d.outcomes.lowThresholdFlags).toBe(2);
    const outside = f.schools.find((s) => s.schoolId === NO_SCHOOL)!;
    expect(outside.minutes).toBeGreaterThan(0);
    expect(d.workload.outsideMinutes).toBe(outside.minutes);
    const amira = d.workload.byWorker.find((w) => w.workerId === 'sw.amira')!;
    expect(amira.caseload).toBe(14);
    expect(amira.outsideMinutes).toBe(outside.minutes);

    const html = textOf(scope, view, d);
    expect(html).not.toContain('not recorded yet');
    expect(html).toContain('MASH decision: Referred – section 47 enquiry');
    expect(html).toMatch(/Re-referrals within 12 months<\/th><td class="num">[1-9]/);
    const caseloads = dashboardTables(services, scope, d).find((x) => x.id === 'caseload')!;
    expect(caseloads.rows.find((r) => r[0] === 'Amira Hassan')).toEqual(['Amira Hassan', amira.entries, expect.any(Number), Math.round((outside.minutes / 60) * 10) / 10, 14]);
    // A worker who never gave a caseload shows a dash, not a number.
    expect(caseloads.rows.find((r) => r[0] !== 'Amira Hassan')![4]).toBe('–');
  });

  it('narrows to one worker: their outside work, caseload and flags only', async () => {
    const services = t.app.services;
    const scope = dashboardScope(services, 'tm.grace')!;
    const view = viewFor(scope, { worker: 'sw.ben' });
    const d = await dashboardData(services, scope, view, 'dashboard');
    const f = await serviceFigures(services, { from: view.from, to: view.to, schoolIds: [...scope.schoolIds, NO_SCHOOL], workerIds: ['sw.ben'], teamIds: scope.teamIds }, { personId: 'tm.grace', purpose: 'test' });
    expect(d.outcomes.mashDecisions).toEqual(f.total.mashDecisions);
    expect(d.outcomes.reReferrals).toBe(f.total.reReferrals);
    expect(d.outcomes.lowThresholdFlags).toBe(0);
    expect(d.workload.outsideMinutes).toBe(0);
  });

  it("shows a DSL only their school's figures, no worker names, no work outside schools, through audited reads", async () => {
    const services = t.app.services;
    const scope = dashboardScope(services, 'dsl.werneth')!;
    expect(scope.kind).toBe('school');
    const view = viewFor(scope);
    const d = await dashboardData(services, scope, view, 'dashboard-dsl-test');
    const f = await serviceFigures(services, { from: view.from, to: view.to, schoolIds: ['werneth'], teamIds: scope.teamIds }, { personId: 'dsl.werneth', purpose: 'test' });
    expect(d.outcomes.mashDecisions).toEqual(f.total.mashDecisions);
    expect(d.outcomes.referralsMade).toBe(f.total.referralsMade);
    expect(d.outcomes.reReferrals).toBe(f.total.reReferrals);
    expect(d.outcomes.ratePer100Pupils).toBe(f.schools[0].per100Pupils!.referralsMade);
    expect(d.outcomes.dslConfidence).toBe(4);
    // Oversight flags are the manager's: a DSL's view never shows them.
    expect(d.outcomes.lowThresholdFlags).toBeUndefined();
    expect(d.workload.outsideMinutes).toBeUndefined();
    expect(d.workload.byWorker).toEqual([]);
    const html = textOf(scope, view, d);
    expect(html).not.toContain('not recorded yet');
    for (const p of services.directory.team('werneth-swis')!.members) expect(html).not.toContain(services.directory.person(p)!.name);
    const reads = (await services.activityLog.accessRecords(new Date(0), new Date('2030-01-01'))).filter((r) => r.purpose === 'dashboard-dsl-test');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => r.personId === 'dsl.werneth' && r.scope.schoolId === 'werneth')).toBe(true);
  });
});
