/**
 * The quick log's structured fields on its form and confirmation (who raised it, place,
 * concern categories, people reached, consent and whose), and the record of a decision to
 * share without consent (what, with whom, why; by the worker), written as an amendment.
 *
 * @example
 *   for (const el of fieldInputs(services, entry, 'senco')) c.input(el);
 *   const FORM = formAcross({ ...fieldInputsShape(services), duration: ... }, fieldInputsRule);
 *   const fields = quickFieldsOf(parsed);
 *   registerSharing(router, services, roles, latestVersion);
 */
import type { CardBuilder, InputElement } from '../../../cards/tree';
import { card } from '../../../cards/tree';
import type { Role } from '../../config/schema';
import type { Router } from '../../core/router';
import type { Services } from '../../core/services';
import type { Turn } from '../../core/turn';
import { CONSENT, CONSENT_FROM, PLACES, type ActivityEntry, type EnquirerRole } from '../../../storage/activity-log';
import { CONSENT_FROM_LABELS, ENQUIRER_LABELS, PLACE_LABELS, QUICK_ENQUIRERS } from '../../core/activity-labels';
import { CONSENT_LABELS } from './labels';
import { identifyingProblem } from './quick-log';
import type { QuickFields } from './quick-log-fields';
import { LOG } from './verbs';
import { z } from 'zod';
import type { ActionDataOf } from '../../core/actions';
import { choiceInput, listInput, optionalChoiceInput, parseForm, requiredText, type FieldRules } from '../../core/forms';

const SHARE_MAX = 300;

/** What the confirmation shows besides the line itself. */
export function entryFacts(services: Services, e: ActivityEntry): { label: string; value: string }[] {
  const facts: { label: string; value: string }[] = [{ label: 'Raised by', value: ENQUIRER_LABELS[e.raisedBy.role] }];
  if (e.place) facts.push({ label: 'Place', value: PLACE_LABELS[e.place] });
  const cats = new Map(services.config.thresholds.categories.map((c) => [c.id, c.label]));
  if (e.concernCategories?.length) facts.push({ label: 'Concern', value: e.concernCategories.map((c) => cats.get(c) ?? c).join(', ') });
  const svc = new Map(services.config.evidence.services.map((s) => [s.id, s.label]));
  if (e.services?.length) facts.push({ label: 'Services', value: e.services.map((s) => `${s.how} ${svc.get(s.serviceId) ?? s.serviceId}`).join(', ') });
  if (e.peopleReached !== undefined) facts.push({ label: 'People reached', value: String(e.peopleReached) });
  if (e.attendance === 'walk_in') facts.push({ label: 'Drop-in', value: 'Walk-in (not booked)' });
  facts.push({ label: 'Consent', value: `${CONSENT_LABELS[e.consent]}${e.consentFrom ? ` (${CONSENT_FROM_LABELS[e.consentFrom].toLowerCase()})` : ''}${e.holding ? ' – holding note until consent is asked' : ''}` });
  if (e.informationSharing) facts.push({ label: 'Shared without consent', value: `${e.informationSharing.what} with ${e.informationSharing.withWhom}: ${e.informationSharing.why}` });
  return facts;
}

/** Inputs for the quick log form beyond time, activity and school; nothing pre-selected but a remembered enquirer. */
export function fieldInputs(services: Services, e?: ActivityEntry, role?: EnquirerRole): InputElement[] {
  return [
    { type: 'input.choice', id: 'role', label: 'Who raised it', choices: QUICK_ENQUIRERS.map((r) => ({ title: ENQUIRER_LABELS[r], value: r })), required: true, value: role },
    { type: 'input.choice', id: 'place', label: 'Where', choices: PLACES.map((p) => ({ title: PLACE_LABELS[p], value: p })), value: e?.place },
    {
      type: 'input.choice',
      id: 'categories',
      label: 'Concern (optional)',
      multiple: true,
      choices: services.config.thresholds.categories.map((c) => ({ title: c.label, value: c.id })),
      value: e?.concernCategories?.join(','),
    },
    { type: 'input.text', id: 'people', label: 'People reached (groups, parent drop-ins, training)', maxLength: 5, value: e?.peopleReached?.toString() },
    { type: 'input.choice', id: 'consent', label: 'Consent to share', choices: CONSENT.map((c) => ({ title: CONSENT_LABELS[c], value: c })), value: e?.consent },
    { type: 'input.choice', id: 'consentFrom', label: 'Whose consent', choices: CONSENT_FROM.map((c) => ({ title: CONSENT_FROM_LABELS[c], value: c })), value: e?.consentFrom },
  ];
}

/**
 * The inputs of fieldInputs, as part of a form's schema: who raised it must be chosen; the rest
 * may be left empty, and a value not on its list is refused. Use with fieldInputsRule.
 */
