/**
 * Every card verb of drop-ins, declared once with the data its button carries (a slot, booking
 * or timetable id). Cards build buttons from these and the handlers register on them.
 *
 * @example
 *   c.action(DROPIN.pick.button('Mon 10:00 with Amira', { slot: s.id }));
 *   router.action(DROPIN.pick, on(pickSlot), { roles: BOOKERS });
 */
import { z } from 'zod';
import { actionId, actionValue, defineAction } from '../../core/actions';

const byBooking = z.object({ booking: actionId });
const bySeries = z.object({ series: actionId });

export const DROPIN = {
  /** Free slots; `after` (epoch ms) pages on to later times. */
  book: defineAction('dropin.book', z.object({ after: actionValue.optional() })),
  pick: defineAction('dropin.pick', z.object({ slot: actionId })),
  confirm: defineAction('dropin.confirm', byBooking),
  release: defineAction('dropin.release', byBooking),
  cancelBooking: defineAction('dropin.cancel.booking', byBooking),
  mine: defineAction('dropin.mine', z.object({})),
  attendForm: defineAction('dropin.attend.form', byBooking),
  attendSave: defineAction('dropin.attend.save', byBooking),
  setupSave: defineAction('dropin.setup.save', z.object({})),
  cancelDateForm: defineAction('dropin.cancel.dateform', bySeries),
  cancelDate: defineAction('dropin.cancel.date', bySeries),
  cancelRest: defineAction('dropin.cancel.rest', bySeries),
  cancelRestConfirm: defineAction('dropin.cancel.rest.confirm', bySeries),
} as const;
