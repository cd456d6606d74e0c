/**
 * Nothing about a consultation depends on someone pressing Close: an open consultation with
 * nothing new for `limits.consultationQuietClose` is closed by the bot, its activity-log entry
 * completed, and both sides told. Each new message moves the job on (same job id, replaced).
 *
 * @example
 *   registerQuietClose(ctx);
 *   await scheduleQuietClose(ctx, c, now); // after every message
 */
import type { Job } from '../../scheduling/scheduler';
import type { ConsultationContext } from './context';
import type { Consultation } from './model';

export const QUIET_CLOSE_JOB = 'consultation.quiet-close';

export function quietOwner(id: string): string {
  return `consultation-quiet:${id}`;
}

export async function scheduleQuietClose(ctx: ConsultationContext, c: Consultation, from: Date): Promise<void> {
  const runAt = new Date(from.getTime() + ctx.services.config.limits.consultationQuietClose);
  await ctx.services.scheduler.schedule({ id: `${QUIET_CLOSE_JOB}:${c.id}`, kind: QUIET_CLOSE_JOB, runAt, owner: quietOwner(c.id), data: { consultationId: c.id } });
}

function lastActivity(c: Consultation): number {
  return Math.max(Date.parse(c.submittedAt ?? c.createdAt), ...c.messages.map((m) => Date.parse(m.at)));
}

export function registerQuietClose(ctx: ConsultationContext, close: (c: Consultation) => Promise<void>): void {
  ctx.services.scheduler.register(QUIET_CLOSE_JOB, async (job: Job) => {
    const c = await ctx.repo.get(String(job.data.consultationId));
    if (!c || c.status !== 'open') return;
    const due = lastActivity(c) + ctx.services.config.limits.consultationQuietClose;
    if (ctx.services.now().getTime() < due) return void (await scheduleQuietClose(ctx, c, new Date(lastActivity(c))));
    await close(c);
  });
}
