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
