/**
 * The dashboard page, rendered on the server as one HTML document (no client script): the
 * range and scope form, headline figures, then workload, consultations, outcomes, drop-ins
 * and TAS, and trends, each chart beside its table and a CSV of exactly that table. Also the
 * small pages for a refused link and the signed-out state.
 *
 * Every piece of text from configuration or records is escaped.
 *
 * @example
 *   const html = dashboardPage(services, scope, view, tables, data);
 */
import type { Services } from '../../core/services';
import type { DashboardScope } from './access';
import type { DashboardData } from './data';
import { DASHBOARD_PATH } from './sessions';
import { DASHBOARD_CSS } from './styles';
import { chartSvg, esc } from './svg';
import { NOT_GIVEN, type Cell, type Table } from './tables';
import { viewQuery, type DashboardView } from './view';

const SECTIONS: { id: string; title: string; tables: string[]; note?: string }[] = [
  {
    id: 'workload',
    title: 'Workload',
    tables: ['time-by-worker', 'caseload', 'time-by-school', 'time-by-activity'],
    note: 'Time is what workers recorded (exact minutes, or the middle of the time band chosen). Work outside schools is time logged as not tied to a school; a caseload is the one the worker last gave with the caseload command (or the directory\'s), "–" if none.',
  },
  { id: 'consultations', title: 'Consultations', tables: ['consultations'], note: '"Now" figures are as of this page view; the others count consultations sent by schools in the range.' },
  {
    id: 'outcomes',
    title: 'Outcomes',
    tables: ['outcomes', 'outcomes-by-type'],
    note: 'MASH decisions come from the schools\' answers to the referral follow-up; re-referrals are consultations about a child reference seen in the previous 12 months; the rate per 100 pupils needs pupil numbers in the directory; DSL confidence is the mean of the termly pulse. "–" means nobody has given that figure yet.',
  },
  { id: 'dropins-tas', title: 'Drop-ins and TAS', tables: ['dropins-tas'] },
  { id: 'trends', title: 'Trends', tables: ['trend-weeks', 'trend-terms'] },
];

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${esc(title)}</title><style>${DASHBOARD_CSS}</style></head><body>${body}</body></html>`;
}

function cell(c: Cell, header = false): string {
  const tag = header ? 'th scope="row"' : 'td';
  const close = header ? 'th' : 'td';
  if (typeof c === 'number') return `<${tag} class="num">${c.toLocaleString('en-GB')}</${close}>`;
  return `<${tag}${c === NOT_GIVEN ? ' class="nr"' : ''}>${esc(c)}</${close}>`;
}

function tableBlock(t: Table, query: string): string {
  const head = t.columns.map((c, i) => `<th scope="col"${i ? ' class="num"' : ''}>${esc(c)}</th>`).join('');
  const body = t.rows.length
    ? t.rows.map((r) => `<tr>${r.map((c, i) => cell(c, i === 0)).join('')}</tr>`).join('')
    : `<tr><td colspan="${t.columns.length}" class="muted">Nothing recorded in this range.</td></tr>`;
  const svg = chartSvg(t, `chart-${t.id}`);
  const table = `<div class="scroll" tabindex="0" role="region" aria-labelledby="cap-${t.id}"><table id="table-${t.id}"><caption id="cap-${t.id}">${esc(t.title)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
  const csv = `<a class="csv" href="${DASHBOARD_PATH}/csv/${t.id}?${esc(query)}" download>Download CSV<span class="skip-text">: ${esc(t.title)}</span></a>`;
  return `<div class="pair${svg ? ' charted' : ''}">${svg ? `<figure>${svg}</figure>` : ''}<div>${table}${csv}</div></div>`;
}

function option(value: string, label: string, selected: boolean): string {
  return `<option value="${esc(value)}"${selected ? ' selected' : ''}>${esc(label)}</option>`;
}

