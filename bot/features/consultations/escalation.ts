/**
 * Chasing an unanswered consultation. At the response deadline (service-hours time) with no
 * first reply, it goes to the team's cover and the school is told who has it now; if cover
 * has not answered by a second deadline, the team manager is alerted. The change is a
 * compare-and-set on the consultation, so with many processes it happens exactly once.
 *
 * @example
 *   registerEscalation(ctx);
 *   await scheduleEscalation(ctx, c, 1, new Date(c.dueAt!));
 *   await services.scheduler.cancelOwner(`consultation:${c.id}`); // on the first reply
 */
import type { Job } from '../../scheduling/scheduler';
import { schoolCard, targetText, workerCard } from './cards';
import type { ConsultationContext } from './context';
import type { Consultation } from './model';
import { coverFor, dueAt } from './routing';
import { safetyNet } from '../../core/safety';
import { defineJob, handleJob, jobId, scheduleJob } from '../../scheduling/jobs';
import { z } from 'zod';

/** Stage 1 goes to cover, stage 2 alerts the manager. */
export const ESCALATE_JOB = defineJob('consultation.escalate', z.object({ consultationId: jobId, stage: z.union([z.literal(1), z.literal(2)]) }));

export function owner(id: string): string {
  return `consultation:${id}`;
}

export async function scheduleEscalation(ctx: ConsultationContext, c: Consultation, stage: 1 | 2, runAt: Date): Promise<void> {
  await scheduleJob(ctx.services.scheduler, ESCALATE_JOB, { id: `${ESCALATE_JOB.kind}:${c.id}:${stage}`, runAt, owner: owner(c.id), data: { consultationId: c.id, stage } });
}

export function registerEscalation(ctx: ConsultationContext): void {
  handleJob(ctx.services.scheduler, ESCALATE_JOB, (job) => (job.data.stage === 2 ? alertManager(ctx, job) : toCover(ctx, job)));
}

const waiting = (c: Consultation | undefined): c is Consultation => !!c && c.status === 'open' && !c.firstResponseAt;

async function toCover(ctx: ConsultationContext, job: Job): Promise<void> {
  const { services } = ctx;
  const id = String(job.data.consultationId);
  const before = await ctx.repo.get(id);
  if (!waiting(before) || before.escalations.length) return;
  const from = before.holderId;
  const to = await coverFor(before.schoolId, [from, before.linkWorkerId], services, ctx.away);
  const at = services.now();
  const c = await ctx.repo.update(id, (x) =>
    !waiting(x) || x.escalations.length
      ? undefined
      : { ...x, holderId: to, escalations: [{ at: at.toISOString(), from, to }], participants: [...new Set([...x.participants, to])] },
  );
  if (!c) return;
  await ctx.repo.addOpen(to, c);
  await ctx.repo.indexForWorker(to, c.id, at.getTime());
  services.log.info({ consultationId: c.id, from, to }, 'consultation escalated to cover');

  const target = targetText(services, c.urgency);
  const why = `No reply from ${ctx.name(from)} within ${target}`;
  await ctx.tell([to], workerCard(services, c, `Escalated to you: ${why}`, { urgent: true }), { about: c });
  const toPerson = services.directory.person(to);
  const who = `${ctx.name(to)}${toPerson?.title ? ` (${toPerson.title})` : ''}`;
  await ctx.tell(ctx.schoolSide(c, { dsls: true }), schoolCard(services, c, `Consultation #${c.number} now with ${ctx.firstName(to)}`, [`${why}, so it has gone to ${who}.`]), { about: c });
  await ctx.tell([from], { text: `Consultation #${c.number} (${ctx.schoolName(c.schoolId)}) had no reply within ${target}, so it has gone to ${ctx.name(to)}, who holds it now. Talk to ${ctx.firstName(to)} if you have something to add.` });
  await scheduleEscalation(ctx, c, 2, dueAt(services, at, c.urgency));
}

async function alertManager(ctx: ConsultationContext, job: Job): Promise<void> {
  const { services } = ctx;
  const id = String(job.data.consultationId);
  const at = services.now().toISOString();
  const c = await ctx.repo.update(id, (x) => (!waiting(x) || x.managerAlertedAt ? undefined : { ...x, managerAlertedAt: at }));
  if (!c) return;
  const manager = services.directory.teamForSchool(c.schoolId)?.manager;
  if (!manager) return;
  services.log.warn({ consultationId: c.id, managerId: manager }, 'consultation still unanswered after escalation');
  const tried = [c.linkWorkerId, ...c.escalations.map((e) => e.to)].map((p) => ctx.firstName(p));
  await ctx.tell([manager], workerCard(services, c, `Still unanswered after escalation (tried ${[...new Set(tried)].join(', ')})`, { urgent: true }), { about: c });
  await ctx.tell(ctx.schoolSide(c, { dsls: true }), {
    text: `Consultation #${c.number} still has no reply, so I've alerted ${ctx.name(manager)}, the team manager. ${safetyNet(services, services.now())}`,
  });
}
