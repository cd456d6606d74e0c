/**
 * Reads a due date the way a chair types it, in the authority's time zone: "today",
 * "tomorrow", "Friday" (the next Friday after today), "this Friday" (this week's, today
 * included), "next Tuesday" (Tuesday of next week), "23 Nov", "Fri 27 November 2026",
 * "27/11", "27/11/2026" and ISO "2026-11-27". The confirmation always shows the date it
 * understood, so a chair can correct it.
 *
 * @example
 *   parseNaturalDate('next Tuesday', '2026-11-23', 'Europe/London'); // { date: '2026-12-01' }
 *   parseNaturalDate('23 Nov', '2026-11-24', 'Europe/London');       // { date: '2026-11-23' } (in the past: the caller refuses it)
 */
import { DateTime } from 'luxon';

const WEEKDAYS: Record<string, number> = {
  mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, weds: 3, wednesday: 3, thu: 4, thur: 4, thurs: 4, thursday: 4,
  fri: 5, friday: 5, sat: 6, saturday: 6, sun: 7, sunday: 7,
};

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11,
  dec: 12, december: 12,
};

export type ParsedDate = { date: string } | { error: string };

export function parseNaturalDate(input: string, today: string, zone: string): ParsedDate {
  const text = input.trim().toLowerCase().replace(/[.,]/g, ' ').replace(/\s+/g, ' ').trim();
  const base = DateTime.fromISO(today, { zone });
  if (!text) return { error: 'no date given' };
  if (text === 'today') return { date: today };
  if (text === 'tomorrow') return { date: base.plus({ days: 1 }).toISODate()! };

  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso) return valid(base, Number(iso[1]), Number(iso[2]), Number(iso[3]), input);

  const rel = /^(this |next |on )?([a-z]+)$/.exec(text);
  if (rel && WEEKDAYS[rel[2]] !== undefined) {
    const target = WEEKDAYS[rel[2]];
    if (rel[1] === 'next ') {
      const nextMonday = base.minus({ days: base.weekday - 1 }).plus({ days: 7 });
      return { date: nextMonday.plus({ days: target - 1 }).toISODate()! };
    }
    const ahead = (target - base.weekday + 7) % 7;
    const days = rel[1] === 'this ' ? ahead : ahead || 7;
    return { date: base.plus({ days }).toISODate()! };
  }

  const slash = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?$/.exec(text);
  if (slash) {
    const year = slash[3] ? (slash[3].length === 2 ? 2000 + Number(slash[3]) : Number(slash[3])) : undefined;
    return withYear(base, Number(slash[1]), Number(slash[2]), year, input);
  }

  // "[weekday] 23 nov [2026]" or "[weekday] nov 23 [2026]"; an ordinal suffix is fine.
  const words = text.replace(/(\d+)(st|nd|rd|th)\b/g, '$1').split(' ');
  if (words.length && WEEKDAYS[words[0]] !== undefined) words.shift();
  const dm = /^(\d{1,2}) ([a-z]+)(?: (\d{4}))?$/.exec(words.join(' '));
  const md = /^([a-z]+) (\d{1,2})(?: (\d{4}))?$/.exec(words.join(' '));
  if (dm && MONTHS[dm[2]]) return withYear(base, Number(dm[1]), MONTHS[dm[2]], dm[3] ? Number(dm[3]) : undefined, input);
  if (md && MONTHS[md[1]]) return withYear(base, Number(md[2]), MONTHS[md[1]], md[3] ? Number(md[3]) : undefined, input);

  return { error: `I couldn't read "${input.trim()}" as a date` };
}

/**
 * Without a year: this year's date, unless it is more than half a year gone (then next
 * year's: "5 Jan" typed in December). A date only just gone stays in the past, so it is refused
 * rather than silently moved a year on.
 */
function withYear(base: DateTime, day: number, month: number, year: number | undefined, input: string): ParsedDate {
  if (year !== undefined) return valid(base, year, month, day, input);
  const thisYear = valid(base, base.year, month, day, input);
  if ('error' in thisYear) return thisYear;
  const d = DateTime.fromISO(thisYear.date, { zone: base.zone });
  return base.diff(d, 'days').days > 183 ? valid(base, base.year + 1, month, day, input) : thisYear;
}

function valid(base: DateTime, year: number, month: number, day: number, input: string): ParsedDate {
  const d = DateTime.fromObject({ year, month, day }, { zone: base.zone });
  return d.isValid ? { date: d.toISODate()! } : { error: `"${input.trim()}" is not a real date` };
}
