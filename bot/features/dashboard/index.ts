/**
 * The service at a glance (issue 21): a dashboard in the browser for team managers (and, if
 * the authority turns it on, DSLs for their own school), opened from chat with no new
 * password. `dashboard`, the button on the manager's home and the one on the weekly digest
 * all answer with a link made for that person, single-use and short-lived, that starts a
 * browser session. The page itself is served by the bot's own server (see routes.ts).
 *
 * @example
 *   // tm.grace: "dashboard" -> card "Your dashboard" with an "Open the dashboard" link (works once, 10 minutes)
 *   // dsl.werneth (dslAccess off) -> "Your authority has not turned on school dashboards for DSLs. ..."
 */
import { card } from '../../../cards/tree';
import { formatDuration } from '../../config/duration';
import type { Feature, Services } from '../../core/services';
import type { Turn } from '../../core/turn';
import { dashboardScope, refusal } from './access';
import { mountDashboardRoutes } from './routes';
import { DashboardSessions } from './sessions';
import { DASHBOARD_VERB } from './verbs';
import { warmFigures } from './warm';

export { DASHBOARD_VERB };

async function offerLink(services: Services, sessions: DashboardSessions, turn: Turn): Promise<void> {
  const scope = dashboardScope(services, turn.person.id);
  if (!scope) return turn.reply(refusal(services, turn.person.id));
  const url = await sessions.makeLink(turn.person.id);
  // The figures get ready while the person is still reading the card (not awaited).
  void warmFigures(services, scope);
  const ttl = formatDuration(services.config.dashboard.linkTtl);
  const what = scope.kind === 'team' ? "your team's schools and workers" : 'your school';
  const note = `The link is for you only: it works once, within ${ttl}, and the session lasts a working day or until you sign out. Every view is recorded.`;
  const c = card('Your dashboard').text(`Workload, consultations, outcomes, drop-ins and TAS for ${what}.`).text(note, 'subtle').link('Open the dashboard', url);
  services.log.info({ personId: turn.person.id, route: 'dashboard.link' }, 'dashboard link made');
  // The address is only on the card's button: a notification line or a link preview must not spend the single use.
  turn.reply({ text: `Your dashboard (${what}): press Open the dashboard. ${note}`, card: c.build() });
}

export const dashboard: Feature = {
  name: 'dashboard',
  register(router, services) {
    const sessions = new DashboardSessions(services);
    mountDashboardRoutes(services, sessions);
    router.command(
      { name: 'dashboard', aliases: ['dash'], roles: ['team_manager', 'dsl'], summary: 'Figures for your team in the browser (a link for you)', usage: 'dashboard' },
      (turn) => offerLink(services, sessions, turn),
    );
    router.action(DASHBOARD_VERB, (turn) => offerLink(services, sessions, turn), { roles: ['team_manager', 'dsl'] });
    services.home.register({
      name: 'dashboard',
      order: 90,
      async section(person) {
        const scope = dashboardScope(services, person.id);
        if (!scope) return undefined;
        return {
          title: 'Dashboard',
          lines: [scope.kind === 'team' ? "Your team's figures in the browser: workload, consultations, outcomes, trends." : "Your school's figures in the browser."],
          actions: [DASHBOARD_VERB.button('Open the dashboard')],
        };
      },
    });
  },
};
