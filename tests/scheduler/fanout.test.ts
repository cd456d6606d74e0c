/**
 * Fan-out within platform limits: 300 deliveries due at once to 30 Teams conversations, run by
 * two BullMQ workers (as two bot processes would) that pace each send through the shared pacer
 * on the real Redis. A recording platform enforces Teams' limits (7/s per conversation, 50/s per
 * tenant) and answers 429 when a send goes over, which the delivery retries.
 *
 * What holds at any machine speed is checked, not what a fast machine happens to do: the slots
 * the pacer books never break either limit in any second (the platform may still see a late,
 * bunched send when the CPU is saturated, and the retry then delivers it); none is lost or sent
 * twice. How often a queued delivery comes back depends on how late the machine runs it, so
 * that is checked on the store's own clock (the last test), where it does not.
 */
import { pace } from '../../bot/core/pacer';
import { silentLogger } from '../../bot/core/log';
import { BullMQScheduler } from '../../bot/scheduling/bullmq';
import { RetryLater } from '../../bot/scheduling/scheduler';
import { RedisStore } from '../../storage/redis/redis-store';
import type { PaceRequest, PaceSlot, Store } from '../../storage/store';
import { deletePrefix, testRedisUrl, uniquePrefix } from '../helpers/app';
import { sampleCalendar, waitFor } from './helpers';

jest.setTimeout(60_000);

const PER_CONVERSATION = 7;
const PER_TENANT = 50;

/** Plays Teams' rate limits: a send over either limit in the last second gets a 429. */
class LimitedPlatform {
  readonly accepted: { conv: string; messageId: string; at: number }[] = [];
  readonly refused = new Map<string, number>();

  send(conv: string, messageId: string): 'ok' | 429 {
    const at = Date.now();
    const recent = this.accepted.filter((s) => s.at > at - 1000);
    if (recent.length >= PER_TENANT || recent.filter((s) => s.conv === conv).length >= PER_CONVERSATION) {
      this.refused.set(messageId, (this.refused.get(messageId) ?? 0) + 1);
      return 429;
    }
    this.accepted.push({ conv, messageId, at });
    return 'ok';
  }
}

