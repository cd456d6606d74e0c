/**
 * The link worker's view: `dropins` shows today's and the rest of this week's bookings per
 * school, and the past ones still waiting for attendance. After a slot has started the worker
 * records attended / did not attend with a short note and the time spent; an attended drop-in
 * becomes an activity-log entry (activity type drop_in) with the booker as who raised it.
 *
 * @example
 *   dropins               -> "Today" / "This week" per school  [Record 10:00 Priya]
 *   dropin.attend.form    -> form: attended?, time spent, outcome, concern, people, consent, note (nothing pre-selected)
 *   dropin.attend.save    -> "Recorded: attended, 5–30 minutes" (+ activity entry; a did-not-attend is logged too, as such);
 *                            the form becomes "Attendance recorded by Amira at 11:35: Priya attended (5–30 minutes)."
 */
import { z } from 'zod';
import { card } from '../../../cards/tree';
import type { ActivityEntryInput, TimeSpent } from '../../../storage/activity-log';
import { CONSENT, OUTCOMES, TIME_SPENT_CHOICES } from '../../../storage/activity-log';
import { CONSENT_LABELS } from '../digest/labels';
import { OUTCOME_LABELS, TIME_SPENT_LABELS } from '../../core/activity-labels';
import { doneBy } from '../../core/done';
import type { ActionDataOf } from '../../core/actions';
import { choiceInput, formAcross, listInput, optionalChoiceInput, parseForm } from '../../core/forms';
import type { Turn } from '../../core/turn';
import type { DropInContext } from './context';
import { AUDIENCE_LABEL, type Attendance, type DropInBooking } from './model';
import { DROPIN } from './verbs';

const NOTE_MAX = 300;
/** Adaptive Cards allow five actions by default. */
const MAX_BUTTONS = 5;
/** How far back `dropins` looks for drop-ins still waiting for attendance. */
const UNMARKED_DAYS = 14;

/** `dropins`: what is booked with me, today and this week, per school. */
export async function workerView(ctx: DropInContext, turn: Turn): Promise<void> {
  const { calendar, directory } = ctx.services;
  const now = turn.now;
  const local = calendar.local(now);
  const todayStart = local.startOf('day').toJSDate();
  const todayEnd = local.endOf('day').toJSDate();
  const weekEnd = local.endOf('week').toJSDate();
  const bookings = (await ctx.repo.bookingsForWorker(turn.person.id, new Date(todayStart.getTime() - UNMARKED_DAYS * 86_400_000), weekEnd)).filter(
    (b) => b.status === 'booked',
  );
  const unmarked = bookings.filter((b) => Date.parse(b.startsAt) <= now.getTime() && !b.attendance);
  const today = bookings.filter((b) => Date.parse(b.startsAt) >= todayStart.getTime() && Date.parse(b.startsAt) <= todayEnd.getTime());
  const later = bookings.filter((b) => Date.parse(b.startsAt) > todayEnd.getTime());

  const line = (b: DropInBooking, withDay: boolean) => {
    const when = withDay ? ctx.when(b) : `${calendar.local(new Date(b.startsAt)).toFormat('HH:mm')}–${calendar.local(new Date(b.endsAt)).toFormat('HH:mm')}`;
    const mark = b.attendance ? ` [${b.attendance.outcome === 'attended' ? 'attended' : 'did not attend'}]` : '';
    return `${when} ${directory.person(b.personId)?.name ?? b.personId}${b.bookingFor && b.bookingFor !== 'staff' ? ` (${AUDIENCE_LABEL[b.bookingFor].toLowerCase()})` : ''}${b.topic ? `: ${b.topic}` : ''}${mark}`;
  };
  const c = card('Your drop-ins');
  const text: string[] = [];
  const section = (title: string, list: DropInBooking[], withDay: boolean) => {
    c.text(title, 'heading');
    text.push(`${title}:`);
    if (!list.length) {
      c.text('No bookings.', 'subtle');
      text.push('  No bookings.');
      return;
    }
    const bySchool = new Map<string, DropInBooking[]>();
    for (const b of list) bySchool.set(b.schoolId, [...(bySchool.get(b.schoolId) ?? []), b]);
    for (const [school, items] of bySchool) {
      c.text(ctx.schoolName(school), 'subtle');
      text.push(`  ${ctx.schoolName(school)}`);
      for (const b of items) {
        c.text(line(b, withDay));
        text.push(`    ${line(b, withDay)}`);
      }
    }
  };
  section(`Today, ${calendar.formatDate(calendar.dateOf(now))}`, today, false);
  section('Later this week', later, true);
  const earlier = unmarked.filter((b) => Date.parse(b.startsAt) < todayStart.getTime());
  if (earlier.length) section('Earlier, attendance not recorded', earlier, true);
  for (const b of unmarked.slice(0, MAX_BUTTONS)) {
    c.action(DROPIN.attendForm.button(`Record ${calendar.format(new Date(b.startsAt))} ${directory.firstName(b.personId)}`, { booking: b.id }));
  }
  turn.reply({ text: text.join('\n'), card: c.build() });
}

