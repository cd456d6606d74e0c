/**
 * Every card verb of consultations, declared once with the data its button carries (the
 * consultation id and a choice, never child details). Cards build buttons from these and the
 * handlers register on them (bot/core/actions.ts).
 *
 * @example
 *   b.action(CONSULT.close.button('Close', { id: c.id }));
 *   router.action(CONSULT.close, async (turn, { id }) => close(turn, id));
 */
import { z } from 'zod';
import { actionId, actionValue, defineAction } from '../../core/actions';

const byId = z.object({ id: actionId });

export const CONSULT = {
  start: defineAction('consult.start', z.object({})),
  /** "Yes, a child is in danger": the school (when known) and the card's one-time form id. */
  dangerYes: defineAction('consult.danger.yes', z.object({ school: actionValue.optional(), form: actionValue.optional() })),
  dangerNo: defineAction('consult.danger.no', z.object({ school: actionValue.optional(), form: actionValue.optional() })),
  /** The details form of a consultation opened by a danger report. */
  form: defineAction('consult.form', byId),
  /** The consultation form: a new one carries its one-time form id, a danger report's its id. */
  submit: defineAction('consult.submit', z.object({ id: actionId.optional(), form: actionValue.optional() })),
  indicators: defineAction('consult.indicators', byId),
  view: defineAction('consult.view', byId),
  answer: defineAction('consult.answer', z.object({ id: actionId, answer: actionValue })),
  replyForm: defineAction('consult.reply.form', byId),
  replySend: defineAction('consult.reply.send', byId),
  /** Which open consultation a held reply is for. */
  replyPick: defineAction('consult.reply.pick', z.object({ id: actionId, pending: actionId })),
  close: defineAction('consult.close', byId),
  record: defineAction('consult.record', byId),
  mine: defineAction('consult.mine', z.object({})),
  changeForm: defineAction('consult.change.form', z.object({ id: actionId, outcome: actionValue.optional() })),
  changeSend: defineAction('consult.change.send', byId),
  urgency: defineAction('consult.urgency', z.object({ id: actionId, urgency: actionValue })),
  /** The school says it has made a MASH referral on this consultation. */
  referred: defineAction('consult.referred', byId),
} as const;
