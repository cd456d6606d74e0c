/**
 * Timetables, as a link worker or business support sees them: `dropin setup` is a form (school,
 * weekdays, start and end, slot length, capacity, audience, place, first and last date) that
 * generates the slots on school days only; `dropin cancel` cancels one date or the rest of a
 * series, and everyone booked is told. Bad input is answered per field and changes nothing.
 *
 * @example
 *   dropin setup          -> form  [Set up drop-ins]
 *   dropin.setup.save     -> "Drop-ins set up at Werneth School: Mon and Thu 10:00–12:00, 28 slots"
 *   dropin cancel         -> each series  [Cancel one date] [Cancel the rest]
 */
import { randomUUID } from 'node:crypto';
import { card } from '../../../cards/tree';
import type { ActionDataOf } from '../../core/actions';
import type { Turn } from '../../core/turn';
import type { DropInContext } from './context';
import { AUDIENCES, AUDIENCE_LABEL, isLive, type DropInSeries, type DropInSlot, type Weekday } from './model';
import { bookingOwner, slotOwner } from './reminders';
import { generateSlots, MAX_SLOTS, minutesOf, slotTimes } from './timetable';
import { DROPIN } from './verbs';
import { z } from 'zod';
import { formAcross, isoDate, listInput, parseForm, requiredText } from '../../core/forms';

const DAY_NAMES: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
const SLOT_LENGTHS = [15, 20, 30, 45, 60, 90];
const MAX_CAPACITY = 50;
const PLACE_MAX = 100;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Text with its runs of spaces and line breaks made single spaces. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ');

function days(weekdays: Weekday[]): string {
  const names = weekdays.map((d) => DAY_NAMES[d]);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names.join('');
}

/** `dropin setup`: the timetable form. */
export async function setupForm(ctx: DropInContext, turn: Turn): Promise<void> {
  const { directory, config, calendar } = ctx.services;
  const schools = ctx.managedSchools(turn.person.id);
  if (!schools.length) {
    turn.reply("You aren't a link worker for any school, so there is no drop-in timetable for you to set up.");
    return;
  }
  const today = calendar.dateOf(turn.now);
  const c = card('Set up drop-ins')
    .text('Slots are made on school days only: weekends, holidays and closures in the term dates are left out.', 'subtle')
    .input({ type: 'input.choice', id: 'school', label: 'School', choices: schools.map((s) => ({ title: ctx.schoolName(s), value: s })), value: schools[0], required: true });
  if (directory.hasRole(turn.person.id, 'business_support')) {
    const workers = [...new Set(schools.flatMap((s) => directory.linkWorkersOf(s)))];
    c.input({ type: 'input.choice', id: 'worker', label: 'Run by (a link worker of the school)', choices: workers.map((w) => ({ title: directory.person(w)?.name ?? w, value: w })), required: true });
  }
  c.input({ type: 'input.choice', id: 'weekdays', label: 'Days', multiple: true, choices: config.authority.schoolDay.days.map((d) => ({ title: DAY_NAMES[d], value: d })), required: true })
    .input({ type: 'input.time', id: 'start', label: 'Starts', value: '10:00', required: true })
    .input({ type: 'input.time', id: 'end', label: 'Ends', value: '12:00', required: true })
    .input({ type: 'input.choice', id: 'slotMinutes', label: 'Slot length', choices: SLOT_LENGTHS.map((m) => ({ title: `${m} minutes`, value: String(m) })), value: '30', required: true })
    .input({ type: 'input.text', id: 'capacity', label: 'Places per slot (more than 1 for a group drop-in)', value: '1', maxLength: 2 })
    .input({ type: 'input.choice', id: 'audience', label: 'Who it is for', multiple: true, choices: AUDIENCES.map((a) => ({ title: AUDIENCE_LABEL[a], value: a })), value: 'staff', required: true })
    .input({ type: 'input.text', id: 'place', label: 'Place', placeholder: 'SWIS office, room 12', maxLength: PLACE_MAX, required: true })
    .input({ type: 'input.date', id: 'firstDate', label: 'First date', value: today, required: true })
    .input({ type: 'input.date', id: 'lastDate', label: 'Last date', required: true })
    .action(DROPIN.setupSave.button('Set up drop-ins', {}, 'primary'));
  turn.reply({ text: 'Set up a drop-in timetable: fill in the form.', card: c.build(), form: true });
}

/**
 * The setup form, for this person today: each input's own check, then the rules across them
 * (a link worker of the school chosen, the end after the start, a slot length that fits, the
 * last date after the first and within a year). Its output is the timetable to generate.
 */
