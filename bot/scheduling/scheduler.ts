/**
 * One scheduler for every timed behaviour (escalations, reminders, nudges, digests, message
 * delivery). Two implementations sit behind this interface: embedded timers (no Redis) and
 * BullMQ on Redis (many processes, each job once). Jobs carry ids, never child details.
 *
 * @example
 *   scheduler.register('probe.remind', async (job) => remind(job.data.bookingId as string));
 *   await scheduler.schedule({ kind: 'probe.remind', runAt, owner: `booking:${id}`, data: { bookingId: id } });
 *   // Features declare their kinds with defineJob and use scheduleJob / handleJob (jobs.ts).
 *   await scheduler.cancelOwner(`booking:${id}`); // a cancelled booking takes its reminders with it
 *
 * Delivery is exactly once in normal running and at least once when a process dies mid-job (a
 * job whose process was killed runs again elsewhere), so handlers check the state they act on
 * (the notifier skips a message already marked sent).
 */
import { SwisError } from '../core/errors';
import type { Weekday } from '../core/weekday';


export type JobData = Record<string, string | number | boolean>;

export interface JobSpec {
  /** Which handler runs it, e.g. "consultation.escalate". */
  kind: string;
  runAt: Date;
  /** What the job belongs to, so cancel and reschedule work by thing: "booking:b-12". */
  owner: string;
  /** Ids and small values only; never a child's details. */
  data: JobData;
  /** Stable id: scheduling the same id again replaces the earlier job. */
  id?: string;
}

export interface Job extends JobSpec {
  id: string;
  /** 1 on the first try. */
  attempt: number;
}

export interface WeeklySpec {
  /** Stable name; registering again replaces it. */
  id: string;
  kind: string;
  weekday: Weekday;
  /** Local time in the authority's zone, HH:MM. */
  at: string;
  data: JobData;
  /** Skip occurrences that fall on a weekend, in a term break or on a closure. */
  schoolDaysOnly?: boolean;
}

/** A job waiting to run (or running), as `pending(owner)` lists it. */
export interface PendingJob {
  id: string;
  kind: string;
  runAt: Date;
  owner: string;
  data: JobData;
}

export type JobHandler = (job: Job) => Promise<void>;

/** Thrown by a handler to ask for another try, after `retryAfterMs` when the platform said so. */
export class RetryLater extends SwisError {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super('retry_later', message, options);
  }
}

/** Thrown by a handler when trying again cannot help (e.g. the person left the directory). */
export class PermanentFailure extends SwisError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('permanent_failure', message, options);
  }
}

/**
 * Thrown by a handler (the pacer does) to run the job again after `ms` without using up a try:
 * the platform is not refusing, the send is only waiting its turn. The worker slot is freed
 * meanwhile, so one busy conversation cannot hold up the rest.
 */
export class NotYet extends SwisError {
  constructor(readonly ms: number) {
    super('not_yet', `not yet: again in ${ms} ms`);
  }
}

export interface SchedulerHealth {
  /** Due and not yet finished. */
  waiting: number;
  /** Not yet due (including tries waiting for their backoff). */
  delayed: number;
  /** Jobs that failed their last try (BullMQ: kept 30 days; embedded: since start). */
  failed: number;
  /** Running now. */
  active?: number;
}

export interface Scheduler {
  register(kind: string, handler: JobHandler): void;
  schedule(spec: JobSpec): Promise<string>;
  /** Cancels every pending job of an owner; returns how many. */
  cancelOwner(owner: string): Promise<number>;
  /**
   * Keeps one job of `kind` at the next weekly occurrence (local time), rescheduled each time it
   * runs. Every process may register the same spec at start-up: there is still one job.
   */
  weekly(spec: WeeklySpec): Promise<void>;
  /** The jobs of an owner still to run, soonest first. */
  pending(owner: string): Promise<PendingJob[]>;
  /** Starts running due jobs (handlers must be registered first). */
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): Promise<SchedulerHealth>;
}

export const DEFAULT_ATTEMPTS = 6;

/** Backoff before try `attempt + 1`: the platform's Retry-After when given, else exponential. */
export function backoffMs(attempt: number, err: unknown, baseMs = 1000): number {
  if (err instanceof RetryLater && err.retryAfterMs !== undefined) return err.retryAfterMs;
  return Math.min(baseMs * 2 ** (attempt - 1), 5 * 60_000);
}

/** The longest string a job may carry: room for ids, too short for a message or a name list. */
export const MAX_JOB_VALUE_CHARS = 200;

/**
 * Guards "jobs carry ids, never child details": small primitive values only. A handler reads
 * what it needs from the store by id, so nothing personal sits in the queue.
 */
export function assertSmallJobData(data: JobData): void {
  for (const [key, value] of Object.entries(data)) {
    const t = typeof value;
    if (t !== 'string' && t !== 'number' && t !== 'boolean') throw new TypeError(`job data "${key}" must be a string, number or boolean (an id)`);
    if (t === 'string' && (value as string).length > MAX_JOB_VALUE_CHARS) {
      throw new TypeError(`job data "${key}" is longer than ${MAX_JOB_VALUE_CHARS} characters: jobs carry ids, not content`);
    }
  }
}
