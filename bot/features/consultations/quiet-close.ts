/**
 * Nothing about a consultation depends on someone pressing Close: an open consultation with
 * nothing new for `limits.consultationQuietClose` is closed by the bot, its activity-log entry
 * completed, and both sides told. Each new message moves the job on (same job id, replaced).
 *
 * @example
 *   registerQuietClose(ctx);
 *   await scheduleQuietClose(ctx, c, now); // after every message
 */
import type { ConsultationContext } from './context';
import type { Consultation } from './model';
import { defineJob, handleJob, jobId, scheduleJob } from '../../scheduling/jobs';
import { z } from 'zod';

export const QUIET_CLOSE_JOB = defineJob('consultation.quiet-close', z.object({ consultationId: jobId }));

export function quietOwner(id: string): string {
  return `consultation-quiet:${id}`;
}

export async function scheduleQuietClose(ctx: ConsultationContext, c: Consultation, from: Date): Promise<void> {
  const runAt = new Date(from.getTime() + ctx.services.config.limits.consultationQuietClose);
  await scheduleJob(ctx.services.scheduler, QUIET_CLOSE_JOB, { id: `${QUIET_CLOSE_JOB.kind}:${c.id}`, runAt, owner: quietOwner(c.id), data: { consultationId: c.id } });
}

function lastActivity(c: Consultation): number {
  return Math.max(Date.parse(c.submittedAt ?? c.createdAt), ...c.messages.map((m) => Date.parse(m.at)));
}

export function registerQuietClose(ctx: ConsultationContext, close: (c: Consultation) => Promise<void>): void {
  handleJob(ctx.services.scheduler, QUIET_CLOSE_JOB, async (job) => {
    const c = await ctx.repo.get(job.data.consultationId);
    if (!c || c.status !== 'open') return;
    const due = lastActivity(c) + ctx.services.config.limits.consultationQuietClose;
    if (ctx.services.now().getTime() < due) return void (await scheduleQuietClose(ctx, c, new Date(lastActivity(c))));
    await close(c);
  });
}
