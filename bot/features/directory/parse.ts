/**
 * Reads the directory forms' values into a directory change. Only what the schema cannot say
 * is checked here (a school chosen for roles that link to no school, a pair of platform ids
 * half filled in, a last day already past); everything else is the configuration schema's job.
 *
 * @example
 *   const r = readAddPerson(turn.values, services);
 *   if ('errors' in r) turn.reply({ text: ..., formErrors: r.errors });
 *   else await overlay.commit(r.change, turn.person.id);
 */
import { ROLES, type Role } from '../../config/schema';
import { LINK_BY_ROLE, type DirectoryChangeInput } from '../../core/directory-changes';
import type { Services } from '../../core/services';

type Read = { change: DirectoryChangeInput } | { errors: Record<string, string> };

function list(value: string | undefined): string[] {
  return [...new Set((value ?? '').split(',').map((v) => v.trim()).filter(Boolean))];
}

const text = (value: string | undefined) => (value ?? '').trim().replace(/\s+/g, ' ');

function roles(value: string | undefined, errors: Record<string, string>): Role[] {
  const chosen = list(value);
  if (!chosen.length) errors.roles = 'Choose at least one role.';
  else if (chosen.some((r) => !(ROLES as readonly string[]).includes(r))) errors.roles = 'Choose roles from the list.';
  return chosen.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
}

function schoolsFor(chosen: Role[], value: string | undefined, errors: Record<string, string>): string[] {
  const schools = list(value);
  if (schools.length && !errors.roles && !chosen.some((r) => LINK_BY_ROLE[r]))
    errors.schools = 'These roles are not linked to a school: add DSL, school staff, link social worker or TAS chair, or leave the schools empty.';
  return schools;
}

/** Both or neither of a platform's two ids. */
function pair(a: string, b: string, aField: string, bField: string, errors: Record<string, string>): boolean {
  if (a && !b) errors[bField] = 'Fill this in too, or clear the other one.';
  if (b && !a) errors[aField] = 'Fill this in too, or clear the other one.';
  return !!(a && b);
}

export function readAddPerson(v: Record<string, string>): Read {
  const errors: Record<string, string> = {};
  const chosen = roles(v.roles, errors);
  const schools = schoolsFor(chosen, v.schools, errors);
  const [teamsUser, teamsTenant, slackUser, slackTeam] = [v.teamsUser, v.teamsTenant, v.slackUser, v.slackTeam].map(text);
  const onTeams = pair(teamsUser, teamsTenant, 'teamsUser', 'teamsTenant', errors);
  const onSlack = pair(slackUser, slackTeam, 'slackUser', 'slackTeam', errors);
  if (Object.keys(errors).length) return { errors };
  const title = text(v.title);
  const team = text(v.team);
  return {
    change: {
      kind: 'person.add',
      person: {
        id: text(v.id).toLowerCase(),
        name: text(v.name),
        roles: chosen,
        ...(title ? { title } : {}),
        ...(onTeams ? { teams: { aadObjectId: teamsUser, tenantId: teamsTenant } } : {}),
        ...(onSlack ? { slack: { userId: slackUser, teamId: slackTeam } } : {}),
      },
      schools,
      ...(team ? { team } : {}),
    },
  };
}

export function readChange(v: Record<string, string>): Read {
  const errors: Record<string, string> = {};
  const chosen = roles(v.roles, errors);
  const schools = schoolsFor(chosen, v.schools, errors);
  if (Object.keys(errors).length) return { errors };
  return { change: { kind: 'person.change', personId: text(v.person), roles: chosen, schools } };
}

export function readCover(v: Record<string, string>, services: Services): Read {
  const today = services.calendar.dateOf(services.now());
  const to = text(v.to);
  if (/^\d{4}-\d{2}-\d{2}$/.test(to) && to < today) return { errors: { to: `The last day is past; choose ${services.calendar.formatDate(today)} or later.` } };
  return { change: { kind: 'cover', cover: { worker: text(v.worker), by: text(v.by), from: text(v.from), to } } };
}
