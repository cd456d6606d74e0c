/**
 * The structured fields a quick log line may carry besides time, activity, school and child:
 * who raised it ("from senco"), where ("court", "home visit"), concern categories (the
 * authority's, by name), services signposted or referred to ("signposted kooth"), people
 * reached ("12 parents"), consent ("consent from parent", "no consent", "not safe to ask"),
 * a drop-in walk-in, and work not tied to a school ("no school"). Each is taken out of the
 * line when found, so what is left is the note.
 *
 * @example
 *   takeFields('1h group work 12 pupils signposted kooth from senco', config);
 *   // { rest: '1h group work', fields: { peopleReached: 12, services: [{ serviceId: 'kooth', how: 'signposted' }], enquirer: 'senco' } }
 */
import type { AuthorityConfig } from '../../config/schema';
import type { ActivityEntryInput, Consent, ConsentFrom, EnquirerRole, Place } from '../../../storage/activity-log';

export interface QuickFields {
  enquirer?: EnquirerRole;
  place?: Place;
  concernCategories?: string[];
  services?: NonNullable<ActivityEntryInput['services']>;
  peopleReached?: number;
  consent?: Consent;
  consentFrom?: ConsentFrom;
  walkIn?: boolean;
  noSchool?: boolean;
}

/** Words for who raised it, after "from", "raised by" or "via"; the longest match wins. */
export const ENQUIRER_WORDS: Record<EnquirerRole, string[]> = {
  dsl: ['dsl', 'ddsl', 'deputy dsl', 'safeguarding lead'],
  head_or_year_head: ['head', 'headteacher', 'head teacher', 'year head', 'head of year', 'hoy'],
  senior_leader: ['slt', 'senior leader', 'deputy head', 'assistant head'],
  senco: ['senco', 'senco team'],
  pastoral_staff: ['pastoral', 'pastoral staff', 'pastoral lead', 'learning mentor'],
  teacher: ['teacher', 'form tutor', 'class teacher', 'tutor'],
  school_nurse: ['nurse', 'school nurse'],
  parent_carer: ['parent', 'carer', 'mum', 'dad', 'mother', 'father', 'foster carer'],
  grandparent_or_family: ['gran', 'grandma', 'grandad', 'grandparent', 'nan', 'aunt', 'uncle', 'family', 'family member', 'sibling'],
  child_young_person: ['child', 'pupil', 'student', 'young person', 'yp'],
  early_help_worker: ['early help', 'early help worker', 'ehw', 'family support worker'],
  police: ['police', 'pcso', 'officer'],
  other_professional: ['professional', 'gp', 'camhs', 'health visitor', 'other professional'],
  social_worker: ['me', 'myself', 'self', 'social worker'],
};

const PLACE_WORDS: [RegExp, Place][] = [
  [/(?:^|\s)(?:at|in)\s+court(?=\s|$)|(?:^|\s)court(?=\s|$)/i, 'court'],
  [/(?:^|\s)(?:at|in|from)\s+(?:the\s+)?office(?=\s|$)|(?:^|\s)office(?=\s|$)/i, 'office'],
  [/(?:^|\s)(?:by\s+)?(?:phone|call|teams call|online|video call)(?=\s|$)/i, 'phone_or_online'],
  [/(?:^|\s)in\s+(?:the\s+)?community(?=\s|$)/i, 'community'],
  [/(?:^|\s)in\s+school(?=\s|$)/i, 'school'],
];

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cut(text: string, re: RegExp): { hit?: RegExpExecArray; rest: string } {
  const hit = re.exec(text) ?? undefined;
  if (!hit) return { rest: text };
  return { hit, rest: `${text.slice(0, hit.index)} ${text.slice(hit.index + hit[0].length)}`.replace(/\s+/g, ' ').trim() };
}

function longestFirst<T>(pairs: { word: string; value: T }[]): { word: string; value: T }[] {
  return pairs.sort((a, b) => b.word.length - a.word.length);
}

