/**
 * What people see of a consultation, as card trees: the immediate-danger question, the form,
 * the indicators step, the worker's compact phone card with quick answers, the school's view,
 * and the small reply and close forms. Buttons carry only the consultation id and a choice.
 *
 * @example
 *   turn.reply(dangerQuestion());
 *   await services.notifier.toPerson(c.holderId, workerCard(services, c, 'New consultation'));
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { card, type Choice } from '../../../cards/tree';
import { formatDuration } from '../../config/duration';
import type { School } from '../../config/schema';
import { doneBy } from '../../core/done';
import type { Reply } from '../../core/reply';
import type { Services } from '../../core/services';
import { CONSENT, TIME_SPENT_CHOICES } from '../../../storage/activity-log';
import { MASH_DECISION_LABELS } from '../../core/activity-labels';
import { categoriesById, guidanceFor, guidanceLines } from './guidance';
import {
  CONSENT_LABELS,
  OUTCOME_LABELS,
  QUICK_ANSWERS,
  TIME_SPENT_LABELS,
  URGENCIES,
  URGENCY_LABELS,
  YES_NO_LABELS,
  label,
  type Consultation,
  type ExchangeMessage,
  type Urgency,
} from './model';
import { targetMs } from './routing';
import { REFERRED_BUTTON } from './school-referral';
import { CONSULT } from './verbs';

const choices = (labels: Record<string, string>): Choice[] => Object.entries(labels).map(([value, title]) => ({ value, title }));
/** The time bands a worker can choose (never "not recorded"). */
const timeChoices = (): Choice[] => TIME_SPENT_CHOICES.map((value) => ({ value, title: TIME_SPENT_LABELS[value] }));

export function yearGroups(phase: School['phase']): string[] {
  const years = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `Y${from + i}`);
  if (phase === 'primary') return ['N', 'R', ...years(1, 6)];
  if (phase === 'secondary') return years(7, 14);
  return ['N', 'R', ...years(1, 14)];
}

export function targetText(services: Services, urgency: Urgency): string {
  const ms = services.config.limits.consultationSla[urgency];
  if (ms % 86_400_000 === 0) {
    const days = ms / 86_400_000;
    return `${days} working day${days === 1 ? '' : 's'}`;
  }
  return `${formatDuration(targetMs(services, urgency))} of working time`;
}

/** The first reply of every consultation: the danger question, with the safety net below it. */
export function dangerQuestion(safetyLine: string, schoolId?: string): Reply {
  // One id per card shown, so a double press of "Yes" reports the danger once.
  const data = { ...(schoolId ? { school: schoolId } : {}), form: randomUUID() };
  const c = card('Before anything else')
    .text('Is a child in immediate danger right now?', 'heading')
    .action(CONSULT.dangerYes.button('Yes – a child is in danger now', data, 'danger'))
    .action(CONSULT.dangerNo.button('No – I would like advice', data, 'primary'))
    .text(safetyLine, 'subtle');
  return { text: `Before anything else: is a child in immediate danger right now? (Yes / No)\n${safetyLine}`, card: c.build() };
}

/**
 * The consultation form's inputs as typed (and the card instance, `form`: one form sent twice is
 * one consultation), to choose the school's rules and to show the form again with them. What
 * each must hold is `consultFormSchema` (forms.ts).
 */
export const CONSULT_FORM_INPUTS = z.object({
  form: z.string().optional(),
  school: z.string().optional(),
  yearGroup: z.string().optional(),
  reference: z.string().optional(),
  categories: z.string().optional(),
  whatHappened: z.string().optional(),
  knownToSocialCare: z.string().optional(),
  parentsKnow: z.string().optional(),
  consent: z.string().optional(),
  schoolActions: z.string().optional(),
  urgency: z.string().optional(),
});
export type FormValues = z.output<typeof CONSULT_FORM_INPUTS>;

