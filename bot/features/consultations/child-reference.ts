/**
 * Keeps identifying details out of a consultation by allowing, not guessing: a child reference
 * is accepted only if it is what the authority allows (`childData.references`): initials (2 to
 * 4 letters, optionally with dots or spaces) or a pupil number (the authority's pattern, or the
 * school's own). Anything else, and anything holding a possible date of birth, is refused with
 * a kind explanation that never echoes what was typed. Free text is checked by the core
 * (bot/core/free-text.ts), re-exported here for the consultation's callers.
 *
 * @example
 *   checkReference('JS', childData);            // undefined (fine)
 *   checkReference('J.S.', childData);          // undefined
 *   checkReference('40213', childData);         // undefined
 *   checkReference('Zeb-Quixote', childData);   // 'That looks like a name…'
 *   checkReference('030314', childData);        // 'That looks like it contains a date…'
 */
import type { ChildDataConfig } from '../../config/schema';
import { containsDate } from '../../core/dates-of-birth';
import { firstNames } from '../../core/first-names';
import { ChildRefSchema } from '../../../storage/activity-log';

export { checkFreeText } from '../../core/free-text';

const ASK = 'Please use the initials or the pupil number your school uses (for example JS, J.S. or 40213).';
const DOB_WORDS = /(d\.?o\.?b|date of birth|born|birthday)/i;
const INITIALS = /^[A-Za-z](?:[. ]?[A-Za-z]){1,3}\.?$/;

/** Initials as allowed: 2–4 letters; run together, more than two must be capitals and not a name. */
function initialsProblem(ref: string, cfg: ChildDataConfig): 'name' | 'no' | undefined {
  if (!cfg.references.initials || !INITIALS.test(ref)) return 'no';
  const letters = ref.replace(/[. ]/g, '');
  const separated = letters.length !== ref.replace(/\.$/, '').length;
  if (separated || letters.length === 2) return undefined;
  if (letters !== letters.toUpperCase()) return 'name';
  return firstNames(cfg.firstNames).has(letters.toLowerCase()) ? 'name' : undefined;
}

function pupilNumber(ref: string, cfg: ChildDataConfig, schoolId?: string): boolean {
  const own = schoolId ? cfg.references.schools[schoolId] : undefined;
  return [cfg.references.pupilNumber, own].some((p) => p !== undefined && new RegExp(p).test(ref));
}

/** A kind explanation when the reference is not one the authority allows, else undefined. */
export function checkReference(reference: string, cfg: ChildDataConfig, schoolId?: string, today: Date = new Date()): string | undefined {
  const ref = reference.trim();
  if (!ref) return `Please give a short reference for the child. ${ASK}`;
  if (containsDate(ref, today) || DOB_WORDS.test(ref))
    return `That looks like it contains a date, which could be a date of birth. I can't keep dates of birth. ${ASK}`;
  if (!ChildRefSchema.shape.reference.safeParse(ref).success) return `Please keep the reference to 12 characters or fewer. ${ASK}`;
  const initials = initialsProblem(ref, cfg);
  if (initials === undefined || pupilNumber(ref, cfg, schoolId)) return undefined;
  if (initials === 'name' || /^[\p{L}\p{M}'’. -]+$/u.test(ref))
    return `That looks like a name. To keep the child safe, names never go into this chat. ${ASK}`;
  return `That isn't a reference I can accept. ${ASK}`;
}