function setupFormSchema(ctx: DropInContext, personId: string, today: string) {
  const { directory, config, calendar } = ctx.services;
  const allowedDays = config.authority.schoolDay.days as Weekday[];
  const trimmed = z.string().optional().transform((v) => (v ?? '').trim());
  const time = (message: string) => z.string().optional().transform((v) => (v ?? '').trim().slice(0, 5)).refine((t) => TIME.test(t), { error: message });
  /** The link worker who runs it: the one chosen, else this person when they link the school, else its first. */
  const workerFor = (schoolId: string, chosen: string) => {
    const links = directory.linkWorkersOf(schoolId);
    return chosen || (links.includes(personId) ? personId : links[0] ?? '');
  };
  return formAcross(
    {
      school: trimmed.check((c) => {
        const problem = !directory.school(c.value)
          ? 'Choose a school.'
          : !ctx.canManageSchool(personId, c.value)
            ? `You aren't a link worker for ${ctx.schoolName(c.value)}, so you can't set up its drop-ins.`
            : undefined;
        if (problem) c.issues.push({ code: 'custom', message: problem, input: c.value });
      }),
      worker: trimmed,
      weekdays: listInput()
        .refine((d) => d.length > 0, { error: 'Choose at least one day.' })
        .refine((d) => d.every((x) => (allowedDays as string[]).includes(x)), { error: `Drop-ins run on school days only (${days(allowedDays)}).` })
        .transform((d) => allowedDays.filter((x) => d.includes(x))),
      start: time('Write the start time as HH:MM, e.g. 10:00.'),
      end: time('Write the end time as HH:MM, e.g. 12:00.'),
      slotMinutes: z
        .string()
        .optional()
        .transform(Number)
        .refine((m) => SLOT_LENGTHS.includes(m), { error: 'Choose a slot length.' }),
      capacity: trimmed
        .transform((c) => c || '1')
        .refine((c) => /^\d+$/.test(c) && Number(c) >= 1 && Number(c) <= MAX_CAPACITY, { error: `Places per slot is a whole number from 1 to ${MAX_CAPACITY}.` })
        .transform(Number),
      audience: listInput()
        .refine((a) => a.length > 0 && a.every((x) => (AUDIENCES as readonly string[]).includes(x)), { error: 'Choose who the drop-in is for.' })
        .transform((a) => AUDIENCES.filter((x) => a.includes(x))),
      place: requiredText('Say where it is, e.g. "SWIS office, room 12".', (p) => (oneLine(p).length > PLACE_MAX ? `Keep the place under ${PLACE_MAX} characters.` : undefined)).transform(oneLine),
      firstDate: isoDate('Choose the first date.').refine((d) => d >= today, { error: `The first date is in the past; choose ${calendar.formatDate(today)} or later.` }),
      lastDate: isoDate('Choose the last date.'),
    },
    (f, on) => {
      if (!on.failed('school')) {
        const workerId = workerFor(f.school, f.worker);
        if (!directory.linkWorkersOf(f.school).includes(workerId)) on.refuse('worker', `${directory.person(workerId)?.name ?? 'That person'} isn't a link worker for ${ctx.schoolName(f.school)}.`);
      }
      if (!on.failed('start') && !on.failed('end') && minutesOf(f.end) <= minutesOf(f.start)) on.refuse('end', 'The end must be after the start.');
      if (!on.failed('slotMinutes') && !on.failed('start') && !on.failed('end') && !slotTimes({ start: f.start, end: f.end, slotMinutes: f.slotMinutes }).length) {
        on.refuse('slotMinutes', `A ${f.slotMinutes}-minute slot doesn't fit between ${f.start} and ${f.end}.`);
      }
      if (!on.failed('firstDate') && !on.failed('lastDate')) {
        if (f.lastDate < f.firstDate) on.refuse('lastDate', 'The last date must not be before the first.');
        else if (f.lastDate > calendar.addDays(f.firstDate, 366)) on.refuse('lastDate', 'Set up at most a year at a time.');
      }
    },
  ).transform(({ school, worker, ...rest }) => ({ schoolId: school, workerId: workerFor(school, worker), ...rest }));
}

function refuseForm(turn: Turn, errors: Record<string, string>): void {
  turn.reply({ text: `Nothing was set up. ${Object.values(errors).join(' ')}`, formErrors: errors });
}