export function consultForm(
  services: Services,
  schools: School[],
  values: FormValues = {},
  errors?: Record<string, string>,
  existing?: Consultation,
): Reply {
  const { thresholds } = services.config;
  const school = schools.find((s) => s.id === values.school) ?? schools[0];
  const c = card(existing ? `Details for #${existing.number}` : 'Ask your link social worker');
  c.text("Please don't type the child's name or date of birth anywhere here: a year group and the school's short reference are enough.", 'subtle');
  if (errors && Object.keys(errors).length) c.text('Some answers need another look (see below).', 'warning');
  if (schools.length > 1 && !existing)
    c.input({ type: 'input.choice', id: 'school', label: 'School', choices: schools.map((s) => ({ value: s.id, title: s.name })), required: true, value: school.id });
  const years = yearGroups(school.phase);
  const input = <T extends Parameters<typeof c.input>[0]>(el: T) => {
    c.input(el);
    if (errors?.[el.id]) c.text(errors[el.id], 'warning');
  };
  input({ type: 'input.choice', id: 'yearGroup', label: 'Year group', choices: years.map((y) => ({ value: y, title: y })), required: true, value: values.yearGroup });
  input({
    type: 'input.text',
    id: 'reference',
    label: 'Child reference (initials or pupil number, not a name)',
    placeholder: 'e.g. JS or 40213',
    required: true,
    maxLength: 12,
    value: values.reference,
  });
  input({
    type: 'input.choice',
    id: 'categories',
    label: 'What is the concern about? (choose all that fit)',
    choices: thresholds.categories.map((cat) => ({ value: cat.id, title: cat.label })),
    multiple: true,
    required: true,
    value: values.categories,
  });
  input({ type: 'input.text', id: 'whatHappened', label: 'What happened, and what did the child say?', multiline: true, required: true, maxLength: 3000, value: values.whatHappened });
  input({ type: 'input.choice', id: 'knownToSocialCare', label: "Is the child known to children's social care?", choices: choices(YES_NO_LABELS), required: true, value: values.knownToSocialCare });
  input({ type: 'input.choice', id: 'parentsKnow', label: 'Do parents or carers know about the concern?', choices: choices(YES_NO_LABELS), required: true, value: values.parentsKnow });
  input({ type: 'input.choice', id: 'consent', label: 'Is there consent to share information?', choices: choices(CONSENT_LABELS), required: true, value: values.consent });
  input({ type: 'input.text', id: 'schoolActions', label: 'What has the school done so far?', multiline: true, maxLength: 2000, value: values.schoolActions });
  if (!existing)
    input({
      type: 'input.choice',
      id: 'urgency',
      label: 'How urgent is it?',
      choices: URGENCIES.map((u) => ({ value: u, title: `${URGENCY_LABELS[u]} (reply within ${targetText(services, u)})` })),
      required: true,
      value: values.urgency,
    });
  c.action(CONSULT.submit.button(existing ? 'Add details' : 'Next', existing ? { id: existing.id } : { form: values.form ?? randomUUID() }, 'primary'));
  return {
    text: existing ? `Add the details for consultation #${existing.number}.` : 'Tell your link social worker about the concern.',
    card: c.build(),
    form: true,
    ...(errors && Object.keys(errors).length ? { formErrors: errors } : {}),
  };
}

export function indicatorsStep(services: Services, c: Consultation): Reply {
  const cats = categoriesById(services.config.thresholds, c.categories).filter((cat) => cat.indicators.length);
  const b = card('Which of these fit?').text('Tick any that describe what you have seen or heard. This gives indicative guidance from the local threshold document.', 'subtle');
  for (const cat of cats) {
    b.input({
      type: 'input.choice',
      id: `ind_${cat.id}`,
      label: cat.label,
      choices: cat.indicators.map((i) => ({ value: i.id, title: i.text })),
      multiple: true,
    });
  }
  for (const n of guidanceFor(services.config.thresholds, [], c.categories).notices) b.text(`${n.category}: ${n.notice}`, 'warning');
  b.action(CONSULT.indicators.button('Send to my social worker', { id: c.id }, 'primary'));
  return { text: 'Which of these fit? Tick any, then send.', card: b.build(), form: true };
}

