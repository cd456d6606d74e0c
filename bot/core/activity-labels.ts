/**
 * The words people see for the activity log's coded values (outcome, time spent), one set
 * for every feature, so a worker reads the same "5–30 minutes" on a drop-in, a consultation, a
 * TAS action and the evaluator's export.
 *
 * @example
 *   OUTCOME_LABELS.early_help      // "Early help"
 *   TIME_SPENT_LABELS['5_30']      // "5–30 minutes"
 */
import type { Outcome, TimeSpent } from '../../storage/activity-log';

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
};
