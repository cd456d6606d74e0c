/**
 * Booking a drop-in, as school staff see it: `book` shows the next free slots with their link
 * worker (this week and next) as buttons; picking one takes the place atomically and holds it
 * while they add an optional non-identifying topic and who it is for; confirming tells both
 * sides and sets the reminders. `bookings` lists their own and cancels up to the minimum notice.
 *
 * Taking a place is one `reserve` on the store (a Lua script on Redis), so when fifty people
 * race for the last place exactly the slot's capacity get it and the rest are offered the next.
 *
 * @example
 *   book            -> "Free drop-in slots" [Thu 26 Nov, 10:00 with Amira] ...
 *   dropin.pick     -> form: topic, who it is for  [Confirm booking] [Let it go]
 *   dropin.confirm  -> "Booked: Thu 26 Nov, 10:00–10:30 with Amira" (Amira is told too)
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { formatDuration } from '../../config/duration';
import { card } from '../../../cards/tree';
import type { ActionDataOf } from '../../core/actions';
import { parseForm } from '../../core/forms';
import type { Reply } from '../../core/reply';
import { doneBy } from '../../core/done';
import type { Turn } from '../../core/turn';
import type { DropInContext } from './context';
import { AUDIENCES, AUDIENCE_LABEL, BOOKING_FOR_LABEL, isLive, type Audience, type DropInBooking, type DropInSlot } from './model';
import { bookingOwner, expireHold, scheduleHoldExpiry, scheduleReminders, slotOwner, sweepExpiredHolds } from './reminders';
import { DROPIN } from './verbs';

/** Adaptive Cards allow five actions by default (and five fit a phone). */
const MAX_BUTTONS = 5;
const TOPIC_MAX = 150;
/** Something that looks like a date of birth has no place in a topic. */
const DATE_LIKE = /\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}\b/;
/** A slot longer than this is not a drop-in; bounds the overlap search. */
const LONGEST_SLOT_MS = 4 * 3_600_000;

/** The end of next week (Sunday night, local time): how far `book` looks. */
function bookingHorizon(ctx: DropInContext, now: Date): Date {
  return ctx.services.calendar.local(now).endOf('week').plus({ weeks: 1 }).toJSDate();
}

/**
 * Free slots at the person's schools, soonest first, that they could book now: open, on a
 * school day, far enough ahead for the minimum notice, with a place left, not already theirs.
 */
export async function freeSlots(ctx: DropInContext, personId: string, from: Date, to: Date, limit: number): Promise<DropInSlot[]> {
  const { calendar, config } = ctx.services;
  const earliest = Math.max(from.getTime(), ctx.services.now().getTime() + config.limits.dropInMinNotice);
  const schools = ctx.bookableSchools(personId);
  const [perSchool, mine] = await Promise.all([
    Promise.all(schools.map((s) => ctx.repo.slotsForSchool(s, new Date(earliest), to))),
    ctx.repo.bookingsForPerson(personId, new Date(earliest), to),
  ]);
  const taken = new Set(mine.filter(isLive).map((b) => b.slotId));
  const candidates = perSchool
    .flat()
    .filter((s) => s.status === 'open' && !taken.has(s.id) && calendar.isSchoolDay(s.date))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const out: DropInSlot[] = [];
  for (let i = 0; i < candidates.length && out.length < limit; i += 20) {
    const batch = candidates.slice(i, i + 20);
    const counts = await Promise.all(
      batch.map(async (s) => {
        const n = await ctx.repo.placesTaken(s.id);
        return n >= s.capacity && (await sweepExpiredHolds(ctx, s.id)) ? ctx.repo.placesTaken(s.id) : n;
      }),
    );
    batch.forEach((s, j) => counts[j] < s.capacity && out.push(s));
  }
  return out.slice(0, limit);
}

function slotButtonTitle(ctx: DropInContext, slot: DropInSlot, manySchools: boolean): string {
  return manySchools ? `${ctx.slotLabel(slot)} (${ctx.schoolName(slot.schoolId)})` : ctx.slotLabel(slot);
}