/** The setup form's submit. */
export async function saveSetup(ctx: DropInContext, turn: Turn): Promise<void> {
  const { calendar, directory, log } = ctx.services;
  const form = parseForm(setupFormSchema(ctx, turn.person.id, calendar.dateOf(turn.now)), turn.values);
  if (!form.ok) return refuseForm(turn, form.errors);
  const now = turn.now;
  const series: DropInSeries = {
    ...form.data,
    id: `ds-${randomUUID().slice(0, 8)}`,
    status: 'active',
    createdBy: turn.person.id,
    createdAt: now.toISOString(),
  };
  const { slots: all, skipped } = generateSlots(series, calendar);
  if (all.length > MAX_SLOTS) return refuseForm(turn, { lastDate: `That makes more than ${MAX_SLOTS} slots; choose a shorter period or longer slots.` });
  const slots = all.filter((s) => Date.parse(s.startsAt) > now.getTime());
  if (!slots.length) {
    const closed = skipped.length ? ` (${skipped.slice(0, 3).map((s) => `${calendar.formatDate(s.date)}: ${s.reason}`).join('; ')})` : '';
    return refuseForm(turn, {
      firstDate: `No school days fall on ${days(series.weekdays)} between ${calendar.formatDate(series.firstDate)} and ${calendar.formatDate(series.lastDate)}${closed}, so there would be no drop-ins.`,
    });
  }
  const clash = await firstClash(ctx, series.workerId, slots);
  if (clash) {
    return refuseForm(turn, { start: `${directory.firstName(series.workerId)} already has a drop-in at ${ctx.schoolName(clash.schoolId)} then (${ctx.when(clash)}).` });
  }
  await ctx.repo.createSeries(series, slots);
  log.info({ seriesId: series.id, schoolId: series.schoolId, slots: slots.length, by: turn.person.id }, 'drop-in series set up');
  const sessions = new Set(slots.map((s) => s.date)).size;
  const c = card('Drop-ins set up')
    .facts({
      School: ctx.schoolName(series.schoolId),
      'Run by': directory.person(series.workerId)?.name ?? series.workerId,
      When: `${days(series.weekdays)} ${series.start}–${series.end}`,
      Slots: `${series.slotMinutes} minutes, ${series.capacity} ${series.capacity === 1 ? 'place' : 'places'} each`,
      For: series.audience.map((a) => AUDIENCE_LABEL[a]).join(', '),
      Place: series.place,
      Dates: `${calendar.formatDate(series.firstDate)} to ${calendar.formatDate(series.lastDate)}`,
    })
    .text(`${sessions} sessions, ${slots.length} slots. Staff at the school can now type book.`);
  if (skipped.length) c.text(`Left out (school closed): ${skipped.map((s) => `${calendar.formatDate(s.date)} (${s.reason})`).join('; ')}`, 'subtle');
  turn.reply({
    text: `Drop-ins set up at ${ctx.schoolName(series.schoolId)}: ${days(series.weekdays)} ${series.start}–${series.end}, ${sessions} sessions, ${slots.length} slots.` +
      (skipped.length ? ` Left out ${skipped.length} closed ${skipped.length === 1 ? 'day' : 'days'}.` : ''),
    card: c.build(),
  });
}

/** The worker's first open slot that overlaps one of these, if any. */
async function firstClash(ctx: DropInContext, workerId: string, slots: DropInSlot[]): Promise<DropInSlot | undefined> {
  const from = new Date(Date.parse(slots[0].startsAt) - 4 * 3_600_000);
  const to = new Date(slots[slots.length - 1].endsAt);
  const existing = (await ctx.repo.slotsForWorker(workerId, from, to)).filter((s) => s.status === 'open');
  for (const e of existing) {
    const es = Date.parse(e.startsAt);
    const ee = Date.parse(e.endsAt);
    if (slots.some((s) => Date.parse(s.startsAt) < ee && Date.parse(s.endsAt) > es)) return e;
  }
  return undefined;
}

