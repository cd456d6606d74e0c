/** The scheduler contract on the embedded scheduler (in-process timers, no Redis). */
import { silentLogger } from '../../bot/core/log';
import { EmbeddedScheduler } from '../../bot/scheduling/embedded';
import { runSchedulerContract } from './contract';
import { sampleCalendar } from './helpers';

runSchedulerContract('embedded', async ({ clock, baseBackoffMs }) => {
  const scheduler = new EmbeddedScheduler({ calendar: sampleCalendar(), log: silentLogger(), now: clock.now, baseBackoffMs });
  return { scheduler, close: () => scheduler.stop() };
});
