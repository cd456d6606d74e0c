/**
 * Gets the dashboard's figures ready while the person is still in chat: when a link is made,
 * the weekly rollups of the activity log for their scope (their teams, or their school) over the
 * longest range the page shows are built in the background, so the first view of a long range
 * (a year of a 100-school authority) reads summed weeks instead of summing 60,000 entries while
 * the browser waits. Nothing is read out, so no access is recorded; a failure is only logged
 * (the page builds what is missing itself).
 *
 * @example
 *   warmFigures(services, scope); // not awaited: the link is answered at once
 */
import type { Services } from '../../core/services';
import type { DashboardScope } from './access';
import { MAX_DAYS } from './view';

const DAY_MS = 86_400_000;

export function warmFigures(services: Services, scope: DashboardScope): Promise<void> {
  const to = services.now();
  const from = new Date(to.getTime() - MAX_DAYS * DAY_MS);
  const queries = scope.kind === 'team' ? scope.teamIds.map((teamId) => ({ teamId, from, to })) : scope.schoolIds.map((schoolId) => ({ schoolId, from, to }));
  const started = Date.now();
  return (async () => {
    for (const q of queries) await services.activityLog.prepare(q);
    services.log.debug({ personId: scope.personId, scopes: queries.length, ms: Date.now() - started }, 'dashboard: figures made ready');
  })().catch((err: unknown) => services.log.warn({ personId: scope.personId, err }, 'dashboard: figures could not be made ready ahead; the page will build them'));
}
