/**
 * Plain-words flags for the top of a digest: the things a team manager should look at first.
 * Thresholds come from configuration (limits.digest).
 *
 * @example
 *   workloadFlags(services, workload);
 *   // ["Amira: 3 consultations past their SLA", "Greave: no drop-in booked for 3 weeks",
 *   //  "Ben: recorded time 34 h, up 40%"]
 */
import type { Services } from '../../core/services';
import { formatHours, schoolShortName } from './labels';
import type { Workload } from './workload';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Whole-percent change from `before` to `now`; undefined when there is nothing to compare. */
export function percentChange(now: number, before: number): number | undefined {
  if (before <= 0) return undefined;
  return Math.round(((now - before) / before) * 100);
}

export function workloadFlags(services: Services, w: Workload): string[] {
  const { directory, config } = services;
  const threshold = config.limits.digest.timeChangePercent;
  const flags: string[] = [];
  for (const id of w.workerIds) {
    const name = directory.firstName(id);
    const cur = w.current[id];
    const prev = w.previous[id];
    const c = cur.figures.consultations;
    if (c?.overdue) flags.push(`${name}: ${plural(c.overdue, 'consultation')} past their SLA`);
    if (c?.escalated) flags.push(`${name}: ${plural(c.escalated, 'consultation')} escalated to cover`);
    const t = cur.figures.tasActions;
    if (t?.overdue) flags.push(`${name}: ${plural(t.overdue, 'TAS action')} overdue`);
    if (cur.minutes === 0) {
      flags.push(prev.minutes > 0 ? `${name}: no time recorded this week (${formatHours(prev.minutes)} the week before)` : `${name}: no time recorded this week`);
    } else {
      const change = percentChange(cur.minutes, prev.minutes);
      if (change !== undefined && Math.abs(change) >= threshold) {
        flags.push(`${name}: recorded time ${formatHours(cur.minutes)}, ${change > 0 ? 'up' : 'down'} ${Math.abs(change)}%`);
      }
    }
  }
  for (const q of w.quietSchools ?? []) {
    const school = directory.school(q.schoolId);
    flags.push(`${school ? schoolShortName(school.name) : q.schoolId}: no drop-in booked for ${plural(q.weeks, 'week')}`);
  }
  return flags;
}
