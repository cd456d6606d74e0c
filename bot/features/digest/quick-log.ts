/**
 * Reads a quick log line as a worker types it on a phone: a duration, an activity type in
 * natural words, optionally a school, optionally a child (year group and the school's short
 * reference) and a few words of note. Refuses anything that looks like a child's name or date
 * of birth: the log refers to children only by year group and reference.
 *
 * @example
 *   parseQuickLog('10m direct work Y9 attendance', schools);
 *   // { minutes: 10, activityType: 'direct_work', child: { yearGroup: 'Y9' }, note: 'attendance' }
 *   parseQuickLog('20 mins parent contact at greave Y4 AB12', schools).schoolId; // 'greave'
 */
import type { AuthorityConfig, School } from '../../config/schema';
import type { ActivityType } from '../../../storage/activity-log';
import { schoolShortName } from './labels';
import { takeFields, type QuickFields } from './quick-log-fields';

/** Natural words for each activity type; the longest match wins. */
export const ACTIVITY_WORDS: Record<ActivityType, string[]> = {
  potential_referral_discussion: ['potential referral', 'referral discussion', 'referral', 'mash', 'threshold discussion', 'threshold'],
  advice_or_information: ['advice or information', 'advice', 'information', 'info', 'consultation', 'consult', 'phone advice'],
  direct_work: ['direct work', 'direct', 'one to one', '1:1', '1-1', 'work with child', 'child work'],
  group_work: ['group work', 'group session', 'group'],
  parent_contact: ['parent contact', 'parent', 'parents', 'carer', 'carers', 'family contact', 'family', 'home visit', 'mum', 'dad'],
  drop_in: ['drop-in', 'drop in', 'dropin'],
  tas_meeting: ['tas meeting', 'team around the school', 'tas'],
  staff_training: ['staff training', 'training', 'teaching staff'],
  statutory_casework: ['statutory casework', 'statutory', 'casework', 'case work'],
};

/** The first activity named anywhere in free words ("spoke to mum" -> parent contact), if any. */
export function activityInWords(text: string): ActivityType | undefined {
  let best: { type: ActivityType; index: number; length: number } | undefined;
  for (const [type, words] of Object.entries(ACTIVITY_WORDS) as [ActivityType, string[]][]) {
    for (const w of words) {
      const m = new RegExp(`(?:^|\\s)${escapeRe(w)}(?=\\s|$)`, 'i').exec(` ${text} `);
      if (m && (!best || m.index < best.index || (m.index === best.index && w.length > best.length))) best = { type, index: m.index, length: w.length };
    }
  }
  return best?.type;
}

export interface QuickLog {
  minutes?: number;
  activityType?: ActivityType;
  schoolId?: string;
  /** Year group, and the school's reference when given. */
  child?: { yearGroup: string; reference?: string };
  note: string;
  /** Who raised it, place, categories, services, people reached, consent (when typed). */
  fields: QuickFields;
  /** Why the line cannot be logged as typed (a name or a date of birth). */
  refused?: string;
}

const MINUTE_WORD = '(?:minutes|minute|mins|min|m)(?![a-z])';
const HOUR_WORD = '(?:hours|hour|hrs|hr|h)(?![a-z])';
const DURATION = new RegExp(`(?:^|\\s)(?:(\\d+(?:\\.\\d+)?)\\s*${HOUR_WORD}(?:\\s*(\\d+)\\s*${MINUTE_WORD})?|(\\d+)\\s*${MINUTE_WORD})`, 'i');

const MONTHS = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*';
const DATE_LIKE = [
  /\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/,
  /\b\d{4}-\d{1,2}-\d{1,2}\b/,
  /\b(dob|d\.o\.b\.?|born|birthday|date of birth)\b/i,
  new RegExp(`\\b\\d{1,2}(st|nd|rd|th)?\\s+${MONTHS}\\b`, 'i'),
  new RegExp(`\\b${MONTHS}\\s+\\d{1,2}(st|nd|rd|th)?\\b`, 'i'),
];

/**
 * Capitalised words that are not names, often typed at the start of a note. Anything else
 * written like a name (Jack, Smith) is refused rather than risk a child's name in the log.
 */
