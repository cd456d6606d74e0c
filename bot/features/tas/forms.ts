/**
 * The TAS action forms, each declared once with its zod schema (bot/core/forms.ts): posting an
 * action, closing or updating one, and the chair's change. The choices that depend on the
 * request (the schools a person chairs, the series whose named attendees may own an action) are
 * given when the schema is built. A due date is read as a chair writes it ("Friday", "next
 * Tuesday", "27 Nov", 2026-11-27), in the form and in the text commands alike, with the same
 * messages.
 *
 * @example
 *   const form = parseForm(tasActionForm(ctx, turn.person.id, seriesOf), turn.values);
 *   if (form.ok) await create(form.data.schoolId, form.data.owner, form.data.what, form.data.due);
 *   dueDate(ctx, 'next Friday'); // { date: '2026-12-04' }
 */
import { z } from 'zod';
import { formResolved, requiredText } from '../../core/forms';
import { ACTIVITY_TYPES, TIME_SPENT_CHOICES, type ChildRef } from '../../../storage/activity-log';
import type { TasContext } from './context';
import type { Attendee, TasSeries } from './model';
import { parseNaturalDate } from './natural-date';

/** A due date as a chair writes it, today or later; or the message saying why not. */
export function dueDate(ctx: TasContext, text: string): { date: string } | { error: string } {
  const today = ctx.today();
  const parsed = parseNaturalDate(text, today, ctx.calendar.zone);
  if ('error' in parsed) return { error: `${parsed.error}. Try "Friday", "next Tuesday", "27 Nov" or 2026-11-27.` };
  if (parsed.date < today) return { error: `The due date ${ctx.dueLabel(parsed.date)} is in the past. Choose today or later.` };
  return parsed;
}

/** An owner chosen on a form: a directory person's id, or `named:<name>` for a named attendee of the series. */
export function ownerFromChoice(ctx: TasContext, value: string | undefined, series?: TasSeries): { owner: Attendee } | { error: string } {
  if (!value) return { error: 'Choose an owner.' };
  if (value.startsWith('named:')) {
    const name = value.slice('named:'.length);
    const a = series?.attendees.find((x) => !x.personId && x.name === name);
    return a ? { owner: a } : { error: `${name} is not an attendee of this school's TAS.` };
  }
  const p = ctx.directory.person(value);
  return p ? { owner: { personId: p.id, name: p.name } } : { error: 'That owner is not in the directory.' };
}

/** A due-date input read as natural words, with the messages of `dueDate`. */
function dueInput(ctx: TasContext) {
  return z
    .string()
    .optional()
    .transform((text, c): string => {
      const due = dueDate(ctx, text ?? '');
      if ('date' in due) return due.date;
      c.issues.push({ code: 'custom', message: due.error, input: text });
      return z.NEVER;
    });
}

/** A due-date input that may be left empty (undefined then). */
function optionalDueInput(ctx: TasContext) {
  return z
    .string()
    .optional()
    .transform((text) => text || undefined)
    .pipe(dueInput(ctx).optional());
}

/** A school chosen on a form, which the person must chair; its id. */
export function chairedSchool(ctx: TasContext, chairId: string) {
  return z
    .string()
    .optional()
    .transform((id) => id ?? '')
    .check((c) => {
      const school = c.value ? ctx.directory.school(c.value) : undefined;
      if (!school) c.issues.push({ code: 'custom', message: 'Choose a school.', input: c.value });
      else if (!ctx.chairs(chairId, school.id)) c.issues.push({ code: 'custom', message: `You don't chair the TAS for ${school.name}.`, input: c.value });
    });
}

/** A child's year group and reference inputs (both optional; checked together on `reference`). */
export const childInputs = { yearGroup: z.string().optional(), reference: z.string().optional() };

export interface PostedAction {
  schoolId: string;
  series?: TasSeries;
  owner: Attendee;
  what: string;
  due: string;
  child?: ChildRef;
}

/**
 * The chair's form for a new action: a school they chair, an owner (a directory person, or a
 * named attendee of that school's series), what, a due date and an optional child.
 */
export function tasActionForm(ctx: TasContext, chairId: string, seriesOf: (schoolId: string) => TasSeries | undefined) {
  // The inputs in the order the form shows them (action-cards.ts actionForm), as its messages are listed.
  const inputs = { school: chairedSchool(ctx, chairId), owner: z.string().optional(), what: requiredText('Say what the action is.'), due: dueInput(ctx), ...childInputs };
  return formResolved(inputs, (form, on): PostedAction | undefined => {
    const series = seriesOf(form.school);
    const who = ownerFromChoice(ctx, form.owner, series);
    const ref = ctx.childRef(form.yearGroup, form.reference);
    if ('error' in who) on.refuse('owner', who.error);
    if ('error' in ref) on.refuse('reference', ref.error);
    if ('error' in who || 'error' in ref) return undefined;
    return { schoolId: form.school, series, owner: who.owner, what: form.what, due: form.due, child: ref.child };
  });
}

/** The messages when a note is left empty, by the answer it is for. */
const NOTE_MISSING = { done: 'Add a short note on what was done.', update: 'Add the update for the chair.' } as const;

/**
 * The owner's answer: the note (required; the text command `tas done A7 <note>` is read with
 * the same schema), and for Done the time it took and the kind of work (optional; an unknown
 * choice is left out).
 */
export function noteForm(kind: 'done' | 'update') {
  return z.object({
    note: requiredText(NOTE_MISSING[kind]),
    timeSpent: z.enum(TIME_SPENT_CHOICES).optional().catch(undefined),
    activity: z.enum(ACTIVITY_TYPES).optional().catch(undefined),
  });
}

export type NoteForm = z.output<ReturnType<typeof noteForm>>;

/**
 * The chair's change: a new owner (from the directory or the action's series), a new due
 * date, or both; and an optional reason.
 */
export function tasChangeForm(ctx: TasContext, series?: TasSeries) {
  return z
    .object({
      owner: z
        .string()
        .optional()
        .transform((value, c): Attendee | undefined => {
          if (!value) return undefined;
          const who = ownerFromChoice(ctx, value, series);
          if ('owner' in who) return who.owner;
          c.issues.push({ code: 'custom', message: who.error, input: value });
          return z.NEVER;
        }),
      due: optionalDueInput(ctx),
      reason: z
        .string()
        .optional()
        .transform((v) => v?.trim() || undefined),
    })
    .superRefine(
      (form, c) => {
        if (!form.owner && !form.due) c.addIssue({ code: 'custom', path: ['owner'], message: 'Choose a new owner or a new due date.' });
      },
      { when: (payload) => !payload.issues.length },
    );
}
