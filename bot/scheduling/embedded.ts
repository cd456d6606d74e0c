/**
 * The embedded scheduler: in-process timers, for trying the bot out without Redis.
 * Nothing survives a restart (that is what the BullMQ scheduler is for); within the process,
 * jobs retry with backoff and a job that fails its last try is logged and counted.
 * It keeps the same contract as the BullMQ scheduler (tests/scheduler/contract.ts).
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
  assertSmallJobData,
  backoffMs,
  DEFAULT_ATTEMPTS,
  NotYet,
  PermanentFailure,
  type Job,
  type JobHandler,
  type JobSpec,
  type PendingJob,
  type Scheduler,
  type SchedulerHealth,
  type WeeklySpec,
} from './scheduler';
import { nextOccurrence, weeklyJobId, weeklyOwner, weeklySignature } from './weekly';
import { assertJobDataFits } from './jobs';

const MAX_TIMER_MS = 2 ** 31 - 1;

interface Pending {
  job: Job;
  timer?: NodeJS.Timeout;
  running?: boolean;
  /** Set on the jobs of a weekly, so the next occurrence can be scheduled from this one. */
  weekly?: WeeklySpec;
}

export class EmbeddedScheduler implements Scheduler {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly jobs = new Map<string, Pending>();
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
    assertSmallJobData(spec.data);
    assertJobDataFits(spec.kind, spec.data);
    const id = spec.id ?? `j-${randomUUID()}`;
    this.put({ job: { ...spec, id, attempt: 1 } });
    return id;
  }

  async cancelOwner(owner: string): Promise<number> {
    let n = 0;
    for (const [id, p] of this.jobs) {
      if (p.job.owner === owner) {
        this.clear(id);
        n++;
      }
    }
    return n;
  }

  async weekly(spec: WeeklySpec): Promise<void> {
    assertSmallJobData(spec.data);
    assertJobDataFits(spec.kind, spec.data);
    this.weeklies.set(spec.id, spec);
    const signature = weeklySignature(spec);
    for (const [id, p] of this.jobs) {
      if (p.job.owner === weeklyOwner(spec.id) && (!p.weekly || weeklySignature(p.weekly) !== signature)) this.clear(id);
    }
    this.ensureWeekly(spec, this.now());
  }

  async pending(owner: string): Promise<PendingJob[]> {
    return [...this.jobs.values()]
      .filter((p) => p.job.owner === owner)
      .map(({ job }) => ({ id: job.id, kind: job.kind, runAt: job.runAt, owner: job.owner, data: job.data }))
      .sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
  }

  async start(): Promise<void> {
    this.running = true;
    for (const p of this.jobs.values()) if (!p.running) this.arm(p);
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const p of this.jobs.values()) if (p.timer) clearTimeout(p.timer);
  }

  /** Re-checks every pending job against the clock (tests move their clock, then poke). */
  poke(): void {
    if (this.running) for (const p of this.jobs.values()) if (!p.running) this.arm(p);
  }

  async health(): Promise<SchedulerHealth> {
    const now = this.now().getTime();
    let waiting = 0;
    let delayed = 0;
    let active = 0;
    for (const p of this.jobs.values()) {
      if (p.running) active++;
      if (p.job.runAt.getTime() <= now) waiting++;
      else delayed++;
    }
    return { waiting, delayed, failed: this.failed, active };
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private put(entry: Pending): void {
    this.clear(entry.job.id);
    this.jobs.set(entry.job.id, entry);
    if (this.running) this.arm(entry);
  }

  private clear(id: string): void {
    const p = this.jobs.get(id);
    if (p?.timer) clearTimeout(p.timer);
    this.jobs.delete(id);
  }

  private arm(p: Pending): void {
    if (p.timer) clearTimeout(p.timer);
    const wait = Math.max(0, p.job.runAt.getTime() - this.now().getTime());
    p.timer = setTimeout(() => (wait > MAX_TIMER_MS ? this.arm(p) : void this.run(p)), Math.min(wait, MAX_TIMER_MS));
    p.timer.unref?.();
  }

  /** Puts the occurrence after `after` in place unless it is there already (ids are per instant). */
  private ensureWeekly(spec: WeeklySpec, after: Date): void {
    const runAt = nextOccurrence(this.deps.calendar, spec, after);
    if (!runAt) {
      this.deps.log.warn({ weeklyId: spec.id }, 'weekly job has no school day within a year: check the configured terms');
      return;
    }
    const id = weeklyJobId(spec.id, runAt);
    if (this.jobs.has(id)) return;
    this.put({ job: { id, kind: spec.kind, runAt, owner: weeklyOwner(spec.id), data: { ...spec.data, weeklyId: spec.id }, attempt: 1 }, weekly: spec });
  }

  private async run(p: Pending): Promise<void> {
    const { job } = p;
    if (this.jobs.get(job.id) !== p || p.running || !this.running) return;
    p.running = true;
    // The next occurrence goes in before this one runs, so a failing digest never stops the series;
    // counted from the later of its due time and now, so a long outage does not replay old weeks.
    if (p.weekly) this.ensureWeekly(this.weeklies.get(p.weekly.id) ?? p.weekly, new Date(Math.max(job.runAt.getTime(), this.now().getTime())));
    const handler = this.handlers.get(job.kind);
    const attempts = this.deps.attempts ?? DEFAULT_ATTEMPTS;
    try {
      if (!handler) throw new PermanentFailure(`no handler for job kind ${job.kind}`);
      await handler(job);
      if (this.jobs.get(job.id) === p) this.jobs.delete(job.id);
    } catch (err) {
      // Replaced while it ran: the new job carries on, but a failure for good still counts (as on BullMQ).
      const current = this.jobs.get(job.id) === p;
      if (current) p.running = false;
      if (err instanceof NotYet) {
        if (!current) return;
        p.job = { ...job, runAt: new Date(this.now().getTime() + err.ms) };
        if (this.running) this.arm(p);
        return;
      }
      if (err instanceof PermanentFailure || job.attempt >= attempts) {
        if (current) this.jobs.delete(job.id);
        this.failed++;
        this.deps.log.error({ jobId: job.id, kind: job.kind, owner: job.owner, attempt: job.attempt, err }, 'job failed for good');
        return;
      }
      if (!current) return;
      const delay = backoffMs(job.attempt, err, this.deps.baseBackoffMs);
      this.deps.log.warn({ jobId: job.id, kind: job.kind, attempt: job.attempt, retryInMs: delay }, 'job will be retried');
      p.job = { ...job, attempt: job.attempt + 1, runAt: new Date(this.now().getTime() + delay) };
      if (this.running) this.arm(p);
    }
  }
}