/** Cancels slots; each live booking is cancelled with its reminders and the booker is told. */
async function cancelSlots(ctx: DropInContext, slots: DropInSlot[], reason: string, by: string): Promise<{ slots: number; told: number }> {
  const { notifier, scheduler, directory, log } = ctx.services;
  const now = ctx.services.now().toISOString();
  let cancelledSlots = 0;
  let told = 0;
  for (const slot of slots) {
    const done = await ctx.repo.updateSlot(slot.id, (s) => (s.status === 'open' ? { ...s, status: 'cancelled', cancelReason: reason || undefined } : undefined));
    if (!done) continue;
    cancelledSlots++;
    await scheduler.cancelOwner(slotOwner(slot.id));
    for (const b of await ctx.repo.bookingsForSlot(slot.id)) {
      const cancelled = await ctx.repo.updateBooking(b.id, (x) => (isLive(x) ? { ...x, status: 'cancelled', cancelledAt: now, cancelledBy: by } : undefined));
      if (!cancelled) continue;
      await ctx.repo.release(slot.id, b.personId);
      await scheduler.cancelOwner(bookingOwner(b.id));
      if (b.status === 'booked' || b.status === 'held') {
        await notifier.toPerson(b.personId, {
          text:
            `Sorry, your drop-in with ${directory.firstName(slot.workerId)} on ${ctx.when(slot)} at ${ctx.schoolName(slot.schoolId)} has been cancelled` +
            `${reason ? `: ${reason}` : ''}. Type book to find another time.`,
        });
        told++;
      }
    }
  }
  log.info({ slots: cancelledSlots, told, by }, 'drop-in slots cancelled');
  return { slots: cancelledSlots, told };
}

async function manageableSeries(ctx: DropInContext, turn: Turn, id: string): Promise<DropInSeries | undefined> {
  const series = await ctx.repo.series(id);
  if (!series) {
    turn.reply("I can't find that drop-in timetable. Type dropin cancel to see yours.");
    return undefined;
  }
  if (!ctx.canManageSchool(turn.person.id, series.schoolId)) {
    turn.reply(`You aren't a link worker for ${ctx.schoolName(series.schoolId)}, so you can't change its drop-ins.`);
    return undefined;
  }
  return series;
}

async function upcoming(ctx: DropInContext, series: DropInSeries, now: Date): Promise<DropInSlot[]> {
  const to = ctx.services.calendar.at(ctx.services.calendar.addDays(series.lastDate, 1), '00:00');
  return (await ctx.repo.slotsForSeries(series.id, new Date(now.getTime() + 1), to)).filter((s) => s.status === 'open');
}

/** `dropin cancel`: the timetables this person may change, with what can be cancelled. */
export async function cancelMenu(ctx: DropInContext, turn: Turn): Promise<void> {
  const today = ctx.services.calendar.dateOf(turn.now);
  const all = (await Promise.all(ctx.managedSchools(turn.person.id).map((s) => ctx.repo.seriesForSchool(s)))).flat();
  const live = all.filter((s) => s.status === 'active' && s.lastDate >= today);
  if (!live.length) {
    turn.reply('There are no drop-in timetables running for your schools. Type dropin setup to set one up.');
    return;
  }
  const c = card('Cancel drop-ins');
  // Two buttons each; Adaptive Cards allow five actions.
  for (const s of live.slice(0, 2)) {
    const line = `${ctx.schoolName(s.schoolId)}: ${days(s.weekdays)} ${s.start}–${s.end}, until ${ctx.services.calendar.formatDate(s.lastDate)}`;
    c.text(line, 'heading');
    c.action(DROPIN.cancelDateForm.button(`One date (${ctx.schoolName(s.schoolId)})`, { series: s.id }));
    c.action(DROPIN.cancelRest.button(`The rest (${ctx.schoolName(s.schoolId)})`, { series: s.id }, 'danger'));
  }
  if (live.length > 2) c.text(`${live.length - 2} more timetables; cancel these first or ask business support.`, 'subtle');
  turn.reply({ text: `Drop-in timetables you can cancel: ${live.map((s) => `${ctx.schoolName(s.schoolId)} ${days(s.weekdays)} ${s.start}–${s.end}`).join('; ')}`, card: c.build() });
}

export async function cancelDateForm(ctx: DropInContext, turn: Turn, { series: id }: ActionDataOf<typeof DROPIN.cancelDateForm>): Promise<void> {
  const series = await manageableSeries(ctx, turn, id);
  if (!series) return;
  const dates = [...new Set((await upcoming(ctx, series, turn.now)).map((s) => s.date))].slice(0, 30);
  if (!dates.length) {
    turn.reply('There are no sessions left to cancel in that timetable.');
    return;
  }
  const c = card(`Cancel one date: ${ctx.schoolName(series.schoolId)}`)
    .input({ type: 'input.choice', id: 'date', label: 'Date', choices: dates.map((d) => ({ title: ctx.services.calendar.formatDate(d), value: d })), value: dates[0], required: true })
    .input({ type: 'input.text', id: 'reason', label: 'Reason, for the people booked (optional)', maxLength: 120 })
    .action(DROPIN.cancelDate.button('Cancel that date', { series: series.id }, 'danger'));
  turn.reply({ text: 'Which date should I cancel?', card: c.build(), form: true });
}