/** `book`, the phrase "book a drop-in" and the welcome card's button; `after` (epoch ms, from "Later times") pages on. */
export async function showFreeSlots(ctx: DropInContext, turn: Turn, { after: later }: ActionDataOf<typeof DROPIN.book> = {}): Promise<void> {
  const schools = ctx.bookableSchools(turn.person.id);
  if (!schools.length) {
    turn.reply("You aren't linked to a school in the directory, so there are no drop-ins to book. Please ask SWIS business support to add you.");
    return;
  }
  const now = turn.now;
  const after = Number(later);
  const from = Number.isFinite(after) && after > 0 ? new Date(after + 1) : now;
  const slots = await freeSlots(ctx, turn.person.id, from, bookingHorizon(ctx, now), MAX_BUTTONS + 1);
  const workers = [...new Set(schools.flatMap((s) => ctx.services.directory.linkWorkersOf(s)))].map((w) => ctx.services.directory.firstName(w));
  if (!slots.length) {
    turn.reply(
      `There are no free drop-in slots with ${workers.join(' or ')} this week or next${from === now ? '' : ' after those'}. ` +
        `You can still ask for advice any time: type consult.`,
    );
    return;
  }
  const more = slots.length > MAX_BUTTONS;
  const shown = slots.slice(0, more ? MAX_BUTTONS - 1 : MAX_BUTTONS);
  const many = schools.length > 1;
  const c = card('Book a drop-in').text(`Free slots with ${workers.join(' or ')} this week and next. Pick one:`);
  for (const s of shown) c.action(DROPIN.pick.button(slotButtonTitle(ctx, s, many), { slot: s.id }));
  if (more) c.action(DROPIN.book.button('Later times', { after: String(Date.parse(shown[shown.length - 1].startsAt)) }));
  turn.reply({
    text: `Free drop-in slots: ${shown.map((s) => slotButtonTitle(ctx, s, many)).join('; ')}`,
    card: c.build(),
  });
}

/** The next free slot or two, as buttons, for someone who just missed one. */
async function offerNext(ctx: DropInContext, turn: Turn, lead: string, after?: DropInSlot): Promise<void> {
  const now = turn.now;
  const from = after ? new Date(Date.parse(after.startsAt) + 1) : now;
  const horizon = new Date(Math.max(bookingHorizon(ctx, now).getTime(), from.getTime() + 14 * 86_400_000));
  const next = await freeSlots(ctx, turn.person.id, from, horizon, 2);
  if (!next.length) {
    turn.reply(`${lead} There are no other free slots in the next two weeks. Type consult to ask your link worker for advice instead.`);
    return;
  }
  const c = card('Another time?').text(lead);
  for (const s of next) c.action(DROPIN.pick.button(ctx.slotLabel(s), { slot: s.id }, 'primary'));
  c.action(DROPIN.book.button('See all free slots'));
  turn.reply({ text: `${lead} The next free slot is ${ctx.slotLabel(next[0])}.`, card: c.build() });
}

/** Why this person cannot book this slot now, or undefined when they can. Changes nothing. */
async function refusal(ctx: DropInContext, turn: Turn, slot: DropInSlot): Promise<string | undefined> {
  const { calendar, config } = ctx.services;
  const now = turn.now.getTime();
  const start = Date.parse(slot.startsAt);
  if (!ctx.bookableSchools(turn.person.id).includes(slot.schoolId)) {
    return `You aren't linked to ${ctx.schoolName(slot.schoolId)}, so you can't book its drop-ins. Type book to see your own school's slots.`;
  }
  if (slot.status === 'cancelled') return `That drop-in (${ctx.slotLabel(slot)}) has been cancelled.`;
  if (start <= now) return `That slot (${ctx.slotLabel(slot)}) is in the past, so it can't be booked.`;
  if (!calendar.isSchoolDay(slot.date)) {
    const why = calendar.closure(slot.date) ?? 'not a school day';
    return `School is closed on ${calendar.formatDate(slot.date)} (${why}), so there is no drop-in that day.`;
  }
  if (start - now < config.limits.dropInMinNotice) {
    return `That slot starts in less than ${formatDuration(config.limits.dropInMinNotice)}, too soon to book here. Contact ${ctx.services.directory.firstName(slot.workerId)} directly.`;
  }
  const mine = await ctx.repo.bookingsForPerson(turn.person.id, new Date(start - LONGEST_SLOT_MS), new Date(Date.parse(slot.endsAt) - 1));
  const clash = mine.find((b) => b.status === 'booked' && b.slotId !== slot.id && Date.parse(b.endsAt) > start && Date.parse(b.startsAt) < Date.parse(slot.endsAt));
  if (clash) return `You already have a drop-in booked at that time (${ctx.slotLabel(clash)}).`;
  return undefined;
}

