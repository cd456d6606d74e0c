/**
 * The consultation's forms, each declared once with zod: what its inputs must hold, with the
 * message a person sees on the field (bot/core/forms.ts turns the issues into `formErrors`).
 * Free text is screened for dates of birth (and the child reference checked) as the form is
 * read; names are warned of afterwards by the handler (warnOfNames).
 *
 * @example
 *   const sent = readConsultForm(services, schools, true, turn.values);
 *   if (!sent.ok) return void turn.reply(consultForm(services, schools, { ...sent.entered, school: sent.school.id }, sent.errors));
 *   await newDraft(ctx, turn, sent.school, sent.data, id); // sent.data.child.reference is upper-case
 */
import { z } from 'zod';
import type { School } from '../../config/schema';
import { parseForm, requiredText, type FormResult } from '../../core/forms';
import type { Services } from '../../core/services';
import { CONSENT, OUTCOMES, TIME_SPENT_CHOICES, type Outcome, type TimeSpent } from '../../../storage/activity-log';
import { CONSULT_FORM_INPUTS, yearGroups, type FormValues } from './cards';
import { checkFreeText, checkReference } from './child-reference';
import { URGENCIES, type Urgency, type YesNoUnknown } from './model';

const YES_NO: readonly YesNoUnknown[] = ['yes', 'no', 'dont_know'];
const YES_NO_MESSAGE = 'Please choose yes, no or don’t know.';

/** A text input, trimmed ('' when left empty). */
const trimmed = () => z.string().optional().transform((v) => (v ?? '').trim());

/** A text input that may be left empty, refused with `screen`'s message (the free-text checks). */
function screened(screen: (text: string) => string | undefined) {
  return trimmed().check((ctx) => {
    const problem = screen(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  });
}

/** A choice input: one of `valid`, else `message`. */
function oneOf<T extends string>(valid: readonly T[], message: string) {
  return z.custom<T>((v) => typeof v === 'string' && (valid as readonly string[]).includes(v), { error: message });
}

/** The time spent, when one of the bands a worker can choose (else not given). */
const timeSpentInput = z
  .string()
  .optional()
  .transform((v): TimeSpent | undefined => (v && (TIME_SPENT_CHOICES as readonly string[]).includes(v) ? (v as TimeSpent) : undefined));

/** An outcome, when one a worker can give (never "not recorded"). */
const outcomeInput = z
  .string()
  .optional()
  .transform((v): Outcome | undefined => (v && v !== 'not_recorded' && (OUTCOMES as readonly string[]).includes(v) ? (v as Outcome) : undefined));

/**
 * What the consultation form must hold for this school: its year groups, a child reference it
 * allows, a concern, what happened, the three questions and (for a new one) the urgency. A
 * danger report's details are not asked the urgency: it is Red already.
 */
export function consultFormSchema(services: Services, school: School, needUrgency: boolean) {
  const { thresholds, childData } = services.config;
  const years = yearGroups(school.phase);
  return z
    .object({
      yearGroup: trimmed().refine((y) => years.includes(y), { error: 'Please choose the year group.' }),
      reference: screened((ref) => checkReference(ref, childData, school.id, services.now())),
      categories: z
        .string()
        .optional()
        .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter((id) => thresholds.categories.some((c) => c.id === id)))
        .refine((ids) => ids.length > 0, { error: 'Please choose at least one concern (Other is fine).' }),
      whatHappened: requiredText('Please say briefly what happened and what the child said.', (text) => checkFreeText(text)),
      schoolActions: screened((text) => checkFreeText(text)),
      knownToSocialCare: oneOf(YES_NO, YES_NO_MESSAGE),
      parentsKnow: oneOf(YES_NO, YES_NO_MESSAGE),
      consent: oneOf(CONSENT, 'Please say whether there is consent to share.'),
      urgency: needUrgency ? oneOf(URGENCIES, 'Please choose how urgent it is.') : z.string().optional().transform((): Urgency => 'red'),
    })
    .transform((v) => ({
      child: { yearGroup: v.yearGroup, reference: v.reference.toUpperCase() },
      categories: v.categories,
      details: { whatHappened: v.whatHappened, schoolActions: v.schoolActions, knownToSocialCare: v.knownToSocialCare, parentsKnow: v.parentsKnow, consent: v.consent },
      urgency: v.urgency,
    }));
}

export type ConsultFormData = z.output<ReturnType<typeof consultFormSchema>>;

/**
 * The consultation form as sent: what was typed (to show the form again), the school it is for
 * (the one chosen, else the first of `schools`) and what it says, or each field's message.
 */
export function readConsultForm(
  services: Services,
  schools: School[],
  needUrgency: boolean,
  values: Record<string, string>,
): FormResult<ConsultFormData> & { entered: FormValues; school: School } {
  const entered = CONSULT_FORM_INPUTS.parse(values);
  const school = schools.find((s) => s.id === entered.school) ?? schools[0];
  return { ...parseForm(consultFormSchema(services, school, needUrgency), values), entered, school };
}

/** The boxes ticked on the indicators step (inputs `ind_<category>`, each a comma-separated list). */
export const INDICATORS_FORM = z.record(z.string(), z.string()).transform((values) =>
  Object.entries(values)
    .filter(([k]) => k.startsWith('ind_'))
    .flatMap(([, v]) => v.split(','))
    .map((s) => s.trim()),
);

/** The worker's quick answer: advice if any (screened) and the time spent. */
export const ANSWER_FORM = z.object({ advice: screened((text) => checkFreeText(text)), timeSpent: timeSpentInput });

/**
 * A reply: the reply form's message, or the advice typed on the worker's card ("Advice only"),
 * screened, with the message shown on the reply's field; and the worker's time spent so far.
 */
export const REPLY_FORM = z
  .object({ message: z.string().optional(), advice: z.string().optional(), timeSpent: timeSpentInput })
  .transform((v) => ({ text: (v.message ?? v.advice ?? '').trim(), timeSpent: v.timeSpent }))
  .check((ctx) => {
    const problem = ctx.value.text ? checkFreeText(ctx.value.text) : 'Please write your reply first.';
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value, path: ['message'] });
  });

/**
 * The outcome form (closing, or recording the outcome afterwards): the outcome and time spent
 * chosen, if any, and whether the form was sent at all (a bare Close button sends neither).
 * It never refuses: what is missing depends on what the consultation already has.
 */
export const OUTCOME_FORM = z
  .object({ outcome: z.string().optional(), timeSpent: z.string().optional() })
  .transform((v) => ({ submitted: v.outcome !== undefined || v.timeSpent !== undefined, outcome: outcomeInput.parse(v.outcome), timeSpent: timeSpentInput.parse(v.timeSpent) }));