async function markable(ctx: DropInContext, turn: Turn, bookingId: string): Promise<DropInBooking | undefined> {
  const b = await ctx.repo.booking(bookingId);
  if (!b || b.status !== 'booked') {
    turn.reply("I can't find that booking (it may have been cancelled). Type dropins to see yours.");
    return undefined;
  }
  if (b.workerId !== turn.person.id && !ctx.services.directory.linkWorkersOf(b.schoolId).includes(turn.person.id)) {
    turn.reply(`That drop-in is ${ctx.services.directory.firstName(b.workerId)}'s; only the school's link workers can record it.`);
    return undefined;
  }
  if (Date.parse(b.startsAt) > turn.now.getTime()) {
    turn.reply(`You can record attendance once the drop-in has started (${ctx.when(b)}).`);
    return undefined;
  }
  if (b.attendance) return void alreadyRecorded(ctx, turn, b);
  return b;
}

function attendanceLine(ctx: DropInContext, b: DropInBooking): string {
  const a = b.attendance!;
  const what = a.outcome === 'attended' ? `attended (${(TIME_SPENT_LABELS[a.timeSpent as TimeSpent] ?? a.timeSpent).toLowerCase()})` : 'did not attend';
  return `${ctx.services.directory.firstName(b.personId)} ${what}`;
}

/** The attendance form's final state: what was recorded, by whom and when; no inputs or buttons left. */
function recordedCard(ctx: DropInContext, b: DropInBooking) {
  const a = b.attendance!;
  return card(`Drop-in: ${ctx.when(b)}`)
    .facts({ Booked: ctx.services.directory.person(b.personId)?.name ?? b.personId, School: ctx.schoolName(b.schoolId), ...(b.topic ? { Topic: b.topic } : {}) })
    .text(`Attendance recorded by ${doneBy(ctx.services, a.recordedBy, a.recordedAt)}: ${attendanceLine(ctx, b)}.`)
    .build();
}

/** A press on a drop-in already recorded: the form shows the record (when it was the form pressed), the answer says who and when. */
function alreadyRecorded(ctx: DropInContext, turn: Turn, b: DropInBooking): void {
  const text = `Attendance already recorded by ${doneBy(ctx.services, b.attendance!.recordedBy, b.attendance!.recordedAt)}: ${attendanceLine(ctx, b)}.`;
  // Only the form is this booking's own card; the `dropins` view lists others and stays.
  if (turn.event.type === 'action' && turn.event.verb === DROPIN.attendSave.verb) turn.update({ text, card: recordedCard(ctx, b) });
  turn.reply(text);
}

export async function attendanceForm(ctx: DropInContext, turn: Turn, { booking }: ActionDataOf<typeof DROPIN.attendForm>): Promise<void> {
  const b = await markable(ctx, turn, booking);
  if (!b) return;
  const who = ctx.services.directory.person(b.personId)?.name ?? b.personId;
  const c = card(`Drop-in: ${ctx.when(b)}`)
    .facts({ Booked: who, School: ctx.schoolName(b.schoolId), ...(b.topic ? { Topic: b.topic } : {}) })
    .input({ type: 'input.choice', id: 'attendance', label: 'Did they come?', choices: [{ title: 'Attended', value: 'attended' }, { title: 'Did not attend', value: 'did_not_attend' }], required: true })
    .input({ type: 'input.choice', id: 'timeSpent', label: 'Time spent', choices: TIME_SPENT_CHOICES.map((t) => ({ title: TIME_SPENT_LABELS[t], value: t })), required: true })
    .input({ type: 'input.choice', id: 'outcome', label: 'Outcome (if they came)', choices: OUTCOMES.filter((o) => o !== 'not_recorded').map((o) => ({ title: OUTCOME_LABELS[o], value: o })) })
    .input({ type: 'input.choice', id: 'categories', label: 'Concern (optional)', multiple: true, choices: ctx.services.config.thresholds.categories.map((x) => ({ title: x.label, value: x.id })) })
    .input({ type: 'input.text', id: 'people', label: 'People reached (e.g. a parent drop-in)', maxLength: 4 })
    .input({ type: 'input.choice', id: 'consent', label: 'Consent to share', choices: CONSENT.map((x) => ({ title: CONSENT_LABELS[x], value: x })) })
    .input({ type: 'input.text', id: 'note', label: 'Short note (no names or dates of birth)', multiline: true, maxLength: NOTE_MAX })
    .action(DROPIN.attendSave.button('Record', { booking: b.id }, 'primary'));
  turn.reply({ text: `Record the drop-in with ${who} on ${ctx.when(b)}.`, card: c.build(), form: true });
}

