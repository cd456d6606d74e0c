/**
 * Redis that loses a node: a primary, a replica and three Sentinels on loopback; two bot
 * processes find the primary through the Sentinels (REDIS_SENTINELS, ACL password). Mid-burst
 * of consultations the primary is killed (SIGKILL). A Sentinel promotes the replica; the store
 * and BullMQ in both processes follow it. Every acknowledged consultation is still there, every
 * worker's notice delivery still runs (the few in hand at the kill may be sent twice or lost with
 * the unreplicated writes: counted, not hidden), and the weekly digest is still one job. The figures (acknowledged, lost,
 * duplicated, seconds of refusal) are printed and recorded in bench/RESULTS.md.
 */
import Redis from 'ioredis';
import { FakeConnector } from '../teams/harness';
import { startBot, waitUntil, type BotProcess } from './bot-process';
import { ConsultDriver, DSLS } from './consult-driver';
import { reference, storedConsultations, workerNotices } from './consultations-in-redis';
import { PASSWORD, startSentinelGroup, type SentinelGroup } from './sentinel-group';
import { uniquePrefix } from '../helpers/app';

jest.setTimeout(400_000);

function lastWords(bot: BotProcess): string {
  const out = bot.output().split('\n');
  return [...out.filter((l) => l.startsWith('{') && JSON.parse(l).level >= 40).slice(-10), ...out.filter((l) => l && !l.startsWith('{')).slice(-30)].join('\n');
}

describe('Redis Sentinel failover', () => {
  let group: SentinelGroup | undefined;
  const bots: BotProcess[] = [];
  let connector: FakeConnector | undefined;

  afterAll(async () => {
    for (const b of bots) await b.stop('SIGKILL');
    await connector?.close();
    await group?.stop();
  });

  it('killing the primary mid-burst loses no acknowledged consultation; deliveries still fire and the weekly digest stays one job', async () => {
    group = await startSentinelGroup();
    connector = await new FakeConnector().start();
    const prefix = uniquePrefix();
    const env = { ...group.botEnv(), REDIS_PREFIX: prefix };
    const [a, b] = await Promise.all([startBot({ env }), startBot({ env })]);
    bots.push(a, b);
    await Promise.all([a.ready(), b.ready()]);

    const driver = new ConsultDriver(connector);
    driver.rounds = 400; // a DSL keeps trying (about 100 s) while the Sentinels elect
    const acknowledged: { dsl: string; ref: string }[] = [];
    const refused: string[] = [];
    let n = 0;
    const PER_DSL = 3;
    const burst = Promise.all(
      DSLS.map(async (dsl, i) => {
        const urls = i % 2 ? [a.url, b.url] : [b.url, a.url];
        for (let k = 0; k < PER_DSL; k++) {
          const ref = reference(n++);
          if (await driver.consult(urls, dsl, ref)) acknowledged.push({ dsl, ref });
          else refused.push(`${ref} ${driver.why.get(ref)}`);
        }
      }),
    );

    await waitUntil(() => acknowledged.length >= 5, 'five consultations before the failover', 120_000);
    const killedAt = Date.now();
    await group.killPrimary();
    await waitUntil(async () => (await group!.currentPrimary().catch(() => 0)) === group!.replicaPort, 'a Sentinel to promote the replica', 60_000);
    await burst;

    const newPrimary = `redis://:${PASSWORD}@127.0.0.1:${group.replicaPort}`;
    const stored = await storedConsultations(newPrimary, prefix);
    const lost = acknowledged.filter(({ dsl, ref }) => stored.get(`${dsl}/${ref}`) !== 'open');
    // Deliveries queued just before the kill may take a stalled-job check (30 s) to come back.
    await waitUntil(() => acknowledged.every(({ ref }) => workerNotices(connector!, ref) >= 1), 'every worker to be told', 90_000).catch(() => undefined);
    const untold = acknowledged.filter(({ ref }) => workerNotices(connector!, ref) === 0);
    const duplicated = acknowledged.filter(({ ref }) => workerNotices(connector!, ref) > 1);
    const after = driver.refusals.filter((r) => r.at >= killedAt);
    const refusalSeconds = after.length ? (after[after.length - 1].at - after[0].at) / 1000 : 0;

    const r = new Redis(newPrimary);
    const weeklyDigests = await r.smembers(`${prefix}sched:owner:weekly:digest:werneth-swis`);
    r.disconnect();

    // The figure for bench/RESULTS.md.
    console.log(
      `Sentinel failover: acknowledged ${acknowledged.length} of ${DSLS.length * PER_DSL}, lost ${lost.length}, worker notices duplicated ${duplicated.length}, never sent ${untold.length}, ` +
        `refused requests after the kill ${after.length} over ${refusalSeconds.toFixed(1)} s, weekly digest jobs ${weeklyDigests.length}`,
    );
    expect(refused).toEqual([]);
    expect(lost).toEqual([]);
    // Deliveries in hand at the kill are not exactly once: Redis replicates asynchronously, so
    // a "sent" mark or a queued job the primary had not yet passed on can be lost with it (sent
    // twice, or never). Counted, bounded by the deliveries in hand (one per conversation being
    // served), and recorded in bench/RESULTS.md; the consultations themselves are all there.
    expect(duplicated.length + untold.length).toBeLessThanOrEqual(DSLS.length);
    expect(weeklyDigests).toHaveLength(1);
    expect(a.lines().some((l) => l.level >= 60)).toBe(false);
    // A process that did not stop cleanly shows why (its last warnings and anything not logged as JSON).
    for (const bot of [a, b]) {
      const code = await bot.stop('SIGTERM');
      expect({ code, why: code === 0 ? '' : lastWords(bot) }).toEqual({ code: 0, why: '' });
    }
  });
});
