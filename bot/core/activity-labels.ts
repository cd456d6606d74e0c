/**
 * The words people see for the activity log's coded values (outcome, time spent, who raised
 * it, place, consent, MASH decisions), one set for every feature, so a worker reads the same
 * "5–30 minutes" on a drop-in, a consultation, a TAS action and the evaluator's export.
 *
 * @example
 *   OUTCOME_LABELS.early_help      // "Early help"
 *   TIME_SPENT_LABELS['5_30']      // "5–30 minutes"
 *   MASH_DECISION_LABELS.s17       // "Section 17 child in need assessment"
 */
import type { ConsentFrom, EnquirerRole, KnownToSocialCare, MashDecision, Outcome, Place, TimeSpent } from '../../storage/activity-log';

export const OUTCOME_LABELS: Record<Outcome, string> = {
  mash_referral_advised: 'MASH referral advised',
  mash_referral_made: 'MASH referral made',
  early_help: 'Early help',
  signposted: 'Signposted to another service',
  advice_and_monitor: 'Advice – school to monitor',
  no_further_action: 'No further action',
  not_recorded: 'Not recorded',
};

export const TIME_SPENT_LABELS: Record<TimeSpent, string> = {
  under_5: 'Under 5 minutes',
  '5_30': '5–30 minutes',
  '30_60': '30–60 minutes',
  over_60: 'Over an hour',
  not_recorded: 'Not recorded',
};

/** Who raised it ("person making enquiry" in the pilots' logs). */
export const ENQUIRER_LABELS: Record<EnquirerRole, string> = {
  dsl: 'DSL',
  head_or_year_head: 'Head or year head',
  senior_leader: 'Other senior leader',
  senco: 'SENCO',
  pastoral_staff: 'Pastoral staff',
  teacher: 'Teacher',
  school_nurse: 'School nurse',
  parent_carer: 'Parent or carer',
  grandparent_or_family: 'Grandparent or other family',
  child_young_person: 'Child or young person',
  early_help_worker: 'Early-help worker',
  police: 'Police',
  other_professional: 'Other professional',
  social_worker: 'Social worker (own initiative)',
};

/** The short choice the quick log offers (the roles that raise most things, first). */
export const QUICK_ENQUIRERS: EnquirerRole[] = [
  'dsl',
  'head_or_year_head',
  'senior_leader',
  'senco',
  'pastoral_staff',
  'teacher',
  'school_nurse',
  'parent_carer',
  'grandparent_or_family',
  'child_young_person',
  'early_help_worker',
  'police',
  'other_professional',
  'social_worker',
];

export const PLACE_LABELS: Record<Place, string> = {
  school: 'School',
  home_visit: 'Home visit',
  office: 'Office',
  court: 'Court',
  community: 'Community',
  phone_or_online: 'Phone or online',
};

export const CONSENT_FROM_LABELS: Record<ConsentFrom, string> = {
  parent_carer: 'Parent or carer',
  child_young_person: 'Child or young person',
  parent_and_child: 'Parent and child',
  other: 'Other',
};

export const KNOWN_LABELS: Record<KnownToSocialCare, string> = { yes: 'Yes', no: 'No', dont_know: "Don't know" };

export const MASH_DECISION_LABELS: Record<MashDecision, string> = {
  nfa: 'Referred – no further action',
  early_help: 'Referred – early help',
  s17: 'Referred – section 17 child in need assessment',
  s47: 'Referred – section 47 enquiry or strategy discussion',
  already_open: 'Already open to social care',
};