export function fieldInputsShape(services: Services) {
  const known = services.config.thresholds.categories.map((c) => c.id);
  return {
    role: choiceInput(QUICK_ENQUIRERS, 'Choose who raised it'),
    place: optionalChoiceInput(PLACES, 'Choose a place'),
    categories: listInput().refine((cats) => cats.every((c) => known.includes(c)), { error: 'Choose concerns from the list' }),
    people: z
      .string()
      .optional()
      .transform((v) => (v ?? '').trim())
      .refine((p) => !p || /^\d{1,4}$/.test(p), { error: 'A whole number, e.g. 12' })
      .transform((p) => (p ? Number(p) : undefined)),
    consent: optionalChoiceInput(CONSENT, 'Choose a consent status'),
    consentFrom: optionalChoiceInput(CONSENT_FROM, 'Choose whose consent'),
  };
}

type FieldInputs = z.output<z.ZodObject<ReturnType<typeof fieldInputsShape>>>;

/** Whose consent is given only when there is consent. */
export function fieldInputsRule(f: FieldInputs, on: FieldRules<'consent' | 'consentFrom'>): void {
  if (!on.failed('consentFrom') && f.consentFrom && (on.failed('consent') || f.consent !== 'consented')) on.refuse('consentFrom', 'Only when there is consent');
}

/** The parsed inputs as a quick log's fields (those left empty left out). */
export function quickFieldsOf(f: FieldInputs): QuickFields {
  return {
    enquirer: f.role,
    ...(f.place ? { place: f.place } : {}),
    ...(f.categories.length ? { concernCategories: f.categories } : {}),
    ...(f.people !== undefined ? { peopleReached: f.people } : {}),
    ...(f.consent ? { consent: f.consent } : {}),
    ...(f.consentFrom ? { consentFrom: f.consentFrom } : {}),
  };
}

/** The button to record a decision to share without consent, when there was none. */
export function sharingButton(c: CardBuilder, e: ActivityEntry): void {
  if ((e.consent === 'not_consented' || e.consent === 'not_safe_to_ask') && !e.informationSharing) {
    c.action(LOG.shareForm.button('Record sharing without consent', { entry: e.id, at: e.occurredAt }));
  }
}

/** What a record of sharing without consent must hold: three filled, screened lines. */
const shared = requiredText('Please fill this in.', (text) => identifyingProblem(text, ''));
const SHARE_FORM = z.object({ what: shared, withWhom: shared, why: shared });

/** What was typed into the sharing form, as it was, to show again when the form is refused. */
const SHARE_TYPED = z.object({ what: z.string().optional(), withWhom: z.string().optional(), why: z.string().optional() });

type EntryRef = ActionDataOf<typeof LOG.shareSave>;

function shareForm(entry: EntryRef, typed: z.output<typeof SHARE_TYPED> = {}, errors?: Record<string, string>) {
  const c = card('Sharing without consent')
    .text('Record what you shared, with whom and why (the seventh golden rule). No names or dates of birth: dates are refused.', 'subtle')
    .input({ type: 'input.text', id: 'what', label: 'What was shared', required: true, maxLength: SHARE_MAX, multiline: true, value: typed.what })
    .input({ type: 'input.text', id: 'withWhom', label: 'With whom (agency or role)', required: true, maxLength: 200, value: typed.withWhom })
    .input({ type: 'input.text', id: 'why', label: 'Why, without consent', required: true, maxLength: SHARE_MAX, multiline: true, value: typed.why })
    .action(LOG.shareSave.button('Save', { entry: entry.entry, at: entry.at }, 'primary'));
  return { text: 'Record sharing without consent', card: c.build(), form: true as const, ...(errors ? { formErrors: errors } : {}) };
}

export function registerSharing(router: Router, services: Services, roles: Role[], latest: (s: Services, t: Turn, ref: EntryRef) => Promise<ActivityEntry | undefined>): void {
  router.action(LOG.shareForm, async (turn, ref) => void turn.reply(shareForm(ref)), { roles });
  router.action(
    LOG.shareSave,
    async (turn, ref) => {
      const form = parseForm(SHARE_FORM, turn.values);
      if (!form.ok) {
        const typed = parseForm(SHARE_TYPED, turn.values);
        return void turn.reply(shareForm(ref, typed.ok ? typed.data : {}, form.errors));
      }
      const { what, withWhom, why } = form.data;
      const e = await latest(services, turn, ref);
      if (!e) return void turn.reply("I couldn't find that entry among your own.");
      if (e.consent === 'consented') return void turn.reply('That entry records consent to share, so there is nothing to record here.');
      const amended = await services.activityLog.amend(
        e.id,
        { informationSharing: { what, withWhom, why, decidedBy: turn.person.id, at: turn.now.toISOString() } },
        'information shared without consent recorded',
        turn.person.id,
      );
      services.log.info({ personId: turn.person.id, entryId: amended.id }, 'sharing without consent recorded');
      turn.reply(`Recorded: shared with ${amended.informationSharing!.withWhom} without consent, and why. It is in the activity log.`);
    },
    { roles },
  );
}
