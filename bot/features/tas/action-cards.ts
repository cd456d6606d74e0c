/**
 * The cards people see about TAS actions: the action itself with "Got it", "Done" and "Update"
 * (sent to the owner), the forms behind those buttons, the chair's change form and the action
 * form. Buttons carry only the action id.
 *
 * @example
 *   await notifier.toPerson(owner, actionReply(ctx, action, 'New TAS action'));
 */
import { z } from 'zod';
import { card, type Choice } from '../../../cards/tree';
import { actionId, defineAction } from '../../core/actions';
import { doneBy } from '../../core/done';
import type { Reply } from '../../core/reply';
import { TIME_SPENT_LABELS } from '../../core/activity-labels';
import { TIME_SPENT_CHOICES } from '../../../storage/activity-log';
import type { TasContext } from './context';
import { childLabel, type TasAction, type TasSeries } from './model';
import { ACTIVITY_TYPES } from '../../../storage/activity-log';
import { ACTIVITY_LABELS } from '../digest/labels';

const byAction = z.object({ id: actionId });

/** The TAS action verbs, declared once (bot/core/actions.ts): buttons carry only the action id. */
export const VERB = {
  form: defineAction('tas.action.form', z.object({})),
  post: defineAction('tas.action.post', z.object({})),
  ack: defineAction('tas.action.ack', byAction),
  done: defineAction('tas.action.done', byAction),
  doneSubmit: defineAction('tas.action.done.submit', byAction),
  update: defineAction('tas.action.update', byAction),
  updateSubmit: defineAction('tas.action.update.submit', byAction),
  change: defineAction('tas.action.change', byAction),
  changeSubmit: defineAction('tas.action.change.submit', byAction),
} as const;


export function actionLine(ctx: TasContext, a: TasAction, opts: { owner?: boolean; school?: boolean } = {}): string {
  const parts = [`${a.id}`];
  if (opts.school) parts.push(ctx.schoolName(a.schoolId));
  if (opts.owner !== false) parts.push(a.owner.name);
  const child = childLabel(a.child);
  parts.push(`${child ? `${child}: ` : ''}${a.what}`);
  parts.push(`due ${ctx.dueLabel(a.due)}${ctx.isOverdue(a) ? ' (OVERDUE)' : ''}`);
  return parts.join(' · ');
}

/** "Done by Amira at 10:42" from the action's history, for the card's final state. */
function lastBy(ctx: TasContext, a: TasAction, kind: TasAction['history'][number]['kind']): string | undefined {
  const h = [...a.history].reverse().find((x) => x.kind === kind);
  return h && doneBy(ctx.services, h.by, h.at);
}

/**
 * The action as its owner receives it, with the buttons to answer it. Once acknowledged it
 * says by whom and when and loses "Got it"; once done it shows who closed it, when and the
 * note, with no buttons.
 */
export function actionReply(ctx: TasContext, a: TasAction, heading: string): Reply {
  const chair = ctx.directory.person(a.chairId)?.name ?? a.chairId;
  const facts: Record<string, string> = {
    School: ctx.schoolName(a.schoolId),
    Due: ctx.dueLabel(a.due) + (ctx.isOverdue(a) ? ' (overdue)' : ''),
    Owner: a.owner.name,
    Chair: chair,
  };
  if (a.child) facts.Child = childLabel(a.child);
  const c = card(`${heading}: ${a.id}`).text(a.what).facts(facts);
  if (a.status === 'done') {
    c.text(`Done by ${lastBy(ctx, a, 'done') ?? a.owner.name}${a.completionNote ? `: ${a.completionNote}` : ''}`, 'heading');
  } else {
    const acknowledged = a.acknowledgedAt ? lastBy(ctx, a, 'acknowledged') : undefined;
    if (acknowledged) c.text(`Acknowledged by ${acknowledged}`, 'subtle');
    else c.action(VERB.ack.button('Got it', { id: a.id }));
    c.action(VERB.done.button('Done', { id: a.id }, 'primary')).action(VERB.update.button('Update', { id: a.id }));
  }
  return {
    text: `${heading}: ${a.id} for ${a.owner.name} at ${ctx.schoolName(a.schoolId)}: ${a.what}. Due ${ctx.dueLabel(a.due)}. Reply "tas done ${a.id} <note>" when it's done.`,
    card: c.build(),
  };
}

