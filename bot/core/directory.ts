/**
 * Who is who: people, schools, links and teams from configuration, and which person a
 * platform user is. Everything a feature asks about access goes through here.
 *
 * @example
 *   const person = directory.byPlatformUser({ platform: 'slack', userId: 'U0SWIS0004', tenantId: 'T0SWIS0001' });
 *   directory.schoolsOf(person.id);          // schools where they are DSL or staff
 *   directory.linkWorkersOf('werneth');       // ['sw.amira']
 *   directory.useChanges(changes, 3);         // business support's changes from chat, over the file
 *   directory.coverOn('sw.amira', '2026-11-24'); // { worker: 'sw.amira', by: 'sp.olu', from, to }
 */
import type { AuthorityConfig, Cover, DirectoryData, Person, Role, School, Team } from '../config/schema';
import { applyChanges, directoryOf, type DirectoryChange, type DirectoryIssue } from './directory-changes';
import type { PlatformUser } from './events';

export interface Skipped {
  id: string;
  issues: DirectoryIssue[];
}

export class Directory {
  private readonly people = new Map<string, Person>();
  private readonly schools = new Map<string, School>();
  private readonly teams = new Map<string, Team>();
  private readonly byTeamsId = new Map<string, Person>();
  private readonly bySlackId = new Map<string, Person>();
  /** Teams tenants (lower case) and Slack workspaces someone in the directory is in. */
  private readonly teamsTenants = new Set<string>();
  private readonly slackWorkspaces = new Set<string>();
  private covers: Cover[] = [];
  private changes: DirectoryChange[] = [];
  private data: DirectoryData;
  /** The configuration file's own directory (without the changes from chat). */
  private file: DirectoryData;
  /** The configuration object the process shares (services.config): its directory sections follow the one in use. */
  private readonly shared: AuthorityConfig;
  /** The version of the stored changes in use (0: none yet). */
  version = 0;

  constructor(private config: AuthorityConfig) {
    this.shared = config;
    this.file = directoryOf(config);
    this.data = this.file;
    this.fill(this.data);
  }

  /**
   * Takes the people, schools and teams of a new, already validated configuration at once
   * (a reload of the file), with the changes made from chat applied over it again. Lookups in
   * flight see either the old directory or the new one. Returns the changes that no longer fit.
   */
  replace(config: AuthorityConfig): Skipped[] {
    this.config = config;
    this.file = directoryOf(config);
    return this.rebuild();
  }

  /** Business support's changes (stored, in order) over the file's directory, at once. */
  useChanges(changes: DirectoryChange[], version: number): Skipped[] {
    this.changes = changes;
    this.version = version;
    return this.rebuild();
  }

  /** The directory in use (file and changes), e.g. to validate one more change against. */
  current(): DirectoryData {
    return this.data;
  }

  /** The configuration file's directory alone, without the changes made from chat. */
  fileData(): DirectoryData {
    return this.file;
  }

  private rebuild(): Skipped[] {
    const { data, skipped } = applyChanges(this.file, this.changes);
    for (const map of [this.people, this.schools, this.teams, this.byTeamsId, this.bySlackId, this.teamsTenants, this.slackWorkspaces]) map.clear();
    this.data = data;
    this.fill(data);
    Object.assign(this.shared, data);
    return skipped;
  }

  private fill(config: DirectoryData): void {
    for (const p of config.people) {
      this.people.set(p.id, p);
      if (p.teams) this.byTeamsId.set(`${p.teams.tenantId}/${p.teams.aadObjectId}`.toLowerCase(), p);
      if (p.slack) this.bySlackId.set(`${p.slack.teamId}/${p.slack.userId}`, p);
      if (p.teams) this.teamsTenants.add(p.teams.tenantId.toLowerCase());
      if (p.slack) this.slackWorkspaces.add(p.slack.teamId);
    }
    for (const s of config.schools) this.schools.set(s.id, s);
    for (const t of config.teams) this.teams.set(t.id, t);
    this.covers = config.covers;
  }

