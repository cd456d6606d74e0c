/**
 * The dashboard's HTTP routes on the bot's own server:
 *
 * - `GET /dashboard/open/:token`: the link posted in chat. Once, while fresh, it starts a
 *   session (cookie) and moves on to the page; expired, unknown or used links get 410 and
 *   a page saying to type `dashboard` again.
 * - `GET /dashboard`: the page for the session's person (401 signed out, 403 no scope).
 * - `GET /dashboard/csv/:table`: one table of the same view as CSV.
 * - `GET /dashboard/sign-out`: ends the session (SameSite=Strict: another site cannot).
 *
 * The scope is worked out on every request; every page and CSV reads the log through its
 * audited query. Pages may be framed only by Teams (the personal tab) and run no script.
 *
 * @example
 *   mountDashboardRoutes(services, sessions);
 */
import { stringify } from 'csv-stringify/sync';
import type { RouteRequest, RouteResponse } from '../../core/http-routes';
import type { Services } from '../../core/services';
import { dashboardScope, refusal, type DashboardScope } from './access';
import { dashboardData } from './data';
import { dashboardPage, messagePage } from './page';
import { DASHBOARD_PATH, type DashboardSessions } from './sessions';
import { dashboardTables } from './tables';
import { readView } from './view';
import { DASHBOARD_VERB } from './verbs';

const HTML = 'text/html; charset=utf-8';
const SECURITY = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};
const ASK_AGAIN = 'Type dashboard in your chat with the SWIS bot for a new link.';

function html(status: number, body: string, headers: Record<string, string> = {}): RouteResponse {
  return { status, contentType: HTML, body, headers: { ...SECURITY, ...headers } };
}

/** One page view: the figures for the asked view, read (and audited) and rendered. The bench times exactly this. */
export async function renderDashboard(services: Services, scope: DashboardScope, query: Record<string, string>): Promise<{ page: string; entries: number }> {
  const view = readView(services, scope, query, services.now());
  const data = await dashboardData(services, scope, view, 'dashboard');
  return { page: dashboardPage(services, scope, view, dashboardTables(services, scope, data), data), entries: data.entries };
}

type Authorised = { ok: true; scope: DashboardScope } | { ok: false; response: RouteResponse };

async function authorise(services: Services, sessions: DashboardSessions, req: RouteRequest): Promise<Authorised> {
  const personId = await sessions.personFor(req.headers?.cookie);
  if (!personId) return { ok: false, response: html(401, messagePage('You are signed out', `Your dashboard session has ended or was never started. ${ASK_AGAIN}`)) };
  const scope = dashboardScope(services, personId);
  if (!scope) return { ok: false, response: html(403, messagePage('Nothing to show you', refusal(services, personId))) };
  return { ok: true, scope };
}

export function mountDashboardRoutes(services: Services, sessions: DashboardSessions): void {
  const { routes, log } = services;

  routes.get(`${DASHBOARD_PATH}/open/:token`, async ({ params }) => {
    const r = await sessions.redeem(params.token ?? '');
    if (!r.ok) {
      const text = r.reason === 'used' ? 'This link has already been used: each link opens the dashboard once.' : 'This link has expired or is not valid.';
      return html(410, messagePage('This link cannot be used', `${text} ${ASK_AGAIN}`));
    }
    log.info({ personId: r.personId, route: DASHBOARD_VERB.verb }, 'dashboard session started');
    // A same-site step (not a redirect) so the browser sends the SameSite=Strict cookie after a link clicked in chat.
    const body = messagePage('Opening your dashboard', 'You are signed in.').replace(
      '</head>',
      `<meta http-equiv="refresh" content="0;url=${DASHBOARD_PATH}"></head>`,
    ).replace('</p></main>', ` <a href="${DASHBOARD_PATH}">Open the dashboard</a>.</p></main>`);
    return html(200, body, { 'Set-Cookie': r.cookie });
  });

  routes.get(DASHBOARD_PATH, async (req) => {
    const auth = await authorise(services, sessions, req);
    if (!auth.ok) return auth.response;
    const { page, entries } = await renderDashboard(services, auth.scope, req.query);
    log.info({ personId: auth.scope.personId, route: 'dashboard.view', entries }, 'dashboard viewed');
    return html(200, page);
  });

  routes.get(`${DASHBOARD_PATH}/csv/:table`, async (req) => {
    const auth = await authorise(services, sessions, req);
    if (!auth.ok) return auth.response;
    const view = readView(services, auth.scope, req.query, services.now());
    const data = await dashboardData(services, auth.scope, view, 'dashboard-csv');
    const table = dashboardTables(services, auth.scope, data).find((t) => t.id === req.params.table);
    if (!table) return html(404, messagePage('No such table', 'That table is not on your dashboard.'));
    log.info({ personId: auth.scope.personId, route: 'dashboard.csv', table: table.id }, 'dashboard table downloaded');
    const csv = stringify([table.columns, ...table.rows], { bom: true, escape_formulas: true, record_delimiter: 'windows' });
    return {
      status: 200,
      contentType: 'text/csv; charset=utf-8',
      body: csv,
      headers: { ...SECURITY, 'Content-Disposition': `attachment; filename="swis-dashboard-${table.id}-${view.fromDate}-to-${view.toDate}.csv"` },
    };
  });

  routes.get(`${DASHBOARD_PATH}/sign-out`, async (req) => {
    const cookie = await sessions.signOut(req.headers?.cookie);
    return html(200, messagePage('Signed out', `You are signed out of the dashboard. ${ASK_AGAIN}`), { 'Set-Cookie': cookie });
  });
}
