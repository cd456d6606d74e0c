/**
 * Reads the records other features keep, through their own repositories and only for the
 * dashboard's range and scope: consultations (via each worker's index), drop-in slots and
 * bookings, TAS actions (via each school's index). Read-only; nothing here writes.
 *
 * Consultations are counted once each (a consultation escalated from one worker to another is
 * in both workers' indexes), by when the school sent it, and only at the scope's schools.
 *
 * @example
 *   const c = await readConsultations(services, scope, view);  // { counts, firstResponseMs }
 *   const d = await readDropIns(services, scope, view);        // { offered, booked, attended, didNotAttend }
 */
import type { Services } from '../../core/services';
import { ConsultationRepository } from '../consultations/repository';
import type { Consultation } from '../consultations/model';
import { entryWorker } from '../consultations/record';
import { DropInRepository } from '../dropins/repository';
import { TasRepository } from '../tas/repository';
import { overdueFrom } from '../tas/timing';
import type { DashboardScope } from './access';
import type { DashboardView } from './view';

function schoolsIn(scope: DashboardScope, view: DashboardView): string[] {
  return view.schoolId ? [view.schoolId] : scope.schoolIds;
}

/** Workers whose indexes may hold the scope's records: link workers of its schools, team members and cover. */
function workersToRead(services: Services, scope: DashboardScope, view: DashboardView): string[] {
  const { directory } = services;
  const fromSchools = schoolsIn(scope, view).flatMap((s) => directory.linkWorkersOf(s));
  const fromTeams = scope.teamIds.flatMap((t) => {
    const team = directory.team(t);
    return team ? [...team.members, ...team.cover] : [];
  });
  return [...new Set([...fromSchools, ...fromTeams])];
}

export async function readConsultations(services: Services, scope: DashboardScope, view: DashboardView) {
  const repo = new ConsultationRepository(services.store);
  const schools = new Set(schoolsIn(scope, view));
  const now = services.now().getTime();
  const from = view.from.getTime();
  const to = view.to.getTime();
  const workers = workersToRead(services, scope, view);
  const mine = (c: Consultation) => schools.has(c.schoolId) && (!view.workerId || entryWorker(c) === view.workerId);
  const [received, open] = await Promise.all([
    Promise.all(workers.map((w) => repo.forWorker(w, from, to))),
    Promise.all(workers.map((w) => repo.openFor(w))),
  ]);
  const seen = new Map<string, Consultation>();
  for (const c of received.flat()) {
    const at = Date.parse(c.submittedAt ?? '');
    if (at >= from && at <= to && mine(c)) seen.set(c.id, c);
  }
  const counts = { received: seen.size, answered: 0, answeredWithinTarget: 0, escalated: 0, openNow: 0, overdueNow: 0 };
  const firstResponseMs: number[] = [];
  for (const c of seen.values()) {
    if (c.escalations.length) counts.escalated++;
    if (!c.firstResponseAt || !c.submittedAt) continue;
    counts.answered++;
    firstResponseMs.push(Math.max(0, Date.parse(c.firstResponseAt) - Date.parse(c.submittedAt)));
    if (c.dueAt && c.firstResponseAt <= c.dueAt) counts.answeredWithinTarget++;
  }
  const openNow = new Map(open.flat().filter((c) => c.status === 'open' && c.submittedAt && mine(c)).map((c) => [c.id, c]));
  counts.openNow = openNow.size;
  counts.overdueNow = [...openNow.values()].filter((c) => !c.firstResponseAt && c.dueAt && Date.parse(c.dueAt) < now).length;
  return { counts, firstResponseMs };
}

export async function readDropIns(services: Services, scope: DashboardScope, view: DashboardView) {
  const repo = new DropInRepository(services.store);
  const schools = schoolsIn(scope, view);
  const inScope = new Set(schools);
  const out = { offered: 0, booked: 0, attended: 0, didNotAttend: 0 };
  const slots = (await Promise.all(schools.map((s) => repo.slotsForSchool(s, view.from, view.to)))).flat();
  for (const s of slots) if (s.status === 'open' && (!view.workerId || s.workerId === view.workerId)) out.offered += s.capacity;
  const workers = view.workerId ? [view.workerId] : [...new Set(schools.flatMap((s) => services.directory.linkWorkersOf(s)))];
  const bookings = new Map((await Promise.all(workers.map((w) => repo.bookingsForWorker(w, view.from, view.to)))).flat().map((b) => [b.id, b]));
  for (const b of bookings.values()) {
    if (b.status !== 'booked' || !inScope.has(b.schoolId) || (view.workerId && b.workerId !== view.workerId)) continue;
    out.booked++;
    if (b.attendance?.outcome === 'attended') out.attended++;
    if (b.attendance?.outcome === 'did_not_attend') out.didNotAttend++;
  }
  return out;
}

export async function readTasActions(services: Services, scope: DashboardScope, view: DashboardView) {
  const { calendar } = services;
  const repo = new TasRepository(services.store, (due) => overdueFrom(calendar, due).getTime());
  const now = services.now().getTime();
  const actions = (await Promise.all(schoolsIn(scope, view).map((s) => repo.forSchool(s, view.from.getTime(), view.to.getTime()))))
    .flat()
    .filter((a) => !view.workerId || a.owner.personId === view.workerId);
  const out = { created: actions.length, completed: 0, completedOnTime: 0, openNow: 0, overdueNow: 0 };
  for (const a of actions) {
    const late = overdueFrom(calendar, a.due).getTime();
    if (a.status === 'done') {
      out.completed++;
      if (a.completedAt && Date.parse(a.completedAt) < late) out.completedOnTime++;
    } else {
      out.openNow++;
      if (late <= now) out.overdueNow++;
    }
  }
  return out;
}
