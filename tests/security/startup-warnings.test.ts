/**
 * Start-up warns loudly about deployments that would lose records: memory storage with real
 * platform credentials, and a Redis whose maxmemory-policy may evict keys or that does not
 * persist them (a redis-server of the test's own, started with such settings).
 */
import pino from 'pino';
import { createApp } from '../../bot/app';
import { logStartupWarnings } from '../../bot/startup-warnings';
import { MemoryStore } from '../../storage/memory/memory-store';
import { RedisStore } from '../../storage/redis/redis-store';
import { OwnRedis } from '../helpers/own-redis';
import { sampleConfigData, settingsFrom, uniquePrefix } from '../helpers/app';

function capture() {
  const lines: Record<string, any>[] = [];
  return { lines, log: pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) }) };
}

describe('start-up warnings', () => {
  it('warns when memory storage runs with real platform credentials, and not on the newcomer default', async () => {
    const quiet = capture();
    await logStartupWarnings(createApp({ settings: settingsFrom(sampleConfigData()), store: new MemoryStore(), log: quiet.log }));
    expect(quiet.lines).toEqual([]);
    const { lines, log } = capture();
    await logStartupWarnings(createApp({ settings: settingsFrom(sampleConfigData(), { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }), store: new MemoryStore(), log }));
    expect(lines.map((l) => l.msg)).toEqual([expect.stringMatching(/^WARNING: memory storage with real platform credentials \(SLACK_BOT_TOKEN\)/)]);
  });

  it('says loudly when Redis may evict keys or does not persist them', async () => {
    const redis = await OwnRedis.start(['--maxmemory-policy', 'allkeys-lru']);
    const store = new RedisStore({ url: redis.url, prefix: uniquePrefix() });
    const { lines, log } = capture();
    try {
      await logStartupWarnings(createApp({ settings: settingsFrom(sampleConfigData()), store, log }));
      const errors = lines.filter((l) => l.level === 50).map((l) => l.msg);
      expect(errors).toEqual([
        expect.stringMatching(/maxmemory-policy is allkeys-lru: .*set maxmemory-policy noeviction/),
        expect.stringMatching(/appendonly is off: .*set appendonly yes and appendfsync everysec/),
      ]);
    } finally {
      await store.close();
      await redis.stop();
    }
  });
});
