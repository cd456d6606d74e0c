/**
 * Reminders for a booked drop-in, to the booker and to the worker: the school day before at
 * limits.dropInReminders.dayBeforeAt and each offset in limits.dropInReminders.before. The
 * booker's jobs belong to `booking:<id>` (cancelling the booking takes them with it); the
 * worker's belong to `slot:<id>` and say who is booked when they fire, so a group slot sends
 * the worker one reminder, not one per booker, and a slot emptied by cancellations sends none.
 * A held place that is not confirmed in time goes back (limits.dropInHold).
 *
 * @example
 *   registerReminderJobs(ctx);
 *   await scheduleReminders(ctx, booking, slot);
 *   await scheduler.cancelOwner(`booking:${booking.id}`);
 */
import { schoolDayBefore } from '../../scheduling/school-days';
import type { DropInContext } from './context';
import type { DropInBooking, DropInSlot } from './model';
import { defineJob, handleJob, jobId, scheduleJob } from '../../scheduling/jobs';
import { z } from 'zod';

/** Which reminder it is ("day-before", "before-0", ..., see reminderTimes). */
const which = z.string().min(1).max(20);
export const REMIND_BOOKER = defineJob('dropin.remind', z.object({ bookingId: jobId, which }));
export const REMIND_WORKER = defineJob('dropin.remind.worker', z.object({ slotId: jobId, which }));
export const HOLD_EXPIRES = defineJob('dropin.hold.expire', z.object({ bookingId: jobId }));

export const bookingOwner = (id: string) => `booking:${id}`;
export const slotOwner = (id: string) => `slot:${id}`;

/** When the reminders for a slot fall, soonest last, leaving out any already past. */
export function reminderTimes(ctx: DropInContext, slot: DropInSlot, now: Date): { which: string; at: Date }[] {
  const { calendar, config } = ctx.services;
  const { dayBeforeAt, before } = config.limits.dropInReminders;
  const start = Date.parse(slot.startsAt);
  const out: { which: string; at: Date }[] = [];
  const dayBefore = schoolDayBefore(calendar, slot.date, dayBeforeAt);
  if (dayBefore) out.push({ which: 'day-before', at: dayBefore });
  before.forEach((ms, i) => out.push({ which: `before-${i}`, at: new Date(start - ms) }));
  return out.filter((r) => r.at.getTime() > now.getTime() && r.at.getTime() < start);
}

export async function scheduleReminders(ctx: DropInContext, booking: DropInBooking, slot: DropInSlot): Promise<void> {
  const { scheduler, now } = ctx.services;
  for (const r of reminderTimes(ctx, slot, now())) {
    await scheduleJob(scheduler, REMIND_BOOKER, {
      id: `dropin-remind:${booking.id}:${r.which}`,
      runAt: r.at,
      owner: bookingOwner(booking.id),
      data: { bookingId: booking.id, which: r.which },
    });
    // A stable id per slot and moment: the second booking on a group slot replaces, not adds.
    await scheduleJob(scheduler, REMIND_WORKER, {
      id: `dropin-remind-worker:${slot.id}:${r.which}`,
      runAt: r.at,
      owner: slotOwner(slot.id),
      data: { slotId: slot.id, which: r.which },
    });
  }
}

export async function scheduleHoldExpiry(ctx: DropInContext, booking: DropInBooking): Promise<void> {
  await scheduleJob(ctx.services.scheduler, HOLD_EXPIRES, {
    id: `dropin-hold:${booking.id}`,
    runAt: new Date(booking.heldUntil!),
    owner: bookingOwner(booking.id),
    data: { bookingId: booking.id },
  });
}

/** Gives a held place back once its hold has run out; a confirmed booking is left alone. */
export async function expireHold(ctx: DropInContext, bookingId: string): Promise<boolean> {
  const now = ctx.services.now();
  const expired = await ctx.repo.updateBooking(bookingId, (b) =>
    b.status === 'held' && Date.parse(b.heldUntil ?? '') <= now.getTime() ? { ...b, status: 'expired' } : undefined,
  );
  if (!expired) return false;
  await ctx.repo.release(expired.slotId, expired.personId);
  ctx.services.log.info({ bookingId, slotId: expired.slotId }, 'drop-in hold expired');
  return true;
}

/**
 * Gives back every held place on a slot whose hold has run out. The expiry job normally does
 * this; sweeping on a full slot means a job lost with the embedded scheduler's process never
 * keeps a place from the next person.
 */
export async function sweepExpiredHolds(ctx: DropInContext, slotId: string): Promise<number> {
  const now = ctx.services.now().getTime();
  const stale = (await ctx.repo.bookingsForSlot(slotId)).filter((b) => b.status === 'held' && Date.parse(b.heldUntil ?? '') <= now);
  const done = await Promise.all(stale.map((b) => expireHold(ctx, b.id)));
  return done.filter(Boolean).length;
}

function lead(which: string, ctx: DropInContext, slot: DropInSlot): string {
  if (which === 'day-before') {
    const { calendar } = ctx.services;
    const today = calendar.dateOf(ctx.services.now());
    return calendar.addDays(today, 1) === slot.date ? 'Reminder for tomorrow' : `Reminder for ${calendar.local(new Date(slot.startsAt)).toFormat('cccc')}`;
  }
  return 'Reminder: starting soon';
}

export function registerReminderJobs(ctx: DropInContext): void {
  const { scheduler, notifier, directory, log } = ctx.services;

  handleJob(scheduler, REMIND_BOOKER, async (job) => {
    const booking = await ctx.repo.booking(job.data.bookingId);
    if (!booking || booking.status !== 'booked') return;
    const slot = await ctx.repo.slot(booking.slotId);
    if (!slot || slot.status !== 'open') return;
    await notifier.toPerson(booking.personId, {
      text:
        `${lead(job.data.which, ctx, slot)}: your drop-in with ${directory.firstName(slot.workerId)}, ` +
        `${ctx.when(slot)} at ${ctx.schoolName(slot.schoolId)} (${slot.place}). ` +
        `Type bookings to see or cancel it.`,
    });
    log.debug({ bookingId: booking.id, which: job.data.which }, 'drop-in reminder sent to booker');
  });

  handleJob(scheduler, REMIND_WORKER, async (job) => {
    const slot = await ctx.repo.slot(job.data.slotId);
    if (!slot || slot.status !== 'open') return;
    const booked = (await ctx.repo.bookingsForSlot(slot.id)).filter((b) => b.status === 'booked');
    if (!booked.length) return;
    const who = booked.map((b) => `${directory.person(b.personId)?.name ?? b.personId}${b.topic ? ` (${b.topic})` : ''}`);
    await notifier.toPerson(slot.workerId, {
      text:
        `${lead(job.data.which, ctx, slot)}: drop-in at ${ctx.schoolName(slot.schoolId)}, ${ctx.when(slot)}, ${slot.place}. ` +
        `Booked: ${who.join('; ')}.`,
    });
  });

  handleJob(scheduler, HOLD_EXPIRES, async (job) => {
    await expireHold(ctx, job.data.bookingId);
  });
}

