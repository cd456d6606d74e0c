/**
 * Starts the real bot as a separate process (bot/main.ts under tsx, or the built
 * dist/bot/main.js) on a free loopback port with the environment a deployment would give it,
 * and stops it by its own pid only.
 *
 * @example
 *   const bot = await startBot({ env: { REDIS_URL: url, REDIS_PREFIX: prefix } });
 *   await bot.ready();                 // /readyz answered 200
 *   expect(await bot.stop('SIGTERM')).toBe(0);
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../helpers/redis-server';

export const ROOT = path.join(__dirname, '..', '..');

export interface BotProcess {
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  /** Log lines (JSON) the process wrote so far. */
  lines(): Record<string, any>[];
  /** Waits until /readyz answers 200 (or throws with the output after `ms`). */
  ready(ms?: number): Promise<void>;
  /** Sends the signal and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

export async function waitUntil(check: () => Promise<boolean> | boolean, what: string, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function status(url: string, init?: RequestInit): Promise<number> {
  try {
    return (await fetch(url, init)).status;
  } catch {
    return 0;
  }
}

export async function startBot(opts: { env?: Record<string, string>; built?: boolean; waitListening?: boolean } = {}): Promise<BotProcess> {
  const port = await freePort();
  const { REDIS_URL: _r, BOT_CONFIG: _c, ...base } = process.env;
  const args = opts.built ? ['--no-deprecation', path.join(ROOT, 'dist', 'bot', 'main.js')] : ['--no-deprecation', '--import', 'tsx', path.join(ROOT, 'bot', 'main.ts')];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // The driver plays Teams on loopback: Emulator mode, asked for as the safe-by-default rules require.
    env: { ...base, PORT: String(port), LOG_LEVEL: 'info', TEAMS_EMULATOR: 'true', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const bot: BotProcess = {
    url,
    port,
    child,
    exited,
    output: () => out,
    lines: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l)),
    async ready(ms = 60_000) {
      await waitUntil(async () => {
        if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}: ${out}`);
        return (await status(`${url}/readyz`)) === 200;
      }, `${url}/readyz to answer 200; output so far:\n${out}`, ms);
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  if (opts.waitListening ?? true) await waitUntil(() => { if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}: ${out}`); return out.includes('SWIS bot listening'); }, `the bot to listen; output:\n${out}`);
  return bot;
}
