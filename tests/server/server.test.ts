import { spawn } from 'node:child_process';
import { createApp } from '../../bot/app';
import { silentLogger } from '../../bot/core/log';
import { RedisStore } from '../../storage/redis/redis-store';
import { freePort } from '../helpers/redis-server';
import { deletePrefix, sampleConfigData, settingsFrom, testRedisUrl, uniquePrefix } from '../helpers/app';

async function waitFor(url: string, ms = 20_000): Promise<Response> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await fetch(url);
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe('HTTP server', () => {
  it('answers /healthz and /readyz on memory storage', async () => {
    const app = createApp({ settings: settingsFrom(sampleConfigData()), log: silentLogger() });
    const port = await app.start(0);
    try {
      expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({ ok: true });
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ ok: true, details: { storage: 'memory', jobs: { failed: 0 } } });
      const missing = await fetch(`http://127.0.0.1:${port}/nothing-here`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).not.toMatch(/\bat .*\.ts:\d+/);
      // restify's sanitizePath (bot/restify-server.ts): a trailing or doubled slash reaches the same route.
      expect(await (await fetch(`http://127.0.0.1:${port}/healthz/`)).json()).toEqual({ ok: true });
      expect((await fetch(`http://127.0.0.1:${port}//healthz`)).status).toBe(200);
    } finally {
      await app.stop();
    }
  });

  it('reports not ready, with a reason, when Redis goes away', async () => {
    const store = new RedisStore({ url: 'redis://127.0.0.1:1', prefix: uniquePrefix() });
    const app = createApp({ settings: settingsFrom(sampleConfigData()), log: silentLogger(), store });
    const port = await app.start(0);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ ok: false, reason: expect.stringMatching(/^storage unreachable/) });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await app.stop();
    }
  });

  it.each([
    ['the embedded default (no Redis)', {}],
    ['Redis', { REDIS_URL: testRedisUrl(), REDIS_PREFIX: uniquePrefix() }],
  ])('npm start works on %s and stops cleanly on SIGTERM', async (_name, extra) => {
    const port = await freePort();
    const { REDIS_URL: _ignored, ...base } = process.env;
    const child = spawn(process.execPath, ['--no-deprecation', '--import', 'tsx', 'bot/main.ts'], {
      env: { ...base, PORT: String(port), LOG_LEVEL: 'info', ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      const health = await waitFor(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const ready = (await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as any;
      expect(ready.details.storage).toBe('REDIS_URL' in extra ? 'redis' : 'memory');
      expect(out).toContain('SWIS bot listening');
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      if ('REDIS_PREFIX' in extra) await deletePrefix(testRedisUrl(), extra.REDIS_PREFIX as string);
    }
  }, 40_000);
});