function enquirerRole(ctx: DropInContext, b: DropInBooking): ActivityEntryInput['raisedBy']['role'] {
  if (b.bookingFor === 'parents') return 'parent_carer';
  if (b.bookingFor === 'young_people') return 'child_young_person';
  const p = ctx.services.directory.person(b.personId);
  return p?.enquirerRole ?? (p?.roles.includes('dsl') ? 'dsl' : 'teacher');
}

/**
 * The attendance form, with the authority's concern categories: whether they came and the time
 * spent; the outcome and consent, which a did-not-attend need not give (then not recorded and
 * not applicable); concerns, people reached and a short note.
 */
function attendanceFormSchema(categories: string[]) {
  return formAcross(
    {
      attendance: choiceInput<Attendance>(['attended', 'did_not_attend'], 'Say whether they came.'),
      timeSpent: choiceInput(TIME_SPENT_CHOICES, 'Choose the time spent.'),
      outcome: optionalChoiceInput(OUTCOMES, 'Choose an outcome.'),
      categories: listInput().refine((c) => c.every((x) => categories.includes(x)), { error: 'Choose concerns from the list.' }),
      people: z
        .string()
        .optional()
        .transform((v) => (v ?? '').trim())
        .refine((p) => !p || /^\d{1,4}$/.test(p), { error: 'People reached is a whole number.' })
        .transform((p) => (p ? Number(p) : undefined)),
      consent: optionalChoiceInput(CONSENT, 'Say whether there is consent to share.'),
      note: z
        .string()
        .optional()
        .transform((v) => (v ?? '').trim())
        .refine((n) => n.length <= NOTE_MAX, { error: `Keep the note under ${NOTE_MAX} characters.` }),
    },
    (f, on) => {
      const came = on.failed('attendance') || f.attendance !== 'did_not_attend';
      if (came && !on.failed('outcome') && !f.outcome) on.refuse('outcome', 'Choose an outcome.');
      if (came && !on.failed('consent') && !f.consent) on.refuse('consent', 'Say whether there is consent to share.');
    },
  ).transform((f) => ({ ...f, outcome: f.outcome ?? ('not_recorded' as const), consent: f.consent ?? ('not_applicable' as const) }));
}

export async function saveAttendance(ctx: DropInContext, turn: Turn, { booking }: ActionDataOf<typeof DROPIN.attendSave>): Promise<void> {
  const { directory, activityLog, log } = ctx.services;
  const form = parseForm(attendanceFormSchema(ctx.services.config.thresholds.categories.map((x) => x.id)), turn.values);
  if (!form.ok) return void turn.reply({ text: `Nothing was recorded. ${Object.values(form.errors).join(' ')}`, formErrors: form.errors });
  const { attendance: outcome, timeSpent, outcome: result, categories, people, consent, note } = form.data;

  const b = await markable(ctx, turn, booking);
  if (!b) return;
  const now = turn.now.toISOString();
  const marked = await ctx.repo.updateBooking(b.id, (x) =>
    x.status === 'booked' && !x.attendance ? { ...x, attendance: { outcome, note, timeSpent, recordedBy: turn.person.id, recordedAt: now } } : undefined,
  );
  if (!marked) {
    const now = await ctx.repo.booking(b.id);
    if (now?.attendance) return alreadyRecorded(ctx, turn, now);
    return void turn.reply('Someone recorded this drop-in a moment ago. Type dropins to see it.');
  }
  const teamId = directory.teamForSchool(b.schoolId)?.id ?? directory.teamOf(b.workerId)?.id ?? 'unassigned';
  const entry = await activityLog.append({
    occurredAt: b.startsAt,
    schoolId: b.schoolId,
    teamId,
    workerId: b.workerId,
    raisedBy: { personId: b.personId, role: enquirerRole(ctx, b) },
    query: b.topic ?? 'Drop-in session',
    response: note,
    activityType: 'drop_in',
    outcome: result,
    timeSpent,
    consent,
    attendance: outcome,
    place: 'school',
    ...(categories.length ? { concernCategories: categories } : {}),
    ...(people !== undefined ? { peopleReached: people } : {}),
    source: { kind: 'dropin', id: b.id },
    recordedBy: turn.person.id,
  });
  await ctx.repo.updateBooking(b.id, (x) => (x.attendance ? { ...x, attendance: { ...x.attendance, activityEntryId: entry.id } } : undefined));
  log.info({ bookingId: b.id, entryId: entry.id, by: turn.person.id, attendance: outcome }, 'drop-in attendance recorded');
  const text =
    outcome === 'did_not_attend'
      ? `Recorded: ${directory.firstName(b.personId)} did not attend the drop-in on ${ctx.when(b)}. The log notes it as not attended.`
      : `Recorded: ${directory.firstName(b.personId)} attended the drop-in on ${ctx.when(b)} (${TIME_SPENT_LABELS[timeSpent].toLowerCase()}). It is in the activity log.`;
  turn.update({ text, card: recordedCard(ctx, marked) });
}