function filters(services: Services, scope: DashboardScope, v: DashboardView): string {
  const { directory } = services;
  const ranges = [
    ['this-week', 'This week'],
    ['last-week', 'Last week'],
    ['this-term', 'This term'],
    ['custom', 'Custom range'],
  ];
  const schools = scope.schoolIds.map((id) => option(id, directory.school(id)?.name ?? id, v.schoolId === id)).join('');
  const workers = scope.workerIds.map((id) => option(id, directory.person(id)?.name ?? id, v.workerId === id)).join('');
  return `<form class="filters" method="get" action="${DASHBOARD_PATH}" aria-label="What to show">
<div><label for="range">Range</label><select id="range" name="range">${ranges.map(([k, l]) => option(k, l, v.range === k)).join('')}</select></div>
<div><label for="from">From (custom)</label><input id="from" name="from" type="date" value="${esc(v.fromDate)}"></div>
<div><label for="to">To (custom)</label><input id="to" name="to" type="date" value="${esc(v.toDate)}"></div>
${scope.schoolIds.length > 1 ? `<div><label for="school">School</label><select id="school" name="school">${option('', 'All schools', !v.schoolId)}${schools}</select></div>` : ''}
${scope.kind === 'team' ? `<div><label for="worker">Worker</label><select id="worker" name="worker">${option('', 'All workers', !v.workerId)}${workers}</select></div>` : ''}
<div><button type="submit">Show</button></div></form>`;
}

function headline(d: DashboardData): string {
  const tiles: [string, string | number][] = [
    ['Hours recorded', Math.round((d.workload.totalMinutes / 60) * 10) / 10],
    ['Log entries', d.entries],
    ['Consultations received', d.consultations.received],
    ['MASH referrals advised', d.outcomes.referralsAdvised],
    ['Drop-in places booked', d.dropIns.booked],
    ['TAS actions overdue now', d.tas.overdueNow],
  ];
  return `<ul class="summary" aria-label="Headline figures">${tiles.map(([l, n]) => `<li><span class="n">${esc(String(n))}</span>${esc(l)}</li>`).join('')}</ul>`;
}

export function dashboardPage(services: Services, scope: DashboardScope, v: DashboardView, tables: Table[], d: DashboardData): string {
  const { directory } = services;
  const who = directory.person(scope.personId)?.name ?? scope.personId;
  const whose =
    scope.kind === 'team'
      ? scope.teamIds.map((t) => directory.team(t)?.name ?? t).join(', ')
      : scope.schoolIds.map((s) => directory.school(s)?.name ?? s).join(', ');
  const focus = [v.schoolId && directory.school(v.schoolId)?.name, v.workerId && directory.person(v.workerId)?.name].filter(Boolean).join(', ');
  const query = viewQuery(v);
  const byId = new Map(tables.map((t) => [t.id, t]));
  const sections = SECTIONS.map((s) => {
    const blocks = s.tables.map((id) => byId.get(id)).filter((t): t is Table => !!t);
    if (!blocks.length) return '';
    return `<section aria-labelledby="h-${s.id}"><h2 id="h-${s.id}">${esc(s.title)}</h2>${s.note ? `<p class="muted">${esc(s.note)}</p>` : ''}${blocks.map((t) => tableBlock(t, query)).join('')}</section>`;
  }).join('');
  const body = `<a class="skip" href="#main">Skip to the figures</a>
<header><h1>SWIS dashboard: ${esc(whose)}</h1><span>Signed in as ${esc(who)} · <a class="signout" href="${DASHBOARD_PATH}/sign-out">Sign out</a></span></header>
<main id="main">${filters(services, scope, v)}
${v.notice ? `<p class="notice" role="alert">${esc(v.notice)}</p>` : ''}
<p id="range-label"><strong>${esc(v.label)}</strong>${focus ? ` · ${esc(focus)}` : ''}</p>
${headline(d)}${sections}</main>
<footer>${esc(services.config.authority.name)}. Figures come from the bot's own records: the activity log (corrections applied, withdrawn entries left out), consultations, drop-ins and TAS actions. Every view of this page is recorded. A "–" is a figure nobody has given yet.</footer>`;
  return page(`SWIS dashboard – ${v.label}`, body);
}

/** A plain page with one message and what to do next (refused link, signed out, no access). */
export function messagePage(title: string, text: string): string {
  return page(title, `<main id="main"><h1>${esc(title)}</h1><p>${esc(text)}</p></main>`);
}
