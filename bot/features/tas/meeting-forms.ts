/**
 * The TAS meeting forms, each declared once with its zod schema (bot/core/forms.ts): setting up
 * (or changing) a school's meeting series, and adding an agenda item. Built per request: the
 * schools the chair may choose, the attendees from the directory, today's date, the series a
 * person may add to.
 *
 * @example
 *   const form = parseForm(tasSetupForm(ctx, turn.person), turn.values);
 *   if (!form.ok) return turn.reply({ text: `${Object.values(form.errors).join(' ')} Nothing was saved.`, formErrors: form.errors });
 *   form.data.attendees; // the chair first, then directory people, then named people without an account
 */
import { z } from 'zod';
import { WEEKDAYS } from '../../core/weekday';
import type { ChildRef } from '../../../storage/activity-log';
import type { TasContext } from './context';
import { formResolved } from '../../core/forms';
import { chairedSchool, childInputs } from './forms';
import type { Attendee, TasSeries } from './model';
import { nextMeetingDate } from './timing';

/** At most this many named attendees without Teams or Slack. */
export const MAX_NAMED = 10;

const custom = (message: string, input: unknown) => ({ code: 'custom' as const, message, input });

/** A whole number from a choice input, within bounds; `fallback` when the input is absent. */
function wholeNumber(min: number, max: number, message: string, fallback?: number) {
  return z
    .string()
    .optional()
    .transform((v) => Number(v ?? fallback))
    .check((c) => {
      if (!Number.isInteger(c.value) || c.value < min || c.value > max) c.issues.push(custom(message, c.value));
    });
}

/** Directory people chosen on a multiple choice (comma separated ids); an unknown id is named. */
function directoryPeople(ctx: TasContext) {
  return z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((x) => x.trim()).filter(Boolean))
    .check((c) => {
      const unknown = c.value.filter((id) => !ctx.directory.person(id));
      if (unknown.length) c.issues.push(custom(`${unknown[unknown.length - 1]} is not in the directory.`, c.value));
    })
    .transform((ids) => ids.flatMap((id): Attendee[] => {
      const p = ctx.directory.person(id);
      return p ? [{ personId: p.id, name: p.name }] : [];
    }));
}

/** Names of people without an account, comma or line separated, written plainly. */
const namedPeople = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(/[,\n]/).map((x) => x.trim().replace(/\s+/g, ' ')).filter(Boolean))
  .check((c) => {
    if (c.value.some((n) => n.length > 60 || n.startsWith('@'))) c.issues.push(custom('Write each name plainly, at most 60 characters.', c.value));
    else if (c.value.length > MAX_NAMED) c.issues.push(custom(`At most ${MAX_NAMED} named attendees.`, c.value));
  });

/**
 * The setup form: a school the chair chairs, the day, time, how often, the first date (today
 * or later, and a pattern with a school day in the term dates), length and attendees.
 */
export function tasSetupForm(ctx: TasContext, chair: { id: string; name: string }) {
  return z
    .object({
      school: chairedSchool(ctx, chair.id),
      weekday: z.enum(WEEKDAYS, { error: 'Choose a day.' }),
      time: z.string({ error: 'Write the time as HH:MM, e.g. 09:00.' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Write the time as HH:MM, e.g. 09:00.' }),
      every: wholeNumber(1, 8, 'Choose how often.'),
      length: wholeNumber(15, 240, 'Choose a length between 15 minutes and 4 hours.', 60),
      first: z
        .string()
        .optional()
        .transform((v) => v ?? '')
        .check((c) => {
          if (!/^\d{4}-\d{2}-\d{2}$/.test(c.value) || Number.isNaN(Date.parse(c.value))) c.issues.push(custom('Give the first date as YYYY-MM-DD.', c.value));
          else if (c.value < ctx.today()) c.issues.push(custom('The first date is in the past.', c.value));
        }),
      attendees: directoryPeople(ctx),
      others: namedPeople,
    })
    .superRefine(
      (form, c) => {
        const draft = { weekday: form.weekday, time: form.time, everyWeeks: form.every, firstDate: form.first };
        if (!nextMeetingDate(ctx.calendar, draft, ctx.now())) c.addIssue({ code: 'custom', path: ['first'], message: 'No school day falls on that pattern in the term dates I have.' });
      },
      { when: (payload) => !payload.issues.length },
    )
    .transform(({ attendees, others, ...rest }) => ({ ...rest, attendees: attendeeList(chair, attendees, others) }));
}

/** The chair first, then the directory people, then named people not already on the list. */
function attendeeList(chair: { id: string; name: string }, people: Attendee[], others: string[]): Attendee[] {
  const list: Attendee[] = [{ personId: chair.id, name: chair.name }];
  for (const p of people) if (!list.some((a) => a.personId === p.personId)) list.push(p);
  for (const name of others) if (!list.some((a) => a.name.toLowerCase() === name.toLowerCase())) list.push({ name });
  return list;
}

export interface AgendaEntry {
  series: TasSeries;
  child?: ChildRef;
  /** The line as typed; addItem checks it as it checks the text command's. */
  text: string;
}

/** The agenda form: a series (by id), an optional child (year group and reference) and one line. */
export function tasAgendaForm(ctx: TasContext, seriesById: Map<string, TasSeries>) {
  return formResolved(
    {
      seriesId: z
        .string()
        .optional()
        .transform((v) => v ?? '')
        .check((c) => {
          if (!seriesById.has(c.value)) c.issues.push(custom('Choose a school.', c.value));
        }),
      ...childInputs,
      text: z
        .string()
        .optional()
        .transform((v) => v ?? ''),
    },
    (form, on): AgendaEntry | undefined => {
      const series = seriesById.get(form.seriesId);
      const ref = ctx.childRef(form.yearGroup, form.reference);
      if (!series) return undefined; // the input says so
      if (!('error' in ref)) return { series, child: ref.child, text: form.text };
      on.refuse('reference', ref.error);
      return undefined;
    },
  );
}

