/**
 * Form values parsed with zod: a form's schema says what each input must hold, with the
 * message a person sees, and the issues' paths become the reply's `formErrors` keys (the input
 * ids), so Slack shows each message on its field and Teams and the terminal list them. Only
 * the first message per field is kept; values never go into an error.
 *
 * @example
 *   const EXPORT_FORM = z.object({ from: isoDate('Choose a start date'), to: isoDate('Choose an end date') });
 *   const form = parseForm(EXPORT_FORM, turn.values);
 *   if (!form.ok) return turn.reply({ text: 'Please check the form.', formErrors: form.errors });
 *   await runExport(form.data.from, form.data.to);
 */
import { z } from 'zod';

export type FormErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FormErrors };

export function parseForm<S extends z.ZodType>(schema: S, values: Record<string, string | undefined>): FormResult<z.output<S>> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, errors: formErrorsOf(parsed.error) };
}

/** A zod error as field errors: the first message for each input id. */
export function formErrorsOf(error: z.ZodError): FormErrors {
  const errors: FormErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : 'form';
    if (!(field in errors)) errors[field] = issue.message;
  }
  return errors;
}

/** A date input (YYYY-MM-DD, trimmed), with the message shown when it is missing or not a date. */
export function isoDate(message: string) {
  return z.string({ error: message }).trim().regex(/^\d{4}-\d{2}-\d{2}$/, { error: message });
}

/** An optional text input: trimmed, and undefined when left empty. */
export function optionalText(max: number, message: string) {
  return z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .pipe(z.string().max(max, { error: message }).optional());
}

/**
 * A text input a person must fill in: trimmed; `empty` is the message when it is left empty,
 * and `screen` (the free-text checks: dates of birth, names) may refuse it with its own message.
 */
export function requiredText(empty: string, screen: (text: string) => string | undefined = () => undefined) {
  return z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim())
    .check((ctx) => {
      const problem = ctx.value ? screen(ctx.value) : empty;
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    });
}

/** A multiple-choice input (the chosen values, comma-separated as every platform sends them): trimmed, empties dropped. */
export function listInput() {
  return z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((x) => x.trim()).filter(Boolean));
}

/** What a cross-field rule may do: ask whether an input already has a message, or put one on it. */
export interface FieldRules<F extends string> {
  /** This input already has a message (its value was not parsed: do not read it). */
  failed(field: F): boolean;
  /** Puts this message on this input. */
  refuse(field: F, message: string): void;
}

/**
 * A form whose inputs depend on each other (the end after the start, a worker of the school
 * chosen): the inputs' schemas, then `rules` across them, run even when some inputs failed so
 * every message shows at once. The messages come out in the inputs' order (the shape's), as a
 * reply that lists them reads best.
 *
 * @example
 *   const TIMES = formAcross({ start: isoDate('Choose the start'), end: isoDate('Choose the end') }, (form, on) => {
 *     if (!on.failed('start') && !on.failed('end') && form.end < form.start) on.refuse('end', 'The end must not be before the start.');
 *   });
 */
export function formAcross<S extends z.ZodRawShape>(shape: S, rules: (form: z.output<z.ZodObject<S>>, on: FieldRules<keyof S & string>) => void) {
  const order = Object.keys(shape);
  const rank = (issue: { path?: PropertyKey[] }) => {
    const at = order.indexOf(String(issue.path?.[0]));
    return at < 0 ? order.length : at;
  };
  return z.object(shape).superRefine(
    (form, ctx) => {
      rules(form, {
        failed: (field) => ctx.issues.some((i) => i.path?.[0] === field),
        refuse: (field, message) => ctx.addIssue({ code: 'custom', path: [field], message }),
      });
      const sorted = [...ctx.issues].sort((a, b) => rank(a) - rank(b));
      ctx.issues.splice(0, ctx.issues.length, ...sorted);
    },
    { when: () => true },
  );
}

/**
 * A form whose last step reads several inputs together and builds the form's data from them (an
 * owner checked against the chosen school's attendees, a child from year group and reference):
 * `formAcross` whose rule also returns the data. The rule runs even when an input failed (its
 * messages show with the inputs' own, in the inputs' order), so it reads only inputs kept as
 * typed, and returns undefined when it refused; what it returns is the form's data only once
 * every input and the rule passed.
 *
 * @example
 *   const OWNED = formResolved({ school: requiredText('Choose a school.'), owner: z.string().optional() }, (form, on) => {
 *     const owner = attendees(form.school).find((a) => a.id === form.owner);
 *     if (owner) return { schoolId: form.school, owner };
 *     on.refuse('owner', 'Choose an owner from the meeting.');
 *   });
 */
export function formResolved<S extends z.ZodRawShape, O>(shape: S, resolve: (form: z.output<z.ZodObject<S>>, on: FieldRules<keyof S & string>) => O | undefined) {
  const passed: FieldRules<keyof S & string> = { failed: () => false, refuse: () => undefined };
  return formAcross(shape, (form, on) => void resolve(form, on)).transform((form, c): O => {
    const data = resolve(form, passed);
    if (data !== undefined) return data;
    // A rule that returned nothing without refusing an input: the form is refused as a whole.
    c.issues.push({ code: 'custom', message: 'The form could not be read.', input: form });
    return z.NEVER;
  });
}

/** A choice that must be made: one of these values, with the message when it is missing or not one of them. */
export function choiceInput<T extends string>(values: readonly T[], message: string) {
  return z
    .string()
    .optional()
    .transform((v) => v ?? '')
    .refine((v): v is T => (values as readonly string[]).includes(v), { error: message });
}

/** A choice that may be left unset (then undefined); a value not among these gets the message. */
export function optionalChoiceInput<T extends string>(values: readonly T[], message: string) {
  return z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .refine((v): v is T | undefined => v === undefined || (values as readonly string[]).includes(v), { error: message });
}