function holdForm(ctx: DropInContext, slot: DropInSlot, booking: DropInBooking): Reply {
  const hold = formatDuration(ctx.services.config.limits.dropInHold);
  const audience = slot.audience.length ? slot.audience : [...AUDIENCES];
  const c = card(`Book ${ctx.slotLabel(slot)}`)
    .facts({ When: ctx.when(slot), School: ctx.schoolName(slot.schoolId), Place: slot.place, 'For': audience.map((a) => AUDIENCE_LABEL[a]).join(', ') })
    .text(`I'm holding this place for you for ${hold}.`, 'subtle')
    .input({ type: 'input.choice', id: 'for', label: 'Who is it for?', choices: audience.map((a) => ({ title: BOOKING_FOR_LABEL[a], value: a })), value: booking.bookingFor ?? audience[0], required: true })
    .input({ type: 'input.text', id: 'topic', label: 'Topic (optional). No names or dates of birth, please.', placeholder: 'e.g. attendance worries, Y9', maxLength: TOPIC_MAX })
    .action(DROPIN.confirm.button('Confirm booking', { booking: booking.id }, 'primary'))
    .action(DROPIN.release.button('Let it go', { booking: booking.id }));
  return { text: `Holding ${ctx.slotLabel(slot)} for you for ${hold}. Add a topic if you like, then confirm.`, card: c.build(), form: true };
}

/** A button on the free-slot list: take the place, then ask for the topic. */
export async function pickSlot(ctx: DropInContext, turn: Turn, { slot: slotId }: ActionDataOf<typeof DROPIN.pick>): Promise<void> {
  const slot = await ctx.repo.slot(slotId);
  if (!slot) {
    turn.reply("I can't find that drop-in slot any more. Type book to see what's free.");
    return;
  }
  const refused = await refusal(ctx, turn, slot);
  if (refused) {
    if (slot.status === 'cancelled' && ctx.bookableSchools(turn.person.id).includes(slot.schoolId)) await offerNext(ctx, turn, refused, slot);
    else turn.reply(refused);
    return;
  }
  const now = turn.now;
  let result = await ctx.repo.reserve(slot, turn.person.id);
  if (result === 'full' && (await sweepExpiredHolds(ctx, slot.id))) result = await ctx.repo.reserve(slot, turn.person.id);
  if (result === 'full') {
    ctx.services.log.info({ slotId: slot.id, personId: turn.person.id }, 'drop-in slot full');
    await offerNext(ctx, turn, `Sorry, that slot (${ctx.slotLabel(slot)}) just went.`, slot);
    return;
  }
  if (result === 'already') {
    const existing = (await ctx.repo.bookingsForSlot(slot.id)).find((b) => b.personId === turn.person.id && isLive(b));
    if (existing?.status === 'booked') {
      turn.reply(`You're already booked on that slot (${ctx.slotLabel(slot)}). Type bookings to see your bookings.`);
      return;
    }
    if (existing) {
      turn.reply(holdForm(ctx, slot, existing));
      return;
    }
    // A place with no booking behind it (a crash between the two writes): take it as held now.
  }
  const booking: DropInBooking = {
    id: `b-${randomUUID().slice(0, 12)}`,
    slotId: slot.id,
    seriesId: slot.seriesId,
    schoolId: slot.schoolId,
    workerId: slot.workerId,
    personId: turn.person.id,
    startsAt: slot.startsAt,
    endsAt: slot.endsAt,
    status: 'held',
    heldUntil: new Date(now.getTime() + ctx.services.config.limits.dropInHold).toISOString(),
    createdAt: now.toISOString(),
  };
  try {
    await ctx.repo.addBooking(booking);
    await scheduleHoldExpiry(ctx, booking);
  } catch (err) {
    await ctx.repo.release(slot.id, turn.person.id);
    throw err;
  }
  turn.reply(holdForm(ctx, slot, booking));
}

