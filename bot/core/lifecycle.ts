/**
 * A process's life after it listens: connecting to storage (retried with backoff, one log line
 * per window, /readyz 503 with the reason meanwhile), serving, and a graceful stop (readiness
 * 503 first, then new requests refused, work in hand finished or handed back within the grace
 * period, Redis closed last).
 *
 * @example
 *   const life = new Lifecycle({ log, connect: async () => { await store.ping(); await scheduler.start(); } });
 *   await life.connectFirst();          // one try now; keeps trying in the background if it fails
 *   life.notReadyReason();              // 'storage unreachable, retrying: ...' | 'stopping' | undefined
 */
import type { Logger } from './log';
import { LogWindow } from './log-window';

export type Phase = 'connecting' | 'ready' | 'stopping' | 'stopped';

export interface LifecycleOptions {
  log: Logger;
  /** One attempt at reaching storage and starting the scheduler; throws while it cannot. */
  connect: () => Promise<void>;
  /** What is being waited for, for the log line and /readyz ("Redis at redis://host:6379"). */
  what?: string;
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** At most one "still waiting" line per this long. */
  logWindowMs?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

export class Lifecycle {
  phase: Phase = 'connecting';
  private lastError = 'not connected yet';
  private attempts = 0;
  private loop?: Promise<void>;
  private readonly window: LogWindow;

  constructor(private readonly opts: LifecycleOptions) {
    this.window = new LogWindow(opts.log, opts.logWindowMs ?? 30_000);
  }

  /** Why /readyz says 503, or undefined when ready. */
  notReadyReason(): string | undefined {
    if (this.phase === 'ready') return undefined;
    if (this.phase === 'connecting') return `storage unreachable, retrying: ${this.opts.what ?? 'storage'}: ${this.lastError} (attempt ${this.attempts})`;
    return this.phase === 'stopping' ? 'stopping: finishing work in hand' : 'stopped';
  }

  /** Tries once; when that fails, keeps trying in the background and returns false. */
  async connectFirst(): Promise<boolean> {
    if (await this.attempt()) return true;
    this.loop = this.retry();
    return false;
  }

  /** Resolves when connected (or stopped while waiting). */
  async connected(): Promise<void> {
    await this.loop;
  }

  private async attempt(): Promise<boolean> {
    this.attempts++;
    try {
      await this.opts.connect();
      if (this.phase === 'connecting') this.phase = 'ready';
      if (this.attempts > 1) this.opts.log.info({ attempts: this.attempts }, `${this.opts.what ?? 'storage'} answered: ready`);
      this.window.clear('connect');
      return true;
    } catch (err) {
      this.lastError = (err as Error).message;
      this.window.warn('connect', { attempt: this.attempts, reason: this.lastError }, `${this.opts.what ?? 'storage'} is not answering; listening and retrying (/readyz says 503 until it answers)`);
      return false;
    }
  }

  private async retry(): Promise<void> {
    let delay = this.opts.firstDelayMs ?? 500;
    while (this.phase === 'connecting') {
      await sleep(delay);
      if (this.phase !== 'connecting') return;
      if (await this.attempt()) return;
      delay = Math.min(delay * 2, this.opts.maxDelayMs ?? 10_000);
    }
  }
}
