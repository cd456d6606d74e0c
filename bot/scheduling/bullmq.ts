/**
 * The production scheduler: BullMQ on the same Redis as the data. Any number of bot processes
 * run a worker on one queue and each job runs once; a process killed while holding a job loses
 * it only until BullMQ's stalled-job check hands it to another process; jobs live in Redis, so
 * they survive every process restarting.
 *
 * Logical ids (the `id` a feature gives, or a generated one) map to BullMQ job ids through a hash
 * in Redis (`sched:cur`). Scheduling an id again points the hash at a new BullMQ job and removes
 * the old one; a job that no longer matches the hash (replaced or cancelled while it was already
 * running or could not be removed) is skipped when it comes up, and never retried. Owners have a
 * set of their logical ids (`sched:owner:<owner>`), so cancelling never scans the queue.
 *
 * @example
 *   const scheduler = new BullMQScheduler({ redisUrl, prefix: 'swis:', calendar, log });
 *   scheduler.register('deliver', deliver);
 *   await scheduler.start();
 */
import { randomUUID } from 'node:crypto';
import { DelayedError, Queue, UnrecoverableError, Worker, type Job as BullJob, type JobsOptions } from './bullmq-classes';
import type Redis from 'ioredis';
import { newRedisClient, urlConnection, type RedisConnection } from '../../storage/redis/connection';
import type { SchoolCalendar } from '../core/calendar';
import type { Logger } from '../core/log';
import { LogWindow } from '../core/log-window';
import {
  assertSmallJobData,
  backoffMs,
  DEFAULT_ATTEMPTS,
  NotYet,
  PermanentFailure,
  type Job,
  type JobData,
  type JobHandler,
  type JobSpec,
  type PendingJob,
  type Scheduler,
  type SchedulerHealth,
  type WeeklySpec,
} from './scheduler';
import { nextOccurrence, weeklyJobId, weeklyOwner, weeklySignature } from './weekly';
import { assertJobDataFits } from './jobs';

export interface BullMQSchedulerOptions {
  redisUrl?: string;
  /** Sentinel, ACL and TLS settings (from the environment); `redisUrl` alone is a plain server. */
  connection?: RedisConnection;
  /** Key prefix shared with the store ("swis:"); BullMQ's keys go under `<prefix>bull:`. */
  prefix?: string;
  calendar: SchoolCalendar;
  log: Logger;
  now?: () => Date;
  /** Jobs run at once per process; paced sends to different conversations go in parallel. */
  concurrency?: number;
  /** How long a worker's hold on a job lasts without renewal; a killed process's jobs come back after it. */
  lockDurationMs?: number;
  /** How often workers look for jobs whose process died. */
  stalledIntervalMs?: number;
  /** How many times a job may be recovered from a dead process before it is failed. */
  maxStalledCount?: number;
  /** First backoff step for errors without Retry-After (doubles each try). */
  baseBackoffMs?: number;
}

/** What a BullMQ job holds: ids and small values only (see assertSmallJobData). */
interface StoredJob {
  id: string;
  owner: string;
  runAt: string;
  data: JobData;
  weekly?: { id: string; weekday: WeeklySpec['weekday']; at: string; schoolDaysOnly?: boolean; signature: string };
}

const QUEUE = 'jobs';
const DAY_S = 86_400;
const KEEP_FAILED: JobsOptions['removeOnFail'] = { age: 30 * DAY_S, count: 10_000 };
/** Completed weekly occurrences are kept so a late registration cannot add the same one again. */
const KEEP_WEEKLY_DONE: JobsOptions['removeOnComplete'] = { age: 8 * DAY_S };

/** Points a logical id at a BullMQ job; returns the one it pointed at before. */
const SWAP = `
local old = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[1])
return old`;

/** Forgets a logical id only while it still points at this BullMQ job (a newer one is left alone). */
const CLEAR_IF = `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('SREM', KEYS[2], ARGV[1])
  return 1
end
return 0`;