function topicError(topic: string): string | undefined {
  if (topic.length > TOPIC_MAX) return `Please keep the topic under ${TOPIC_MAX} characters.`;
  if (DATE_LIKE.test(topic)) return 'Please leave out dates (of birth or otherwise) and names: a few words about the topic is enough.';
  return undefined;
}

/**
 * The hold form, for this slot: an optional topic (one line, screened for dates) and who it is
 * for, one of the slot's audiences (its first when not chosen).
 */
function confirmFormSchema(slot: DropInSlot) {
  return z.object({
    topic: z
      .string()
      .optional()
      .transform((v) => (v ?? '').trim().replace(/\s+/g, ' '))
      .check((c) => {
        const problem = topicError(c.value);
        if (problem) c.issues.push({ code: 'custom', message: problem, input: c.value });
      }),
    for: z
      .string()
      .optional()
      .transform((v) => v || slot.audience[0] || 'staff')
      .refine((a): a is Audience => slot.audience.includes(a as Audience), {
        error: `This drop-in is for ${slot.audience.map((a) => AUDIENCE_LABEL[a].toLowerCase()).join(' and ')}.`,
      }),
  });
}

/** The hold form's Confirm: the booking is made, both sides are told, reminders are set. */
export async function confirmBooking(ctx: DropInContext, turn: Turn, { booking: id }: ActionDataOf<typeof DROPIN.confirm>): Promise<void> {
  const { notifier, directory, scheduler } = ctx.services;
  const current = await ctx.repo.booking(id);
  if (!current || current.personId !== turn.person.id) {
    turn.reply("I can't find that booking. Type book to start again.");
    return;
  }
  const slot = await ctx.repo.slot(current.slotId);
  if (!slot) {
    turn.reply("I can't find that drop-in slot any more. Type book to see what's free.");
    return;
  }
  if (current.status === 'booked') {
    const text = `Already booked by ${doneBy(ctx.services, current.personId, current.bookedAt ?? turn.now)}: ${ctx.when(slot)} with ${directory.firstName(slot.workerId)}.`;
    turn.update({ text, card: bookedCard(ctx, current, slot) });
    turn.reply(text);
    return;
  }
  if (slot.status === 'cancelled') {
    await offerNext(ctx, turn, `Sorry, that drop-in (${ctx.slotLabel(slot)}) has been cancelled.`, slot);
    return;
  }
  const form = parseForm(confirmFormSchema(slot), turn.values);
  if (!form.ok) {
    turn.reply({ text: Object.values(form.errors).join(' '), formErrors: form.errors });
    return;
  }
  const { topic, for: bookingFor } = form.data;
  const now = turn.now;
  const booked = await ctx.repo.updateBooking(id, (b) =>
    b.status === 'held' && Date.parse(b.heldUntil ?? '') > now.getTime()
      ? { ...b, status: 'booked', topic: topic || undefined, bookingFor, bookedAt: now.toISOString(), heldUntil: undefined }
      : undefined,
  );
  if (!booked) {
    await expireHold(ctx, id);
    const c = card('Your hold ran out').text(`The place on ${ctx.slotLabel(slot)} went back after ${formatDuration(ctx.services.config.limits.dropInHold)}.`);
    c.action(DROPIN.pick.button('Try that slot again', { slot: slot.id }, 'primary')).action(DROPIN.book.button('See free slots'));
    turn.reply({ text: `Your hold on ${ctx.slotLabel(slot)} ran out and the place went back. Type book to try again.`, card: c.build() });
    return;
  }
  await scheduler.cancelOwner(bookingOwner(booked.id));
  await scheduleReminders(ctx, booked, slot);
  const forText = BOOKING_FOR_LABEL[bookingFor].toLowerCase();
  await notifier.toPerson(slot.workerId, {
    text:
      `New drop-in booking: ${turn.person.name} (${ctx.schoolName(slot.schoolId)}), ${ctx.when(slot)}, ${slot.place}. ` +
      `For: ${bookingFor === 'staff' ? 'school staff' : forText}.${booked.topic ? ` Topic: ${booked.topic}.` : ''}`,
    card: card('New drop-in booking')
      .facts({ Who: turn.person.name, School: ctx.schoolName(slot.schoolId), When: ctx.when(slot), Place: slot.place, For: AUDIENCE_LABEL[bookingFor], ...(booked.topic ? { Topic: booked.topic } : {}) })
      .build(),
  });
  turn.update({ text: `Booked: ${ctx.when(slot)} with ${directory.firstName(slot.workerId)} at ${slot.place}. ${directory.firstName(slot.workerId)} has been told.`, card: bookedCard(ctx, booked, slot) });
}

