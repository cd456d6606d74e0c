import { createApp } from '../../bot/app';
import { silentLogger } from '../../bot/core/log';
import { RecordsAudit } from '../../bot/features/records/audit';
import { runRetention } from '../../bot/features/records/retention';
import { RedisStore } from '../../storage/redis/redis-store';
import { makeApp, sampleConfigData, settingsFrom, testRedisUrl, TestClock, type TestApp } from '../helpers/app';
import { COLLECTIONS, seedEveryKind, seedStaffRecords, type Seeded, type StaffSeeded } from './seed';

const DAY = 86_400_000;
// Whole-store scans on the shared Redis: a busy machine must not fail them by the clock.
jest.setTimeout(120_000);
/** Days each kind is kept in this test: every kind a different period. */
const PERIODS: Record<keyof Seeded | keyof StaffSeeded, number> = {
  caseload: 1,
  pulseAnswer: 4,
  quickLogRole: 11,
  inboundEvent: 2,
  outboxMessage: 3,
  consultation: 5,
  activityEntry: 6,
  auditEntry: 7,
  tasMeeting: 8,
  tasAction: 9,
  dropInBooking: 10,
};

function config() {
  const data = sampleConfigData();
  data.records = { retention: Object.fromEntries(Object.entries(PERIODS).map(([k, d]) => [k, `${d}d`])) };
  return data;
}

describe.each([['memory', false], ['redis', true]] as const)('retention by kind on %s', (_name, redis) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeApp({ redis, clock: new TestClock('2026-11-23T10:00:00Z'), settings: settingsFrom(config()) });
  });
  afterEach(() => t.close());

  /** The day's run is over when the trail records it (on a busy machine the job can outlast settle()). */
  async function runsRecorded(n: number): Promise<void> {
    const audit = new RecordsAudit(t.store, t.app.services.now);
    for (let i = 0; i < 1500 && (await audit.list()).filter((a) => a.action === 'retention').length < n; i++) await new Promise((r) => setTimeout(r, 20));
  }

  const exists = async (kind: keyof Seeded | keyof StaffSeeded, id: string) => (await t.store.get(COLLECTIONS[kind], id)) !== undefined;

  it('removes each kind on the first daily run after its period, and nothing under a legal hold', async () => {
    const plain = { ...(await seedEveryKind(t.app.services, { at: '2026-11-23T10:00:00Z', child: 'AB', tag: 'plain' })), ...(await seedStaffRecords(t.app.services, { at: '2026-11-23T10:00:00Z', tag: 'plain' })) };
    const heldChild = await seedEveryKind(t.app.services, { at: '2026-11-23T10:00:00Z', child: 'JS', tag: 'heldchild' });
    const heldConsultation = await seedEveryKind(t.app.services, { at: '2026-11-23T10:00:00Z', child: 'CD', tag: 'heldconsult' });
    await t.settle();
    expect((await t.say('ro.jade', 'hold child werneth JS litigation pending'))[0].text).toMatch(/Legal hold placed/);
    expect((await t.say('ro.jade', `hold ${heldConsultation.consultation} complaint under investigation`))[0].text).toMatch(/Legal hold placed/);

    for (let day = 1; day <= 11; day++) {
      await t.advance(DAY);
      await runsRecorded(day);
      for (const kind of Object.keys(PERIODS) as (keyof typeof PERIODS)[]) {
        // Kept while the period has not run out at the day's run; gone at the first run after.
        expect([kind, day, await exists(kind, plain[kind])]).toEqual([kind, day, day <= PERIODS[kind]]);
      }
    }
    // Held by the child's reference: the consultation, its entry, the TAS meeting and action stay.
    for (const kind of ['consultation', 'activityEntry', 'tasMeeting', 'tasAction'] as const) expect([kind, await exists(kind, heldChild[kind])]).toEqual([kind, true]);
    // Held by the consultation: it and the activity-log entry made from it stay.
    for (const kind of ['consultation', 'activityEntry'] as const) expect([kind, await exists(kind, heldConsultation[kind])]).toEqual([kind, true]);
    expect(await exists('tasAction', heldConsultation.tasAction)).toBe(false);
    // Its indexes went with it: the worker's consultations no longer list the removed one.
    const listed = await t.store.indexRange('consultation:worker:sw.amira', -Infinity, Infinity);
    expect(listed).not.toContain(plain.consultation);
    expect(listed).toEqual(expect.arrayContaining([heldChild.consultation, heldConsultation.consultation]));

    // Each run is recorded with counts by kind, never content.
    const runs = (await new RecordsAudit(t.store, t.app.services.now).list()).filter((a) => a.action === 'retention');
    expect(runs).toHaveLength(11);
    const total = (kind: string) => runs.reduce((n, r) => n + (r.counts?.[kind] ?? 0), 0);
    expect(total('consultation')).toBe(1);
    expect(total('tasAction')).toBe(2);
    expect(total('inboundEvent')).toBe(3);
    expect(JSON.stringify(runs)).not.toMatch(/plain|Concern|Advice/);

    // Releasing the hold lets the next run remove what it covered.
    await t.say('ro.jade', 'release hold child werneth JS');
    await t.advance(DAY);
    await runsRecorded(12);
    expect(await exists('consultation', heldChild.consultation)).toBe(false);
    expect(await exists('consultation', heldConsultation.consultation)).toBe(true);
  });

  if (redis) {
    it('runs once a day across processes sharing one Redis', async () => {
      const other = new RedisStore({ url: testRedisUrl(), prefix: t.prefix });
      const second = createApp({ settings: settingsFrom(config()), store: other, log: silentLogger(), now: t.clock.now, prefix: t.prefix });
      const runs = await Promise.all([runRetention(t.app.services), runRetention(second.services), runRetention(t.app.services)]);
      expect(runs.filter(Boolean)).toHaveLength(1);
      await other.close();
    });
  }
});
