/**
 * Graceful stop, with two real bot processes on one Redis: SIGTERM to one of them in the middle
 * of a burst of consultations. Its /readyz says 503 first, it refuses new requests (the DSLs'
 * next steps go to the other process, as a load balancer would send them), finishes the turns
 * and jobs it holds, closes Redis last and exits 0. Every consultation that was acknowledged is
 * stored, and its worker was told exactly once.
 */
import { deletePrefix, testRedisUrl, uniquePrefix } from '../helpers/app';
import { FakeConnector } from '../teams/harness';
import { startBot, status, waitUntil, type BotProcess } from './bot-process';
import { ConsultDriver, DSLS } from './consult-driver';
import { reference, storedConsultations, workerNotices } from './consultations-in-redis';

jest.setTimeout(300_000);

describe('graceful stop', () => {
  const prefix = uniquePrefix();
  const bots: BotProcess[] = [];
  let connector: FakeConnector;

  afterAll(async () => {
    for (const b of bots) await b.stop('SIGKILL');
    await connector?.close();
    await deletePrefix(testRedisUrl(), prefix);
  });

  it('SIGTERM mid-burst: readiness 503 first, exit 0, nothing acknowledged lost or sent twice', async () => {
    connector = await new FakeConnector().start();
    const env = { REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix, SHUTDOWN_UNREADY_SECONDS: '2', SHUTDOWN_GRACE_SECONDS: '60' };
    const [a, b] = await Promise.all([startBot({ env }), startBot({ env })]);
    bots.push(a, b);
    await Promise.all([a.ready(), b.ready()]);

    const driver = new ConsultDriver(connector);
    const acknowledged: { dsl: string; ref: string }[] = [];
    const refused: { dsl: string; ref: string }[] = [];
    let n = 0;
    const PER_DSL = 3;
    // Each DSL asks three times in a row; A first, B when A refuses.
    const burst = Promise.all(
      DSLS.map(async (dsl) => {
        for (let i = 0; i < PER_DSL; i++) {
          const ref = reference(n++);
          ((await driver.consult([a.url, b.url], dsl, ref)) ? acknowledged : refused).push({ dsl, ref });
        }
      }),
    );

    await waitUntil(() => acknowledged.length >= 5, 'five consultations to be acknowledged', 120_000);
    const exit = a.stop('SIGTERM');
    // Readiness goes first: 503 while the process still listens.
    let seen = 200;
    await waitUntil(async () => (seen = await status(`${a.url}/readyz`)) !== 200, 'A to stop being ready');
    expect(seen).toBe(503);
    expect(await exit).toBe(0);
    await burst;

    const lines = a.lines();
    expect(lines.some((l) => l.msg === 'stopped')).toBe(true);
    expect(lines.some((l) => /grace period over/.test(l.msg))).toBe(false);

    expect(refused.map(({ ref }) => `${ref} ${driver.why.get(ref)}`)).toEqual([]);
    expect(acknowledged).toHaveLength(DSLS.length * PER_DSL);
    const stored = await storedConsultations(testRedisUrl(), prefix);
    const lost = acknowledged.filter(({ dsl, ref }) => stored.get(`${dsl}/${ref}`) !== 'open');
    expect(lost).toEqual([]);
    // Every worker is told once: deliveries A held were finished (or handed back to B).
    await waitUntil(() => acknowledged.every(({ ref }) => workerNotices(connector, ref) >= 1), 'every worker to be told', 120_000);
    const twice = acknowledged.filter(({ ref }) => workerNotices(connector, ref) !== 1);
    expect(twice).toEqual([]);
    expect(await b.stop('SIGTERM')).toBe(0);
  });
});
