/**
 * Chooses the store: Redis when REDIS_URL is set, otherwise the embedded memory store.
 *
 * @example
 *   const store = createStore({ redisUrl: process.env.REDIS_URL });
 */
import { MemoryStore } from './memory/memory-store';
import type { RedisConnection } from './redis/connection';
import { RedisStore } from './redis/redis-store';
import type { Store } from './store';

export function createStore(opts: { redisUrl?: string; redis?: RedisConnection; prefix?: string; replicaWaitMs?: number; onReplicaLag?: (waitedMs: number) => void }): Store {
  if (opts.redis) return new RedisStore({ connection: opts.redis, prefix: opts.prefix, replicaWaitMs: opts.replicaWaitMs, onReplicaLag: opts.onReplicaLag });
  return opts.redisUrl ? new RedisStore({ url: opts.redisUrl, prefix: opts.prefix }) : new MemoryStore();
}

export type { Store } from './store';