/** A short reason the bookers are told (optional; kept to 120 characters). */
const cancelReason = z
  .string()
  .optional()
  .transform((v) => (v ?? '').trim().slice(0, 120));

/** The cancel-one-date form: the date, and the reason. */
const CANCEL_DATE_FORM = z.object({ date: isoDate('Choose a date.'), reason: cancelReason });

/** The cancel-the-rest form: the reason only. */
const CANCEL_REST_FORM = z.object({ reason: cancelReason });

export async function cancelDate(ctx: DropInContext, turn: Turn, { series: id }: ActionDataOf<typeof DROPIN.cancelDate>): Promise<void> {
  const series = await manageableSeries(ctx, turn, id);
  if (!series) return;
  const { calendar } = ctx.services;
  const form = parseForm(CANCEL_DATE_FORM, turn.values);
  if (!form.ok) return void turn.reply({ text: 'Choose a date to cancel.', formErrors: form.errors });
  const { date, reason } = form.data;
  const to = calendar.at(calendar.addDays(date, 1), '00:00');
  const onDay = (await ctx.repo.slotsForSeries(series.id, calendar.at(date, '00:00'), to)).filter((s) => s.status === 'open');
  const future = onDay.filter((s) => Date.parse(s.startsAt) > turn.now.getTime());
  if (!onDay.length) {
    const msg = `There is no ${ctx.schoolName(series.schoolId)} drop-in on ${calendar.formatDate(date)} to cancel.`;
    return void turn.reply({ text: msg, formErrors: { date: msg } });
  }
  if (!future.length) {
    const msg = `The drop-in on ${calendar.formatDate(date)} has already happened.`;
    return void turn.reply({ text: msg, formErrors: { date: msg } });
  }
  const r = await cancelSlots(ctx, future, reason, turn.person.id);
  turn.reply(`Cancelled the ${ctx.schoolName(series.schoolId)} drop-in on ${calendar.formatDate(date)} (${r.slots} ${r.slots === 1 ? 'slot' : 'slots'}). ${told(r.told)}`);
}

function told(n: number): string {
  return n ? `${n} ${n === 1 ? 'person was' : 'people were'} booked and ${n === 1 ? 'has' : 'have'} been told.` : 'Nobody was booked.';
}

/** "Cancel the rest" asks first: it can touch many bookings. */
export async function cancelRestConfirm(ctx: DropInContext, turn: Turn, { series: id }: ActionDataOf<typeof DROPIN.cancelRest>): Promise<void> {
  const series = await manageableSeries(ctx, turn, id);
  if (!series) return;
  const slots = await upcoming(ctx, series, turn.now);
  if (!slots.length) return void turn.reply('There are no sessions left to cancel in that timetable.');
  const taken = (await Promise.all(slots.map((s) => ctx.repo.placesTaken(s.id)))).reduce((a, b) => a + b, 0);
  const sessions = new Set(slots.map((s) => s.date)).size;
  const c = card(`Cancel the rest: ${ctx.schoolName(series.schoolId)}`)
    .text(`${sessions} sessions from ${ctx.services.calendar.formatDate(slots[0].date)} to ${ctx.services.calendar.formatDate(slots[slots.length - 1].date)}; ${taken} booked ${taken === 1 ? 'place' : 'places'}. Everyone booked will be told.`)
    .input({ type: 'input.text', id: 'reason', label: 'Reason, for the people booked (optional)', maxLength: 120 })
    .action(DROPIN.cancelRestConfirm.button('Cancel them all', { series: series.id }, 'danger'));
  turn.reply({ text: `Cancel the remaining ${sessions} sessions at ${ctx.schoolName(series.schoolId)}?`, card: c.build(), form: true });
}

export async function cancelRest(ctx: DropInContext, turn: Turn, { series: id }: ActionDataOf<typeof DROPIN.cancelRestConfirm>): Promise<void> {
  const series = await manageableSeries(ctx, turn, id);
  if (!series) return;
  const form = parseForm(CANCEL_REST_FORM, turn.values);
  const reason = form.ok ? form.data.reason : '';
  const slots = await upcoming(ctx, series, turn.now);
  const r = await cancelSlots(ctx, slots, reason, turn.person.id);
  await ctx.repo.updateSeries(series.id, (s) => ({ ...s, status: 'cancelled' }));
  turn.reply(`Cancelled the rest of the ${ctx.schoolName(series.schoolId)} drop-ins (${r.slots} slots). ${told(r.told)}`);
}
