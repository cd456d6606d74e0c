/**
 * Drop-in sessions (issue 7): timetables on school days, booking inside the chat with an atomic
 * place per slot, reminders to both sides, the worker's view with attendance recorded into the
 * activity log, and figures for the digest. Everything runs on the Services it is given.
 *
 * @example
 *   "book a drop-in"  -> free slots this week and next as buttons
 *   "dropin setup"    -> the timetable form (link workers, business support)
 *   "dropins"         -> today's and this week's bookings per school (link workers)
 */
import type { Role } from '../../config/schema';
import type { Feature } from '../../core/services';
import type { Turn } from '../../core/turn';
import { cancelOwnBooking, confirmBooking, listBookings, pickSlot, releaseHold, showFreeSlots } from './booking';
import { dropInContext, type DropInContext } from './context';
import { dropInFigures, dropInHome } from './figures';
import { registerReminderJobs } from './reminders';
import { cancelDate, cancelDateForm, cancelMenu, cancelRest, cancelRestConfirm, saveSetup, setupForm } from './setup';
import { attendanceForm, saveAttendance, workerView } from './worker-view';
import { DROPIN } from './verbs';

const BOOKERS: Role[] = ['dsl', 'deputy_dsl', 'school_staff'];
const WORKERS: Role[] = ['social_worker', 'senior_practitioner'];
const TIMETABLERS: Role[] = [...WORKERS, 'business_support'];

export const dropIns: Feature = {
  name: 'drop-ins',
  register(router, services) {
    const ctx = dropInContext(services);
    const on = (fn: (ctx: DropInContext, turn: Turn) => Promise<void>) => (turn: Turn) => fn(ctx, turn);
    /** A card action's handler, with the press's data parsed by its verb. */
    const act = <D>(fn: (ctx: DropInContext, turn: Turn, data: D) => Promise<void>) => (turn: Turn, data: D) => fn(ctx, turn, data);

    router.command({ name: 'book', summary: 'Book a drop-in with your link social worker', roles: BOOKERS }, on(showFreeSlots));
    router.phrase(/\bbook (a |an )?drop[- ]?in\b/i, 'book');
    router.command({ name: 'bookings', summary: 'Your drop-in bookings (and cancel one)', roles: BOOKERS }, on(listBookings));
    router.action(DROPIN.book, act(showFreeSlots), { roles: BOOKERS });
    router.action(DROPIN.pick, act(pickSlot), { roles: BOOKERS });
    router.action(DROPIN.confirm, act(confirmBooking), { roles: BOOKERS });
    router.action(DROPIN.release, act(releaseHold), { roles: BOOKERS });
    router.action(DROPIN.cancelBooking, act(cancelOwnBooking), { roles: BOOKERS });

    router.command({ name: 'dropins', aliases: ['my dropins', 'my drop-ins'], summary: "Today's and this week's drop-in bookings", roles: WORKERS }, on(workerView));
    router.action(DROPIN.mine, on(workerView), { roles: WORKERS });
    router.action(DROPIN.attendForm, act(attendanceForm), { roles: WORKERS });
    router.action(DROPIN.attendSave, act(saveAttendance), { roles: WORKERS });

    router.command({ name: 'dropin setup', aliases: ['drop-in setup', 'dropins setup'], summary: 'Set up a drop-in timetable for a school', roles: TIMETABLERS }, on(setupForm));
    router.command({ name: 'dropin cancel', aliases: ['drop-in cancel', 'dropins cancel'], summary: 'Cancel one drop-in date or the rest of a timetable', roles: TIMETABLERS }, on(cancelMenu));
    router.action(DROPIN.setupSave, on(saveSetup), { roles: TIMETABLERS });
    router.action(DROPIN.cancelDateForm, act(cancelDateForm), { roles: TIMETABLERS });
    router.action(DROPIN.cancelDate, act(cancelDate), { roles: TIMETABLERS });
    router.action(DROPIN.cancelRest, act(cancelRestConfirm), { roles: TIMETABLERS });
    router.action(DROPIN.cancelRestConfirm, act(cancelRest), { roles: TIMETABLERS });

    registerReminderJobs(ctx);
    services.figures.register(dropInFigures(ctx));
    services.home.register(dropInHome(ctx));
  },
};
