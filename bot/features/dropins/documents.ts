/**
 * How drop-ins are stored: timetables (`dropin-series`), slots (`dropin-slot`) and bookings
 * (`dropin-booking`), each version 1 and validated on every read and write through
 * storage/documents.ts. The schemas hold the fields booking and reminders rely on and let the
 * optional rest through; a change of shape is version 2 with a migration.
 *
 * @example
 *   const b = await BOOKING_DOC.get(store, 'b-1'); // DocumentInvalid when it does not fit
 */
import { z } from 'zod';
import { defineDocument } from '../../../storage/documents';
import type { DropInBooking, DropInSeries, DropInSlot } from './model';

const id = z.string().min(1);
const at = z.string().min(1);

export const SERIES_DOC = defineDocument<DropInSeries>(
  'dropin-series',
  1,
  z.looseObject({
    id,
    schoolId: id,
    workerId: id,
    weekdays: z.array(z.string()),
    start: z.string(),
    end: z.string(),
    slotMinutes: z.number(),
    capacity: z.number().int(),
    audience: z.array(z.string()),
    firstDate: z.string(),
    lastDate: z.string(),
    status: z.enum(['active', 'cancelled']),
  }),
);

export const SLOT_DOC = defineDocument<DropInSlot>(
  'dropin-slot',
  1,
  z.looseObject({
    id,
    seriesId: id,
    schoolId: id,
    workerId: id,
    date: z.string(),
    startsAt: at,
    endsAt: at,
    capacity: z.number().int(),
    audience: z.array(z.string()),
    status: z.enum(['open', 'cancelled']),
  }),
);

export const BOOKING_DOC = defineDocument<DropInBooking>(
  'dropin-booking',
  1,
  z.looseObject({
    id,
    slotId: id,
    seriesId: id,
    schoolId: id,
    workerId: id,
    personId: id,
    startsAt: at,
    endsAt: at,
    status: z.enum(['held', 'booked', 'cancelled', 'expired']),
    createdAt: at,
  }),
);
