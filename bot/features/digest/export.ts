/**
 * The evaluation-ready export: a manager's team's activity log for a date range (optionally
 * one school) as CSV, one row per entry and every version kept (a correction is its own row
 * that names the entry it amends; the entry it replaced says it is superseded), with the
 * DOMAIN.md fields as plainly named columns. Cells that a spreadsheet would run as a formula
 * are escaped. Delivered behind a short-lived download link.
 *
 * @example
 *   const csv = activityCsv(services, entries);
 *   const range = parseRange('2026-11-01 2026-11-30 greave', calendar, now, schools);
 */
import { stringify } from 'csv-stringify/sync';
import type { School } from '../../config/schema';
import type { Services } from '../../core/services';
import { NO_SCHOOL, type ActivityEntry } from '../../../storage/activity-log';
import { CONSENT_FROM_LABELS, KNOWN_LABELS, MASH_DECISION_LABELS, PLACE_LABELS } from '../../core/activity-labels';
import { ACTIVITY_LABELS, CONSENT_LABELS, OUTCOME_LABELS, ROLE_LABELS, TIME_SPENT_LABELS, isWithdrawn } from './labels';
import { schoolWords } from './quick-log';
import { currentWeek, lastCompleteWeek, parseDate } from './week';

/** Column names, in order; an evaluator reads these. */
export const EXPORT_COLUMNS = [
  'Entry ID',
  'School ID',
  'School',
  'Date',
  'Time',
  'Occurred at (UTC)',
  'Raised by role',
  'Child year group',
  'Child reference',
  'Query',
  'Response and advice',
  'Activity type',
  'Outcome',
  'Time spent',
  'Minutes',
  'Social worker ID',
  'Social worker',
  'Team ID',
  'Consent status',
  'Holding note',
  'Source',
  'Source ID',
  'Measures',
  'Recorded by',
  'Recorded at (UTC)',
  'Amends entry ID',
  'Amendment reason',
  'Superseded by correction',
  'Withdrawn',
  'Concern categories',
  'Known to social care',
  'Services signposted to',
  'Services referred to',
  'People reached',
  'Place',
  'Not tied to a school',
  'Drop-in attendance',
  'Consent from',
  'Shared without consent: what',
  'Shared without consent: with whom',
  'Shared without consent: why',
  'Shared without consent: decided by',
  'Shared without consent: at (UTC)',
  'Referral made',
  'Reason not referred',
  'MASH decision',
  'Referral outcome answered at (UTC)',
  'Re-referral of consultations',
  'Raised by (person ID)',
  'Referral outcome answered by',
] as const;

const ATTENDANCE_LABELS = { attended: 'Attended', did_not_attend: 'Did not attend', walk_in: 'Walk-in' } as const;

/** The columns issue 19 added, in EXPORT_COLUMNS order. */
function evidenceCells(services: Services, e: ActivityEntry): (string | number)[] {
  const svc = new Map(services.config.evidence.services.map((s) => [s.id, s.label]));
  const services_ = (how: 'signposted' | 'referred') => (e.services ?? []).filter((s) => s.how === how).map((s) => svc.get(s.serviceId) ?? s.serviceId).join('; ');
  const share = e.informationSharing;
  const r = e.referral;
  return [
    (e.concernCategories ?? []).join('; '),
    e.knownToSocialCare ? KNOWN_LABELS[e.knownToSocialCare] : '',
    services_('signposted'),
    services_('referred'),
    e.peopleReached ?? '',
    e.place ? PLACE_LABELS[e.place] : '',
    e.schoolId === NO_SCHOOL ? 'yes' : 'no',
    e.attendance ? ATTENDANCE_LABELS[e.attendance] : '',
    e.consentFrom ? CONSENT_FROM_LABELS[e.consentFrom] : '',
    share?.what ?? '',
    share?.withWhom ?? '',
    share?.why ?? '',
    share?.decidedBy ?? '',
    share?.at ?? '',
    r ? (r.referred ? 'yes' : 'no') : '',
    r?.reason ?? '',
    r?.decision ? MASH_DECISION_LABELS[r.decision] : '',
    r?.answeredAt ?? '',
    (e.reReferralOf ?? []).join('; '),
    e.raisedBy.personId ?? '',
    r?.answeredBy ?? '',
  ];
}

