/**
 * Live directory changes from chat (issue 20), for business support only: `directory` offers
 * add a person, change a person's roles or school links, and mark a worker's cover, each a short
 * form. A change is validated with the configuration file's own schema and checks (refused per
 * field, nothing half-applied), stored for every process (bot/core/directory-overlay.ts), in
 * use at once, and recorded in the records audit trail with who, what and when (ids only).
 *
 * @example
 *   directory              -> [Add a person] [Change roles or schools] [Mark cover]
 *   directory.add.save     -> "Added Sam Deputy (dsl2.werneth): Deputy DSL at Werneth School. They can use the bot now."
 *   directory.cover.save   -> "Marked: Olu covers Amira from Tue 24 Nov to Fri 27 Nov."
 */
import type { Role } from '../../config/schema';
import type { DirectoryChange, DirectoryChangeInput } from '../../core/directory-changes';
import { parseForm, type FormResult } from '../../core/forms';
import type { Feature, Services } from '../../core/services';
import type { Turn } from '../../core/turn';
import { RecordsAudit } from '../records/audit';
import { fieldErrors } from './field-errors';
import { addPersonForm, changeForm, coverForm, menuCard, pickPersonForm, ROLE_NAMES } from './forms';
import { addPersonSchema, changeSchema, coverSchema, pickPersonSchema } from './parse';
import { DIRECTORY } from './verbs';

const ROLES: Role[] = ['business_support'];

function refuse(turn: Turn, errors: Record<string, string>): void {
  turn.reply({ text: `Nothing was changed. ${Object.values(errors).join(' ')}`, formErrors: errors });
}

function schoolNames(services: Services, ids: string[]): string {
  return ids.map((id) => services.directory.school(id)?.name ?? id).join(', ');
}

/** What the change was, for the audit trail: ids and role words, no names. */
function auditWords(change: DirectoryChange): { record: string; change: string } {
  switch (change.kind) {
    case 'person.add':
      return {
        record: `person:${change.person.id}`,
        change: `added; roles ${change.person.roles.join(',')}; schools ${change.schools.join(',') || 'none'}` +
          `${change.team ? `; team ${change.team}` : ''}; teams ${change.person.teams ? 'yes' : 'no'}; slack ${change.person.slack ? 'yes' : 'no'}`,
      };
    case 'person.change':
      return { record: `person:${change.personId}`, change: `roles ${change.roles.join(',')}; schools ${change.schools.join(',') || 'none'}` };
    case 'cover':
      return { record: `person:${change.cover.worker}`, change: `covered by ${change.cover.by} from ${change.cover.from} to ${change.cover.to}` };
  }
}

function confirmation(services: Services, change: DirectoryChange): string {
  const { directory, calendar } = services;
  switch (change.kind) {
    case 'person.add': {
      const at = change.schools.length ? ` at ${schoolNames(services, change.schools)}` : '';
      return `Added ${change.person.name} (${change.person.id}): ${change.person.roles.map((r) => ROLE_NAMES[r]).join(', ')}${at}. They can use the bot now.`;
    }
    case 'person.change': {
      const at = change.schools.length ? ` at ${schoolNames(services, change.schools)}` : ', no school links';
      return `Changed ${directory.person(change.personId)?.name ?? change.personId}: ${change.roles.map((r) => ROLE_NAMES[r]).join(', ')}${at}. In use now.`;
    }
    case 'cover': {
      const { worker, by, from, to } = change.cover;
      return `Marked: ${directory.firstName(by)} covers ${directory.firstName(worker)} from ${calendar.formatDate(from)} to ${calendar.formatDate(to)}. New consultations for ${directory.firstName(worker)}'s schools go to ${directory.firstName(by)} then.`;
    }
  }
}

async function save(services: Services, turn: Turn, form: FormResult<DirectoryChangeInput>, fallback: string): Promise<void> {
  if (!form.ok) return refuse(turn, form.errors);
  const overlay = services.directoryOverlay;
  if (!overlay) return void turn.reply('Directory changes from chat are not available on this bot; change the configuration file instead.');
  const result = await overlay.commit(form.data, turn.person.id);
  if ('issues' in result) return refuse(turn, fieldErrors(result.issues, services, fallback));
  await new RecordsAudit(services.store, services.now).add({ action: 'directory-change', by: turn.person.id, ...auditWords(result.change) });
  turn.reply(confirmation(services, result.change));
}

export const directory: Feature = {
  name: 'directory',
  register(router, services) {
    const addForm = async (turn: Turn) => turn.reply({ text: 'Add a person to the directory: fill in the form.', card: addPersonForm(services).build(), form: true });
    const pick = async (turn: Turn) => turn.reply({ text: 'Whose roles or schools should I change?', card: pickPersonForm(services).build(), form: true });
    const cover = async (turn: Turn) => turn.reply({ text: 'Mark who covers a worker, and for which days.', card: coverForm(services).build(), form: true });

    router.command({ name: 'directory', summary: 'Add a person, change roles or school links, or mark cover', roles: ROLES }, async (turn) =>
      turn.reply({ text: 'Directory: add a person, change roles or schools, or mark cover.', card: menuCard(services).build() }),
    );
    router.command({ name: 'directory add', summary: 'Add a person to the directory', roles: ROLES }, addForm);
    router.command({ name: 'directory change', summary: "Change a person's roles or school links", roles: ROLES }, pick);
    router.command({ name: 'directory cover', summary: "Mark who covers a worker, and when", roles: ROLES }, cover);

    router.action(DIRECTORY.addForm, addForm, { roles: ROLES });
    router.action(DIRECTORY.changePick, pick, { roles: ROLES });
    router.action(DIRECTORY.coverForm, cover, { roles: ROLES });
    router.action(DIRECTORY.changeForm, async (turn) => {
      const form = parseForm(pickPersonSchema(services), turn.values);
      if (!form.ok) return void turn.reply({ text: 'Choose a person from the list.', formErrors: form.errors });
      const personId = form.data.person;
      turn.reply({ text: `Change ${services.directory.person(personId)!.name}'s roles or schools.`, card: changeForm(services, personId).build(), form: true });
    }, { roles: ROLES });
    router.action(DIRECTORY.addSave, (turn) => save(services, turn, parseForm(addPersonSchema(), turn.values), 'id'), { roles: ROLES });
    router.action(DIRECTORY.changeSave, (turn, { person }) => save(services, turn, parseForm(changeSchema(person), turn.values), 'roles'), { roles: ROLES });
    router.action(DIRECTORY.coverSave, (turn) => save(services, turn, parseForm(coverSchema(services), turn.values), 'worker'), { roles: ROLES });
  },
};
