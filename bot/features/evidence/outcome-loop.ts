/**
 * The outcome loop: when the advice on a consultation is a MASH referral, the worker records
 * that the school referred, or the school itself says it referred (consultations/
 * school-referral.ts), the school's DSLs and whoever raised it are asked the next working day,
 * and again a few working days later if nobody answered, "Did you make the referral? What did
 * the MASH decide?" (or, when the school already said it referred, just the decision). It
 * starts once however many of them say so. The answer is kept on the consultation and amends
 * its activity-log entry; the link worker is told.
 *
 * It listens to the activity log, not to the consultation's steps, so it works however and
 * whenever the consultation's entry is written.
 *
 * @example
 *   registerOutcomeLoop(router, services, records);
 *   // next working day 10:00 -> DSL: "Consultation #12: did you make the referral? [Referred – s.17] …"
 *   // DSL presses "Referred – s.17" -> entry amended (referral: { referred: true, decision: 's17' })
 */
import { z } from 'zod';
import { card } from '../../../cards/tree';
import type { Router } from '../../core/router';
import type { Services } from '../../core/services';
import type { Turn } from '../../core/turn';
import { PermanentFailure, type Job } from '../../scheduling/scheduler';
import { MASH_DECISIONS, type ActivityEntry, type MashDecision, type ReferralOutcome } from '../../../storage/activity-log';
import { MASH_DECISION_LABELS } from '../../core/activity-labels';
import { ConsultationRepository } from '../consultations/repository';
import { checkFreeText } from '../consultations/child-reference';
import { referralKey } from '../consultations/recording';
import type { Consultation } from '../consultations/model';
import type { EvidenceRecords, ReferralFollowUp } from './records';
import { addWorkingDays, nextWorkingDay } from './working-days';
import { EVIDENCE } from './verbs';
import { defineJob } from '../../scheduling/jobs';
import type { ActionDataOf } from '../../core/actions';
import { parseForm } from '../../core/forms';

/** The job that asks the school; its data is declared once and checked when it runs. */
export const REFERRAL_ASK_JOB = defineJob('evidence.referral-ask', z.object({ consultationId: z.string().min(1).max(80), ask: z.number().int().min(1) }));
type ReferralAskData = z.infer<typeof REFERRAL_ASK_JOB.data>;

/** The school's quick answers. "Referred – no decision yet" keeps the follow-up going. */
export const REFERRAL_ANSWERS = ['not_referred', 'waiting', ...MASH_DECISIONS] as const;
export type ReferralAnswer = (typeof REFERRAL_ANSWERS)[number];
export const REFERRAL_ANSWER_LABELS: Record<ReferralAnswer, string> = {
  not_referred: 'Not referred',
  waiting: 'Referred – no decision yet',
  ...MASH_DECISION_LABELS,
};

const ADVISED = new Set(['mash_referral_advised', 'mash_referral_made']);
const owner = (consultationId: string) => `referral:${consultationId}`;

export function describeReferral(r: ReferralOutcome): string {
  if (!r.referred) return `Not referred${r.reason ? ` (${r.reason})` : ''}`;
  return r.decision ? MASH_DECISION_LABELS[r.decision] : REFERRAL_ANSWER_LABELS.waiting;
}

/** Whom to ask: the school's DSLs and whoever raised it. */
function askWho(services: Services, c: Consultation): string[] {
  const dsls = services.directory.school(c.schoolId)?.dsls ?? [];
  return [...new Set([...dsls, c.raisedBy])];
}

function mayAnswer(services: Services, personId: string, c: Consultation): boolean {
  return askWho(services, c).includes(personId);
}

function askAt(services: Services, from: Date, afterWorkingDays: number): Date {
  const { calendar, config } = services;
  const date = afterWorkingDays === 1 ? nextWorkingDay(calendar, calendar.dateOf(from)) : addWorkingDays(calendar, calendar.dateOf(from), afterWorkingDays);
  return calendar.at(date, config.evidence.outcomeFollowUp.at);
}

async function scheduleAsk(services: Services, data: ReferralAskData, runAt: Date): Promise<void> {
  await services.scheduler.schedule({ id: `referral-ask:${data.consultationId}:${data.ask}`, kind: REFERRAL_ASK_JOB.kind, runAt, owner: owner(data.consultationId), data });
}