function childFacts(services: Services, c: Consultation): Record<string, string> {
  const facts: Record<string, string> = {};
  if (c.child) facts.Child = `${c.child.yearGroup} · ${c.child.reference}`;
  if (c.categories.length) facts.Concern = categoriesById(services.config.thresholds, c.categories).map((x) => x.label).join(', ');
  if (c.immediateDanger) facts.Urgency = 'Immediate danger reported';
  else facts.Urgency = URGENCY_LABELS[c.urgency];
  if (c.dueAt && !c.firstResponseAt) facts['Reply by'] = services.calendar.format(new Date(c.dueAt));
  if (c.indicativeLevel !== undefined) {
    const l = services.config.thresholds.levels.find((x) => x.level === c.indicativeLevel);
    if (l) facts['Indicative level'] = `${l.level}: ${l.name} (school's ticks; to confirm)`;
  }
  if (c.details) {
    facts["Known to social care"] = YES_NO_LABELS[c.details.knownToSocialCare];
    facts['Parents/carers know'] = YES_NO_LABELS[c.details.parentsKnow];
    facts['Consent to share'] = CONSENT_LABELS[c.details.consent];
  }
  return facts;
}

export function consultedBeforeLine(services: Services, c: Consultation): string | undefined {
  if (!c.consultedBefore.length) return undefined;
  const dates = c.consultedBefore.map((iso) => services.calendar.formatDate(services.calendar.dateOf(new Date(iso))));
  return `Consulted before on ${dates.join(', ')} (same child reference at this school).`;
}

function exchangeLine(services: Services, m: ExchangeMessage): string {
  const who = services.directory.firstName(m.by);
  if (m.kind === 'change') return `${who} changed the advice to ${m.outcome ? OUTCOME_LABELS[m.outcome] : 'none'}: ${m.text}`;
  const outcome = m.outcome ? `${OUTCOME_LABELS[m.outcome]}. ` : '';
  return `${who}: ${outcome}${m.text}`.trim();
}

/** The first answer a worker gave with the quick buttons, if any. */
export function firstAnswer(c: Consultation): ExchangeMessage | undefined {
  return c.messages.find((m) => m.side === 'worker' && m.kind === 'answer');
}

/** "Answered by Amira at 10:42: Early help" */
export function answeredLine(services: Services, c: Consultation): string | undefined {
  const a = firstAnswer(c);
  if (!a) return undefined;
  const what = a.outcome ? OUTCOME_LABELS[a.outcome] : a.text;
  return `Answered by ${doneBy(services, a.by, a.at)}${what ? `: ${what}` : ''}`;
}

/**
 * The worker's compact phone card: who, what, quick answers (a choice list and Send on a
 * phone), optional advice and time spent. Once answered, it shows who answered and when, and
 * only what still applies (Reply, Close); once closed, no buttons.
 */