interface Scripts {
  swisSchedSwap(cur: string, ownerSet: string, id: string, value: string): Promise<string | null>;
  swisSchedClearIf(cur: string, ownerSet: string, id: string, value: string): Promise<number>;
}

/** BullMQ ids may not contain ':'; logical ids do ("weekly:digest:2027-…"). '|' separates pointers. */
const encodeId = (id: string): string => id.replace(/%/g, '%25').replace(/:/g, '%3A').replace(/\|/g, '%7C');

/** The hash value: "<bullId>|<owner>" (bull ids never contain '|'). */
const pointer = (bullId: string, owner: string): string => `${bullId}|${owner}`;
const parsePointer = (value: string): { bullId: string; owner: string } => {
  const at = value.indexOf('|');
  return { bullId: value.slice(0, at), owner: value.slice(at + 1) };
};

export class BullMQScheduler implements Scheduler {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly weeklies = new Map<string, WeeklySpec>();
  private readonly redis: Redis & Scripts;
  private readonly queue: Queue;
  private readonly prefix: string;
  private readonly bullPrefix: string;
  private worker?: Worker;
  private workerConnection?: Redis;
  private closed = false;
  private readonly errors: LogWindow;

  private get connection(): RedisConnection {
    return this.opts.connection ?? urlConnection(this.opts.redisUrl ?? 'redis://127.0.0.1:6379');
  }

