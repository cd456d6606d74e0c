/** The scheduler contract on BullMQ against the real Redis, each test under its own key prefix. */
import { silentLogger } from '../../bot/core/log';
import { BullMQScheduler } from '../../bot/scheduling/bullmq';
import { deletePrefix, testRedisUrl, uniquePrefix } from '../helpers/app';
import { runSchedulerContract } from './contract';
import { sampleCalendar } from './helpers';

runSchedulerContract('bullmq', async ({ clock, baseBackoffMs }) => {
  const prefix = uniquePrefix();
  const url = testRedisUrl();
  const scheduler = new BullMQScheduler({ redisUrl: url, prefix, calendar: sampleCalendar(), log: silentLogger(), now: clock.now, baseBackoffMs });
  return {
    scheduler,
    async close() {
      await scheduler.stop();
      await deletePrefix(url, prefix);
    },
  };
});
