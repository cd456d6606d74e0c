/**
 * The second export: one row per consultation with what came of it (the advice, whether the
 * school referred, what the MASH decided and when, re-referral), from the consultations'
 * activity-log entries, corrections applied. Cells a spreadsheet would run are escaped.
 *
 * @example
 *   const csv = consultationOutcomesCsv(services, entries);
 */
import { stringify } from 'csv-stringify/sync';
import type { Services } from '../../core/services';
import type { ActivityEntry } from '../../../storage/activity-log';
import { ENQUIRER_LABELS, KNOWN_LABELS, MASH_DECISION_LABELS, OUTCOME_LABELS } from '../../core/activity-labels';
import { ACTIVITY_LABELS, CONSENT_LABELS } from '../digest/labels';

export const CONSULTATION_COLUMNS = [
  'Consultation ID',
  'Activity entry ID',
  'School ID',
  'School',
  'Comparison group',
  'Submitted at (UTC)',
  'Raised by role',
  'Child year group',
  'Concern categories',
  'Known to social care',
  'Indicative level',
  'Activity type',
  'Advice (outcome)',
  'First response (minutes)',
  'Escalations',
  'Referral made',
  'Reason not referred',
  'MASH decision',
  'Outcome answered at (UTC)',
  'Days to decision',
  'Re-referral',
  'Earlier consultation IDs',
  'Consent status',
  'Social worker ID',
] as const;

export function consultationOutcomesCsv(services: Services, entries: ActivityEntry[]): string {
  const { directory } = services;
  const rows = entries
    .filter((e) => e.source.kind === 'consultation')
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
    .map((e) => {
      const r = e.referral;
      const school = directory.school(e.schoolId);
      const days = r?.decision ? Math.round(((Date.parse(r.answeredAt) - Date.parse(e.occurredAt)) / 86_400_000) * 10) / 10 : '';
      return [
        e.source.id,
        e.id,
        e.schoolId,
        school?.name ?? '',
        school?.comparisonGroup ?? '',
        e.occurredAt,
        ENQUIRER_LABELS[e.raisedBy.role],
        e.child?.yearGroup ?? '',
        (e.concernCategories ?? []).join('; '),
        e.knownToSocialCare ? KNOWN_LABELS[e.knownToSocialCare] : '',
        e.measures?.indicativeLevel ?? '',
        ACTIVITY_LABELS[e.activityType],
        OUTCOME_LABELS[e.outcome],
        e.measures?.firstResponseMs !== undefined ? Math.round(e.measures.firstResponseMs / 60_000) : '',
        e.measures?.escalations ?? '',
        r ? (r.referred ? 'yes' : 'no') : e.outcome === 'mash_referral_made' ? 'yes' : '',
        r?.reason ?? '',
        r?.decision ? MASH_DECISION_LABELS[r.decision] : '',
        r?.answeredAt ?? '',
        days,
        e.reReferralOf?.length ? 'yes' : 'no',
        (e.reReferralOf ?? []).join('; '),
        CONSENT_LABELS[e.consent],
        e.workerId,
      ];
    });
  return stringify([[...CONSULTATION_COLUMNS], ...rows], { bom: true, escape_formulas: true, record_delimiter: 'windows' });
}