/** The activity log's part: start the follow-up when a consultation's entry says "refer". */
export async function onConsultationEntry(services: Services, records: EvidenceRecords, e: ActivityEntry): Promise<void> {
  if (e.source.kind !== 'consultation') return;
  const id = e.source.id;
  // The school said it referred (no decision yet): ask for the MASH's decision, whatever the advice was.
  const said = e.referral?.referred && !e.referral.decision ? e.referral : undefined;
  const existing = await records.followUp(id);
  if (existing) {
    const takeSaid = !!said && !existing.answer?.referred;
    if (existing.entryId !== e.id || takeSaid) await records.updateFollowUp(id, (f) => ({ ...f, entryId: e.id, ...(takeSaid && !f.answer?.referred ? { answer: said } : {}) }));
    return;
  }
  if ((!ADVISED.has(e.outcome) || e.referral) && !said) return;
  const started = await records.startFollowUp({
    consultationId: id,
    schoolId: e.schoolId,
    teamId: e.teamId,
    workerId: e.workerId,
    advisedAt: e.occurredAt,
    entryId: e.id,
    asked: [],
    ...(said ? { answer: said } : {}),
  });
  if (started) await scheduleAsk(services, { consultationId: id, ask: 1 }, askAt(services, services.now(), 1));
}

function askCard(services: Services, c: Consultation, f: ReferralFollowUp, again: boolean) {
  const school = services.directory.school(c.schoolId)?.name ?? c.schoolId;
  const child = c.child ? ` (${c.child.yearGroup} ${c.child.reference})` : '';
  const question = f.answer?.referred ? 'the school said it made a MASH referral. What did the MASH decide?' : 'the advice was a MASH referral. Did you make the referral? What did the MASH decide?';
  const line = `${again ? 'Reminder: ' : ''}Consultation #${c.number}${child} at ${school}: ${question}`;
  const b = card('What happened after the advice?').text(line).text('Your answer goes on the consultation and helps the council see what the service achieves.', 'subtle');
  for (const a of REFERRAL_ANSWERS) b.action(EVIDENCE.referralAnswer.button(REFERRAL_ANSWER_LABELS[a], { id: c.id, answer: a }));
  return { text: line, card: b.build() };
}

async function ask(services: Services, records: EvidenceRecords, job: Job): Promise<void> {
  const parsed = REFERRAL_ASK_JOB.data.safeParse(job.data);
  if (!parsed.success) throw new PermanentFailure(`bad ${REFERRAL_ASK_JOB.kind} job data`);
  const { consultationId, ask: n } = parsed.data;
  const f = await records.followUp(consultationId);
  if (!f || (f.answer && (!f.answer.referred || f.answer.decision))) return;
  if (f.asked.length >= n) return; // this ask already went (a job run twice)
  const c = await new ConsultationRepository(services.store).get(consultationId);
  if (!c) throw new PermanentFailure(`consultation ${consultationId} is gone`);
  const marked = await records.updateFollowUp(consultationId, (x) => (x.asked.length >= n ? undefined : { ...x, asked: [...x.asked, services.now().toISOString()] }));
  if (!marked) return;
  const reply = askCard(services, c, marked, n > 1);
  for (const p of askWho(services, c)) await services.notifier.toPerson(p, reply, { describe: `The follow-up on #${c.number}` });
  services.log.info({ consultationId, ask: n }, 'referral outcome asked');
  const { asks, reAskAfterWorkingDays } = services.config.evidence.outcomeFollowUp;
  if (n < asks) await scheduleAsk(services, { consultationId, ask: n + 1 }, askAt(services, services.now(), reAskAfterWorkingDays));
}

/** Why a consultation was not referred: a few words, screened (left empty, the form is shown again). */
const REASON_FORM = z.object({
  reason: z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim())
    .check((ctx) => {
      const problem = ctx.value ? checkFreeText(ctx.value) : undefined;
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    }),
});

