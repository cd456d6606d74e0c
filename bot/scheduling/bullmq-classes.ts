/**
 * The four BullMQ classes the scheduler uses (Queue, Worker, and the DelayedError and
 * UnrecoverableError its handlers throw), each loaded from its own module. BullMQ's index also
 * loads its PostgreSQL backend (with 250 KB of SQL text), the Valkey GLIDE and Bun clients,
 * flows, queue events and relays: 70 modules, about 1 MB of heap and 3–5 MB of resident memory
 * in every bot process (bench/RESULTS.md, "Memory"), none of it used on Redis.
 *
 * These are the very classes bullmq's index exports (the same files, so `instanceof` inside
 * BullMQ sees them). They are loaded by path, so bullmq's version is pinned in package.json; a
 * bullmq that moved them fails at start-up and in tests/scheduler, not in production.
 *
 * @example
 *   import { Queue, Worker } from './bullmq-classes';
 *   const queue = new Queue('jobs', { connection, prefix });
 */
import { createRequire } from 'node:module';
import type * as bullmq from 'bullmq';

const fromBullmq = createRequire(require.resolve('bullmq'));

export const { Queue } = fromBullmq('./classes/queue') as { Queue: typeof bullmq.Queue };
export type Queue = bullmq.Queue;
export const { Worker } = fromBullmq('./classes/worker') as { Worker: typeof bullmq.Worker };
export type Worker = bullmq.Worker;
export const { DelayedError, UnrecoverableError } = fromBullmq('./classes/errors') as {
  DelayedError: typeof bullmq.DelayedError;
  UnrecoverableError: typeof bullmq.UnrecoverableError;
};
export type { Job, JobsOptions } from 'bullmq';