/** The booking's final state, in place of the slot list or the confirm form that was pressed. */
function bookedCard(ctx: DropInContext, booked: DropInBooking, slot: DropInSlot) {
  const { directory } = ctx.services;
  return card('Drop-in booked')
    .facts({ When: ctx.when(slot), With: directory.person(slot.workerId)?.name ?? slot.workerId, School: ctx.schoolName(slot.schoolId), Place: slot.place, ...(booked.topic ? { Topic: booked.topic } : {}) })
    .text(`Booked by ${doneBy(ctx.services, booked.personId, booked.bookedAt ?? ctx.services.now())}`, 'subtle')
    .text(`I'll remind you beforehand. To cancel, type bookings (up to ${formatDuration(ctx.services.config.limits.dropInMinNotice)} before).`, 'subtle')
    .build();
}

/** The hold form's "Let it go". */
export async function releaseHold(ctx: DropInContext, turn: Turn, { booking: id }: ActionDataOf<typeof DROPIN.release>): Promise<void> {
  const released = await ctx.repo.updateBooking(id, (b) =>
    b.personId === turn.person.id && b.status === 'held' ? { ...b, status: 'cancelled', cancelledAt: turn.now.toISOString(), cancelledBy: turn.person.id } : undefined,
  );
  if (!released) {
    turn.reply('There is no hold to let go of. Type bookings to see your bookings.');
    return;
  }
  await ctx.repo.release(released.slotId, released.personId);
  await ctx.services.scheduler.cancelOwner(bookingOwner(released.id));
  turn.reply("OK, I've let that slot go. Type book to pick another.");
}

/** `bookings`: the person's own upcoming drop-ins, each with a cancel button while it may be cancelled. */
export async function listBookings(ctx: DropInContext, turn: Turn): Promise<void> {
  const r = await bookingsReply(ctx, turn);
  turn.reply(r ?? 'You have no drop-ins booked. Type book to book one.');
}

/**
 * The `bookings` card: upcoming drop-ins with their cancel buttons. After a cancel it is the
 * pressed card's new state: the cancelled one says by whom and when, its button gone.
 */