const NOT_NAMES = new Set(
  (
    'i mum dad nan gran grandma grandad nana papa carer parent parents child pupil student sibling brother sister friend ' +
    'attendance behaviour exclusion neglect housing health school class teacher staff meeting call phone email text ' +
    'follow followup update concern concerns advice discussed chat talk check visit home support plan review referral ' +
    'monday tuesday wednesday thursday friday saturday sunday today yesterday morning afternoon lunch break ' +
    'english maths science art music pe re pshe send senco sen camhs gp nhs police mash tas dsl ehcp cin cp lac ' +
    'low mood anxiety anxious bullying online safety self harm worried upset angry sad tired hungry late absent'
  ).split(/\s+/),
);

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What a person might type for a school: its id, its short name, its first word when unique. */
export function schoolWords(schools: School[]): { word: string; schoolId: string }[] {
  const out: { word: string; schoolId: string }[] = [];
  const firsts = new Map<string, string[]>();
  for (const s of schools) {
    const short = schoolShortName(s.name).toLowerCase();
    out.push({ word: s.id.replace(/-/g, ' '), schoolId: s.id }, { word: s.id, schoolId: s.id }, { word: short, schoolId: s.id });
    out.push({ word: short.replace(/['’]/g, ''), schoolId: s.id }, { word: s.name.toLowerCase(), schoolId: s.id });
    const first = short.split(' ')[0];
    firsts.set(first, [...(firsts.get(first) ?? []), s.id]);
  }
  for (const [word, ids] of firsts) if (ids.length === 1 && word.length > 3) out.push({ word, schoolId: ids[0] });
  return out.sort((a, b) => b.word.length - a.word.length);
}

function take(text: string, re: RegExp): { match?: RegExpExecArray; rest: string } {
  const match = re.exec(text) ?? undefined;
  if (!match) return { rest: text };
  return { match, rest: `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}`.replace(/\s+/g, ' ').trim() };
}

/** A duration typed as "10m", "10 mins", "1h30m", "1.5h", "90 minutes"; minutes or undefined. */
export function parseMinutes(text: string): number | undefined {
  const m = DURATION.exec(` ${text.trim()}`);
  if (!m) return undefined;
  return m[3] !== undefined ? Number(m[3]) : Math.round(Number(m[1]) * 60) + Number(m[2] ?? 0);
}

/**
 * Why this cannot go into the log, if it can't: `text` is searched for anything like a date,
 * `note` (the free words, school and activity words removed) for anything written like a name.
 */
export function identifyingProblem(text: string, note = text): string | undefined {
  if (DATE_LIKE.some((re) => re.test(text))) {
    return "That looks like it includes a date (a child's date of birth must never go in the log). Leave dates out; the entry is dated automatically.";
  }
  const nameLike = note.split(/\s+/).find((w) => /^[A-Z][a-z'’-]+$/.test(w) && !NOT_NAMES.has(w.toLowerCase()));
  if (nameLike) {
    return (
      `"${nameLike}" looks like it could be a name. Refer to a child only by year group and the school's short reference ` +
      '(e.g. Y9 AB12), and write notes in lower case. Nothing was logged.'
    );
  }
  return undefined;
}

export function parseQuickLog(text: string, schools: School[], config?: AuthorityConfig): QuickLog {
  const out: QuickLog = { note: '', fields: {} };
  let rest = ` ${text.trim()} `;

  const d = take(rest, DURATION);
  if (d.match) {
    out.minutes = d.match[3] !== undefined ? Number(d.match[3]) : Math.round(Number(d.match[1]) * 60) + Number(d.match[2] ?? 0);
    rest = d.rest;
  }

  if (config) {
    const f = takeFields(rest, config);
    out.fields = f.fields;
    rest = ` ${f.rest} `;
  }
  if (out.fields.walkIn && !/drop[- ]?in/i.test(rest)) rest = `${rest} drop-in `;

  const phrases = Object.entries(ACTIVITY_WORDS)
    .flatMap(([type, words]) => words.map((w) => ({ type: type as ActivityType, w })))
    .sort((a, b) => b.w.length - a.w.length);
  let best: { type: ActivityType; index: number; length: number } | undefined;
  for (const p of phrases) {
    const m = new RegExp(`(?:^|\\s)${escapeRe(p.w)}(?=\\s|$)`, 'i').exec(rest);
    if (m && (!best || m.index < best.index)) best = { type: p.type, index: m.index, length: m[0].length };
  }
  if (best) {
    out.activityType = best.type;
    rest = `${rest.slice(0, best.index)} ${rest.slice(best.index + best.length)}`.replace(/\s+/g, ' ').trim();
  }

  for (const s of schoolWords(schools)) {
    const t = take(rest, new RegExp(`(?:^|\\s)(?:at\\s+|@)?${escapeRe(s.word)}(?=\\s|$)`, 'i'));
    if (t.match) {
      out.schoolId = s.schoolId;
      rest = t.rest;
      break;
    }
  }

  const y = take(rest, /(?:^|\s)(?:y|yr|year)\s?(\d{1,2})(?=\s|$)|(?:^|\s)(reception|nursery)(?=\s|$)/i);
  if (y.match) {
    const yearGroup = y.match[1] ? `Y${Number(y.match[1])}` : y.match[2].toLowerCase() === 'reception' ? 'R' : 'N';
    out.child = { yearGroup };
    // Keep the whole text around the year group, so the reference is the word right after it.
    const after = rest.slice(y.match.index + y.match[0].length).trim();
    const before = rest.slice(0, y.match.index).trim();
    const words = after ? after.split(/\s+/) : [];
    const ref = words[0]?.replace(/^#/, '').replace(/^ref:?/i, '');
    if (ref && /^[A-Z0-9]{1,12}$/.test(ref) && (/\d/.test(ref) || ref.length <= 4) && words[0] !== words[0].toLowerCase()) {
      out.child.reference = ref;
      words.shift();
    } else if (ref && /^\d{1,12}$/.test(ref)) {
      out.child.reference = ref;
      words.shift();
    }
    rest = [before, ...words].join(' ').trim();
  }

  out.note = rest.replace(/\s+/g, ' ').trim();
  out.refused = identifyingProblem(text.replace(DURATION, ' '), out.note);
  return out;
}
