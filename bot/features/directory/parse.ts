/**
 * The directory forms' schemas (zod, read with parseForm): each turns a form's values into a
 * directory change. Only what the configuration schema cannot say is checked here (a school
 * chosen for roles that link to no school, a pair of platform ids half filled in, a last day
 * already past, a person not in the directory); everything else is the configuration schema's
 * job when the change is committed.
 *
 * @example
 *   const form = parseForm(addPersonSchema(), turn.values);
 *   if (!form.ok) turn.reply({ text: ..., formErrors: form.errors });
 *   else await overlay.commit(form.data, turn.person.id);
 */
import { z } from 'zod';
import { ROLES, type Role } from '../../config/schema';
import { formAcross, listInput, type FieldRules } from '../../core/forms';
import { LINK_BY_ROLE, type DirectoryChangeInput } from '../../core/directory-changes';
import type { Services } from '../../core/services';

/** A text input: trimmed, with its runs of spaces made one. */
const text = z
  .string()
  .optional()
  .transform((v) => (v ?? '').trim().replace(/\s+/g, ' '));

/** Chosen values, each once. */
const chosen = listInput().transform((list) => [...new Set(list)]);

const roles = chosen
  .refine((r) => r.length > 0, { error: 'Choose at least one role.' })
  .refine((r) => r.every((x) => (ROLES as readonly string[]).includes(x)), { error: 'Choose roles from the list.' })
  .transform((r) => r.filter((x): x is Role => (ROLES as readonly string[]).includes(x)));

/** The roles and the schools they link the person to. */
const rolesAndSchools = { roles, schools: chosen };

/** Schools only for roles that link to one. */
function schoolsNeedALinkingRole(f: { roles: Role[]; schools: string[] }, on: FieldRules<'roles' | 'schools'>): void {
  if (f.schools.length && !on.failed('roles') && !f.roles.some((r) => LINK_BY_ROLE[r])) {
    on.refuse('schools', 'These roles are not linked to a school: add DSL, school staff, link social worker or TAS chair, or leave the schools empty.');
  }
}

/** Both or neither of a platform's two ids. */
function pair<F extends string>(a: string, b: string, aField: F, bField: F, on: FieldRules<F>): void {
  if (a && !b) on.refuse(bField, 'Fill this in too, or clear the other one.');
  if (b && !a) on.refuse(aField, 'Fill this in too, or clear the other one.');
}

/** The add-a-person form (forms.ts addPersonForm). */
export function addPersonSchema() {
  return formAcross(
    { id: text, name: text, title: text, ...rolesAndSchools, team: text, teamsUser: text, teamsTenant: text, slackUser: text, slackTeam: text },
    (f, on) => {
      schoolsNeedALinkingRole(f, on);
      pair(f.teamsUser, f.teamsTenant, 'teamsUser', 'teamsTenant', on);
      pair(f.slackUser, f.slackTeam, 'slackUser', 'slackTeam', on);
    },
  ).transform(
    (f): DirectoryChangeInput => ({
      kind: 'person.add',
      person: {
        id: f.id.toLowerCase(),
        name: f.name,
        roles: f.roles,
        ...(f.title ? { title: f.title } : {}),
        ...(f.teamsUser ? { teams: { aadObjectId: f.teamsUser, tenantId: f.teamsTenant } } : {}),
        ...(f.slackUser ? { slack: { userId: f.slackUser, teamId: f.slackTeam } } : {}),
      },
      schools: f.schools,
      ...(f.team ? { team: f.team } : {}),
    }),
  );
}

/** The pick-a-person form: someone in the directory. */
export function pickPersonSchema(services: Services) {
  return z.object({ person: text.refine((id) => !!services.directory.person(id), { error: 'Choose a person from the list.' }) });
}

/** The change form (forms.ts changeForm) for this person: their roles and school links. */
export function changeSchema(personId: string) {
  return formAcross(rolesAndSchools, schoolsNeedALinkingRole).transform(
    (f): DirectoryChangeInput => ({ kind: 'person.change', personId, roles: f.roles, schools: f.schools }),
  );
}

/** The cover form (forms.ts coverForm), today: a last day not already past. */
export function coverSchema(services: Services) {
  const today = services.calendar.dateOf(services.now());
  return z
    .object({
      worker: text,
      by: text,
      from: text,
      to: text.refine((to) => !(/^\d{4}-\d{2}-\d{2}$/.test(to) && to < today), { error: `The last day is past; choose ${services.calendar.formatDate(today)} or later.` }),
    })
    .transform((cover): DirectoryChangeInput => ({ kind: 'cover', cover }));
}
