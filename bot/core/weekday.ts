/**
 * The days of the week, declared once: the config schema, the calendar, drop-in and TAS series
 * and the weekly scheduler all use this type and its names.
 *
 * @example
 *   const day: Weekday = calendar.weekday('2026-11-30'); // 'mon'
 *   WEEKDAY_NAMES[day];                                  // 'Monday'
 *   weekdaySchema.parse('fri');
 */
import { z } from 'zod';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export type Weekday = (typeof WEEKDAYS)[number];

export const weekdaySchema = z.enum(WEEKDAYS);

export const WEEKDAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};
