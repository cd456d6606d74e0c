/**
 * One scheduler for every timed behaviour (escalations, reminders, nudges, digests, message
 * delivery). Two implementations sit behind this interface: embedded timers (no Redis) and
 * BullMQ on Redis (many processes, each job once). Jobs carry ids, never child details.
 *
 * @example
 *   scheduler.register('dropin.remind', async (job) => remind(job.data.bookingId as string));
 *   await scheduler.schedule({ kind: 'dropin.remind', runAt, owner: `booking:${id}`, data: { bookingId: id } });
 *   await scheduler.cancelOwner(`booking:${id}`); // a cancelled booking takes its reminders with it
 */

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
  weekday: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
  /** Local time in the authority's zone, HH:MM. */
  at: string;
  data: JobData;
}

export type JobHandler = (job: Job) => Promise<void>;

/** Thrown by a handler to ask for another try, after `retryAfterMs` when the platform said so. */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'RetryLater';
  }
}

/** Thrown by a handler when trying again cannot help (e.g. the person left the directory). */
export class PermanentFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentFailure';
  }
}

export interface SchedulerHealth {
  waiting: number;
  delayed: number;
  failed: number;
}

export interface Scheduler {
  register(kind: string, handler: JobHandler): void;
  schedule(spec: JobSpec): Promise<string>;
  /** Cancels every pending job of an owner; returns how many. */
  cancelOwner(owner: string): Promise<number>;
  weekly(spec: WeeklySpec): Promise<void>;
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
