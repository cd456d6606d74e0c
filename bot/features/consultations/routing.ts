/**
 * Who a consultation goes to and when it is due. The school's link worker first; when business
 * support marked someone to cover them for today (`directory cover`), that person; when they
 * are away, the team's cover (senior practitioner or duty worker, from configuration); when
 * every cover is away too, the team manager, so nothing waits silently. Response targets count
 * the service's hours (the MASH and SWIS team's clock), never the school day: a Red consultation
 * sent in half term is due in half an hour of the service's time, like any other.
 *
 * @example
 *   const to = await routeFor('werneth', services, away);  // { holderId: 'sp.olu', awayUntil: '2026-11-27', linkWorkerId: 'sw.amira' }
 *   const due = dueAt(services, new Date(), 'red');         // 30 minutes of service hours from now
 */
import type { Services } from '../../core/services';
import type { AwayRegister } from './away';
import type { Urgency } from './model';

const DAY_MS = 86_400_000;

export interface Route {
  linkWorkerId: string;
  holderId: string;
  /** Set when the link worker is away and it went to cover. */
  awayUntil?: string;
}

export async function routeFor(schoolId: string, services: Services, away: AwayRegister): Promise<Route> {
  const links = services.directory.linkWorkersOf(schoolId);
  const linkWorkerId = links[0];
  const marked = services.directory.coverOn(linkWorkerId, services.calendar.dateOf(services.now()));
  if (marked && !(await away.until(marked.by))) return { linkWorkerId, holderId: marked.by, awayUntil: marked.to };
  const awayUntil = (await away.until(linkWorkerId)) ?? marked?.to;
  if (!awayUntil) return { linkWorkerId, holderId: linkWorkerId };
  for (const other of links.slice(1)) if (!(await away.until(other))) return { linkWorkerId, holderId: other, awayUntil };
  const cover = await coverFor(schoolId, [linkWorkerId], services, away);
  return { linkWorkerId, holderId: cover, awayUntil };
}

/** The first of the team's cover who is not away and not excluded; else the team manager. */
export async function coverFor(schoolId: string, exclude: string[], services: Services, away: AwayRegister): Promise<string> {
  const team = services.directory.teamForSchool(schoolId);
  if (!team) return services.directory.linkWorkersOf(schoolId)[0];
  for (const p of team.cover) if (!exclude.includes(p) && !(await away.until(p))) return p;
  return team.manager;
}

/** The response target in service-hours time. Whole days ("1d") mean whole service days. */
export function targetMs(services: Services, urgency: Urgency): number {
  const ms = services.config.limits.consultationSla[urgency];
  if (ms < DAY_MS || ms % DAY_MS !== 0) return ms;
  return (ms / DAY_MS) * services.calendar.serviceDayMs();
}

/** The deadline for a first reply: the target counted only in the service's hours. */
export function dueAt(services: Services, from: Date, urgency: Urgency): Date {
  return services.calendar.addServiceTime(from, targetMs(services, urgency)) ?? new Date(from.getTime() + services.config.limits.consultationSla[urgency]);
}
