/**
 * Gathers one digest's numbers: for each worker in scope, the figures other features report
 * (consultations, drop-ins, TAS actions, through services.figures) and recorded time from the
 * activity log by activity type and by school, for the week asked for and the week before,
 * plus drop-ins booked per school over the last few school weeks (for the quiet-school flag).
 *
 * Cost does not grow with history: the log is read through its team (or worker) index for
 * the two weeks reported, and providers are asked only for those weeks.
 *
 * @example
 *   const w = await gatherWorkload(services, { kind: 'team', team }, week, 'tm.grace');
 *   w.current['sw.amira'].minutes; // recorded minutes that week
 */
import type { Team } from '../../config/schema';
import type { WorkerFigures } from '../../core/figures';
import type { Services } from '../../core/services';
import { minutesOf, type ActivityEntry, type ActivityType, type Place } from '../../../storage/activity-log';
import { isWithdrawn } from './labels';
import { hasSchoolDay, weekBefore, type Week } from './week';

export type DigestScope = { kind: 'team'; team: Team } | { kind: 'worker'; workerId: string; team?: Team };

export interface WorkerWeek {
  workerId: string;
  figures: WorkerFigures;
  /** Recorded minutes (withdrawn entries count for nothing). */
  minutes: number;
  entries: number;
  byActivity: Partial<Record<ActivityType, number>>;
  bySchool: Record<string, number>;
  /** Recorded minutes by place (school, home visit, court, ...); entries without a place are left out. */
  byPlace: Partial<Record<Place, number>>;
}

export interface QuietSchool {
  schoolId: string;
  /** School weeks in a row, ending with the reported week, with no drop-in booked. */
  weeks: number;
}

export interface Workload {
  scope: DigestScope;
  week: Week;
  previousWeek: Week;
  workerIds: string[];
  current: Record<string, WorkerWeek>;
  previous: Record<string, WorkerWeek>;
  /** Undefined when no drop-in figures are reported (no drop-ins feature running). */
  quietSchools?: QuietSchool[];
}

export function workersIn(scope: DigestScope): string[] {
  return scope.kind === 'team' ? [...scope.team.members] : [scope.workerId];
}

/** The schools whose drop-ins the scope answers for. */
export function schoolsIn(services: Services, scope: DigestScope): string[] {
  const { directory } = services;
  if (scope.kind === 'worker') return directory.linkedSchools(scope.workerId).map((s) => s.id);
  return directory.allSchools().filter((s) => directory.teamForSchool(s.id)?.id === scope.team.id).map((s) => s.id);
}

function summarise(workerId: string, figures: WorkerFigures, entries: ActivityEntry[]): WorkerWeek {
  const w: WorkerWeek = { workerId, figures, minutes: 0, entries: 0, byActivity: {}, bySchool: {}, byPlace: {} };
  for (const e of entries) {
    if (e.workerId !== workerId || isWithdrawn(e)) continue;
    const m = minutesOf(e);
    w.entries++;
    w.minutes += m;
    w.byActivity[e.activityType] = (w.byActivity[e.activityType] ?? 0) + m;
    w.bySchool[e.schoolId] = (w.bySchool[e.schoolId] ?? 0) + m;
    if (e.place) w.byPlace[e.place] = (w.byPlace[e.place] ?? 0) + m;
  }
  return w;
}

function within(e: ActivityEntry, week: Week): boolean {
  const t = Date.parse(e.occurredAt);
  return t >= week.from.getTime() && t <= week.to.getTime();
}

export async function gatherWorkload(services: Services, scope: DigestScope, week: Week, readerId: string, purpose = 'digest'): Promise<Workload> {
  const { calendar, activityLog, figures } = services;
  const previousWeek = weekBefore(calendar, week);
  const workerIds = workersIn(scope);
  const q = scope.kind === 'team' ? { teamId: scope.team.id } : { workerId: scope.workerId };
  const [entries, now, before] = await Promise.all([
    activityLog.query({ ...q, from: previousWeek.from, to: week.to }, { personId: readerId, purpose }),
    figures.forWorkers({ workerIds, from: week.from, to: week.to }),
    figures.forWorkers({ workerIds, from: previousWeek.from, to: previousWeek.to }),
  ]);
  const thisWeek = entries.filter((e) => within(e, week));
  const lastWeek = entries.filter((e) => within(e, previousWeek));
  const current = Object.fromEntries(workerIds.map((w) => [w, summarise(w, now[w] ?? {}, thisWeek)]));
  const previous = Object.fromEntries(workerIds.map((w) => [w, summarise(w, before[w] ?? {}, lastWeek)]));
  const quietSchools = await findQuietSchools(services, scope, workerIds, week, { [week.start]: now, [previousWeek.start]: before });
  return { scope, week, previousWeek, workerIds, current, previous, quietSchools };
}

/**
 * Schools with no drop-in booked in each of the last N school weeks (weeks with no school day,
 * like half term, are skipped and do not count). Looks back a bounded number of weeks.
 */
async function findQuietSchools(
  services: Services,
  scope: DigestScope,
  workerIds: string[],
  week: Week,
  known: Record<string, Record<string, WorkerFigures>>,
): Promise<QuietSchool[] | undefined> {
  const { calendar, figures, config } = services;
  const needed = config.limits.digest.quietSchoolWeeks;
  const weeks: Week[] = [];
  for (let i = 0; weeks.length < needed && i < needed + 8; i++) {
    const w = weekBefore(calendar, week, i);
    if (hasSchoolDay(calendar, w)) weeks.push(w);
  }
  if (weeks.length < needed) return [];
  const perWeek = await Promise.all(
    weeks.map((w) => known[w.start] ?? figures.forWorkers({ workerIds, from: w.from, to: w.to })),
  );
  const reported = perWeek.some((fs) => Object.values(fs).some((f) => f.dropIns || f.dropInsBySchool));
  if (!reported) return undefined;
  const quiet: QuietSchool[] = [];
  for (const schoolId of schoolsIn(services, scope)) {
    const booked = perWeek.reduce(
      (sum, fs) => sum + Object.values(fs).reduce((s, f) => s + (f.dropInsBySchool?.[schoolId]?.booked ?? 0), 0),
      0,
    );
    if (booked === 0) quiet.push({ schoolId, weeks: needed });
  }
  return quiet;
}
