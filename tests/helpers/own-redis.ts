/**
 * A redis-server of the test's own, on a free loopback port, that the test can stop (as a
 * crash: SIGKILL) and start again on the same port. For showing what the bot does while its
 * Redis is away, without touching the Redis other tests share.
 *
 * @example
 *   const redis = await OwnRedis.start();
 *   await redis.kill();    // Redis is away
 *   await redis.restart(); // back, empty
 *   await redis.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { answers, freePort } from './redis-server';

export class OwnRedis {
  private child?: ChildProcess;

  private constructor(
    readonly port: number,
    private readonly args: string[],
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** `args`: more redis-server options, e.g. ['--maxmemory-policy', 'allkeys-lru']. */
  static async start(args: string[] = []): Promise<OwnRedis> {
    const r = new OwnRedis(await freePort(), args);
    await r.restart();
    return r;
  }

  async restart(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...this.args], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (await answers(this.url)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`redis-server on port ${this.port} did not answer (is redis-server installed?)`);
  }

  /** Stops it the way a crash would. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGKILL');
    await exited;
  }

  stop(): Promise<void> {
    return this.kill();
  }
}
