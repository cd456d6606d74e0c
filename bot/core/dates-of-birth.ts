/**
 * Finds anything in free text that could be a child's date of birth, in the ways people in
 * England write dates: 19/07/2013, 19.7.13, 2013-07-19, 19072013, 030314, 19th July 2013,
 * 19Jul2013, 3March14, July 19th, 2013, and any day and month next to a birth word (born 19/7,
 * b. 19th July, dob 19.07, birthday 3 March). A full date counts when it falls in the ages of
 * children a school or SEND service works with (2 to 25 years ago); a day and month without a
 * year counts only beside a birth word, so "seen on 3 March" is fine.
 *
 * @example
 *   findDateOfBirth('born 19/07/2013', new Date('2026-11-30'));   // 'born 19/07/2013'
 *   findDateOfBirth('seen on 3 March', new Date('2026-11-30'));   // undefined
 *   findDateOfBirth('ref 030314', new Date('2026-11-30'));        // '030314'
 */

const MONTH_WORDS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const MONTH = `(?<![a-z])(${MONTH_WORDS})\\.?(?![a-z])`;
const ORD = '(?:st|nd|rd|th)?';
const YEAR = "(?:['’]?(\\d{2})|(\\d{4}))(?!\\d)";
const BIRTH_WORD = /(?<![a-z])(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|born|birth\s*day|bday|b\.|b(?=\s*\d))/gi;

const MONTH_INDEX: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

/** Youngest and oldest age of a child or young person the service works with, in years. */
const YOUNGEST = 2;
const OLDEST = 25;

interface Found {
  at: number;
  text: string;
  day: number;
  month: number;
  /** Undefined for a day and month written without a year. */
  year?: number;
}

function monthOf(word: string): number {
  return MONTH_INDEX[word.toLowerCase().slice(0, 3)];
}

function fullYear(two: string | undefined, four: string | undefined, today: Date): number {
  if (four) return Number(four);
  const yy = Number(two);
  const century = Math.floor(today.getUTCFullYear() / 100) * 100;
  return century + yy > today.getUTCFullYear() ? century - 100 + yy : century + yy;
}

function realDay(day: number, month: number, year = 2000): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Written forms: 19th July 2013, 19 Jul 13, 3March14, 19-Jul-2013, the 19th of July. */
function written(text: string, today: Date): Found[] {
  const out: Found[] = [];
  const dayFirst = new RegExp(`(?<!\\d)(\\d{1,2})\\s*${ORD}\\s*(?:of\\s+)?[-/ ]?\\s*${MONTH}(?:\\s*[-/,]?\\s*${YEAR})?`, 'gi');
  for (const m of text.matchAll(dayFirst)) {
    const year = m[3] || m[4] ? fullYear(m[3], m[4], today) : undefined;
    out.push({ at: m.index, text: m[0], day: Number(m[1]), month: monthOf(m[2]), year });
  }
  const monthFirst = new RegExp(`${MONTH}\\s*(\\d{1,2})${ORD}(?![\\d:])(?:\\s*,?\\s*${YEAR})?`, 'gi');
  for (const m of text.matchAll(monthFirst)) {
    const year = m[3] || m[4] ? fullYear(m[3], m[4], today) : undefined;
    out.push({ at: m.index, text: m[0], day: Number(m[2]), month: monthOf(m[1]), year });
  }
  return out;
}

/** Numeric forms: 19/07/2013, 19.7.13, 19-07-13, 2013-07-19, 19/7 (day and month only). */
function numeric(text: string, today: Date): Found[] {
  const out: Found[] = [];
  for (const m of text.matchAll(/(?<!\d)(\d{1,2})\s*([-/.\\])\s*(\d{1,2})(?:\s*\2\s*(\d{4}|\d{2}))?(?![\d:])/g)) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const year = m[4] ? fullYear(m[4].length === 2 ? m[4] : undefined, m[4].length === 4 ? m[4] : undefined, today) : undefined;
    // UK order first; the US order too, since either could be someone's birthday.
    out.push({ at: m.index, text: m[0], day: a, month: b, year }, { at: m.index, text: m[0], day: b, month: a, year });
  }
  for (const m of text.matchAll(/(?<!\d)(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?!\d)/g))
    out.push({ at: m.index, text: m[0], day: Number(m[4]), month: Number(m[3]), year: Number(m[1]) });
  return out;
}

/** Digits run together: 19072013 (ddmmyyyy), 20130719 (yyyymmdd), 030314 (ddmmyy), 190713. */
function compact(text: string, today: Date): Found[] {
  const out: Found[] = [];
  for (const m of text.matchAll(/(?<!\d)(\d{6}|\d{8})(?!\d)/g)) {
    const s = m[1];
    if (s.length === 8) {
      out.push({ at: m.index, text: s, day: Number(s.slice(0, 2)), month: Number(s.slice(2, 4)), year: Number(s.slice(4)) });
      out.push({ at: m.index, text: s, day: Number(s.slice(6)), month: Number(s.slice(4, 6)), year: Number(s.slice(0, 4)) });
    } else {
      out.push({ at: m.index, text: s, day: Number(s.slice(0, 2)), month: Number(s.slice(2, 4)), year: fullYear(s.slice(4), undefined, today) });
    }
  }
  return out;
}

function childAge(f: Found, today: Date): boolean {
  if (f.year === undefined || !realDay(f.day, f.month, f.year)) return false;
  const born = Date.UTC(f.year, f.month - 1, f.day);
  const y = today.getUTCFullYear();
  const latest = Date.UTC(y - YOUNGEST, today.getUTCMonth(), today.getUTCDate());
  const earliest = Date.UTC(y - OLDEST, today.getUTCMonth(), today.getUTCDate());
  return born >= earliest && born <= latest;
}

/** Start offsets of birth words ("born", "dob", "b.", "date of birth", "birthday"). */
function birthWords(text: string): { start: number; end: number }[] {
  return [...text.matchAll(BIRTH_WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** Any real day and month, with or without a year (for references, where no date belongs). */
export function containsDate(text: string, today: Date = new Date()): boolean {
  return [...written(text, today), ...numeric(text, today), ...compact(text, today)].some((f) => realDay(f.day, f.month, f.year ?? 2000));
}

/**
 * The first thing in `text` that could be a child's date of birth, or undefined. `today` sets
 * which years count (a child's, not this week's meeting date).
 */
export function findDateOfBirth(text: string, today: Date = new Date()): string | undefined {
  const candidates = [...written(text, today), ...numeric(text, today), ...compact(text, today)];
  const words = birthWords(text);
  for (const f of candidates.sort((a, b) => a.at - b.at)) {
    if (childAge(f, today)) return f.text.trim();
    // A day and month (any year, or none) right after a birth word: "born 19/7", "b. 3rd March 2024".
    const nearBirthWord = words.some((w) => w.end <= f.at && f.at - w.end <= 12);
    if (nearBirthWord && realDay(f.day, f.month, f.year ?? 2000)) return f.text.trim();
  }
  return undefined;
}
