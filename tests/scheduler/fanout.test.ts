/**
 * Fan-out within platform limits: 300 deliveries due at once to 30 Teams conversations, run by
 * two BullMQ workers (as two bot processes would) that pace each send through the shared pacer
 * on the real Redis. A recording platform enforces Teams' limits (7/s per conversation, 50/s per
 * tenant) and answers 429 when a send goes over: none does, and none is lost. Queued deliveries
 * (the notifier's) get a place in line, so each comes back once instead of re-competing.
 */
import { pace } from '../../bot/core/pacer';
import { silentLogger } from '../../bot/core/log';
import { BullMQScheduler } from '../../bot/scheduling/bullmq';
import { RetryLater } from '../../bot/scheduling/scheduler';
import { RedisStore } from '../../storage/redis/redis-store';
import { deletePrefix, testRedisUrl, uniquePrefix } from '../helpers/app';
import { sampleCalendar, waitFor } from './helpers';

jest.setTimeout(60_000);

const PER_CONVERSATION = 7;
const PER_TENANT = 50;

/** Plays Teams' rate limits: a send over either limit in the last second gets a 429. */
class LimitedPlatform {
  readonly accepted: { conv: string; messageId: string; at: number }[] = [];
  refused = 0;

  send(conv: string, messageId: string): 'ok' | 429 {
    const at = Date.now();
    const recent = this.accepted.filter((s) => s.at > at - 1000);
    if (recent.length >= PER_TENANT || recent.filter((s) => s.conv === conv).length >= PER_CONVERSATION) {
      this.refused++;
      return 429;
    }
    this.accepted.push({ conv, messageId, at });
    return 'ok';
  }
}

test.each([
  ['each waiting for a free slot', false],
  ['queued deliveries taking a place in line', true],
])('300 sends to 30 conversations from two processes, %s: none lost, none over the limits', async (_, queued) => {
  const url = testRedisUrl();
  const prefix = uniquePrefix();
  const platform = new LimitedPlatform();
  const runs = new Map<string, number>();
  const processes = [0, 1].map(() => {
    const store = new RedisStore({ url, prefix });
    const scheduler = new BullMQScheduler({ redisUrl: url, prefix, calendar: sampleCalendar(), log: silentLogger(), concurrency: 32, baseBackoffMs: 200 });
    scheduler.register('deliver', async (job) => {
      const conv = String(job.data.conversationId);
      runs.set(String(job.data.messageId), (runs.get(String(job.data.messageId)) ?? 0) + 1);
      await pace(
        store,
        [
          { key: `teams:conv:${conv}`, perSecond: PER_CONVERSATION },
          { key: 'teams:tenant:t-stockport', perSecond: PER_TENANT },
        ],
        { holder: queued ? String(job.data.messageId) : undefined },
      );
      if (platform.send(conv, String(job.data.messageId)) === 429) throw new RetryLater('429 from Teams', 1000);
    });
    return { store, scheduler };
  });
  try {
    const due = new Date();
    const messageIds: string[] = [];
    for (let i = 0; i < 300; i++) {
      const messageId = `m-${i}`;
      messageIds.push(messageId);
      await processes[0].scheduler.schedule({ id: messageId, kind: 'deliver', runAt: due, owner: `outbox:c-${i % 30}`, data: { messageId, conversationId: `c-${i % 30}` } });
    }
    await Promise.all(processes.map((p) => p.scheduler.start()));
    await waitFor('every send', () => platform.accepted.length >= 300, 45_000);

    expect(platform.refused).toBe(0);
    expect(platform.accepted.map((s) => s.messageId).sort()).toEqual([...messageIds].sort());
    // Conversations went out side by side, not one after another.
    expect(new Set(platform.accepted.slice(0, 60).map((s) => s.conv)).size).toBeGreaterThanOrEqual(10);
    const health = await processes[1].scheduler.health();
    expect(health.failed).toBe(0);
    // With a place in line a delivery runs about twice (take a place, then send), not again and again.
    if (queued) expect(Math.max(...runs.values())).toBeLessThanOrEqual(3);
  } finally {
    for (const p of processes) {
      await p.scheduler.stop();
      await p.store.close();
    }
    await deletePrefix(url, prefix);
  }
});
