/**
 * A consultation: one "is this a MASH referral?" question from a school to its link social
 * worker, the whole exchange that follows, and where it stands. The child is only a year group
 * and a short school reference; what people typed lives here and in messages, never in logs.
 *
 * @example
 *   const c: Consultation = { id: 'c-2f0…', number: 12, schoolId: 'werneth', status: 'open', urgency: 'amber', ... };
 *   QUICK_ANSWERS.early_help.outcome; // 'early_help'
 */
import type { ChildRef, Consent, Outcome, ReferralOutcome, TimeSpent } from '../../../storage/activity-log';
import type { ENQUIRER_ROLES } from '../../../storage/activity-log';
import { KNOWN_LABELS } from '../../core/activity-labels';

export type Urgency = 'red' | 'amber' | 'green';
export const URGENCIES: Urgency[] = ['red', 'amber', 'green'];

export type Side = 'school' | 'worker';
export type EnquirerRole = (typeof ENQUIRER_ROLES)[number];
export type YesNoUnknown = 'yes' | 'no' | 'dont_know';

export interface ExchangeMessage {
  at: string;
  by: string;
  side: Side;
  kind: 'question' | 'details' | 'reply' | 'answer' | 'note' | 'change';
  text: string;
  outcome?: Outcome;
  timeSpent?: TimeSpent;
}

export interface ConcernDetails {
  whatHappened: string;
  knownToSocialCare: YesNoUnknown;
  parentsKnow: YesNoUnknown;
  consent: Consent;
  schoolActions: string;
}

/** The worker changed the answer: both are kept, with the reason. */
export interface AdviceChange {
  at: string;
  by: string;
  from?: Outcome;
  to: Outcome;
  reason: string;
}

export interface Escalation {
  at: string;
  from: string;
  to: string;
}

export interface Consultation {
  id: string;
  /** The short number people see ("#12"). */
  number: number;
  schoolId: string;
  teamId?: string;
  raisedBy: string;
  raisedRole: EnquirerRole;
  status: 'draft' | 'open' | 'closed';
  immediateDanger: boolean;
  child?: ChildRef;
  categories: string[];
  indicators: string[];
  indicativeLevel?: number;
  details?: ConcernDetails;
  urgency: Urgency;
  /** The link worker it was meant for. */
  linkWorkerId: string;
  /** Who has it now (the link worker, or cover when they are away or it was escalated). */
  holderId: string;
  /** Why it went straight to cover. */
  awayUntil?: string;
  escalations: Escalation[];
  managerAlertedAt?: string;
  createdAt: string;
  submittedAt?: string;
  dueAt?: string;
  outOfHours?: boolean;
  firstResponseAt?: string;
  firstResponseBy?: string;
  messages: ExchangeMessage[];
  /** The first outcome given is the answer; later ones are explicit changes. */
  answeredAt?: string;
  answeredBy?: string;
  changes?: AdviceChange[];
  /** Danger wording was found in something the school typed. */
  dangerWords?: boolean;
  /** What the activity-log entry last recorded (so closing amends only when something is new). */
  recorded?: { messages: number; outcome?: Outcome; timeSpent?: TimeSpent; referral?: string };
  outcome?: Outcome;
  timeSpent?: TimeSpent;
  closedAt?: string;
  closedBy?: string;
  activityEntryId?: string;
  /** People with this consultation in their open list. */
  participants: string[];
  /** Earlier consultations on the same child reference at the same school (ISO instants). */
  consultedBefore: string[];
  /** After advice to refer: did the school refer, and what the MASH decided (the evidence feature asks). */
  referral?: ReferralOutcome;
}

/** The worker's quick answers, in the order the card shows them. */
export const QUICK_ANSWERS = {
  mash: { title: 'MASH referral – yes', outcome: 'mash_referral_advised' },
  early_help: { title: 'Early help', outcome: 'early_help' },
  monitor: { title: 'Advice – school to monitor', outcome: 'advice_and_monitor' },
  signpost: { title: 'Signpost to another service', outcome: 'signposted' },
  nfa: { title: 'No further action', outcome: 'no_further_action' },
  call: { title: "I'll call you", outcome: undefined },
} as const satisfies Record<string, { title: string; outcome: Outcome | undefined }>;
export type QuickAnswer = keyof typeof QUICK_ANSWERS;



export { OUTCOME_LABELS, TIME_SPENT_LABELS } from '../../core/activity-labels';

export const CONSENT_LABELS: Record<Consent, string> = {
  consented: 'Yes, consent to share',
  not_consented: 'No consent',
  not_asked: 'Not asked yet',
  not_safe_to_ask: 'Not safe to ask',
  not_applicable: 'Not applicable (nothing about a child or family shared)',
};

/** The same yes / no / don't know as the activity log's "known to social care". */
export const YES_NO_LABELS: Record<YesNoUnknown, string> = KNOWN_LABELS;

export const URGENCY_LABELS: Record<Urgency, string> = {
  red: 'Red – worried about today',
  amber: 'Amber – advice needed soon',
  green: 'Green – advice when you can',
};

export const ROUTE_LABELS: Record<string, string> = {
  universal: 'Universal services – the school monitors; no referral',
  early_help_assessment: 'Early help assessment, with the family’s consent',
  mash_referral_s17: 'MASH referral (section 17, child in need)',
  mash_referral_now_s47: 'MASH referral now, by phone (section 47)',
};

/** "#12 · Werneth School · Y9 JS": how a consultation is named to people. */
export function label(c: Consultation, schoolName: string): string {
  const child = c.child ? ` · ${c.child.yearGroup} ${c.child.reference}` : c.immediateDanger ? ' · immediate danger' : '';
  return `#${c.number} · ${schoolName}${child}`;
}