  constructor(private readonly opts: BullMQSchedulerOptions) {
    this.prefix = opts.prefix ?? 'swis:';
    this.bullPrefix = `${this.prefix}bull`;
    const client = newRedisClient(this.connection, {
      maxRetriesPerRequest: 2,
      connectTimeout: 3000,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    // Connection problems surface through the failing call and /readyz, not as crashes.
    client.on('error', () => undefined);
    client.defineCommand('swisSchedSwap', { numberOfKeys: 2, lua: SWAP });
    client.defineCommand('swisSchedClearIf', { numberOfKeys: 2, lua: CLEAR_IF });
    this.redis = client as Redis & Scripts;
    this.queue = new Queue(QUEUE, { connection: client, prefix: this.bullPrefix });
    // While Redis is away every client reports each retry: one line per window is enough.
    this.errors = new LogWindow(opts.log, 30_000);
    this.queue.on('error', (err) => this.errors.warn('queue', { err }, 'job queue error'));
  }

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  async schedule(spec: JobSpec): Promise<string> {
    assertSmallJobData(spec.data);
    assertJobDataFits(spec.kind, spec.data);
    const id = spec.id ?? `j-${randomUUID()}`;
    // A fresh BullMQ id each time, so a replacement never collides with a job that is running.
    const bullId = `${encodeId(id)}~${randomUUID().slice(0, 8)}`;
    const value = pointer(bullId, spec.owner);
    const previous = await this.redis.swisSchedSwap(this.curKey, this.ownerKey(spec.owner), id, value);
    const stored: StoredJob = { id, owner: spec.owner, runAt: spec.runAt.toISOString(), data: spec.data };
    try {
      await this.queue.add(spec.kind, stored, { ...this.jobOptions(spec.runAt), jobId: bullId, removeOnComplete: true });
    } catch (err) {
      // Nothing was queued: put the earlier job back in charge so the caller's retry starts clean.
      if (previous) await this.redis.swisSchedSwap(this.curKey, this.ownerKey(parsePointer(previous).owner), id, previous).catch(() => undefined);
      throw err;
    }
    if (previous && previous !== value) {
      const old = parsePointer(previous);
      if (old.owner !== spec.owner) await this.redis.srem(this.ownerKey(old.owner), id);
      await this.removeQuietly(old.bullId);
    }
    return id;
  }

  async cancelOwner(owner: string): Promise<number> {
    let n = 0;
    for (const id of await this.redis.smembers(this.ownerKey(owner))) {
      const value = await this.redis.hget(this.curKey, id);
      if (!value || parsePointer(value).owner !== owner) {
        await this.redis.srem(this.ownerKey(owner), id);
        continue;
      }
      if (await this.redis.swisSchedClearIf(this.curKey, this.ownerKey(owner), id, value)) {
        n++;
        await this.removeQuietly(parsePointer(value).bullId);
      }
    }
    return n;
  }

  async weekly(spec: WeeklySpec): Promise<void> {
    assertSmallJobData(spec.data);
    assertJobDataFits(spec.kind, spec.data);
    this.weeklies.set(spec.id, spec);
    const signature = weeklySignature(spec);
    const owner = weeklyOwner(spec.id);
    // A changed day or time replaces the old series; the same spec (another process starting) keeps it.
    for (const id of await this.redis.smembers(this.ownerKey(owner))) {
      const value = await this.redis.hget(this.curKey, id);
      if (!value) continue;
      const job = await this.queue.getJob(parsePointer(value).bullId);
      const stored = job?.data as StoredJob | undefined;
      if (stored?.weekly?.signature === signature) continue;
      if (await this.redis.swisSchedClearIf(this.curKey, this.ownerKey(owner), id, value)) await this.removeQuietly(parsePointer(value).bullId);
    }
    await this.ensureWeekly(spec, this.now());
  }

  async pending(owner: string): Promise<PendingJob[]> {
    const out: PendingJob[] = [];
    for (const id of await this.redis.smembers(this.ownerKey(owner))) {
      const value = await this.redis.hget(this.curKey, id);
      if (!value || parsePointer(value).owner !== owner) continue;
      const job = await this.queue.getJob(parsePointer(value).bullId);
      if (!job || job.finishedOn) continue;
      const stored = job.data as StoredJob;
      out.push({ id, kind: job.name, runAt: new Date(stored.runAt), owner, data: stored.data });
    }
    return out.sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
  }

  async start(): Promise<void> {
    if (this.worker) return;
    this.workerConnection = newRedisClient(this.connection, { maxRetriesPerRequest: null });
    this.workerConnection.on('error', () => undefined);
    this.worker = new Worker(QUEUE, (job, token) => this.process(job, token), {
      connection: this.workerConnection,
      prefix: this.bullPrefix,
      concurrency: this.opts.concurrency ?? 64,
      lockDuration: this.opts.lockDurationMs ?? 30_000,
      stalledInterval: this.opts.stalledIntervalMs ?? 30_000,
      maxStalledCount: this.opts.maxStalledCount ?? 2,
      settings: { backoffStrategy: (attemptsMade: number, _type?: string, err?: Error) => backoffMs(attemptsMade, err, this.opts.baseBackoffMs) },
    });
    this.worker.on('error', (err) => this.errors.warn('worker', { err }, 'job worker error'));
    this.worker.on('stalled', (bullId) => this.opts.log.warn({ bullId }, 'job held by a stopped process: handed to another worker'));
    await this.worker.waitUntilReady();
    // Weekly series registered while Redis was not answering (a start without Redis) are put
    // in place now; for the ones already there this changes nothing.
    for (const spec of this.weeklies.values()) await this.weekly(spec);
  }

  async stop(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Lets running jobs finish; anything left is picked up by another process or after restart.
    await this.worker?.close().catch(() => undefined);
    await this.queue.close().catch(() => undefined);
    await this.workerConnection?.quit().catch(() => this.workerConnection?.disconnect());
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  async health(): Promise<SchedulerHealth> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('job queue did not answer within 2s')), 2000);
    });
    try {
      const c = await Promise.race([this.queue.getJobCounts('wait', 'prioritized', 'delayed', 'failed', 'active'), timeout]);
      return { waiting: (c.wait ?? 0) + (c.prioritized ?? 0), delayed: c.delayed ?? 0, failed: c.failed ?? 0, active: c.active ?? 0 };
    } finally {
      clearTimeout(timer);
    }
  }

  /** The raw Redis key of a BullMQ job, for tests that check what the queue holds. */
  jobKey(bullId: string): string {
    return `${this.bullPrefix}:${QUEUE}:${bullId}`;
  }

  private get curKey(): string {
    return `${this.prefix}sched:cur`;
  }

  private ownerKey(owner: string): string {
    return `${this.prefix}sched:owner:${owner}`;
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  private jobOptions(runAt: Date): JobsOptions {
    return {
      delay: Math.max(0, runAt.getTime() - this.now().getTime()),
      attempts: DEFAULT_ATTEMPTS,
      backoff: { type: 'swis' },
      removeOnFail: KEEP_FAILED,
    };
  }

  private async removeQuietly(bullId: string): Promise<void> {
    // A running job cannot be removed (it is locked); it is skipped or not retried instead.
    await this.queue.remove(bullId).catch(() => 0);
  }

  /** Puts the occurrence after `after` in place unless it exists (its id is fixed by its instant). */
  private async ensureWeekly(spec: WeeklySpec, after: Date): Promise<void> {
    const runAt = nextOccurrence(this.opts.calendar, spec, after);
    if (!runAt) {
      this.opts.log.warn({ weeklyId: spec.id }, 'weekly job has no school day within a year: check the configured terms');
      return;
    }
    const id = weeklyJobId(spec.id, runAt);
    const bullId = encodeId(id);
    if (await this.queue.getJob(bullId)) return;
    const owner = weeklyOwner(spec.id);
    await this.redis.swisSchedSwap(this.curKey, this.ownerKey(owner), id, pointer(bullId, owner));
    const stored: StoredJob = {
      id,
      owner,
      runAt: runAt.toISOString(),
      data: { ...spec.data, weeklyId: spec.id },
      weekly: { id: spec.id, weekday: spec.weekday, at: spec.at, schoolDaysOnly: spec.schoolDaysOnly, signature: weeklySignature(spec) },
    };
    // Adding an id that exists is a no-op in BullMQ, so racing processes make one job.
    await this.queue.add(spec.kind, stored, { ...this.jobOptions(runAt), jobId: bullId, removeOnComplete: KEEP_WEEKLY_DONE });
  }

  private async process(bj: BullJob, token?: string): Promise<void> {
    const stored = bj.data as StoredJob;
    const value = pointer(String(bj.id), stored.owner);
    if ((await this.redis.hget(this.curKey, stored.id)) !== value) {
      this.opts.log.debug({ jobId: stored.id, bullId: bj.id }, 'job was replaced or cancelled: skipped');
      return;
    }
    if (stored.weekly) {
      // The next occurrence goes in before this one runs: a crash or a failing digest leaves no gap.
      const spec = this.weeklies.get(stored.weekly.id) ?? { ...stored.weekly, kind: bj.name, data: stored.data };
      await this.ensureWeekly(spec, new Date(Math.max(Date.parse(stored.runAt), this.now().getTime())));
    }
    const job: Job = { id: stored.id, kind: bj.name, runAt: new Date(stored.runAt), owner: stored.owner, data: stored.data, attempt: bj.attemptsMade + 1 };
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new PermanentFailure(`no handler for job kind ${job.kind}`);
      await handler(job);
    } catch (err) {
      if (err instanceof NotYet && token) {
        await bj.moveToDelayed(Date.now() + err.ms, token);
        throw new DelayedError();
      }
      if (err instanceof PermanentFailure || job.attempt >= DEFAULT_ATTEMPTS) {
        await this.redis.swisSchedClearIf(this.curKey, this.ownerKey(job.owner), job.id, value).catch(() => undefined);
        this.opts.log.error({ jobId: job.id, kind: job.kind, owner: job.owner, attempt: job.attempt, err }, 'job failed for good');
        throw new UnrecoverableError((err as Error).message);
      }
      this.opts.log.warn({ jobId: job.id, kind: job.kind, attempt: job.attempt, retryInMs: backoffMs(job.attempt, err, this.opts.baseBackoffMs) }, 'job will be retried');
      throw err;
    }
    await this.redis.swisSchedClearIf(this.curKey, this.ownerKey(job.owner), job.id, value);
  }
}