/** Category words: the id, the label, each part of a label split at "or" and "/", and a unique first word. */
export function categoryWords(config: AuthorityConfig): { word: string; value: string }[] {
  const out: { word: string; value: string }[] = [];
  for (const c of config.thresholds.categories) {
    const label = c.label.toLowerCase().replace(/\(.*?\)/g, '').trim();
    out.push({ word: c.id.replace(/-/g, ' '), value: c.id }, { word: label, value: c.id });
    for (const part of label.split(/\s+or\s+|\//)) if (part.trim().length > 3) out.push({ word: part.trim().replace(/-/g, ' '), value: c.id });
  }
  return longestFirst(out);
}

export function takeFields(line: string, config: AuthorityConfig): { rest: string; fields: QuickFields } {
  const fields: QuickFields = {};
  let rest = ` ${line} `.replace(/\s+/g, ' ');

  const noSchool = cut(rest, /(?:^|\s)(?:no school|not (?:tied to )?a school|not school)(?=\s|$)/i);
  if (noSchool.hit) [fields.noSchool, rest] = [true, noSchool.rest];

  const walk = cut(rest, /(?:^|\s)walk[- ]?in(?=\s|$)/i);
  if (walk.hit) [fields.walkIn, rest] = [true, walk.rest];

  const consentFromWords: [string, ConsentFrom][] = [['parent and child', 'parent_and_child'], ['both', 'parent_and_child'], ['parent', 'parent_carer'], ['mum', 'parent_carer'], ['dad', 'parent_carer'], ['carer', 'parent_carer'], ['child', 'child_young_person'], ['young person', 'child_young_person'], ['pupil', 'child_young_person']];
  const cf = cut(rest, new RegExp(`(?:^|\\s)consent(?:ed)?\\s+(?:from|by)\\s+(?:the\\s+)?(${consentFromWords.map(([w]) => escapeRe(w)).join('|')})(?=\\s|$)`, 'i'));
  if (cf.hit) {
    fields.consent = 'consented';
    fields.consentFrom = consentFromWords.find(([w]) => w === cf.hit![1].toLowerCase())?.[1];
    rest = cf.rest;
  } else {
    const consentWords: [RegExp, Consent][] = [
      [/(?:^|\s)not safe to ask(?=\s|$)/i, 'not_safe_to_ask'],
      [/(?:^|\s)(?:no consent|consent refused|not consented)(?=\s|$)/i, 'not_consented'],
      [/(?:^|\s)consent not asked(?=\s|$)/i, 'not_asked'],
      [/(?:^|\s)(?:consent|consented)(?=\s|$)/i, 'consented'],
    ];
    for (const [re, value] of consentWords) {
      const c = cut(rest, re);
      if (c.hit) {
        [fields.consent, rest] = [value, c.rest];
        break;
      }
    }
  }

  const services = longestFirst(config.evidence.services.flatMap((s) => [{ word: s.label.toLowerCase(), value: s.id }, { word: s.id.replace(/-/g, ' '), value: s.id }]));
  const serviceRe = new RegExp(`(?:^|\\s)(signposted|signpost|referred|refer)\\s+(?:to\\s+)?(${services.map((s) => escapeRe(s.word)).join('|')})(?=\\s|$)`, 'i');
  for (let guard = 0; guard < 5; guard++) {
    const s = cut(rest, serviceRe);
    if (!s.hit) break;
    const id = services.find((x) => x.word === s.hit![2].toLowerCase())!.value;
    const how = /^signpost/i.test(s.hit[1]) ? 'signposted' : 'referred';
    (fields.services ??= []).push({ serviceId: id, how });
    rest = s.rest;
  }

  const enquirers = longestFirst(Object.entries(ENQUIRER_WORDS).flatMap(([role, words]) => words.map((word) => ({ word, value: role as EnquirerRole }))));
  const e = cut(rest, new RegExp(`(?:^|\\s)(?:from|raised by|via|asked by)\\s+(?:the\\s+|a\\s+)?(${enquirers.map((x) => escapeRe(x.word)).join('|')})(?=\\s|$)`, 'i'));
  if (e.hit) [fields.enquirer, rest] = [enquirers.find((x) => x.word === e.hit![1].toLowerCase())!.value, e.rest];

  const people = cut(rest, /(?:^|\s)(?:group of\s+(\d{1,4})|(\d{1,4})\s+(?:people|parents|carers|pupils|children|young people|staff|attendees|families))(?=\s|$)/i);
  if (people.hit) [fields.peopleReached, rest] = [Number(people.hit[1] ?? people.hit[2]), people.rest];

  if (/(?:^|\s)home visit(?=\s|$)/i.test(rest)) fields.place = 'home_visit';
  else
    for (const [re, place] of PLACE_WORDS) {
      const p = cut(rest, re);
      if (p.hit) {
        [fields.place, rest] = [place, p.rest];
        break;
      }
    }

  const cats = new Set<string>();
  for (const c of categoryWords(config)) if (new RegExp(`(?:^|\\s)${escapeRe(c.word)}(?=\\s|$)`, 'i').test(rest)) cats.add(c.value);
  if (cats.size) fields.concernCategories = [...cats];
  return { rest: rest.trim(), fields };
}
