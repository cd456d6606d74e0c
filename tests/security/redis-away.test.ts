/**
 * Redis away (issue 15, point 3), with a redis-server of the test's own that it kills mid-test:
 * Teams gets 503 with Retry-After and nothing is sent; Slack is acknowledged and the person is
 * told once, in plain words, to try again; /readyz says not ready (details only on loopback or
 * with OPS_TOKEN); when Redis is back, turns work again. Locks: renewed while held, and the lock
 * of a process killed with SIGKILL is free again within seconds.
 */
import { spawn } from 'node:child_process';
import Redis from 'ioredis';
import { LockTimeoutError } from '../../storage/store';
import { LOCK_TTL_MS, RedisStore } from '../../storage/redis/redis-store';
import { OwnRedis } from '../helpers/own-redis';
import { uniquePrefix } from '../helpers/app';
import { startSlack, type SlackTest } from '../slack/harness';
import { startTeams, type TeamsTest } from '../teams/harness';

jest.setTimeout(180_000);

const AMIRA = 'U0SWIS0004';
const NOTICE = /I can't reach my records for a moment; nothing you sent is lost, please try again in a minute/;

async function until(check: () => Promise<boolean>, what: string, tries = 300): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting: ${what}`);
}

describe('while Redis is away', () => {
  let redis: OwnRedis;
  beforeAll(async () => {
    redis = await OwnRedis.start();
  });
  afterAll(() => redis.stop());

  describe('Teams', () => {
    let t: TeamsTest;
    beforeAll(async () => {
      t = await startTeams({ store: new RedisStore({ url: redis.url, prefix: uniquePrefix() }) });
    });
    afterAll(() => t.close());

    it('answers 503 with Retry-After and sends nothing, then works again once Redis is back', async () => {
      const dsl = t.person('dsl.werneth');
      expect((await t.post(t.activities.personal(dsl, 'help'))).status).toBe(200);
      await t.connector.waitForSent(1);
      await redis.kill();
      t.connector.clear();

      const res = await t.post(t.activities.personal(dsl, 'help'));
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(res.body).toEqual({ code: 'Unavailable', message: 'storage is unavailable for a moment, try again shortly' });
      expect(t.connector.requests).toHaveLength(0);

      const base = t.url.replace('/api/messages', '');
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { reason: string }).reason).toMatch(/^storage unreachable/);

      await redis.restart();
      await until(async () => (await fetch(`${base}/readyz`)).status === 200, 'ready again');
      expect((await t.post(t.activities.personal(dsl, 'help'))).status).toBe(200);
      await t.connector.waitForSent(1);
    });
  });

  describe('Slack', () => {
    let s: SlackTest;
    beforeAll(async () => {
      s = await startSlack({ store: new RedisStore({ url: redis.url, prefix: uniquePrefix() }) });
    });
    afterAll(() => s.close());

    it('acknowledges, and tells the person once, in plain words, for a DM, a command and a click', async () => {
      expect((await s.send(s.dm(AMIRA, 'help'))).status).toBe(200);
      await s.fake.waitFor('chat.postMessage');
      await s.idle();
      await redis.kill();
      s.fake.calls.length = 0;

      expect((await s.send(s.dm(AMIRA, 'help'))).status).toBe(200);
      expect((await s.send(s.command(AMIRA, 'help'))).status).toBe(200);
      expect((await s.send(s.click(AMIRA, 'help.show'))).status).toBe(200);
      await s.idle();
      // The DM and the click are answered in the DM, the command privately through its response_url.
      const posts = await s.fake.waitFor('chat.postMessage', 2);
      const private_ = await s.fake.waitFor('response_url', 1);
      const told = [...posts, ...private_].map((c) => String(c.params.text));
      expect(told).toHaveLength(3);
      for (const text of told) expect(text).toMatch(NOTICE);
    });
  });
});

describe('conversation locks in Redis', () => {
  let redis: OwnRedis;
  beforeAll(async () => {
    redis = await OwnRedis.start();
  });
  afterAll(() => redis.stop());

  it('are renewed while held, so long work keeps its lock past the lock time', async () => {
    const prefix = uniquePrefix();
    const holder = new RedisStore({ url: redis.url, prefix });
    const other = new RedisStore({ url: redis.url, prefix });
    try {
      const ttlMs = 1500;
      await holder.withLock('conv-long', async () => {
        await new Promise((r) => setTimeout(r, ttlMs * 3));
        await expect(other.withLock('conv-long', async () => 'overlap', { waitMs: 10 })).rejects.toBeInstanceOf(LockTimeoutError);
      }, { ttlMs });
      expect(await other.withLock('conv-long', async () => 'after', { waitMs: 1000 })).toBe('after');
    } finally {
      await holder.close();
      await other.close();
    }
  });

  it('of a process killed with SIGKILL is free again within the lock time', async () => {
    const prefix = uniquePrefix();
    const child = spawn(process.execPath, ['--no-deprecation', '--import', 'tsx', 'tests/security/fixtures/hold-lock.ts', redis.url, prefix, 'conv-dead'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => String(d).includes('locked') && resolve());
      child.once('exit', () => reject(new Error('lock holder exited early')));
    });
    const client = new Redis(redis.url);
    const store = new RedisStore({ url: redis.url, prefix });
    try {
      const ttl = await client.pttl(`${prefix}lock:conv-dead`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(LOCK_TTL_MS);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      // Whatever the machine's speed: the lock is taken once its holder's last renewal runs out.
      expect(await store.withLock('conv-dead', async () => 'mine', { waitMs: 30_000 })).toBe('mine');
    } finally {
      client.disconnect();
      await store.close();
    }
  });
});
