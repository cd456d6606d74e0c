/**
 * One log line per window for a repeating problem (Redis not answering, a queue error): the
 * first occurrence is logged at once, later ones only once the window has passed, with how
 * many happened meanwhile. Keeps a process waiting for Redis from printing a line per retry.
 *
 * @example
 *   const warn = new LogWindow(log, 30_000);
 *   warn.warn('redis', { err }, 'Redis is not answering; retrying');
 */
import type { Logger } from './log';

export class LogWindow {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly log: Logger,
    private readonly windowMs = 30_000,
    private readonly clock: () => number = Date.now,
  ) {}

  warn(key: string, fields: Record<string, unknown>, msg: string): void {
    const now = this.clock();
    const seen = this.last.get(key);
    if (seen && now - seen.at < this.windowMs) {
      seen.suppressed++;
      return;
    }
    this.last.set(key, { at: now, suppressed: 0 });
    this.log.warn({ ...fields, ...(seen?.suppressed ? { repeatedSinceLastLine: seen.suppressed } : {}) }, msg);
  }

  /** Forgets a key (the problem went away), so its next occurrence is logged at once. */
  clear(key: string): void {
    this.last.delete(key);
  }
}
