/**
 * The scheduler inside the real app on Redis: REDIS_URL selects BullMQ, a message that cannot be
 * delivered fails for good and shows on /readyz, and what the queue holds in Redis for a real
 * proactive message is its id, never its content.
 */
import Redis from 'ioredis';
import { createApp, type App } from '../../bot/app';
import { silentLogger } from '../../bot/core/log';
import { BullMQScheduler } from '../../bot/scheduling/bullmq';
import { RedisStore } from '../../storage/redis/redis-store';
import { consoleRef, deletePrefix, RecordingChannel, sampleConfigData, settingsFrom, testRedisUrl, uniquePrefix } from '../helpers/app';
import { waitFor } from './helpers';

const url = testRedisUrl();
let prefix: string;
let app: App;
let redis: Redis;

beforeEach(() => {
  prefix = uniquePrefix();
  redis = new Redis(url);
  const store = new RedisStore({ url, prefix });
  app = createApp({ settings: settingsFrom(sampleConfigData(), { REDIS_URL: url }), store, log: silentLogger(), prefix });
});

afterEach(async () => {
  await app.stop();
  redis.disconnect();
  await deletePrefix(url, prefix);
});

/** Every value stored under a key, whatever its Redis type. */
async function valuesOf(key: string, type: string): Promise<(string | null)[]> {
  if (type === 'hash') return Object.values(await redis.hgetall(key));
  if (type === 'string') return [await redis.get(key)];
  if (type === 'list') return redis.lrange(key, 0, -1);
  if (type === 'set') return redis.smembers(key);
  if (type === 'zset') return redis.zrange(key, 0, -1);
  if (type === 'stream') return (await redis.xrange(key, '-', '+')).flatMap(([, fields]) => fields);
  return [];
}

async function readyz(port: number): Promise<any> {
  const res = await fetch(`http://127.0.0.1:${port}/readyz`);
  return res.json();
}

test('with REDIS_URL the app schedules on BullMQ, and a message that fails for good is counted on /readyz', async () => {
  expect(app.services.scheduler).toBeInstanceOf(BullMQScheduler);
  const port = await app.start(0);
  expect((await readyz(port)).details.jobs).toMatchObject({ failed: 0 });
  // Nobody by that id is in the directory: trying again cannot help.
  const id = await app.services.notifier.toPerson('sw.left-the-authority', { text: 'Your consultation has a reply' });
  await waitFor('the message marked failed', async () => (await app.services.notifier.status(id))?.status === 'failed');
  await waitFor('/readyz to count it', async () => (await readyz(port)).details.jobs.failed === 1);
  const body = await readyz(port);
  expect(body.ok).toBe(true);
  expect(body.details.jobs).toMatchObject({ failed: 1, waiting: 0 });
});

test('a queued proactive message is stored in Redis as its id only: no text, no child details', async () => {
  const channel = new RecordingChannel('console');
  app.services.notifier.addChannel(channel);
  await app.services.conversations.saveForPerson('sw.amira', consoleRef('sw.amira'), 0);
  const text = 'Concern raised about Jamie Testchild (DOB 01/02/2017), Year 4';
  const at = new Date(Date.now() + 60 * 60_000); // an hour ahead, so it sits in the queue
  const id = await app.services.notifier.toPerson('sw.amira', { text }, { at });

  const keys = await redis.keys(`${prefix}bull:*`);
  expect(keys.length).toBeGreaterThan(0);
  let sawJob = false;
  for (const key of keys) {
    const type = await redis.type(key);
    const values = await valuesOf(key, type);
    for (const v of values) {
      expect(v ?? '').not.toMatch(/Jamie|Testchild|2017|Concern/);
    }
    if (type === 'hash') {
      const data = await redis.hget(key, 'data');
      if (data && JSON.parse(data).id === id) {
        sawJob = true;
        expect(JSON.parse(data)).toEqual({ id, owner: 'outbox:sw.amira', runAt: at.toISOString(), data: { messageId: id } });
      }
    }
  }
  expect(sawJob).toBe(true);
});
