/**
 * Runs a server script in its own process (so its memory is its own), waits until it listens,
 * and reads its peak resident memory (VmHWM) from /proc.
 *
 * @example
 *   const srv = await startServer('bench/servers/bare-teams.ts', { PORT: '4001' }, 'http://127.0.0.1:4001/healthz');
 *   const peakMb = srv.peakRssMb(); await srv.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

export interface ServerProcess {
  child: ChildProcess;
  peakRssMb(): number;
  /** CPU seconds (user + system) the process has used so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export { freePort } from '../../tests/helpers/redis-server';


// 90 s: the compiled bot starts in about 10 s, but in minutes when other work shares the cores.
async function waitForPort(port: number, ms = 90_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nothing listened on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startServer(script: string, env: Record<string, string>, port: number): Promise<ServerProcess> {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each server to that folder (for finding hot spots).
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  // BENCH_NODE_FLAGS adds Node flags to every server (e.g. --trace-gc, which NODE_OPTIONS refuses).
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  // Compiled JavaScript (the bot's dist/, as production runs it) starts without tsx, whose source
  // maps would otherwise be loaded for every module and counted in the server's memory.
  const loader = script.endsWith('.js') ? [] : ['--import', 'tsx'];
  const child = spawn(process.execPath, ['--no-deprecation', ...prof, ...flags, ...loader, script], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitForPort(port);
  return {
    child,
    peakRssMb() {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb / 1024;
    },
    cpuSeconds() {
      const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      // utime and stime are fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

/** Busy and total CPU time of the whole machine so far, in clock ticks (the first line of /proc/stat). */
export function machineCpu(): { busy: number; total: number } {
  const ticks = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  // idle and iowait are the 4th and 5th fields.
  return { busy: total - ticks[3] - ticks[4], total };
}
