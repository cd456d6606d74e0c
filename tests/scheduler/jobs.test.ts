/**
 * Job kinds declared once with their data (issue 16 point 5): scheduling and handling are
 * checked against the same declaration. Data that does not fit is refused when scheduled (even
 * through the untyped `schedule`), and a queued job whose data does not fit (one planned by an
 * older version) fails permanently, named by kind and field, never by value.
 *
 * @example
 *   node --no-deprecation node_modules/jest/bin/jest.js tests/scheduler/jobs
 */
import { z } from 'zod';
import { silentLogger } from '../../bot/core/log';
import { EmbeddedScheduler } from '../../bot/scheduling/embedded';
import { defineJob, handleJob, jobId, scheduleJob } from '../../bot/scheduling/jobs';
import { PermanentFailure, type Job, type JobHandler } from '../../bot/scheduling/scheduler';
import { OffsetClock, sampleCalendar, waitFor } from './helpers';

const NUDGE = defineJob('probe.nudge', z.object({ bookingId: jobId, which: z.enum(['day-before', 'hour-before']) }));

describe('a declared job kind', () => {
  let scheduler: EmbeddedScheduler;
  const clock = new OffsetClock();
  beforeEach(() => {
    scheduler = new EmbeddedScheduler({ calendar: sampleCalendar(), log: silentLogger(), now: clock.now });
  });
  afterEach(() => scheduler.stop());

  it('runs its handler with the data it was scheduled with, typed', async () => {
    const ran: { bookingId: string; which: 'day-before' | 'hour-before' }[] = [];
    handleJob(scheduler, NUDGE, async (job) => void ran.push(job.data));
    await scheduler.start();
    await scheduleJob(scheduler, NUDGE, { runAt: clock.now(), owner: 'booking:b-1', data: { bookingId: 'b-1', which: 'day-before' } });
    await waitFor('the nudge to run', () => ran.length === 1, 120_000);
    expect(ran).toEqual([{ bookingId: 'b-1', which: 'day-before' }]);

    // @ts-expect-error: "week-before" is not a kind of nudge
    void scheduleJob(scheduler, NUDGE, { runAt: clock.now(), owner: 'x', data: { bookingId: 'b-1', which: 'week-before' } }).catch(() => undefined);
  });

  it('is refused at scheduling when its data does not fit, even through the untyped schedule', async () => {
    await expect(scheduler.schedule({ kind: NUDGE.kind, runAt: clock.now(), owner: 'booking:b-2', data: { booking: 'b-2', which: 'day-before' } })).rejects.toThrow(
      'job "probe.nudge" data does not fit its declaration: bookingId',
    );
    expect(await scheduler.pending('booking:b-2')).toEqual([]);
  });

  it('fails permanently, named by field not value, when a queued job no longer fits', async () => {
    const handlers = new Map<string, JobHandler>();
    const ran: unknown[] = [];
    handleJob({ register: (kind, h) => void handlers.set(kind, h) }, NUDGE, async (job) => void ran.push(job.data));
    const old: Job = { id: 'j1', kind: NUDGE.kind, runAt: clock.now(), owner: 'booking:b-3', data: { bookingId: 'b-3', which: 'Zephyrine Quigley' }, attempt: 1 };
    const failed = handlers.get(NUDGE.kind)!(old);
    await expect(failed).rejects.toBeInstanceOf(PermanentFailure);
    await expect(failed).rejects.toThrow('job "probe.nudge" data does not fit its declaration: which');
    await expect(failed).rejects.not.toThrow(/Zephyrine/);
    expect(ran).toEqual([]);
  });
});