function reasonForm(c: Consultation, error?: string) {
  const b = card(`Consultation #${c.number}: not referred`).input({
    type: 'input.text',
    id: 'reason',
    label: 'Why not? (a few words, no names)',
    required: true,
    maxLength: 300,
    multiline: true,
  });
  b.action(EVIDENCE.referralAnswer.button('Save', { id: c.id, answer: 'not_referred' }, 'primary'));
  return { text: `Why was #${c.number} not referred?`, card: b.build(), form: true as const, ...(error ? { formErrors: { reason: error } } : {}) };
}

async function answer(services: Services, records: EvidenceRecords, turn: Turn, data: ActionDataOf<typeof EVIDENCE.referralAnswer>): Promise<void> {
  const repo = new ConsultationRepository(services.store);
  const c = await repo.get(data.id);
  if (!c || !mayAnswer(services, turn.person.id, c)) return void turn.reply("I can't find that consultation for you.");
  const choice = data.answer as ReferralAnswer;
  if (!(REFERRAL_ANSWERS as readonly string[]).includes(choice)) return void turn.reply('That answer is from an older card. Please use the newest one.');
  const f = await records.followUp(c.id);
  if (!f) return void turn.reply(`Consultation #${c.number} is not waiting for a referral outcome.`);
  let reason = '';
  if (choice === 'not_referred') {
    const form = parseForm(REASON_FORM, turn.values);
    if (!form.ok) return void turn.reply(reasonForm(c, form.errors.reason));
    if (!form.data.reason) return void turn.reply(reasonForm(c));
    reason = form.data.reason;
  }
  const outcome: ReferralOutcome = {
    referred: choice !== 'not_referred',
    ...(choice !== 'not_referred' && choice !== 'waiting' ? { decision: choice as MashDecision } : {}),
    ...(choice === 'not_referred' ? { reason } : {}),
    answeredBy: turn.person.id,
    answeredAt: turn.now.toISOString(),
  };
  const settled = await records.updateFollowUp(c.id, (x) => (x.answer?.decision || (x.answer && !x.answer.referred) ? undefined : { ...x, answer: outcome }));
  if (!settled) {
    const f2 = await records.followUp(c.id);
    return void turn.reply(`The outcome of #${c.number} was already recorded: ${f2?.answer ? describeReferral(f2.answer) : 'answered'}.`);
  }
  const amended = await services.activityLog.amend(
    settled.entryId,
    { referral: outcome, ...(outcome.referred ? { outcome: 'mash_referral_made' as const } : {}) },
    'referral outcome from the school',
    turn.person.id,
  );
  await records.updateFollowUp(c.id, (x) => ({ ...x, entryId: amended.id }));
  await repo.update(c.id, (x) => ({
    ...x,
    referral: outcome,
    ...(outcome.referred ? { outcome: 'mash_referral_made' as const } : {}),
    ...(x.activityEntryId ? { activityEntryId: amended.id } : {}),
    // The entry already says it: the consultation's next write does not amend it again.
    ...(x.recorded ? { recorded: { ...x.recorded, referral: referralKey(outcome), ...(outcome.referred ? { outcome: 'mash_referral_made' as const } : {}) } } : {}),
  }));
  if (outcome.decision || !outcome.referred) await services.scheduler.cancelOwner(owner(c.id));
  services.log.info({ consultationId: c.id, entryId: amended.id, referred: outcome.referred, decision: outcome.decision ?? 'none' }, 'referral outcome recorded');
  const said = describeReferral(outcome);
  const school = services.directory.school(c.schoolId)?.name ?? c.schoolId;
  const workers = [...new Set([f.workerId, c.holderId])].filter((p) => p !== turn.person.id);
  for (const w of workers) await services.notifier.toPerson(w, { text: `${services.directory.person(turn.person.id)?.name ?? 'The school'} (${school}) answered on consultation #${c.number}: ${said}.` });
  const more = outcome.referred && !outcome.decision ? " I'll ask again for the MASH's decision." : '';
  turn.reply(`Thank you. Recorded on consultation #${c.number}: ${said}.${more}`);
}

export function registerOutcomeLoop(router: Router, services: Services, records: EvidenceRecords): void {
  services.scheduler.register(REFERRAL_ASK_JOB.kind, (job) => ask(services, records, job));
  router.action(EVIDENCE.referralAnswer, (turn, data) => answer(services, records, turn, data), { roles: ['dsl', 'school_staff'] });
}
