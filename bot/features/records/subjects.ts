/**
 * What a records officer can name: a subject of a subject-access request (a child by school
 * and reference, a directory person, a consultation) and a single record (a consultation, an
 * activity-log entry, a TAS action, a drop-in booking, or a staff member's own caseload, pulse
 * answer or remembered quick-log role), parsed from what they type; and, for each kind of
 * record, its owner's stored-document declaration (DOC_OF), which the records jobs read through.
 *
 * @example
 *   parseSubject('child werneth JS', directory) // { kind: 'child', schoolId: 'werneth', reference: 'JS' }
 *   parseRecord('#12')                          // { kind: 'consultation', id: 'c12' }
 *   parseRecord('caseload:sw.amira')            // { kind: 'caseload', id: 'sw.amira' }
 *   await DOC_OF.tasAction.get(store, 'A7')      // validated through tas/documents.ts
 */
import type { Directory } from '../../core/directory';
import type { DocumentDef } from '../../../storage/documents';
import { CONSULTATION_DOC } from '../consultations/document';
import { QUICK_LOG_ROLE_DOC } from '../digest/documents';
import { BOOKING_DOC } from '../dropins/documents';
import { CASELOAD_DOC, PULSE_ANSWER_DOC } from '../evidence/documents';
import { TAS_ACTION_DOC, TAS_MEETING_DOC } from '../tas/documents';
import { ACTIVITY_DOC } from '../../../storage/activity-log';

export type Subject =
  | { kind: 'child'; schoolId: string; reference: string }
  | { kind: 'person'; personId: string }
  | { kind: 'consultation'; id: string };

export type RecordKind = 'consultation' | 'activityEntry' | 'tasAction' | 'tasMeeting' | 'dropInBooking' | 'caseload' | 'pulseAnswer' | 'quickLogRole';
export interface RecordRef {
  kind: RecordKind;
  id: string;
}

/** How each kind of record is stored: its owner's declaration, read and written through it. */
export const DOC_OF: Record<RecordKind, DocumentDef<unknown>> = {
  consultation: CONSULTATION_DOC,
  activityEntry: ACTIVITY_DOC,
  tasAction: TAS_ACTION_DOC,
  tasMeeting: TAS_MEETING_DOC,
  dropInBooking: BOOKING_DOC,
  caseload: CASELOAD_DOC,
  pulseAnswer: PULSE_ANSWER_DOC,
  quickLogRole: QUICK_LOG_ROLE_DOC,
};

export const KIND_WORDS: Record<RecordKind, string> = {
  consultation: 'consultation',
  activityEntry: 'activity-log entry',
  tasAction: 'TAS action',
  tasMeeting: 'TAS meeting',
  dropInBooking: 'drop-in booking',
  caseload: 'caseload',
  pulseAnswer: 'pulse answer',
  quickLogRole: 'quick-log role',
};


/** A school reference compared the way the consultations index compares it. */
export function normalReference(reference: string): string {
  return reference.replace(/[\s.\-/]+/g, '').toUpperCase();
}

export function parseRecord(text: string): RecordRef | undefined {
  const t = text.trim();
  if (/^c-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(t)) return { kind: 'consultation', id: t.toLowerCase() };
  if (/^(#|c)\d+$/i.test(t)) return { kind: 'consultation', id: `c${t.replace(/^(#|c)/i, '')}` };
  if (/^a-[0-9a-f-]{36}$/.test(t)) return { kind: 'activityEntry', id: t };
  if (/^A\d+$/i.test(t)) return { kind: 'tasAction', id: t.toUpperCase() };
  if (/^b-[0-9a-f-]{6,36}$/.test(t)) return { kind: 'dropInBooking', id: t };
  if (/^S-[a-z0-9._-]+:\d{4}-\d{2}-\d{2}$/.test(t)) return { kind: 'tasMeeting', id: t };
  // A staff member's own records, named as a subject access export lists them.
  const staff = /^(caseload|pulseAnswer|quickLogRole):(.+)$/i.exec(t);
  if (staff) {
    const [, what, rest] = staff;
    const kind = what.toLowerCase();
    if (kind === 'caseload' && /^[a-z0-9._-]+$/i.test(rest)) return { kind: 'caseload', id: rest };
    if (kind === 'pulseanswer' && /^\d{4}-\d{2}-\d{2}:[a-z0-9._-]+$/i.test(rest)) return { kind: 'pulseAnswer', id: rest };
    if (kind === 'quicklogrole' && /^[a-z0-9._-]+:[a-z0-9._-]+$/i.test(rest)) return { kind: 'quickLogRole', id: rest };
  }
  return undefined;
}

export function subjectWords(s: Subject, directory: Directory): string {
  if (s.kind === 'child') return `child ${s.reference} at ${directory.school(s.schoolId)?.name ?? s.schoolId}`;
  if (s.kind === 'person') return `${directory.person(s.personId)?.name ?? s.personId} (${s.personId})`;
  return `consultation ${s.id}`;
}

/** "child werneth JS", "person sw.amira", "c12" / "#12" / "consultation 12". */
export function parseSubject(text: string, directory: Directory): Subject | { error: string } | undefined {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const head = (words[0] ?? '').toLowerCase();
  if (head === 'child' || head === 'pupil') {
    if (words.length < 3) return { error: 'Name the school and the reference: *child werneth JS*.' };
    const reference = words[words.length - 1];
    const schoolWords = words.slice(1, -1).join(' ').toLowerCase();
    const school = directory.school(schoolWords) ?? directory.allSchools().find((s) => s.name.toLowerCase().startsWith(schoolWords));
    if (!school) return { error: `I don't know a school called "${schoolWords}".` };
    if (reference.length > 12) return { error: 'A school reference is at most 12 characters (never a name).' };
    return { kind: 'child', schoolId: school.id, reference };
  }
  if (head === 'person') {
    const person = words[1] && directory.person(words[1]);
    return person ? { kind: 'person', personId: person.id } : { error: `"${words[1] ?? ''}" is not a person id in the directory.` };
  }
  const rest = head === 'consultation' ? words.slice(1).join(' ') : words.join(' ');
  const rec = parseRecord(/^\d+$/.test(rest) ? `c${rest}` : rest);
  if (rec?.kind === 'consultation') return { kind: 'consultation', id: rec.id };
  return undefined;
}
