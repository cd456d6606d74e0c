/**
 * Checks, once at start-up, that the Redis the bot is given is fit to hold safeguarding
 * records and BullMQ's jobs: `maxmemory-policy noeviction` (any other policy lets Redis drop
 * records and jobs silently when memory runs short) and append-only persistence. Reads
 * `INFO` (allowed to an ACL user without CONFIG rights); a Redis that cannot be asked yet is
 * reported, not fatal.
 *
 * @example
 *   const problems = await redisProductionProblems(store.redis);
 *   // ['maxmemory-policy is allkeys-lru: ...']
 */
import type Redis from 'ioredis';

function field(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

export async function redisProductionProblems(redis: Redis): Promise<string[]> {
  const [memory, persistence] = await Promise.all([redis.info('memory'), redis.info('persistence')]);
  const problems: string[] = [];
  const policy = field(memory, 'maxmemory_policy');
  if (policy && policy !== 'noeviction') {
    problems.push(`maxmemory-policy is ${policy}: Redis may evict safeguarding records and scheduled jobs when memory is short; set maxmemory-policy noeviction`);
  }
  if (field(persistence, 'aof_enabled') === '0') {
    problems.push('appendonly is off: records written since the last snapshot are lost if Redis stops; set appendonly yes and appendfsync everysec');
  }
  return problems;
}
