/**
 * The digest as a card that reads well on a phone: a few lines of the week's figures first,
 * then what needs attention (one line per kind), the chart, and behind "Show details" one short
 * block per worker (consultations, first response, drop-ins, TAS actions, recorded time by
 * activity and by school, each against the week before). The plain text carries the same
 * summary for notifications and for platforms that cannot show the card.
 *
 * @example
 *   const reply = digestReply(services, workload, flags, chartUrl);
 *   await services.notifier.toPerson('tm.grace', reply);
 */
import { card, type CardBuilder } from '../../../cards/tree';
import { formatDuration } from '../../config/duration';
import type { Reply } from '../../core/reply';
import type { Services } from '../../core/services';
import { ACTIVITY_TYPES } from '../../../storage/activity-log';
import { MAX_NAMED, percentChange, type FlagGroup } from './flags';
import { ACTIVITY_SHORT, formatMinutes, schoolShortName } from './labels';
import { describeWeek } from './week';
import type { WorkerWeek, Workload } from './workload';
import { DIGEST } from './verbs';
import { DASHBOARD_VERB } from '../dashboard/verbs';
import type { WireData } from '../../core/actions';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function versus(now: number, before: number, fmt: (n: number) => string = String): string {
  const change = percentChange(now, before);
  if (change === undefined) return before === now ? '' : ` (none the week before)`;
  if (change === 0) return ` (same as the week before)`;
  return ` (${change > 0 ? 'up' : 'down'} ${Math.abs(change)}% on ${fmt(before)})`;
}

/** The facts for one worker, only for the figures that are reported. */
export function workerFacts(services: Services, cur: WorkerWeek, prev: WorkerWeek): { label: string; value: string }[] {
  const facts: { label: string; value: string }[] = [];
  const c = cur.figures.consultations;
  if (c) {
    const before = prev.figures.consultations?.received ?? 0;
    facts.push({ label: 'Consultations', value: `${c.received} received, ${c.answered} answered${versus(c.received, before)}` });
    facts.push({ label: 'Open', value: `${c.open} open, ${c.overdue} overdue, ${c.escalated} escalated` });
    if (c.firstResponseMs.length) {
      facts.push({ label: 'First response', value: `median ${formatDuration(median(c.firstResponseMs))}, slowest ${formatDuration(Math.max(...c.firstResponseMs))}` });
    }
  }
  const d = cur.figures.dropIns;
  if (d) facts.push({ label: 'Drop-ins', value: `${d.offered} offered, ${d.booked} booked, ${d.attended} attended` });
  const t = cur.figures.tasActions;
  if (t) facts.push({ label: 'TAS actions', value: `${t.open} open, ${t.overdue} overdue, ${t.completed} completed` });
  facts.push({ label: 'Recorded time', value: `${formatMinutes(cur.minutes)}${versus(cur.minutes, prev.minutes, formatMinutes)}` });
  const byActivity = ACTIVITY_TYPES.filter((a) => cur.byActivity[a]).map((a) => `${ACTIVITY_SHORT[a]} ${formatMinutes(cur.byActivity[a]!)}`);
  if (byActivity.length) facts.push({ label: 'By activity', value: byActivity.join(' · ') });
  const bySchool = Object.entries(cur.bySchool)
    .sort((a, b) => b[1] - a[1])
    .map(([id, m]) => {
      const s = services.directory.school(id);
      return `${s ? schoolShortName(s.name) : id} ${formatMinutes(m)}`;
    });
  if (bySchool.length) facts.push({ label: 'By school', value: bySchool.join(' · ') });
  return facts;
}

export function digestTitle(services: Services, w: Workload): string {
  const who = w.scope.kind === 'team' ? w.scope.team.name : services.directory.person(w.scope.workerId)?.name ?? w.scope.workerId;
  return `Workload digest: ${who}, ${describeWeek(services.calendar, w.week)}`;
}

const sum = (values: (number | undefined)[]) => values.reduce<number>((a, b) => a + (b ?? 0), 0);

