/**
 * Measures scheduled work without features knowing: every job handler registered on the
 * scheduler is wrapped so its first attempt records how late it started against its due time
 * (`swis_scheduled_job_lag_seconds`), the figure that shows a backlog or a stalled worker.
 *
 * @example
 *   const scheduler = instrumentScheduler(createScheduler(opts), metrics, now);
 */
import type { Scheduler } from '../scheduling/scheduler';
import type { Metrics } from './metrics';

export function instrumentScheduler(scheduler: Scheduler, metrics: Metrics, now: () => Date): Scheduler {
  const register = scheduler.register.bind(scheduler);
  scheduler.register = (kind, handler) =>
    register(kind, async (job) => {
      if (job.attempt === 1) metrics.jobLagSeconds.observe({ kind }, Math.max(0, now().getTime() - job.runAt.getTime()) / 1000);
      return handler(job);
    });
  return scheduler;
}
