/**
 * A manager's dashboard link gets their figures ready while they are still in chat: the weekly
 * rollups of their team's activity log are built in the background, so the first page view of a
 * long range reads summed weeks. Nothing is read out by it, so the access record gains nothing.
 */
import { generateTerm } from '../../bench/lib/activity-term';
import { makeApp, TestClock, type TestApp } from '../helpers/app';
import { waitUntil } from '../production/bot-process';
import { dashboardSettings } from './fixture';

async function idsIn(t: TestApp, collection: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const batch of t.store.scanIds(collection)) ids.push(...batch);
  return ids;
}
const rollupIds = (t: TestApp) => idsIn(t, 'activity-rollup');

describe('dashboard link warms the figures', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it("builds the manager's team's weekly rollups in the background, and records no read", async () => {
    t = await makeApp({ settings: dashboardSettings(true), clock: new TestClock('2026-12-01T10:00:00Z') });
    await generateTerm(t.app.services, 300, 4);
    expect(await rollupIds(t)).toEqual([]);
    const accessBefore = (await idsIn(t, 'activity-access')).length;

    const [link] = await t.say('tm.grace', 'dashboard');
    expect(link.text).toMatch(/Your dashboard/);
    await waitUntil(async () => (await rollupIds(t)).some((id) => id.startsWith('team:')), "the team's rollups");
    const teamWeeks = (await rollupIds(t)).filter((id) => id.startsWith('team:'));
    expect(teamWeeks.length).toBeGreaterThan(1);
    const accessAfter = (await idsIn(t, 'activity-access')).length;
    expect(accessAfter).toBe(accessBefore);
  });
});