async function bookingsReply(ctx: DropInContext, turn: Turn, cancelled?: DropInBooking): Promise<Reply | undefined> {
  const now = turn.now;
  const mine = (await ctx.repo.bookingsForPerson(turn.person.id, now, new Date(now.getTime() + 366 * 86_400_000))).filter((b) => b.status === 'booked');
  if (!mine.length && !cancelled) return undefined;
  const c = card('Your drop-in bookings');
  const lines: string[] = [];
  const label = (b: DropInBooking) => `${ctx.slotLabel(b)} at ${ctx.schoolName(b.schoolId)}${b.topic ? ` (${b.topic})` : ''}`;
  if (cancelled) {
    const line = `Cancelled by ${doneBy(ctx.services, cancelled.cancelledBy ?? cancelled.personId, cancelled.cancelledAt ?? now)}: ${label(cancelled)}`;
    lines.push(line);
    c.text(line, 'subtle');
  }
  if (!mine.length) c.text('No other drop-ins booked. Type book to book one.', 'subtle');
  for (const b of mine) {
    lines.push(label(b));
    c.text(label(b));
    if (!ctx.cancellable(b, now)) c.text(`Too close to cancel here; please tell ${ctx.services.directory.firstName(b.workerId)} directly.`, 'subtle');
  }
  for (const b of mine.filter((x) => ctx.cancellable(x, now)).slice(0, MAX_BUTTONS)) {
    c.action(DROPIN.cancelBooking.button(`Cancel ${ctx.services.calendar.format(new Date(b.startsAt))}`, { booking: b.id }, 'danger'));
  }
  return { text: `Your drop-in bookings: ${lines.join('; ')}`, card: c.build() };
}

/** A press on a booking already cancelled: the list card shows it so, and the answer says who cancelled it when. */
async function alreadyCancelled(ctx: DropInContext, turn: Turn, b: DropInBooking): Promise<void> {
  const text = `Already cancelled by ${doneBy(ctx.services, b.cancelledBy ?? b.personId, b.cancelledAt ?? turn.now)}: your drop-in on ${ctx.when(b)}.`;
  const list = await bookingsReply(ctx, turn, b);
  if (list && turn.event.type === 'action') turn.update({ ...list, text });
  turn.reply(text);
}

/** A booker cancels their own booking, up to the minimum notice; the worker is told. */
export async function cancelOwnBooking(ctx: DropInContext, turn: Turn, { booking: id }: ActionDataOf<typeof DROPIN.cancelBooking>): Promise<void> {
  const { directory, notifier, scheduler, config } = ctx.services;
  const b = await ctx.repo.booking(id);
  if (!b || b.personId !== turn.person.id) {
    turn.reply("I can't find that booking among yours. Type bookings to see them.");
    return;
  }
  if (b.status !== 'booked') {
    if (b.status === 'cancelled') return alreadyCancelled(ctx, turn, b);
    turn.reply('That booking was never confirmed, so there is nothing to cancel. Type bookings to see yours.');
    return;
  }
  const now = turn.now;
  if (!ctx.cancellable(b, now)) {
    turn.reply(
      `That drop-in starts in less than ${formatDuration(config.limits.dropInMinNotice)} (${ctx.slotLabel(b)}), too late to cancel here. ` +
        `Please tell ${directory.firstName(b.workerId)} directly.`,
    );
    return;
  }
  const cancelled = await ctx.repo.updateBooking(id, (x) =>
    x.status === 'booked' ? { ...x, status: 'cancelled', cancelledAt: now.toISOString(), cancelledBy: turn.person.id } : undefined,
  );
  if (!cancelled) {
    const after = await ctx.repo.booking(id);
    if (after?.status === 'cancelled') return alreadyCancelled(ctx, turn, after);
    turn.reply('That booking is already cancelled.');
    return;
  }
  await ctx.repo.release(b.slotId, b.personId);
  await scheduler.cancelOwner(bookingOwner(b.id));
  if ((await ctx.repo.bookingsForSlot(b.slotId)).every((x) => x.status !== 'booked')) await scheduler.cancelOwner(slotOwner(b.slotId));
  await notifier.toPerson(b.workerId, {
    text: `${turn.person.name} (${ctx.schoolName(b.schoolId)}) cancelled their drop-in on ${ctx.when(b)}. The slot is free again.`,
  });
  const text = `Cancelled your drop-in on ${ctx.when(b)}. ${directory.firstName(b.workerId)} has been told.`;
  const list = await bookingsReply(ctx, turn, cancelled);
  turn.update(list ? { ...list, text } : { text });
}
