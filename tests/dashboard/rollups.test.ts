/**
 * The dashboard reads the activity log's weekly rollups; what it shows must stay what a full
 * read of the log says, for every scope (a manager's team, another team's manager, a DSL's
 * school), after the rollups were built and then changed under them: an entry appended in a
 * week already summed, a correction, a correction that moves an entry to another team's school,
 * an undo (withdrawn) and an erasure. On memory and on the real Redis.
 *
 * @example
 *   npx jest tests/dashboard/rollups.test.ts
 */
import { dashboardScope, type DashboardScope } from '../../bot/features/dashboard/access';
import { dashboardData } from '../../bot/features/dashboard/data';
import { readView } from '../../bot/features/dashboard/view';
import { isWithdrawn, WITHDRAWN_REASON } from '../../bot/features/digest/labels';
import { Removal } from '../../bot/features/records/removal';
import type { Services } from '../../bot/core/services';
import { generateTerm, termEntry } from '../../bench/lib/activity-term';
import { minutesOf, NO_SCHOOL } from '../../storage/activity-log';
import { makeApp, TestClock, type TestApp } from '../helpers/app';
import { dashboardSettings } from './fixture';

const NOW = new Date('2026-12-01T10:00:00Z');

/** What the dashboard should show, counted from whole entries (the export's read). */
async function fromFullRead(services: Services, scope: DashboardScope, view: ReturnType<typeof readView>) {
  const reader = { personId: 'test', purpose: 'test' };
  const all = (await Promise.all(scope.teamIds.map((teamId) => services.activityLog.query({ teamId, from: view.from, to: view.to }, reader)))).flat();
  const schools = new Set(scope.kind === 'team' ? [...scope.schoolIds, NO_SCHOOL] : scope.schoolIds);
  const entries = all.filter((e) => !isWithdrawn(e) && schools.has(e.schoolId));
  const bySchool: Record<string, number> = {};
  const byOutcome: Record<string, number> = {};
  for (const e of entries) {
    if (e.schoolId !== NO_SCHOOL) bySchool[e.schoolId] = (bySchool[e.schoolId] ?? 0) + minutesOf(e);
    byOutcome[e.outcome] = (byOutcome[e.outcome] ?? 0) + 1;
  }
  return { entries: entries.length, minutes: entries.reduce((n, e) => n + minutesOf(e), 0), bySchool, byOutcome };
}

async function shown(services: Services, scope: DashboardScope, view: ReturnType<typeof readView>) {
  const d = await dashboardData(services, scope, view, 'dashboard');
  return {
    entries: d.entries,
    minutes: d.workload.totalMinutes,
    bySchool: Object.fromEntries(d.workload.bySchool.filter((r) => r.minutes).map((r) => [r.schoolId, r.minutes])),
    byOutcome: Object.fromEntries(d.outcomes.byOutcome.filter((r) => r.count).map((r) => [r.outcome, r.count])),
  };
}

describe.each([
  ['memory', false],
  ['redis', true],
])('dashboard figures from the weekly rollups (%s)', (_name, redis) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp({ redis, settings: dashboardSettings(true), clock: new TestClock(NOW.toISOString()) });
    await generateTerm(t.app.services, 400, 6);
  });
  afterAll(() => t.close());

  it('match a full read in every scope before and after appends, corrections, a move to another team, an undo and an erasure', async () => {
    const services = t.app.services;
    const scopes = ['tm.grace', 'tm.ravi', 'dsl.werneth'].map((p) => dashboardScope(services, p)!);
    const views = scopes.map((scope) => readView(services, scope, { range: 'this-term' }, NOW));
    const check = async () => {
      for (const [i, scope] of scopes.entries()) expect(await shown(services, scope, views[i])).toEqual(await fromFullRead(services, scope, views[i]));
    };
    await check(); // builds the rollups
    const before = await shown(services, scopes[0], views[0]);
    expect(before.entries).toBeGreaterThan(100);

    const reader = { personId: 'test', purpose: 'test' };
    const werneth = await services.activityLog.query({ schoolId: 'werneth', from: views[0].from, to: views[0].to }, reader);
    const [corrected, moved, withdrawn, erased] = werneth.filter((e) => !e.amends && e.source.kind === 'consultation');
    // An append in a week already summed.
    await services.activityLog.append({ ...termEntry(services, 3, 400), schoolId: 'werneth', teamId: 'werneth-swis', workerId: 'sw.amira', occurredAt: corrected.occurredAt, minutes: 33, timeSpent: '30_60' });
    await services.activityLog.amend(corrected.id, { minutes: minutesOf(corrected) + 7, outcome: 'mash_referral_made' }, 'time and outcome recorded wrongly', 'sw.amira');
    await services.activityLog.amend(moved.id, { schoolId: 'reddish-vale', teamId: 'reddish-swis', workerId: 'sw.zara' }, 'recorded against the wrong school', 'tm.grace');
    await services.activityLog.amend(withdrawn.id, { minutes: 0, timeSpent: 'under_5' }, WITHDRAWN_REASON, 'sw.amira');
    await new Removal(services, { thorough: true }).activityEntry(erased.id);
    await check();

    const after = await shown(services, scopes[0], views[0]);
    expect(after.entries).toBe(before.entries + 1 - 1 - 1 - 1);
    expect(after.minutes).toBe(before.minutes + 33 + 7 - minutesOf(moved) - minutesOf(withdrawn) - minutesOf(erased));
    const ravi = await shown(services, scopes[1], views[1]);
    expect(ravi.bySchool['reddish-vale']).toBeGreaterThanOrEqual(minutesOf(moved));
    expect(Object.keys((await shown(services, scopes[2], views[2])).bySchool)).toEqual(['werneth']);
  });
});