  /**
   * True when someone in the directory in use (the file and business support's changes) is in
   * this Teams tenant: a tenant gained from chat is served at once, without a restart.
   */
  servesTeamsTenant(tenantId: string): boolean {
    return this.teamsTenants.has(tenantId.toLowerCase());
  }

  /** True when someone in the directory in use is in this Slack workspace (team id). */
  servesSlackWorkspace(teamId: string): boolean {
    return this.slackWorkspaces.has(teamId);
  }

  /** How many Slack workspaces the directory in use has people in. */
  slackWorkspaceCount(): number {
    return this.slackWorkspaces.size;
  }

  /** Who covers this worker on that day (YYYY-MM-DD), the latest marked first; undefined when nobody. */
  coverOn(workerId: string, date: string): Cover | undefined {
    return [...this.covers].reverse().find((c) => c.worker === workerId && c.from <= date && date <= c.to);
  }

  /** Covers that have not ended by that day, for business support's list. */
  coversFrom(date: string): Cover[] {
    return this.covers.filter((c) => c.to >= date);
  }

  /** The directory person a platform user is, or undefined (then nothing about them is stored). */
  byPlatformUser(user: PlatformUser): Person | undefined {
    switch (user.platform) {
      case 'teams':
        return user.tenantId ? this.byTeamsId.get(`${user.tenantId}/${user.userId}`.toLowerCase()) : undefined;
      case 'slack':
        return user.tenantId ? this.bySlackId.get(`${user.tenantId}/${user.userId}`) : undefined;
      case 'console':
        return this.people.get(user.userId);
    }
  }

  person(id: string): Person | undefined {
    return this.people.get(id);
  }

  allPeople(): Person[] {
    return [...this.people.values()];
  }

  school(id: string): School | undefined {
    return this.schools.get(id);
  }

  allSchools(): School[] {
    return [...this.schools.values()];
  }

  team(id: string): Team | undefined {
    return this.teams.get(id);
  }

  allTeams(): Team[] {
    return [...this.teams.values()];
  }

  hasRole(personId: string, ...roles: Role[]): boolean {
    const p = this.people.get(personId);
    return !!p && p.roles.some((r) => roles.includes(r));
  }

  /** Schools where the person is a DSL or a member of staff. */
  schoolsOf(personId: string): School[] {
    return this.allSchools().filter((s) => s.dsls.includes(personId) || s.staff.includes(personId));
  }

  /** Schools the person is a link worker for. */
  linkedSchools(personId: string): School[] {
    return this.allSchools().filter((s) => s.linkWorkers.includes(personId));
  }

  /** Schools whose TAS meetings the person chairs. */
  chairedSchools(personId: string): School[] {
    return this.allSchools().filter((s) => s.tasChairs.includes(personId));
  }

  linkWorkersOf(schoolId: string): string[] {
    return this.schools.get(schoolId)?.linkWorkers ?? [];
  }

  /** The team a worker belongs to (first match), or a manager's team. */
  teamOf(personId: string): Team | undefined {
    return this.allTeams().find((t) => t.members.includes(personId) || t.manager === personId);
  }

  /** The team responsible for a school: the team of its main link worker. */
  teamForSchool(schoolId: string): Team | undefined {
    const main = this.linkWorkersOf(schoolId)[0];
    return main ? this.teamOf(main) : undefined;
  }

  teamsManagedBy(personId: string): Team[] {
    return this.allTeams().filter((t) => t.manager === personId);
  }

  /**
   * May this person see a school's records? The school's DSLs and staff, its link workers,
   * the cover for its team, and that team's manager.
   */
  canSeeSchool(personId: string, schoolId: string): boolean {
    const s = this.schools.get(schoolId);
    if (!s) return false;
    if (s.dsls.includes(personId) || s.staff.includes(personId) || s.linkWorkers.includes(personId)) return true;
    const team = this.teamForSchool(schoolId);
    return !!team && (team.manager === personId || team.cover.includes(personId));
  }

  /** First name, for short phone-friendly messages. */
  firstName(personId: string): string {
    return this.people.get(personId)?.name.split(' ')[0] ?? personId;
  }

  get authority(): AuthorityConfig['authority'] {
    return this.config.authority;
  }
}
