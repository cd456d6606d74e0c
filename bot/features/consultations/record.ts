/**
 * Turns a closed consultation into its one activity-log entry, every field the pilots' logs
 * used filled from the exchange; the whole exchange stays beside it on the consultation.
 * A later correction (the worker records the outcome after the school closed it) is an
 * amendment, never an edit.
 *
 * @example
 *   const entry = await services.activityLog.append(activityEntryFor(services, c, 'dsl.werneth'));
 */
import type { Services } from '../../core/services';
import type { ActivityEntryInput, ActivityType } from '../../../storage/activity-log';
import { categoriesById } from './guidance';
import { YES_NO_LABELS, type Consultation } from './model';

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** The worker the entry belongs to: whoever first answered, else whoever holds it. */
export function entryWorker(c: Consultation): string {
  return c.firstResponseBy ?? c.holderId;
}

/**
 * What kind of exchange it was, from the exchange itself: a discussion about a potential
 * referral when a referral was advised or made (or the school says it referred), the school's ticks suggest level 3 or above, or
 * a child was in immediate danger; otherwise other advice or information. The worker corrects
 * it (`activity #12 direct work`), which writes an amendment.
 */
export function activityTypeOf(c: Consultation): ActivityType {
  const referralTalk =
    c.immediateDanger ||
    c.outcome === 'mash_referral_advised' ||
    c.outcome === 'mash_referral_made' ||
    !!c.referral?.referred ||
    (c.indicativeLevel !== undefined && c.indicativeLevel >= 3);
  return referralTalk ? 'potential_referral_discussion' : 'advice_or_information';
}

export function activityEntryFor(services: Services, c: Consultation, recordedBy: string): ActivityEntryInput {
  const cats = categoriesById(services.config.thresholds, c.categories).map((x) => x.label);
  const query = [
    c.immediateDanger ? 'Immediate danger reported: told to call 999 and the MASH.' : '',
    cats.length ? `Concern: ${cats.join(', ')}.` : '',
    c.indicativeLevel !== undefined ? `Indicative level (school's ticks): ${c.indicativeLevel}.` : '',
    c.details ? c.details.whatHappened : '',
    c.details?.schoolActions ? `School has done: ${c.details.schoolActions}` : '',
    c.details ? `Known to social care: ${YES_NO_LABELS[c.details.knownToSocialCare]}. Parents/carers know: ${YES_NO_LABELS[c.details.parentsKnow]}.` : '',
    ...c.messages.filter((m) => m.side === 'school' && m.kind === 'reply').map((m) => m.text),
  ]
    .filter(Boolean)
    .join('\n');
  const response = c.messages
    .filter((m) => m.side === 'worker')
    .map((m) => [m.outcome ? `[${m.outcome}]` : '', m.text].filter(Boolean).join(' '))
    .join('\n');
  const measures: Record<string, number> = { escalations: c.escalations.length, immediateDanger: c.immediateDanger ? 1 : 0 };
  if (c.firstResponseAt && c.submittedAt) measures.firstResponseMs = Date.parse(c.firstResponseAt) - Date.parse(c.submittedAt);
  if (c.indicativeLevel !== undefined) measures.indicativeLevel = c.indicativeLevel;
  const team = services.directory.teamForSchool(c.schoolId);
  return {
    occurredAt: c.submittedAt ?? c.createdAt,
    schoolId: c.schoolId,
    teamId: team?.id ?? c.teamId ?? 'none',
    workerId: entryWorker(c),
    raisedBy: { personId: c.raisedBy, role: c.raisedRole },
    child: c.child,
    query: clip(query || 'Consultation', 4000),
    response: clip(response, 8000),
    activityType: activityTypeOf(c),
    // What happened: once the school says it referred, the referral was made (the advice stays in the response).
    outcome: c.referral?.referred ? 'mash_referral_made' : (c.outcome ?? 'not_recorded'),
    // Not guessed: a consultation closed before the worker gave the time says so until they record it.
    timeSpent: c.timeSpent ?? 'not_recorded',
    consent: c.details?.consent ?? 'not_asked',
    concernCategories: c.categories,
    ...(c.details ? { knownToSocialCare: c.details.knownToSocialCare } : {}),
    ...(c.referral ? { referral: c.referral } : {}),
    place: 'phone_or_online',
    source: { kind: 'consultation', id: c.id },
    measures,
    recordedBy,
  };
}
