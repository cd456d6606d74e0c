/**
 * Loud warnings at start-up about a deployment that would lose or expose records: memory
 * storage (everything is gone on restart, and each process has its own) while real Teams or
 * Slack credentials are set, and a Redis that may evict keys or does not persist them. They
 * warn rather than refuse, so a council can still start the bot while fixing its Redis.
 *
 * @example
 *   await logStartupWarnings(app); // after mountPlatforms, before listening
 */
import type { App } from './app';
import { RedisStore } from '../storage/redis/redis-store';
import { redisProductionProblems } from '../storage/redis/production-check';

export async function logStartupWarnings(app: App): Promise<void> {
  const { env, store, log } = app.services;
  const credentials = [env?.MicrosoftAppId && 'MicrosoftAppId', env?.SLACK_BOT_TOKEN && 'SLACK_BOT_TOKEN'].filter(Boolean);
  if (store.kind === 'memory' && credentials.length) {
    log.warn(
      { storage: 'memory', credentials },
      `WARNING: memory storage with real platform credentials (${credentials.join(', ')}): every record is lost when the bot stops, and two processes never share them. Set REDIS_URL for production`,
    );
  }
  if (store instanceof RedisStore) {
    try {
      for (const problem of await redisProductionProblems(store.redis)) log.error({ storage: 'redis' }, `WARNING: Redis is not set up for production: ${problem}`);
    } catch (err) {
      log.warn({ storage: 'redis', err }, 'could not check the Redis settings (maxmemory-policy, appendonly) at start-up');
    }
  }
}