/** The week's figures for the whole scope, in a few lines. */
export function summaryLines(w: Workload): string[] {
  const cur = w.workerIds.map((id) => w.current[id]);
  const totalNow = sum(cur.map((x) => x.minutes));
  const totalBefore = sum(w.workerIds.map((id) => w.previous[id].minutes));
  const lines = [`Recorded time ${formatMinutes(totalNow)}${versus(totalNow, totalBefore, formatMinutes)}.`];
  const c = cur.map((x) => x.figures.consultations).filter((x) => x !== undefined);
  if (c.length) lines.push(`Consultations: ${sum(c.map((x) => x.received))} received, ${sum(c.map((x) => x.answered))} answered, ${sum(c.map((x) => x.overdue))} overdue.`);
  const d = cur.map((x) => x.figures.dropIns).filter((x) => x !== undefined);
  if (d.length) lines.push(`Drop-ins: ${sum(d.map((x) => x.booked))} booked of ${sum(d.map((x) => x.offered))} offered, ${sum(d.map((x) => x.attended))} attended.`);
  const t = cur.map((x) => x.figures.tasActions).filter((x) => x !== undefined);
  if (t.length) lines.push(`TAS actions: ${sum(t.map((x) => x.open))} open, ${sum(t.map((x) => x.overdue))} overdue.`);
  return lines;
}

/** Per worker: a heading and their facts (what "Show details" opens). */
function addWorkerDetail(services: Services, w: Workload, ids: string[], b: CardBuilder): void {
  for (const id of ids) {
    b.text(services.directory.person(id)?.name ?? id, 'heading');
    b.facts(workerFacts(services, w.current[id], w.previous[id]));
  }
}

/** Workers per details message on Slack, so each stays well within its 50 blocks. */
export const WORKERS_PER_DETAILS_MESSAGE = 20;

/**
 * The digest, phone first: the title, the week's figures in a few lines, what needs
 * attention (one line per kind), the chart, and each worker's detail behind "Show details".
 */
export function digestReply(services: Services, w: Workload, flags: string[], chartUrl?: string): Reply {
  const title = digestTitle(services, w);
  const summary = summaryLines(w);
  const c = card(title);
  for (const line of summary) c.text(line);
  for (const f of flags) c.text(f, 'warning');
  if (!flags.length) c.text('Nothing needs your attention this week.', 'subtle');
  if (chartUrl) c.image(chartUrl, 'Recorded time per worker by activity type');
  c.details('Show details', DIGEST.details.verb, detailsData(w), (b) => addWorkerDetail(services, w, w.workerIds, b));
  if (w.scope.kind === 'team') c.action(DASHBOARD_VERB.button('Open the dashboard'));
  const text = [title, ...summary, ...(flags.length ? ['Needs attention:', ...flags.map((f) => `• ${f}`)] : ['Nothing needs your attention this week.'])].join('\n');
  return { text, card: c.build() };
}

/** What the details button carries: the week (and the worker, for a worker's own digest). */
export function detailsData(w: Workload): WireData {
  return DIGEST.details.wire({ week: w.week.start, ...(w.scope.kind === 'worker' ? { worker: w.scope.workerId } : {}) });
}

/** "Show details" where it cannot open in place (Slack): the per-worker detail as messages. */
export function digestDetails(services: Services, w: Workload, groups: FlagGroup[]): Reply[] {
  const title = digestTitle(services, w);
  const replies: Reply[] = [];
  const counted = groups.filter((g) => g.items.length > MAX_NAMED);
  for (let i = 0; i < w.workerIds.length; i += WORKERS_PER_DETAILS_MESSAGE) {
    const part = w.workerIds.slice(i, i + WORKERS_PER_DETAILS_MESSAGE);
    const b = card(i === 0 ? `Details: ${title.replace(/^Workload digest: /, '')}` : 'Details, continued');
    if (i === 0) for (const g of counted) b.text(`${g.label}: ${g.items.join(', ')}`, 'warning');
    addWorkerDetail(services, w, part, b);
    replies.push({ text: `${title}: details${i ? ' (continued)' : ''}`, card: b.build() });
  }
  return replies;
}
