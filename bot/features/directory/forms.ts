/**
 * Business support's directory forms, as card trees (Teams card, Slack modal, terminal): the
 * menu, add a person, pick whose roles and school links to change, change them, mark cover.
 *
 * @example
 *   turn.reply({ text: 'Add a person', card: addPersonForm(services).build(), form: true });
 *   changeForm(services, 'dsl.werneth')  // roles and schools filled in with what they are now
 */
import { card, type CardBuilder, type Choice, type InputElement } from '../../../cards/tree';
import { COVER_ROLES, ROLES, type Role } from '../../config/schema';
import { LINK_BY_ROLE } from '../../core/directory-changes';
import type { Services } from '../../core/services';
import { DIRECTORY } from './verbs';

export const ROLE_NAMES: Record<Role, string> = {
  dsl: 'DSL',
  deputy_dsl: 'Deputy DSL',
  school_staff: 'School staff',
  social_worker: 'Link social worker',
  senior_practitioner: 'Senior practitioner',
  team_manager: 'Team manager',
  tas_chair: 'TAS chair',
  business_support: 'Business support',
  records_officer: 'Records officer',
};

/** The most a list can show on every platform (a Slack select); past it the form asks for ids. */
const MAX_LISTED = 100;

/** A drop-down, or for a long directory a text input for the ids (comma-separated when several). */
function pick(id: string, label: string, choices: Choice[], opts: { multiple?: boolean; value?: string; required?: boolean } = {}): InputElement {
  if (choices.length <= MAX_LISTED) return { type: 'input.choice', id, label, choices, compact: true, ...opts };
  const hint = opts.multiple ? 'ids, separated by commas' : 'id';
  return { type: 'input.text', id, label: `${label} (${hint})`, value: opts.value, required: opts.required, maxLength: 2000 };
}

const roleChoices = () => ROLES.map((r) => ({ title: ROLE_NAMES[r], value: r }));
const schoolChoices = (services: Services) => services.directory.allSchools().map((s) => ({ title: s.name, value: s.id }));
const SCHOOLS_LABEL = 'Schools (as DSL or staff, link worker or TAS chair, by role)';

/** `directory`: what business support can change. */
export function menuCard(services: Services): CardBuilder {
  const { directory, calendar } = services;
  const c = card('Directory').text('Changes are checked as the configuration file is, recorded with who made them, and in use at once.', 'subtle');
  const covers = directory.coversFrom(calendar.dateOf(services.now())).slice(-10);
  if (covers.length)
    c.text('Cover now and to come', 'heading').facts(
      covers.map((x) => ({ label: directory.firstName(x.worker), value: `${directory.firstName(x.by)}, ${calendar.formatDate(x.from)} to ${calendar.formatDate(x.to)}` })),
    );
  return c
    .action(DIRECTORY.addForm.button('Add a person', {}, 'primary'))
    .action(DIRECTORY.changePick.button('Change roles or schools'))
    .action(DIRECTORY.coverForm.button('Mark cover'));
}

export function addPersonForm(services: Services): CardBuilder {
  const teams = services.directory.allTeams();
  const c = card('Add a person')
    .input({ type: 'input.text', id: 'id', label: 'Id (e.g. dsl2.werneth)', maxLength: 60, required: true })
    .input({ type: 'input.text', id: 'name', label: 'Name', maxLength: 80, required: true })
    .input({ type: 'input.text', id: 'title', label: 'Job title (optional)', maxLength: 80 })
    .input({ type: 'input.choice', id: 'roles', label: 'Roles', multiple: true, choices: roleChoices(), required: true, compact: true })
    .input(pick('schools', SCHOOLS_LABEL, schoolChoices(services), { multiple: true }));
  if (teams.length) c.input({ type: 'input.choice', id: 'team', label: 'Team (social workers)', choices: teams.map((t) => ({ title: t.name, value: t.id })), compact: true });
  return c
    .input({ type: 'input.text', id: 'teamsUser', label: 'Teams user (Entra object id)', maxLength: 64 })
    .input({ type: 'input.text', id: 'teamsTenant', label: 'Teams tenant id', maxLength: 64 })
    .input({ type: 'input.text', id: 'slackUser', label: 'Slack user id', maxLength: 32 })
    .input({ type: 'input.text', id: 'slackTeam', label: 'Slack workspace (team) id', maxLength: 32 })
    .action(DIRECTORY.addSave.button('Add', {}, 'primary'));
}

export function pickPersonForm(services: Services): CardBuilder {
  const people = services.directory.allPeople().map((p) => ({ title: `${p.name} (${p.id})`, value: p.id }));
  return card('Change roles or schools')
    .input(pick('person', 'Whose', people, { required: true }))
    .action(DIRECTORY.changeForm.button('Next', {}, 'primary'));
}

/** The person's roles and school links as they are now, to change. */
export function changeForm(services: Services, personId: string): CardBuilder {
  const { directory } = services;
  const person = directory.person(personId)!;
  const linked = directory.allSchools().filter((s) => Object.values(LINK_BY_ROLE).some((list) => s[list].includes(personId)));
  return card(`Change ${person.name}`)
    .text('The schools replace the ones linked now; the roles say as what (DSL, staff, link worker, TAS chair).', 'subtle')
    .input({ type: 'input.choice', id: 'roles', label: 'Roles', multiple: true, choices: roleChoices(), value: person.roles.join(','), required: true, compact: true })
    .input(pick('schools', SCHOOLS_LABEL, schoolChoices(services), { multiple: true, value: linked.map((s) => s.id).join(',') }))
    .action(DIRECTORY.changeSave.button('Save', { person: personId }, 'primary'));
}

export function coverForm(services: Services): CardBuilder {
  const { directory, calendar } = services;
  const workers = directory.allPeople().filter((p) => p.roles.some((r) => COVER_ROLES.includes(r)));
  const choices = workers.map((p) => ({ title: p.name, value: p.id }));
  const today = calendar.dateOf(services.now());
  return card('Mark cover')
    .text('From the first day to the last, new consultations for the worker\'s schools go to the person covering.', 'subtle')
    .input(pick('worker', 'Worker away', choices, { required: true }))
    .input(pick('by', 'Covered by', choices, { required: true }))
    .input({ type: 'input.date', id: 'from', label: 'First day', value: today, required: true })
    .input({ type: 'input.date', id: 'to', label: 'Last day', required: true })
    .action(DIRECTORY.coverSave.button('Mark cover', {}, 'primary'));
}
