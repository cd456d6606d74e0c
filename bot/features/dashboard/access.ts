/**
 * Who may see what on the dashboard, by the same rules as chat: a team manager sees their
 * team's schools and workers; a DSL sees their own school's figures only when the authority
 * turns `dashboard.dslAccess` on; nobody else sees anything. The scope is worked out again on
 * every request from the directory, so a person moved out of a team loses it at once.
 *
 * @example
 *   const scope = dashboardScope(services, 'tm.grace');
 *   // { kind: 'team', teamIds: ['werneth-swis'], schoolIds: [...10], workerIds: [...6] }
 */
import type { Services } from '../../core/services';

export interface DashboardScope {
  /** A team manager's view (with workers) or a DSL's view of their school (no workers). */
  kind: 'team' | 'school';
  personId: string;
  teamIds: string[];
  schoolIds: string[];
  workerIds: string[];
}

export const NO_DASHBOARD =
  "The dashboard is for team managers (their own team's figures). You don't manage a team in the directory, so there is nothing for you to see there.";
export const NO_DSL_DASHBOARD =
  "Your authority has not turned on school dashboards for DSLs. Your link social worker's team manager can share the figures with you.";

export function dashboardScope(services: Services, personId: string): DashboardScope | undefined {
  const { directory, config } = services;
  const teams = directory.teamsManagedBy(personId);
  if (teams.length) {
    const teamIds = teams.map((t) => t.id);
    const schoolIds = directory.allSchools().filter((s) => teamIds.includes(directory.teamForSchool(s.id)?.id ?? '')).map((s) => s.id);
    const workerIds = [...new Set(teams.flatMap((t) => t.members))];
    return { kind: 'team', personId, teamIds, schoolIds, workerIds };
  }
  if (config.dashboard.dslAccess) {
    const schools = directory.allSchools().filter((s) => s.dsls.includes(personId));
    if (schools.length) {
      const teamIds = [...new Set(schools.map((s) => directory.teamForSchool(s.id)?.id).filter((t): t is string => !!t))];
      return { kind: 'school', personId, teamIds, schoolIds: schools.map((s) => s.id), workerIds: [] };
    }
  }
  return undefined;
}

/** Why someone has no dashboard, in words for them. */
export function refusal(services: Services, personId: string): string {
  const isDsl = services.directory.allSchools().some((s) => s.dsls.includes(personId));
  return isDsl ? NO_DSL_DASHBOARD : NO_DASHBOARD;
}
