/**
 * The embedded scheduler: in-process timers, for trying the bot out without Redis.
 * Nothing survives a restart (that is what the BullMQ scheduler is for); within the process,
 * jobs retry with backoff and a job that fails its last try is logged and counted.
 *
 * @example
 *   const scheduler = new EmbeddedScheduler({ calendar, log });
 *   scheduler.register('deliver', deliver);
 *   await scheduler.start();
 */
import { randomUUID } from 'node:crypto';
import type { SchoolCalendar } from '../core/calendar';
import type { Logger } from '../core/log';
import {
  backoffMs,
  DEFAULT_ATTEMPTS,
  PermanentFailure,
  type Job,
  type JobHandler,
  type JobSpec,
  type Scheduler,
  type SchedulerHealth,
  type WeeklySpec,
} from './scheduler';
import { nextWeekly } from './weekly';

const MAX_TIMER_MS = 2 ** 31 - 1;

interface Pending {
  job: Job;
  timer?: NodeJS.Timeout;
}

export class EmbeddedScheduler implements Scheduler {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly pending = new Map<string, Pending>();
  private readonly weeklies = new Map<string, WeeklySpec>();
  private running = false;
  private failed = 0;

  constructor(
    private readonly deps: { calendar: SchoolCalendar; log: Logger; attempts?: number; baseBackoffMs?: number; now?: () => Date },
  ) {}

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  async schedule(spec: JobSpec): Promise<string> {
    const id = spec.id ?? `j-${randomUUID()}`;
    this.clear(id);
    const entry: Pending = { job: { ...spec, id, attempt: 1 } };
    this.pending.set(id, entry);
    if (this.running) this.arm(entry);
    return id;
  }

  async cancelOwner(owner: string): Promise<number> {
    let n = 0;
    for (const [id, p] of this.pending) {
      if (p.job.owner === owner) {
        this.clear(id);
        n++;
      }
    }
    return n;
  }

  async weekly(spec: WeeklySpec): Promise<void> {
    this.weeklies.set(spec.id, spec);
    await this.scheduleNextWeekly(spec);
  }

  async start(): Promise<void> {
    this.running = true;
    for (const p of this.pending.values()) this.arm(p);
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const p of this.pending.values()) if (p.timer) clearTimeout(p.timer);
  }

  /** Re-checks every pending job against the clock (tests move their clock, then poke). */
  poke(): void {
    if (this.running) for (const p of this.pending.values()) this.arm(p);
  }

  async health(): Promise<SchedulerHealth> {
    const now = this.now().getTime();
    let waiting = 0;
    let delayed = 0;
    for (const p of this.pending.values()) {
      if (p.job.runAt.getTime() <= now) waiting++;
      else delayed++;
    }
    return { waiting, delayed, failed: this.failed };
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private clear(id: string): void {
    const p = this.pending.get(id);
    if (p?.timer) clearTimeout(p.timer);
    this.pending.delete(id);
  }

  private arm(p: Pending): void {
    if (p.timer) clearTimeout(p.timer);
    const wait = Math.max(0, p.job.runAt.getTime() - this.now().getTime());
    p.timer = setTimeout(() => (wait > MAX_TIMER_MS ? this.arm(p) : void this.run(p)), Math.min(wait, MAX_TIMER_MS));
    p.timer.unref?.();
  }

  private async scheduleNextWeekly(spec: WeeklySpec): Promise<void> {
    const runAt = nextWeekly(this.deps.calendar, spec, this.now());
    await this.schedule({ id: `weekly:${spec.id}`, kind: spec.kind, runAt, owner: `weekly:${spec.id}`, data: { ...spec.data, weeklyId: spec.id } });
  }

  private async run(p: Pending): Promise<void> {
    const { job } = p;
    if (this.pending.get(job.id) !== p) return;
    const handler = this.handlers.get(job.kind);
    const attempts = this.deps.attempts ?? DEFAULT_ATTEMPTS;
    try {
      if (!handler) throw new PermanentFailure(`no handler for job kind ${job.kind}`);
      await handler(job);
      if (this.pending.get(job.id) === p) this.pending.delete(job.id);
      const weekly = typeof job.data.weeklyId === 'string' ? this.weeklies.get(job.data.weeklyId) : undefined;
      if (weekly) await this.scheduleNextWeekly(weekly);
    } catch (err) {
      if (this.pending.get(job.id) !== p) return;
      if (err instanceof PermanentFailure || job.attempt >= attempts) {
        this.pending.delete(job.id);
        this.failed++;
        this.deps.log.error({ jobId: job.id, kind: job.kind, owner: job.owner, attempt: job.attempt, err: (err as Error).message }, 'job failed for good');
        return;
      }
      const delay = backoffMs(job.attempt, err, this.deps.baseBackoffMs);
      this.deps.log.warn({ jobId: job.id, kind: job.kind, attempt: job.attempt, retryInMs: delay }, 'job will be retried');
      p.job = { ...job, attempt: job.attempt + 1, runAt: new Date(this.now().getTime() + delay) };
      if (this.running) this.arm(p);
    }
  }
}
