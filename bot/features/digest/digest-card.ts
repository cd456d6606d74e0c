/**
 * The digest as a card that reads well on a phone: the flags first, then the chart, then one
 * short block per worker (consultations, first response, drop-ins, TAS actions, recorded time
 * by activity and by school, each against the week before). The plain text carries the same
 * summary for notifications and for platforms that cannot show the card.
 *
 * @example
 *   const reply = digestReply(services, workload, flags, chartUrl);
 *   await services.notifier.toPerson('tm.grace', reply);
 */
import { card } from '../../../cards/tree';
import { formatDuration } from '../../config/duration';
import type { Reply } from '../../core/reply';
import type { Services } from '../../core/services';
import { ACTIVITY_TYPES } from '../../../storage/activity-log';
import { percentChange } from './flags';
import { ACTIVITY_SHORT, formatMinutes, schoolShortName } from './labels';
import { describeWeek } from './week';
import type { WorkerWeek, Workload } from './workload';

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

export function digestReply(services: Services, w: Workload, flags: string[], chartUrl?: string): Reply {
  const title = digestTitle(services, w);
  const totalNow = w.workerIds.reduce((s, id) => s + w.current[id].minutes, 0);
  const totalBefore = w.workerIds.reduce((s, id) => s + w.previous[id].minutes, 0);
  const summary = `Recorded time ${formatMinutes(totalNow)}${versus(totalNow, totalBefore, formatMinutes)}.`;
  const c = card(title).text(summary);
  for (const f of flags) c.text(f, 'warning');
  if (!flags.length) c.text('Nothing needs your attention this week.', 'subtle');
  if (chartUrl) c.image(chartUrl, 'Recorded time per worker by activity type');
  for (const id of w.workerIds) {
    c.text(services.directory.person(id)?.name ?? id, 'heading');
    c.facts(workerFacts(services, w.current[id], w.previous[id]));
  }
  if (w.scope.kind === 'team') c.submit('dashboard.open', 'Open the dashboard');
  const text = [title, summary, ...(flags.length ? ['Flags:', ...flags.map((f) => `• ${f}`)] : ['Nothing needs your attention this week.'])].join('\n');
  return { text, card: c.build() };
}
