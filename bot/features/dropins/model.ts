/**
 * The drop-in words: a series (the timetable a link worker sets up for a school), the slots it
 * generates on school days, and the bookings people make on them. Documents hold ids and the
 * booker's optional non-identifying topic, never a child's details.
 *
 * @example
 *   const series: DropInSeries = { id: 'ds-1a2b', schoolId: 'werneth', workerId: 'sw.amira',
 *     weekdays: ['mon', 'thu'], start: '10:00', end: '12:00', slotMinutes: 30, capacity: 1,
 *     audience: ['staff', 'parents'], place: 'SWIS office, room 12', firstDate: '2026-11-23', lastDate: '2026-12-18', ... };
 */

export const AUDIENCES = ['staff', 'parents', 'young_people'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const AUDIENCE_LABEL: Record<Audience, string> = {
  staff: 'School staff',
  parents: 'Parents and carers',
  young_people: 'Young people',
};

/** Who a single booking is for (one of the series' audiences). */
export const BOOKING_FOR_LABEL: Record<Audience, string> = {
  staff: 'Me / school staff',
  parents: 'A parent or carer',
  young_people: 'A young person',
};

import type { Weekday } from '../../core/weekday';

export type { Weekday };

export interface DropInSeries {
  id: string;
  schoolId: string;
  /** The link worker who runs it. */
  workerId: string;
  weekdays: Weekday[];
  /** Local times HH:MM. */
  start: string;
  end: string;
  slotMinutes: number;
  capacity: number;
  audience: Audience[];
  place: string;
  firstDate: string;
  lastDate: string;
  status: 'active' | 'cancelled';
  createdBy: string;
  createdAt: string;
}

export interface DropInSlot {
  id: string;
  seriesId: string;
  schoolId: string;
  workerId: string;
  /** Local date YYYY-MM-DD. */
  date: string;
  /** Instants, ISO. */
  startsAt: string;
  endsAt: string;
  capacity: number;
  audience: Audience[];
  place: string;
  status: 'open' | 'cancelled';
  cancelReason?: string;
}

/**
 * held: the place is taken while the booker adds a topic (expires after limits.dropInHold);
 * booked: confirmed to both sides; cancelled / expired: the place went back.
 */
export type BookingStatus = 'held' | 'booked' | 'cancelled' | 'expired';

export type Attendance = 'attended' | 'did_not_attend';

export interface DropInBooking {
  id: string;
  slotId: string;
  seriesId: string;
  schoolId: string;
  workerId: string;
  personId: string;
  startsAt: string;
  endsAt: string;
  status: BookingStatus;
  heldUntil?: string;
  /** Optional and non-identifying ("attendance worries, Y9"). */
  topic?: string;
  bookingFor?: Audience;
  createdAt: string;
  bookedAt?: string;
  cancelledAt?: string;
  cancelledBy?: string;
  attendance?: {
    outcome: Attendance;
    note: string;
    minutes?: number;
    timeSpent: string;
    recordedBy: string;
    recordedAt: string;
    activityEntryId?: string;
  };
}

/** A booking that holds or held a real place (counts for figures and reminders). */
export function isLive(b: DropInBooking): boolean {
  return b.status === 'held' || b.status === 'booked';
}