export function workerCard(services: Services, c: Consultation, headline: string, opts: { urgent?: boolean; recent?: ExchangeMessage } = {}): Reply {
  const school = services.directory.school(c.schoolId)?.name ?? c.schoolId;
  const raiser = services.directory.person(c.raisedBy);
  const b = card(headline);
  if (opts.urgent) b.text('URGENT', 'warning');
  b.facts({ Consultation: label(c, school), From: raiser ? `${raiser.name}${raiser.title ? `, ${raiser.title}` : ''}` : c.raisedBy, ...childFacts(services, c) });
  const before = consultedBeforeLine(services, c);
  if (before) b.text(before, 'warning');
  if (opts.recent) b.text(exchangeLine(services, opts.recent));
  else if (c.details) {
    b.text(c.details.whatHappened);
    if (c.details.schoolActions) b.text(`School has done: ${c.details.schoolActions}`, 'subtle');
  }
  const answered = answeredLine(services, c);
  if (answered) b.text(answered, 'heading');
  if (c.status === 'closed') b.text(closedLine(services, c), 'subtle');
  if (c.status === 'open' && !answered) {
    b.input({ type: 'input.text', id: 'advice', label: 'Advice (optional)', multiline: true, maxLength: 3000 });
    b.input({ type: 'input.choice', id: 'timeSpent', label: 'Time spent', choices: timeChoices() });
    for (const [key, q] of Object.entries(QUICK_ANSWERS)) b.action(CONSULT.answer.button(q.title, { id: c.id, answer: key }, key === 'mash' ? 'primary' : undefined));
    b.pick(CONSULT.answer.verb, 'Your answer', 'Send answer');
    b.action(CONSULT.replySend.button('Advice only', { id: c.id }));
    b.action(CONSULT.close.button('Close', { id: c.id }));
  } else if (c.status === 'open') {
    b.action(CONSULT.replyForm.button('Reply', { id: c.id }, 'primary'));
    if (c.answeredAt) b.action(CONSULT.changeForm.button('Change advice', { id: c.id }));
    b.action(CONSULT.close.button('Close', { id: c.id }));
  }
  const text = [`${headline}: ${label(c, school)}`, opts.recent ? exchangeLine(services, opts.recent) : '', before ?? ''].filter(Boolean).join('\n');
  return { text, card: b.build() };
}

/** "Closed by Amira at 11:02: Early help" */
export function closedLine(services: Services, c: Consultation): string {
  const outcome = c.outcome && c.outcome !== 'not_recorded' ? `: ${OUTCOME_LABELS[c.outcome]}` : '';
  return c.closedBy && c.closedAt ? `Closed by ${doneBy(services, c.closedBy, c.closedAt)}${outcome}` : `Closed${outcome}`;
}

/** What the school sees: the latest from the worker (or a status line), and Reply / Close. */
export function schoolCard(services: Services, c: Consultation, headline: string, lines: string[] = [], opts: { recent?: ExchangeMessage } = {}): Reply {
  const school = services.directory.school(c.schoolId)?.name ?? c.schoolId;
  const b = card(headline).facts({ Consultation: label(c, school), 'With': services.directory.person(c.holderId)?.name ?? c.holderId });
  if (opts.recent) b.text(exchangeLine(services, opts.recent));
  for (const line of lines) b.text(line);
  if (c.status === 'open') {
    b.action(CONSULT.replyForm.button('Reply', { id: c.id }, 'primary'));
    if (c.urgency !== 'red' && !c.firstResponseAt) b.action(CONSULT.urgency.button('Make it Red', { id: c.id, urgency: 'red' }));
    if (!c.referral?.referred) b.action(CONSULT.referred.button(REFERRED_BUTTON, { id: c.id }));
    b.action(CONSULT.close.button('Close', { id: c.id }));
  }
  const text = [`${headline}: ${label(c, school)}`, opts.recent ? exchangeLine(services, opts.recent) : '', ...lines].filter(Boolean).join('\n');
  return { text, card: b.build() };
}

/** What the school said happened after the advice: "MASH referral made (Dee on Mon 23 Nov, 10:00); the MASH decided: …". */
export function referralLine(services: Services, c: Consultation): string | undefined {
  const r = c.referral;
  if (!r) return undefined;
  const by = doneBy(services, r.answeredBy, r.answeredAt);
  if (!r.referred) return `Not referred (${by})${r.reason ? `: ${r.reason}` : ''}`;
  return `MASH referral made (${by})${r.decision ? `; the MASH decided: ${MASH_DECISION_LABELS[r.decision]}` : ''}`;
}