/** The most slots booked on one key within any one second. */
function busiestSecond(booked: number[]): number {
  const sorted = [...booked].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** The store as the pacer sees it, noting the moment each booked slot is for. */
function recordingStore(store: Store, booked: Map<string, number[]>): Pick<Store, 'pace'> {
  return {
    async pace(rules: PaceSlot[], request: PaceRequest) {
      const nowMs = Date.now();
      const result = await store.pace(rules, { ...request, nowMs });
      if (result.reserved) for (const r of rules) booked.set(r.key, [...(booked.get(r.key) ?? []), nowMs + result.waitMs]);
      return result;
    },
  };
}

test.each([
  ['each waiting for a free slot', false],
  ['queued deliveries taking a place in line', true],
])('300 sends to 30 conversations from two processes, %s: none lost, none over the limits', async (_, queued) => {
  const url = testRedisUrl();
  const prefix = uniquePrefix();
  const platform = new LimitedPlatform();
  const booked = new Map<string, number[]>();
  const processes = [0, 1].map(() => {
    const store = new RedisStore({ url, prefix });
    const paced = recordingStore(store, booked);
    const scheduler = new BullMQScheduler({ redisUrl: url, prefix, calendar: sampleCalendar(), log: silentLogger(), concurrency: 32, baseBackoffMs: 200 });
    scheduler.register('deliver', async (job) => {
      const conv = String(job.data.conversationId);
      await pace(
        paced,
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

    // The booked slots keep within both limits in every second, whatever the machine's speed.
    const tenant = booked.get('teams:tenant:t-stockport') ?? [];
    expect(tenant.length).toBeGreaterThanOrEqual(300);
    expect(busiestSecond(tenant)).toBeLessThanOrEqual(PER_TENANT);
    for (let c = 0; c < 30; c++) expect(busiestSecond(booked.get(`teams:conv:c-${c}`) ?? [])).toBeLessThanOrEqual(PER_CONVERSATION);
    // Every message delivered exactly once, refused sends (a late, bunched send on a busy
    // machine) retried until they went.
    expect(platform.accepted.map((s) => s.messageId).sort()).toEqual([...messageIds].sort());
    // Conversations went out side by side, not one after another.
    expect(new Set(platform.accepted.slice(0, 60).map((s) => s.conv)).size).toBeGreaterThanOrEqual(10);
    const health = await processes[1].scheduler.health();
    expect(health.failed).toBe(0);
  } finally {
    for (const p of processes) {
      await p.scheduler.stop();
      await p.store.close();
    }
    await deletePrefix(url, prefix);
  }
});

/**
 * The same fan-out played on a clock the test moves: every queued delivery asks the pacer as
 * `pace` would, and comes back exactly when it is told (or late by up to a slot or two, as a
 * busy machine would bring it back, up to a second and a half). With a place in line each comes
 * back once, whatever the lateness; without one it would re-compete every 300 ms for the whole
 * six seconds.
 */
test.each([
  ['on time', 0],
  ['up to 40 ms late', 40],
  ['up to 1.5 s late', 1500],
])('300 queued sends to 30 conversations on a moved clock, back %s: each comes back once, none over the limits', async (_, lateMs) => {
  const url = testRedisUrl();
  const prefix = uniquePrefix();
  const store = new RedisStore({ url, prefix });
  const headroom = 0.95;
  const maxWaitMs = 300;
  const rules = (conv: string) => [
    { key: `teams:conv:${conv}`, intervalMs: 1000 / (PER_CONVERSATION * headroom), burst: 0 },
    { key: 'teams:tenant:t-stockport', intervalMs: 1000 / (PER_TENANT * headroom), burst: 0 },
  ];
  // Due runs, earliest first (ties in the order they were queued, as a scheduler would).
  const due: { at: number; messageId: string; conv: string; seq: number }[] = [];
  let seq = 0;
  const queue = (at: number, messageId: string, conv: string) => due.push({ at, messageId, conv, seq: seq++ });
  const runs = new Map<string, number>();
  const sent: { conv: string; at: number }[] = [];
  try {
    for (let i = 0; i < 300; i++) queue(0, `m-${i}`, `c-${i % 30}`);
    let step = 0;
    while (due.length > 0) {
      due.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const run = due.shift()!;
      runs.set(run.messageId, (runs.get(run.messageId) ?? 0) + 1);
      const result = await store.pace(rules(run.conv), { maxWaitMs, holder: run.messageId, nowMs: run.at });
      // A deterministic lateness per run, so the test is the same on every machine.
      const late = lateMs ? (step++ * 7919) % (lateMs + 1) : 0;
      if (result.queued) queue(run.at + Math.max(0, result.waitMs - Math.floor(maxWaitMs / 2)) + late, run.messageId, run.conv);
      else if (!result.reserved) queue(run.at + result.waitMs + late, run.messageId, run.conv);
      else sent.push({ conv: run.conv, at: run.at + result.waitMs });
    }
    expect(sent).toHaveLength(300);
    expect(busiestSecond(sent.map((s) => s.at))).toBeLessThanOrEqual(PER_TENANT);
    for (let c = 0; c < 30; c++) expect(busiestSecond(sent.filter((s) => s.conv === `c-${c}`).map((s) => s.at))).toBeLessThanOrEqual(PER_CONVERSATION);
    // Each asked at most twice: once for a place, once when it came (the first few went at once).
    expect(Math.max(...runs.values())).toBeLessThanOrEqual(2);
    // All 300 within about the tenant's limit (300 at 47.5 a second is 6.3 s), plus the lateness.
    expect(Math.max(...sent.map((s) => s.at))).toBeLessThan(6400 + lateMs);
  } finally {
    await store.close();
    await deletePrefix(url, prefix);
  }
});