export interface ExportRange {
  from: string;
  to: string;
  schoolId?: string;
}

export function activityCsv(services: Services, entries: ActivityEntry[]): string {
  const { directory, calendar } = services;
  const amended = new Set(entries.map((e) => e.amends?.entryId).filter(Boolean));
  const rows = entries.map((e) => {
    const local = calendar.local(new Date(e.occurredAt));
    return [
      e.id,
      e.schoolId,
      e.schoolId === NO_SCHOOL ? 'Not tied to a school' : directory.school(e.schoolId)?.name ?? '',
      local.toISODate(),
      local.toFormat('HH:mm'),
      e.occurredAt,
      ROLE_LABELS[e.raisedBy.role] ?? e.raisedBy.role,
      e.child?.yearGroup ?? '',
      e.child && e.child.reference !== 'n/a' ? e.child.reference : '',
      e.query,
      e.response,
      ACTIVITY_LABELS[e.activityType],
      OUTCOME_LABELS[e.outcome],
      TIME_SPENT_LABELS[e.timeSpent],
      e.minutes ?? '',
      e.workerId,
      directory.person(e.workerId)?.name ?? '',
      e.teamId,
      CONSENT_LABELS[e.consent],
      e.holding ? 'yes' : 'no',
      e.source.kind,
      e.source.id,
      Object.entries(e.measures ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
      e.recordedBy,
      e.recordedAt,
      e.amends?.entryId ?? '',
      e.amends?.reason ?? '',
      amended.has(e.id) ? 'yes' : 'no',
      isWithdrawn(e) ? 'yes' : 'no',
      ...evidenceCells(services, e),
    ];
  });
  // The BOM lets Excel read UTF-8 (school names with ’); escape_formulas stops =, +, -, @ cells running.
  return stringify([[...EXPORT_COLUMNS], ...rows], { bom: true, escape_formulas: true, record_delimiter: 'windows' });
}

/**
 * A range as typed: two dates ("2026-11-01 2026-11-30" or "01/11/2026 30/11/2026"), one date,
 * "last week", "this week", "last month", "this month"; then optionally a school.
 */
export function parseRange(text: string, services: Services, now: Date, schools: School[]): ExportRange | undefined {
  const { calendar } = services;
  let rest = ` ${text.trim().toLowerCase()} `;
  let schoolId: string | undefined;
  for (const s of schoolWords(schools)) {
    const re = new RegExp(`\\s(?:for\\s+|at\\s+)?${s.word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=\\s)`, 'i');
    if (re.test(rest)) {
      schoolId = s.schoolId;
      rest = rest.replace(re, ' ');
      break;
    }
  }
  const t = rest.replace(/\b(from|to|until|and)\b/g, ' ').replace(/\s+/g, ' ').trim();
  const today = calendar.dateOf(now);
  if (t === 'last week') {
    const w = lastCompleteWeek(calendar, now);
    return { from: w.start, to: calendar.addDays(w.start, 6), schoolId };
  }
  if (t === 'this week') return { from: currentWeek(calendar, now).start, to: today, schoolId };
  if (t === 'this month') return { from: `${today.slice(0, 8)}01`, to: today, schoolId };
  if (t === 'last month') {
    const firstThis = `${today.slice(0, 8)}01`;
    const lastPrev = calendar.addDays(firstThis, -1);
    return { from: `${lastPrev.slice(0, 8)}01`, to: lastPrev, schoolId };
  }
  const parts = t.split(' ').filter(Boolean);
  const dates = parts.map(parseDate);
  if (parts.length === 1 && dates[0]) return { from: dates[0], to: dates[0], schoolId };
  if (parts.length === 2 && dates[0] && dates[1]) return { from: dates[0], to: dates[1], schoolId };
  return undefined;
}