/** The whole consultation for someone allowed to see it, from their side; buttons only for who may change it. */
export function viewCard(services: Services, c: Consultation, side: 'school' | 'worker', mayChange = true): Reply {
  const school = services.directory.school(c.schoolId)?.name ?? c.schoolId;
  const b = card(`Consultation #${c.number}`).facts({
    School: school,
    Status: c.status === 'closed' ? `Closed${c.outcome ? ` – ${OUTCOME_LABELS[c.outcome]}` : ''}` : 'Open',
    With: services.directory.person(c.holderId)?.name ?? c.holderId,
    ...childFacts(services, c),
  });
  const before = consultedBeforeLine(services, c);
  if (before) b.text(before, 'warning');
  if (c.details) {
    b.text(c.details.whatHappened);
    if (c.details.schoolActions) b.text(`School has done: ${c.details.schoolActions}`, 'subtle');
  }
  for (const m of c.messages) b.text(`${services.calendar.format(new Date(m.at))} · ${exchangeLine(services, m)}`);
  const referral = referralLine(services, c);
  if (referral) b.text(referral, 'heading');
  if (c.status === 'open' && mayChange) {
    if (side === 'worker' && !c.answeredAt) for (const [key, q] of Object.entries(QUICK_ANSWERS)) b.action(CONSULT.answer.button(q.title, { id: c.id, answer: key }));
    if (side === 'worker' && c.answeredAt) b.action(CONSULT.changeForm.button('Change advice', { id: c.id }));
    b.action(CONSULT.replyForm.button('Reply', { id: c.id }, 'primary'));
    if (side === 'school' && !c.referral?.referred) b.action(CONSULT.referred.button(REFERRED_BUTTON, { id: c.id }));
    b.action(CONSULT.close.button('Close', { id: c.id }));
  }
  return { text: `Consultation #${c.number} at ${school} (${c.status}).`, card: b.build() };
}

export function replyForm(c: Consultation, side: 'school' | 'worker', schoolName: string): Reply {
  const b = card(`Reply on #${c.number}`).text(label(c, schoolName), 'subtle');
  b.input({ type: 'input.text', id: 'message', label: 'Your reply', multiline: true, required: true, maxLength: 3000 });
  if (side === 'worker') b.input({ type: 'input.choice', id: 'timeSpent', label: 'Time spent so far', choices: timeChoices() });
  b.action(CONSULT.replySend.button('Send', { id: c.id }, 'primary'));
  return { text: `Reply on consultation #${c.number}.`, card: b.build(), form: true };
}

export function outcomeForm(c: Consultation, verb: typeof CONSULT.close | typeof CONSULT.record, errors?: Record<string, string>): Reply {
  const b = card(verb === CONSULT.close ? `Close #${c.number}` : `Record the outcome of #${c.number}`);
  b.input({
    type: 'input.choice',
    id: 'outcome',
    label: 'Outcome',
    required: true,
    choices: (['mash_referral_advised', 'mash_referral_made', 'early_help', 'advice_and_monitor', 'signposted', 'no_further_action'] as const).map((o) => ({ value: o, title: OUTCOME_LABELS[o] })),
    value: c.outcome && c.outcome !== 'not_recorded' ? c.outcome : undefined,
  });
  b.input({ type: 'input.choice', id: 'timeSpent', label: 'Time spent', required: true, choices: timeChoices(), value: c.timeSpent });
  b.action(verb.button(verb === CONSULT.close ? 'Close it' : 'Record', { id: c.id }, 'primary'));
  return { text: `Choose the outcome and time spent for #${c.number}.`, card: b.build(), form: true, ...(errors ? { formErrors: errors } : {}) };
}

export const VALID = { consent: CONSENT as readonly string[], timeSpent: TIME_SPENT_CHOICES as readonly string[] };

/** Guidance text for the school once it is sent. */
export function guidanceBlock(services: Services, c: Consultation, workerFirstName: string): string[] {
  const g = guidanceFor(services.config.thresholds, c.indicators, c.categories);
  return [...guidanceLines(g, workerFirstName), ...g.notices.map((n) => `${n.category}: ${n.notice}`)];
}
