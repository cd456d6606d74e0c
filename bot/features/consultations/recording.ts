/**
 * When a consultation reaches the activity log: its entry is written as soon as the worker
 * first responds (nothing depends on someone pressing Close), and everything after that (the
 * first outcome after "I'll call you", a change of advice, closing with something new) is an
 * amendment that keeps the earlier version. A consultation closed unanswered is written then.
 * The entry's fields come from record.ts; this file only decides when.
 *
 * @example
 *   const c2 = await recordConsultation(ctx, c, 'sw.amira');                        // first entry
 *   await recordConsultation(ctx, c2, 'sw.amira', 'advice changed: early help → MASH'); // amendment
 */
import type { ConsultationContext } from './context';
import type { Consultation } from './model';
import { activityEntryFor } from './record';

const CLAIM_MS = 5 * 365 * 86_400_000;

/** What the entry last recorded of the referral outcome, compared to see whether it changed. */
export function referralKey(r: NonNullable<Consultation['referral']>): string {
  return `${r.referred}:${r.decision ?? ''}:${r.reason ?? ''}`;
}

function snapshot(c: Consultation): NonNullable<Consultation['recorded']> {
  return { messages: c.messages.length, outcome: c.outcome, timeSpent: c.timeSpent, ...(c.referral ? { referral: referralKey(c.referral) } : {}) };
}

function unchanged(c: Consultation): boolean {
  const r = c.recorded;
  return !!r && r.messages === c.messages.length && r.outcome === c.outcome && r.timeSpent === c.timeSpent && r.referral === (c.referral ? referralKey(c.referral) : undefined);
}

/**
 * Writes the entry (first time, exactly once across processes) or an amendment when something
 * changed since it was last recorded. Returns the consultation as stored afterwards.
 */
export async function recordConsultation(ctx: ConsultationContext, c: Consultation, by: string, reason = 'consultation updated'): Promise<Consultation> {
  const { services } = ctx;
  if (!c.activityEntryId) {
    if (!(await services.store.claim(`consultation-entry:${c.id}`, CLAIM_MS))) return c;
    const entry = await services.activityLog.append(activityEntryFor(services, c, by));
    services.log.info({ consultationId: c.id, entryId: entry.id }, 'consultation recorded in the activity log');
    return (await ctx.repo.update(c.id, (x) => ({ ...x, activityEntryId: entry.id, recorded: snapshot(c) }))) ?? c;
  }
  if (unchanged(c)) return c;
  const { recordedBy: _by, ...input } = activityEntryFor(services, c, by);
  const amended = await services.activityLog.amend(c.activityEntryId, input, reason.slice(0, 500), by);
  services.log.info({ consultationId: c.id, entryId: amended.id }, 'consultation record amended');
  return (await ctx.repo.update(c.id, (x) => ({ ...x, activityEntryId: amended.id, recorded: snapshot(c) }))) ?? c;
}
