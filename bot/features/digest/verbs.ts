/**
 * Every card verb of the digest, the quick log and the export, declared once with the data its
 * button carries (a week, a draft or entry id and its time, a school choice). Cards build
 * buttons from these and the handlers register on them.
 *
 * @example
 *   c.action(LOG.undo.button('Undo', { entry: e.id, at: e.occurredAt }, 'danger'));
 *   router.action(LOG.undo, undo, { roles });
 */
import { z } from 'zod';
import { actionId, actionValue, defineAction } from '../../core/actions';

/** A quick-log entry by id and when it happened (the versions are looked up by both). */
const byEntry = z.object({ entry: actionValue, at: actionValue });

export const DIGEST = {
  show: defineAction('digest.show', z.object({ week: actionValue.optional() })),
  /** "Show details" where it cannot open in place: the week, and the worker for a worker's own. */
  details: defineAction('digest.details', z.object({ week: actionValue.optional(), worker: actionValue.optional() })),
  exportSubmit: defineAction('export.submit', z.object({})),
} as const;

export const LOG = {
  form: defineAction('log.form', z.object({})),
  submit: defineAction('log.submit', z.object({})),
  /** A typed quick log waiting for its school. */
  school: defineAction('log.school', z.object({ draft: actionId, school: actionValue })),
  /** A typed quick log waiting for who raised it (the role is the form's input). */
  role: defineAction('log.role', z.object({ draft: actionId })),
  undo: defineAction('log.undo', byEntry),
  correct: defineAction('log.correct', byEntry),
  amend: defineAction('log.amend', byEntry),
  shareForm: defineAction('log.share.form', byEntry),
  shareSave: defineAction('log.share.save', byEntry),
} as const;
