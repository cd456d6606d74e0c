/**
 * Start without Redis: the bot listens at once, /healthz says up, /readyz says 503 with the
 * reason, retries with backoff writing one line per window (not one per retry), and becomes
 * ready by itself when a Redis starts answering on that address.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import pino from 'pino';
import { createApp, type App } from '../../bot/app';
import { freePort } from '../helpers/redis-server';
import { deletePrefix, sampleConfigData, settingsFrom, uniquePrefix } from '../helpers/app';
import { waitUntil } from './bot-process';

jest.setTimeout(120_000);

describe('starting while Redis is not there', () => {
  let app: App | undefined;
  let redis: ChildProcess | undefined;
  let url = '';
  const prefix = uniquePrefix();

  afterAll(async () => {
    await app?.stop({ graceMs: 5000 });
    if (url) await deletePrefix(url, prefix).catch(() => undefined);
    redis?.kill('SIGTERM');
  });

  it('listens at once, says why it is not ready, logs once per window, then becomes ready', async () => {
    const redisPort = await freePort();
    url = `redis://127.0.0.1:${redisPort}`;
    const lines: { level: number; msg: string; reason?: string }[] = [];
    const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    app = createApp({ settings: settingsFrom(sampleConfigData(), { REDIS_URL: url, REDIS_PREFIX: prefix }), log });
    const port = await app.start(0);

    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { reason: string };
    expect(body.reason).toMatch(/^storage unreachable, retrying: Redis \(redis:\/\/127\.0\.0\.1:\d+\)/);
    expect(body.reason).not.toMatch(/password/i);

    // Several attempts go by (the reason counts them) while only one "not answering" line is written.
    await waitUntil(async () => /attempt [4-9]|attempt \d\d/.test(((await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as { reason: string }).reason), 'four attempts');
    expect(lines.filter((l) => /is not answering/.test(l.msg))).toHaveLength(1);
    expect(lines.filter((l) => l.level >= 40 && /job queue error|job worker error/.test(l.msg)).length).toBeLessThanOrEqual(2);

    redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, '/readyz to say ready once Redis answers');
    expect(lines.some((l) => /answered: ready/.test(l.msg))).toBe(true);
    // The weekly digest that could not be put in place at start is there now.
    expect(await app.services.scheduler.pending('weekly:digest:werneth-swis')).toHaveLength(1);
  });
});
