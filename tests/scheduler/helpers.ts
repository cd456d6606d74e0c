/**
 * Shared pieces for the scheduler tests: the sample authority's calendar, a clock that is the
 * real clock moved to a chosen instant (so both schedulers' real timers still run), and waiting.
 *
 * @example
 *   const clock = new OffsetClock();
 *   clock.set('2027-03-29T06:59:59.600Z'); // real time keeps flowing from there
 */
import { SchoolCalendar } from '../../bot/core/calendar';
import { sampleConfigData, settingsFrom } from '../helpers/app';

export function sampleCalendar(): SchoolCalendar {
  return new SchoolCalendar(settingsFrom(sampleConfigData()).config.authority);
}

export class OffsetClock {
  private offset = 0;
  now = (): Date => new Date(Date.now() + this.offset);
  set(iso: string): void {
    this.offset = Date.parse(iso) - Date.now();
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `check` is true; fails the test with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await sleep(20);
  }
}
