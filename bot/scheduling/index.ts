/**
 * Chooses the scheduler: BullMQ on Redis when REDIS_URL is set, otherwise embedded timers.
 *
 * @example
 *   const scheduler = createScheduler({ redisUrl: env.REDIS_URL, calendar, log });
 */
import type { SchoolCalendar } from '../core/calendar';
import type { Logger } from '../core/log';
import type { RedisConnection } from '../../storage/redis/connection';
import { BullMQScheduler, type BullMQSchedulerOptions } from './bullmq';
import { EmbeddedScheduler } from './embedded';
import type { Scheduler } from './scheduler';

export interface SchedulerOptions extends Partial<Omit<BullMQSchedulerOptions, 'redisUrl' | 'calendar' | 'log'>> {
  redisUrl?: string;
  redis?: RedisConnection;
  /** Key prefix in Redis, the same one the store uses (tests give each run its own). */
  prefix?: string;
  calendar: SchoolCalendar;
  log: Logger;
  now?: () => Date;
}

export function createScheduler(opts: SchedulerOptions): Scheduler {
  if (opts.redis) return new BullMQScheduler({ ...opts, connection: opts.redis });
  if (opts.redisUrl) return new BullMQScheduler({ ...opts, redisUrl: opts.redisUrl });
  return new EmbeddedScheduler({ calendar: opts.calendar, log: opts.log, now: opts.now, baseBackoffMs: opts.baseBackoffMs });
}

export { BullMQScheduler } from './bullmq';
export { EmbeddedScheduler } from './embedded';
export { nextSchoolDayAt, schoolDayBefore, schoolDaysAfter } from './school-days';
export * from './scheduler';
