/**
 * Every card verb of business support's directory forms, declared once (bot/core/actions.ts).
 * Their buttons carry no data except the person being changed; what was typed comes as form
 * inputs, parsed by parse.ts against the configuration's own schema.
 *
 * @example
 *   menu.action(DIRECTORY.addForm.button('Add a person', {}, 'primary'));
 *   router.action(DIRECTORY.addForm, addForm, { roles: ROLES });
 */
import { z } from 'zod';
import { actionId, defineAction } from '../../core/actions';

const none = z.object({});

export const DIRECTORY = {
  addForm: defineAction('directory.add.form', none),
  addSave: defineAction('directory.add.save', none),
  changePick: defineAction('directory.change.pick', none),
  /** The person chosen comes as a form input (`person`), checked against the directory by its form schema (parse.ts). */
  changeForm: defineAction('directory.change.form', none),
  changeSave: defineAction('directory.change.save', z.object({ person: actionId })),
  coverForm: defineAction('directory.cover.form', none),
  coverSave: defineAction('directory.cover.save', none),
} as const;
