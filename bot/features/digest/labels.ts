/**
 * Words people read for the activity log's codes (activity types, outcomes, roles, consent,
 * time bands), and the short form of a school's name for phone-sized lines.
 *
 * @example
 *   ACTIVITY_LABELS.direct_work;                 // "Direct work with a child"
 *   schoolShortName('Greave Primary School');    // "Greave"
 */
import type { ActivityEntry, ActivityType, Consent } from '../../../storage/activity-log';

export const ACTIVITY_LABELS: Record<ActivityType, string> = {
  potential_referral_discussion: 'Discussion about a potential referral',
  advice_or_information: 'Other advice or information',
  direct_work: 'Direct work with a child',
  group_work: 'Group work',
  parent_contact: 'Parent contact',
  drop_in: 'Drop-in',
  tas_meeting: 'TAS meeting',
  staff_training: 'Staff training',
  statutory_casework: 'Statutory casework',
};

/** Short words for a chart legend and a phone line. */
export const ACTIVITY_SHORT: Record<ActivityType, string> = {
  potential_referral_discussion: 'Referral talk',
  advice_or_information: 'Advice',
  direct_work: 'Direct work',
  group_work: 'Group work',
  parent_contact: 'Parent contact',
  drop_in: 'Drop-in',
  tas_meeting: 'TAS',
  staff_training: 'Training',
  statutory_casework: 'Casework',
};



export { OUTCOME_LABELS, TIME_SPENT_LABELS } from '../../core/activity-labels';

export const CONSENT_LABELS: Record<Consent, string> = {
  consented: 'Consented',
  not_consented: 'Not consented',
  not_asked: 'Not asked',
  not_safe_to_ask: 'Not safe to ask',
  not_applicable: 'Not applicable',
};

export { ENQUIRER_LABELS as ROLE_LABELS } from '../../core/activity-labels';

/** The reason an undo writes: the entry stays in the log, withdrawn, with no time. */
export const WITHDRAWN_REASON = 'Withdrawn by the worker (undo)';

/** The reason a cancelled TAS meeting's entries carry: they stay in the log, with no time, and count as withdrawn. */
export const MEETING_CANCELLED_REASON = 'TAS meeting cancelled by the chair';

export function isWithdrawn(e: { amends?: Pick<NonNullable<ActivityEntry['amends']>, 'reason'> }): boolean {
  return e.amends?.reason === WITHDRAWN_REASON || e.amends?.reason === MEETING_CANCELLED_REASON;
}

/** "St Mark's CE Primary School" -> "St Mark's": enough to know the school on a phone. */
export function schoolShortName(name: string): string {
  const short = name.replace(/\s+(CE\s+|C of E\s+|Catholic\s+|RC\s+)?((Primary|High|Secondary|Junior|Infant|Community)\s+)?(School|Academy)$/i, '').trim();
  return short || name;
}

/** "12h 30m", "45m", "0m": recorded time on a phone line. */
export function formatMinutes(minutes: number): string {
  const m = Math.round(minutes);
  const h = Math.floor(m / 60);
  const r = m % 60;
  if (!h) return `${r}m`;
  return r ? `${h}h ${r}m` : `${h}h`;
}

/** "34 h", "7.5 h": hours for a flag. */
export function formatHours(minutes: number): string {
  const h = Math.round((minutes / 60) * 10) / 10;
  return `${h} h`;
}
