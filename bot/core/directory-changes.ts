/**
 * Directory changes made from chat (business support's `directory` forms), kept as an overlay
 * applied in order over the configuration file's directory: add a person, change a person's
 * roles and school links, mark a worker's cover. Every result is validated with the same zod
 * schema and cross-field checks as the start-up file (DirectorySchema), so the directory in use
 * is always one the file itself could have said.
 *
 * A change that no longer fits the file (after a reload the file adds the same person, or drops
 * a school a change links to) is skipped, and said so, rather than spoiling the rest.
 *
 * @example
 *   const change: DirectoryChange = { id: 'dc-1', by: 'bs.mo', at: '2026-11-23T10:00:00Z', kind: 'person.add',
 *     person: { id: 'dsl2.werneth', name: 'Sam Deputy', roles: ['deputy_dsl'] }, schools: ['werneth'] };
 *   const { data, skipped } = applyChanges(directoryOf(config), [change]);
 *   const tried = tryChange(data, next); // { data } or { issues } naming the fields
 */
import { z } from 'zod';
import { CoverSchema, DirectorySchema, PersonSchema, ROLES, type DirectoryData, type Role, type School } from '../config/schema';

const base = { id: z.string().min(1), by: z.string().min(1), at: z.string().min(1) };

/** How a role links a person to a school: which list of the school they go in. */
export const LINK_BY_ROLE: Partial<Record<Role, 'dsls' | 'staff' | 'linkWorkers' | 'tasChairs'>> = {
  dsl: 'dsls',
  deputy_dsl: 'dsls',
  school_staff: 'staff',
  social_worker: 'linkWorkers',
  tas_chair: 'tasChairs',
};
const LISTS = ['dsls', 'staff', 'linkWorkers', 'tasChairs'] as const;

/** Every stored change is declared once here; the forms' handlers build these. */
export const DirectoryChangeSchema = z.discriminatedUnion('kind', [
  z.object({
    ...base,
    kind: z.literal('person.add'),
    person: PersonSchema,
    /** School ids; the person's roles say as what (DSL, staff, link worker, TAS chair). */
    schools: z.array(z.string()).default([]),
    /** A worker's team (its members list). */
    team: z.string().optional(),
  }),
  z.object({
    ...base,
    kind: z.literal('person.change'),
    personId: z.string().min(1),
    roles: z.array(z.enum(ROLES)).min(1),
    /** Replaces every school link the person had. */
    schools: z.array(z.string()),
  }),
  z.object({ ...base, kind: z.literal('cover'), cover: CoverSchema }),
]);
export type DirectoryChange = z.infer<typeof DirectoryChangeSchema>;

/** A change as the forms make it, before it is given an id, an author and a time. */
export type DirectoryChangeInput = DirectoryChange extends infer C ? (C extends DirectoryChange ? Omit<C, 'id' | 'by' | 'at'> : never) : never;

export interface DirectoryIssue {
  path: (string | number)[];
  message: string;
}

/** The directory sections of a whole configuration. */
export function directoryOf(config: DirectoryData): DirectoryData {
  return { people: config.people, schools: config.schools, teams: config.teams, covers: config.covers ?? [] };
}

/** The school with the person in the lists their roles say; `only`: taken out of every other list. */
function linkTo(school: School, personId: string, roles: Role[], only: boolean): School {
  const next = { ...school } as School;
  if (only) for (const list of LISTS) next[list] = school[list].filter((p) => p !== personId);
  for (const role of roles) {
    const list = LINK_BY_ROLE[role];
    if (list && !next[list].includes(personId)) next[list] = [...next[list], personId];
  }
  return next;
}

/** The directory with one change made, not yet validated; issues for what cannot even be tried. */
function apply(data: DirectoryData, change: DirectoryChange): DirectoryData | DirectoryIssue[] {
  const unknownSchools = (ids: string[]) =>
    ids.filter((s) => !data.schools.some((x) => x.id === s)).map((s) => ({ path: ['schools'], message: `"${s}" is not a school in "schools"` }));
  switch (change.kind) {
    case 'person.add': {
      const missing = unknownSchools(change.schools);
      if (change.team && !data.teams.some((t) => t.id === change.team)) missing.push({ path: ['team'], message: `"${change.team}" is not a team in "teams"` });
      if (missing.length) return missing;
      const { person } = change;
      return {
        ...data,
        people: [...data.people, person],
        schools: data.schools.map((s) => (change.schools.includes(s.id) ? linkTo(s, person.id, person.roles, false) : s)),
        teams: data.teams.map((t) => (t.id === change.team && !t.members.includes(person.id) ? { ...t, members: [...t.members, person.id] } : t)),
      };
    }
    case 'person.change': {
      if (!data.people.some((p) => p.id === change.personId)) return [{ path: ['person'], message: `"${change.personId}" is not a person in "people"` }];
      const missing = unknownSchools(change.schools);
      if (missing.length) return missing;
      return {
        ...data,
        people: data.people.map((p) => (p.id === change.personId ? { ...p, roles: change.roles } : p)),
        schools: data.schools.map((s) => linkTo(s, change.personId, change.schools.includes(s.id) ? change.roles : [], true)),
      };
    }
    case 'cover':
      return { ...data, covers: [...data.covers, change.cover] };
  }
}

/** One change over a valid directory: the new directory, or the schema's issues with it. */
export function tryChange(data: DirectoryData, change: DirectoryChange): { data: DirectoryData } | { issues: DirectoryIssue[] } {
  const next = apply(data, change);
  if (Array.isArray(next)) return { issues: next };
  const parsed = DirectorySchema.safeParse(next);
  if (!parsed.success) return { issues: parsed.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message })) };
  return { data: parsed.data };
}

/** Every change in order over the file's directory; the ones that no longer fit are skipped. */
export function applyChanges(file: DirectoryData, changes: DirectoryChange[]): { data: DirectoryData; skipped: { id: string; issues: DirectoryIssue[] }[] } {
  let data = file;
  const skipped: { id: string; issues: DirectoryIssue[] }[] = [];
  for (const change of changes) {
    const r = tryChange(data, change);
    if ('issues' in r) skipped.push({ id: change.id, issues: r.issues });
    else data = r.data;
  }
  return { data, skipped };
}
