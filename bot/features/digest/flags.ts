/**
 * Plain-words flags for the top of a digest, grouped one line per kind so a phone shows a few
 * lines however big the team: the things a team manager should look at first. Thresholds come
 * from configuration (limits.digest). A kind names its people; past a handful it counts them.
 *
 * To add a kind (caseload, say), push one more FlagGroup in `flagGroups`.
 *
 * @example
 *   workloadFlags(services, workload);
 *   // ["Consultations past their SLA: Amira (3)", "No time recorded: Ben, Chloe, Dan",
 *   //  "No drop-ins booked for 3 weeks: 9 schools"]
 */
import type { Services } from '../../core/services';
import { schoolShortName } from './labels';
import type { Workload } from './workload';

/** More than this many names on one line and the line gives a count instead. */
export const MAX_NAMED = 6;

export interface FlagGroup {
  /** What the line says first, e.g. "No time recorded". */
  label: string;
  /** Who or what, e.g. "Amira (3)" or "Greave". */
  items: string[];
  /** How to count the items when there are too many to name ("schools", "workers"). */
  unit: string;
}

/** Whole-percent change from `before` to `now`; undefined when there is nothing to compare. */
export function percentChange(now: number, before: number): number | undefined {
  if (before <= 0) return undefined;
  return Math.round(((now - before) / before) * 100);
}

export function flagGroups(services: Services, w: Workload): FlagGroup[] {
  const { directory, config } = services;
  const threshold = config.limits.digest.timeChangePercent;
  const group = (label: string, unit = 'workers'): FlagGroup => ({ label, items: [], unit });
  const overdue = group('Consultations past their SLA');
  const escalated = group('Consultations escalated to cover');
  const tas = group('TAS actions overdue');
  const noTime = group('No time recorded');
  const up = group(`Recorded time up ${threshold}% or more`);
  const down = group(`Recorded time down ${threshold}% or more`);
  for (const id of w.workerIds) {
    const name = directory.firstName(id);
    const cur = w.current[id];
    const c = cur.figures.consultations;
    if (c?.overdue) overdue.items.push(`${name} (${c.overdue})`);
    if (c?.escalated) escalated.items.push(`${name} (${c.escalated})`);
    const t = cur.figures.tasActions;
    if (t?.overdue) tas.items.push(`${name} (${t.overdue})`);
    if (cur.minutes === 0) noTime.items.push(name);
    else {
      const change = percentChange(cur.minutes, w.previous[id].minutes);
      if (change !== undefined && change >= threshold) up.items.push(`${name} +${change}%`);
      if (change !== undefined && change <= -threshold) down.items.push(`${name} ${change}%`);
    }
  }
  const quiet = w.quietSchools ?? [];
  const weeks = quiet.length ? Math.min(...quiet.map((q) => q.weeks)) : 0;
  const quietGroup = group(`No drop-ins booked for ${weeks} week${weeks === 1 ? '' : 's'}`, 'schools');
  for (const q of quiet) {
    const school = directory.school(q.schoolId);
    quietGroup.items.push(school ? schoolShortName(school.name) : q.schoolId);
  }
  return [overdue, escalated, tas, noTime, up, down, quietGroup].filter((g) => g.items.length);
}

/** "No time recorded: Ben, Chloe, Dan", or "No drop-ins booked for 3 weeks: 9 schools". */
export function flagLine(g: FlagGroup): string {
  return `${g.label}: ${g.items.length > MAX_NAMED ? `${g.items.length} ${g.unit}` : g.items.join(', ')}`;
}

export function workloadFlags(services: Services, w: Workload): string[] {
  return flagGroups(services, w).map(flagLine);
}