export function doneForm(ctx: TasContext, a: TasAction): Reply {
  const c = card(`Close ${a.id}`)
    .text(a.what, 'subtle')
    .input({ type: 'input.text', id: 'note', label: 'What was done', required: true, multiline: true, maxLength: 500, placeholder: 'No names: year group and reference only' })
    .input({ type: 'input.choice', id: 'timeSpent', label: 'Time it took (optional)', choices: TIME_SPENT_CHOICES.map((t) => ({ title: TIME_SPENT_LABELS[t], value: t })) })
    .input({ type: 'input.choice', id: 'activity', label: 'What kind of work was it? (for the activity log)', choices: ACTIVITY_TYPES.map((t) => ({ title: ACTIVITY_LABELS[t], value: t })) })
    .action(VERB.doneSubmit.button('Close the action', { id: a.id }, 'primary'));
  return { text: `Close ${a.id}: what was done?`, card: c.build(), form: true };
}

export function updateForm(ctx: TasContext, a: TasAction): Reply {
  const c = card(`Update on ${a.id}`)
    .text(a.what, 'subtle')
    .input({ type: 'input.text', id: 'note', label: 'Update for the chair', required: true, multiline: true, maxLength: 500 })
    .action(VERB.updateSubmit.button('Send update', { id: a.id }, 'primary'));
  return { text: `Update on ${a.id}`, card: c.build(), form: true };
}

/** Everyone an action may be given to: directory people, then the series' named attendees. */
export function ownerChoices(ctx: TasContext, series?: TasSeries): Choice[] {
  const people = ctx.directory
    .allPeople()
    .filter((p) => !p.roles.every((r) => r === 'business_support'))
    .map((p) => ({ title: p.title ? `${p.name} (${p.title})` : p.name, value: p.id }));
  const named = (series?.attendees ?? []).filter((a) => !a.personId).map((a) => ({ title: `${a.name} (no Teams/Slack)`, value: `named:${a.name}` }));
  return [...people, ...named];
}

export function changeForm(ctx: TasContext, a: TasAction, series?: TasSeries): Reply {
  const c = card(`Change ${a.id}`)
    .text(`${a.what} · ${a.owner.name} · due ${ctx.dueLabel(a.due)}`, 'subtle')
    .input({ type: 'input.choice', id: 'owner', label: 'New owner (leave empty to keep)', choices: ownerChoices(ctx, series) })
    .input({ type: 'input.date', id: 'due', label: 'New due date (leave empty to keep)' })
    .input({ type: 'input.text', id: 'reason', label: 'Reason (optional)', maxLength: 300 })
    .action(VERB.changeSubmit.button('Save change', { id: a.id }, 'primary'));
  return { text: `Change ${a.id}`, card: c.build(), form: true };
}

export function actionForm(ctx: TasContext, schools: { id: string; name: string }[], preset?: string, series?: TasSeries): Reply {
  const c = card('New TAS action')
    .input({ type: 'input.choice', id: 'school', label: 'School', required: true, choices: schools.map((s) => ({ title: s.name, value: s.id })), value: preset })
    .input({ type: 'input.choice', id: 'owner', label: 'Owner', required: true, choices: ownerChoices(ctx, series) })
    .input({ type: 'input.text', id: 'what', label: 'What', required: true, maxLength: 300, placeholder: 'No names: year group and reference only' })
    .input({ type: 'input.date', id: 'due', label: 'Due date', required: true })
    .input({ type: 'input.text', id: 'yearGroup', label: 'Child year group (optional)', placeholder: 'Y9', maxLength: 3 })
    .input({ type: 'input.text', id: 'reference', label: 'Child reference (optional)', placeholder: 'JS-04', maxLength: 12 })
    .action(VERB.post.button('Post action', {}, 'primary'));
  return { text: 'New TAS action', card: c.build(), form: true };
}
