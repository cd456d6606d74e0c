/**
 * A worker's "away until <date>": while it lasts, their new consultations go straight to cover.
 * Stored with an expiry at the end of that date, and checked against the date on every read,
 * so it ends by itself.
 *
 * @example
 *   await away.set('sw.amira', '2026-11-27');
 *   await away.until('sw.amira');          // '2026-11-27' until the end of that day, then undefined
 *   parseAwayDate('until fri 27 nov', calendar, now); // '2026-11-27'
 */
import { DateTime } from 'luxon';
import type { SchoolCalendar } from '../../core/calendar';
import type { Store } from '../../../storage/store';
import { AWAY_DOC } from './document';

export class AwayRegister {
  constructor(
    private readonly store: Store,
    private readonly calendar: SchoolCalendar,
    private readonly now: () => Date,
  ) {}

  async set(personId: string, until: string): Promise<void> {
    const end = this.calendar.at(this.calendar.addDays(until, 1), '00:00').getTime();
    await AWAY_DOC.put(this.store, personId, { personId, until }, { ttlMs: Math.max(1000, end - this.now().getTime()) });
  }

  async clear(personId: string): Promise<void> {
    await AWAY_DOC.delete(this.store, personId);
  }

  /** The last day they are away (YYYY-MM-DD), or undefined when they are not away. */
  async until(personId: string): Promise<string | undefined> {
    const doc = await AWAY_DOC.get(this.store, personId);
    return doc && doc.until >= this.calendar.dateOf(this.now()) ? doc.until : undefined;
  }
}

const FORMATS = ['yyyy-MM-dd', 'd/M/yyyy', 'd/M/yy', 'd/M', 'd MMM yyyy', 'd MMMM yyyy', 'd MMM', 'd MMMM', 'ccc d MMM', 'cccc d MMMM', 'ccc d MMMM', 'cccc d MMM'];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/**
 * Reads the date in "until 27 Nov", "until Friday", "until 2026-11-27", "until tomorrow".
 * A date without a year is the next one from today. Undefined when it is not a date, or is past.
 */
export function parseAwayDate(text: string, calendar: SchoolCalendar, now: Date): string | undefined {
  const today = calendar.local(now).startOf('day');
  const words = text.trim().replace(/^until\s+/i, '').replace(/(\d)(st|nd|rd|th)\b/gi, '$1').replace(/,/g, '').trim();
  const lower = words.toLowerCase();
  if (lower === 'today') return today.toISODate()!;
  if (lower === 'tomorrow') return today.plus({ days: 1 }).toISODate()!;
  const dayIndex = WEEKDAYS.findIndex((d) => d === lower || d.slice(0, 3) === lower);
  if (dayIndex >= 0) {
    const ahead = (dayIndex + 1 - today.weekday + 7) % 7;
    return today.plus({ days: ahead }).toISODate()!;
  }
  for (const format of FORMATS) {
    let d = DateTime.fromFormat(words, format, { zone: calendar.zone, locale: 'en-GB' });
    if (!d.isValid) continue;
    if (!/y/.test(format) && d < today) d = d.plus({ years: 1 });
    return d < today ? undefined : d.toISODate()!;
  }
  return undefined;
}
