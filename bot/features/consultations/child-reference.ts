/**
 * Keeps identifying details out of a consultation: the child reference must be initials or a
 * pupil number, never a name or a date; free text must not carry a date of birth. Returns a kind
 * explanation for the person, never echoing what they typed.
 *
 * @example
 *   checkReference('JS');          // undefined (fine)
 *   checkReference('Jayden Smith'); // 'That looks like a name…'
 *   checkReference('JS 03/04/15');  // 'That looks like it contains a date…'
 */
import { ChildRefSchema } from '../../../storage/activity-log';

const MONTHS = 'jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?';

/** Numeric dates (3/4/15, 2015-04-03, 03.04) and written ones (3 April, April 2015, 3rd Apr). */
const DATE_PATTERNS = [
  /\b\d{1,4}[/.-]\d{1,2}([/.-]\d{1,4})?\b/,
  new RegExp(`\\b\\d{1,2}(st|nd|rd|th)?\\s*(of\\s+)?(${MONTHS})\\b`, 'i'),
  new RegExp(`\\b(${MONTHS})\\s*\\d{1,4}\\b`, 'i'),
];

const DOB_WORDS = /\b(d\.?o\.?b\.?|date of birth|born on|birthday)\b/i;

export function containsDate(text: string): boolean {
  return DATE_PATTERNS.some((p) => p.test(text));
}

/**
 * A capitalised word ("Smith", "Amy"), two or more words of letters ("jayden smith"), or one
 * long lower-case word: references are initials or pupil numbers, so these are names.
 */
export function looksLikeName(text: string): boolean {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.some((w) => /^[A-Z][a-z'’-]{2,}$/.test(w))) return true;
  if (words.length >= 2 && words.every((w) => /^[A-Za-z'’-]{2,}$/.test(w)) && words.some((w) => /[a-z]{2}/.test(w))) return true;
  return words.length === 1 && /^[a-z'’-]{4,}$/.test(words[0]);
}

const ASK = 'Please use the initials or the pupil number your school uses (for example JS or 40213).';

/** A kind explanation when the reference could identify the child, else undefined. */
export function checkReference(reference: string): string | undefined {
  const ref = reference.trim();
  if (!ref) return `Please give a short reference for the child. ${ASK}`;
  if (containsDate(ref) || DOB_WORDS.test(ref))
    return `That looks like it contains a date, which could be a date of birth. I can't keep dates of birth. ${ASK}`;
  if (looksLikeName(ref)) return `That looks like a name. To keep the child safe, names never go into this chat. ${ASK}`;
  if (!ChildRefSchema.shape.reference.safeParse(ref).success) return `Please keep the reference to 12 characters or fewer. ${ASK}`;
  return undefined;
}

/** A kind explanation when free text carries a date of birth, else undefined. */
export function checkFreeText(text: string): string | undefined {
  if (DOB_WORDS.test(text) && containsDate(text))
    return "This mentions a date of birth. Please take it out: the year group and reference are enough, and names and dates of birth never go into this chat.";
  return undefined;
}
