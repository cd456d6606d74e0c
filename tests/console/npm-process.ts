/**
 * Runs the real `npm start` / `npm run chat` as child processes for the end-to-end tests: feeds
 * lines to stdin, waits for output, and ends each process by its own process group only.
 *
 * @example
 *   const bot = npmProcess(['start'], env);
 *   await bot.waitFor(/listening/);
 *   const dsl = npmProcess(['run', 'chat', '--', '--as', 'dsl.werneth'], env);
 *   dsl.send('help');
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

export interface NpmProcess {
  child: ChildProcess;
  output(): string;
  /** Output since the last `mark()`. */
  since(): string;
  mark(): void;
  send(line: string): void;
  /** Waits (up to `ms`) until the output since the mark matches; returns the match. */
  waitFor(re: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** Closes stdin (Ctrl+D) and waits for the exit code. */
  endInput(): Promise<number | null>;
  /** SIGTERM to its process group; resolves once every process of the group has gone. */
  terminate(): Promise<void>;
  exited: Promise<number | null>;
}

export function npmProcess(args: string[], env: NodeJS.ProcessEnv, name = args.join(' ')): NpmProcess {
  const child = spawn('npm', args, { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let out = '';
  let markAt = 0;
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const p: NpmProcess = {
    child,
    exited,
    output: () => out,
    since: () => out.slice(markAt),
    mark: () => void (markAt = out.length),
    send: (line) => void child.stdin!.write(`${line}\n`),
    async waitFor(re, ms = 60_000) {
      const end = Date.now() + ms;
      for (;;) {
        const m = out.slice(markAt).match(re);
        if (m) return m;
        if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}) before showing ${re}:\n${out}`);
        if (Date.now() > end) throw new Error(`${name} did not show ${re}; its output since the last step:\n${out.slice(markAt)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async endInput() {
      child.stdin!.end();
      return exited;
    },
    async terminate() {
      const alive = () => {
        try {
          process.kill(-child.pid!, 0);
          return true;
        } catch {
          return false;
        }
      };
      if (alive()) process.kill(-child.pid!, 'SIGTERM');
      await exited;
      for (let i = 0; i < 300 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
      if (alive()) throw new Error(`${name}: processes left running after SIGTERM:\n${out}`);
    },
  };
  return p;
}

/** A port free on loopback right now. */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
