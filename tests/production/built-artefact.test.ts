/**
 * The built artefact, run as the image and compose.yaml run it (this machine has no Docker
 * engine, so the same thing without containers): `npm run build`, then Redis started with
 * compose.yaml's own settings and password, then two replicas of `node dist/bot/main.js` (the
 * Dockerfile's CMD) with compose's environment. Both answer /healthz and /readyz, and stop with
 * exit 0 on SIGTERM. Also: `npm start` on this tree stops the bot when npm gets SIGTERM.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import YAML from 'yaml';
import { freePort } from '../helpers/redis-server';
import { ROOT, startBot, status, waitUntil, type BotProcess } from './bot-process';

jest.setTimeout(300_000);

const compose = YAML.parse(fs.readFileSync(path.join(ROOT, 'compose.yaml'), 'utf8'));
const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

describe('the built artefact, as the image runs it', () => {
  const PASSWORD = 'compose-test-password';
  let redis: ChildProcess | undefined;
  let dir = '';
  const bots: BotProcess[] = [];

  afterAll(async () => {
    for (const b of bots) await b.stop('SIGKILL');
    redis?.kill('SIGKILL');
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the Dockerfile and compose.yaml say what a council expects', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20\S*$/m);
    expect(dockerfile).toMatch(/^FROM \$\{NODE_IMAGE\} AS build$/m);
    expect(dockerfile).toMatch(/^ENV [\s\S]*HOST=0\.0\.0\.0/m);
    expect(dockerfile).toMatch(/npm install --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "--no-deprecation", "dist\/bot\/main.js"\]$/m);
    const redisCommand: string[] = compose.services.redis.command;
    expect(redisCommand.join(' ')).toMatch(/--appendonly yes --appendfsync everysec --maxmemory-policy noeviction --requirepass/);
    expect(compose.services.bot.deploy.replicas).toBe(2);
  });

  it('npm run build, then two replicas of node dist/bot/main.js on a Redis set up as compose.yaml sets it', async () => {
    const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.js')], { cwd: ROOT, encoding: 'utf8' });
    expect(built.status).toBe(0);
    expect(fs.existsSync(path.join(ROOT, 'dist', 'bot', 'main.js'))).toBe(true);
    expect(fs.existsSync(path.join(ROOT, 'dist', 'bot', 'config', 'sample.yaml'))).toBe(true);

    // compose.yaml's Redis command, with its password variable filled in, on a free loopback port.
    const port = await freePort();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swis-compose-'));
    const args = (compose.services.redis.command as string[]).slice(1).map((a) => a.replace(/^\$\{REDIS_PASSWORD[^}]*\}$/, PASSWORD));
    redis = spawn('redis-server', [...args, '--port', String(port), '--bind', '127.0.0.1', '--dir', dir], { stdio: 'ignore' });
    await waitUntil(async () => {
      const r = new Redis({ port, password: PASSWORD, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      r.on('error', () => undefined);
      try {
        await r.connect();
        return ((await r.config('GET', 'maxmemory-policy')) as string[])[1] === 'noeviction';
      } catch {
        return false;
      } finally {
        r.disconnect();
      }
    }, 'Redis to answer');

    // compose.yaml's bot environment: REDIS_URL without the password, REDIS_PASSWORD beside it.
    const env = { REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_PASSWORD: PASSWORD, REDIS_PREFIX: `compose-test:${port}:`, NODE_ENV: 'production' };
    const replicas = await Promise.all([startBot({ built: true, env }), startBot({ built: true, env })]);
    bots.push(...replicas);
    for (const bot of replicas) {
      await bot.ready();
      expect(await status(`${bot.url}/healthz`)).toBe(200);
      const ready = (await (await fetch(`${bot.url}/readyz`)).json()) as { details: { storage: string } };
      expect(ready.details.storage).toBe('redis');
    }
    for (const bot of replicas) expect(await bot.stop('SIGTERM')).toBe(0);
  });

  it('with Redis unreachable and a password set: a clear 503, no crash, the password never shown', async () => {
    const bot = await startBot({ built: true, env: { REDIS_URL: 'redis://127.0.0.1:1', REDIS_PASSWORD: 'not-the-password' } });
    bots.push(bot);
    const res = await fetch(`${bot.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.text()).not.toContain('not-the-password');
    expect(bot.output()).not.toContain('not-the-password');
    expect(await bot.stop('SIGTERM')).toBe(0);
  });

  it('SIGTERM to `npm start` stops the bot (the bot is the process npm waits on)', async () => {
    const port = await freePort();
    const { REDIS_URL: _r, ...base } = process.env;
    const npm = spawn('npm', ['start'], { cwd: ROOT, env: { ...base, PORT: String(port), LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    npm.stdout!.on('data', (d) => (out += d));
    npm.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => npm.once('exit', (code) => r(code)));
    await waitUntil(async () => (await status(`http://127.0.0.1:${port}/healthz`)) === 200, `npm start to serve; output:\n${out}`, 120_000);
    npm.kill('SIGTERM');
    await exited;
    await waitUntil(async () => (await status(`http://127.0.0.1:${port}/healthz`)) === 0, 'the bot to stop serving once npm is stopped', 30_000);
    expect(out).toMatch(/"msg":"stopped"/);
  });
});
