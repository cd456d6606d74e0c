/**
 * Starts and stops bot-like child processes (tests/scheduler/fixtures/worker.ts under tsx) for
 * the multi-process tests. Each child is ended by its own pid only.
 *
 * @example
 *   const p = await startWorker({ name: 'p1', prefix });
 *   await p.stop();         // SIGTERM, graceful
 *   p.kill();               // SIGKILL, mid-job
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { testRedisUrl } from '../helpers/app';

const FIXTURE = path.join(__dirname, 'fixtures', 'worker.ts');
const ROOT = path.join(__dirname, '..', '..');

export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

export async function startWorker(opts: { name: string; prefix: string; env?: Record<string, string> }): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--no-deprecation', '--import', 'tsx', FIXTURE], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: testRedisUrl(), PREFIX: opts.prefix, NAME: opts.name, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${opts.name} did not start: ${out}`)), 30_000);
    const check = () => {
      if (out.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${opts.name} exited with ${code}: ${out}`));
    });
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { name: opts.name, child, output: () => out, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}
