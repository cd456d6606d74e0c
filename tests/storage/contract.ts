/**
 * The one storage contract: every Store implementation (memory, Redis) must pass it, and so
 * must the repositories built on it (activity log, conversation references).
 *
 * @example
 *   storeContract('memory', async () => ({ store: new MemoryStore(), cleanup: async () => {} }));
 */
import { ZodError } from 'zod';
import { ActivityLog, type ActivityEntryInput } from '../../storage/activity-log';
import { ConversationStore } from '../../storage/conversations';
import { LockAbandonedError, LockTimeoutError, type Store } from '../../storage/store';

export interface StoreUnderTest {
  store: Store;
  /** A second handle on the same data (another process, for Redis; the same object for memory). */
  other: Store;
  cleanup(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until check() holds (expiry is the store's, on its own clock); fails after 10 s. */
async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: still not so after 10 s`);
    await sleep(25);
  }
}

export function entry(over: Partial<ActivityEntryInput> = {}): ActivityEntryInput {
  return {
    occurredAt: '2026-11-23T10:00:00.000Z',
    schoolId: 'werneth',
    teamId: 'werneth-swis',
    workerId: 'sw.amira',
    raisedBy: { personId: 'dsl.werneth', role: 'dsl' },
    child: { yearGroup: 'Y9', reference: 'JS' },
    query: 'Is this a MASH referral?',
    response: 'Early help assessment; school to lead.',
    activityType: 'potential_referral_discussion',
    outcome: 'early_help',
    timeSpent: '5_30',
    consent: 'consented',
    source: { kind: 'consultation', id: 'c-1' },
    recordedBy: 'sw.amira',
    ...over,
  };
}

export function storeContract(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`storage contract: ${name}`, () => {
    let s: StoreUnderTest;
    beforeEach(async () => {
      s = await make();
    });
    afterEach(async () => {
      await s.cleanup();
    });

    describe('documents', () => {
      it('puts, gets and deletes a document', async () => {
        await s.store.put('thing', 'a', { n: 1, nested: { ok: true } });
        expect(await s.other.get('thing', 'a')).toEqual({ n: 1, nested: { ok: true } });
        await s.store.delete('thing', 'a');
        expect(await s.other.get('thing', 'a')).toBeUndefined();
      });

      it('gets many in order, with gaps for missing ids', async () => {
        await s.store.put('thing', 'a', 1);
        await s.store.put('thing', 'c', 3);
        expect(await s.store.getMany('thing', ['a', 'b', 'c'])).toEqual([1, undefined, 3]);
        expect(await s.store.getMany('thing', [])).toEqual([]);
      });

      it('creates only when absent', async () => {
        expect(await s.store.create('thing', 'a', { v: 1 })).toBe(true);
        expect(await s.other.create('thing', 'a', { v: 2 })).toBe(false);
        expect(await s.store.get('thing', 'a')).toEqual({ v: 1 });
      });

      it('expires a document put with a ttl', async () => {
        // Asserts what holds at any machine speed: kept while its time runs, gone once it is up.
        await s.store.put('token', 'long', { ok: 1 }, { ttlMs: 60_000 });
        await s.store.put('token', 't', { ok: 1 }, { ttlMs: 50 });
        expect(await s.store.get('token', 'long')).toEqual({ ok: 1 });
        await eventually('the 50 ms document expires', async () => (await s.store.get('token', 't')) === undefined);
        expect(await s.other.get('token', 't')).toBeUndefined();
        expect(await s.store.get('token', 'long')).toEqual({ ok: 1 });
      });

      it('updates atomically: 40 concurrent increments from two handles all count', async () => {
        await s.store.put('counter', 'x', { n: 0 });
        await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            (i % 2 ? s.store : s.other).update<{ n: number }>('counter', 'x', (c) => c && { n: c.n + 1 }),
          ),
        );
        expect(await s.store.get('counter', 'x')).toEqual({ n: 40 });
      });

      it('update of a missing document can create it, and returning undefined changes nothing', async () => {
        expect(await s.store.update<{ n: number }>('counter', 'new', (c) => ({ n: (c?.n ?? 0) + 5 }))).toEqual({ n: 5 });
        expect(await s.store.update<{ n: number }>('counter', 'new', () => undefined)).toBeUndefined();
        expect(await s.store.get('counter', 'new')).toEqual({ n: 5 });
      });
    });

    describe('whole-collection scans (retention, subject access, erasure)', () => {
      const all = async (store: Store, collection: string) => {
        const ids: string[] = [];
        for await (const batch of store.scanIds(collection)) ids.push(...batch);
        return [...new Set(ids)].sort();
      };

      it('lists every id of one collection and nothing of another, across handles', async () => {
        for (let i = 0; i < 1203; i++) await s.store.put('scan-me', `id:${i}`, { i });
        await s.store.put('scan-me-not', 'x', 1);
        await s.store.put('scan', 'y', 1);
        const ids = await all(s.other, 'scan-me');
        expect(ids).toHaveLength(1203);
        expect(ids).toContain('id:1202');
        expect(await all(s.other, 'scan')).toEqual(['y']);
        expect(await all(s.store, 'nothing-here')).toEqual([]);
      });

      it('treats glob characters in a collection name literally', async () => {
        await s.store.put('odd*[x]', 'a', 1);
        await s.store.put('oddly', 'b', 1);
        expect(await all(s.store, 'odd*[x]')).toEqual(['a']);
      });

      it('names the indexes under a prefix, and forgets an index once it is empty', async () => {
        await s.store.indexAdd('scan:open:amira', 'c1', 1);
        await s.store.indexAdd('scan:open:ben', 'c1', 1);
        await s.store.indexAdd('scanner:other', 'c1', 1);
        expect((await s.other.indexNames('scan:')).sort()).toEqual(['scan:open:amira', 'scan:open:ben']);
        await s.store.indexRemove('scan:open:ben', 'c1');
        expect(await s.other.indexNames('scan:')).toEqual(['scan:open:amira']);
      });
    });

    describe('indexes', () => {
      it('ranges by score, oldest first, reversed and limited', async () => {
        await s.store.indexAdd('idx', 'c', 30);
        await s.store.indexAdd('idx', 'a', 10);
        await s.store.indexAdd('idx', 'b', 20);
        expect(await s.store.indexRange('idx', 0, 100)).toEqual(['a', 'b', 'c']);
        expect(await s.store.indexRange('idx', 15, 30)).toEqual(['b', 'c']);
        expect(await s.store.indexRange('idx', -Infinity, Infinity, { reverse: true, limit: 2 })).toEqual(['c', 'b']);
        expect(await s.store.indexCount('idx', 10, 20)).toBe(2);
        await s.store.indexRemove('idx', 'b');
        expect(await s.other.indexRange('idx', 0, 100)).toEqual(['a', 'c']);
        expect(await s.store.indexRange('missing', 0, 100)).toEqual([]);
      });

      it('indexes a document in the same write: a create only when it created, a put adding or removing', async () => {
        const due = { name: 'due', score: 100 };
        expect(await s.store.create('event', 'e1', { n: 1 }, { ttlMs: 60_000, index: due })).toBe(true);
        expect(await s.other.create('event', 'e1', { n: 2 }, { index: { name: 'due', score: 5 } })).toBe(false);
        expect(await s.other.get('event', 'e1')).toEqual({ n: 1 });
        // The copy that lost did not move the entry.
        expect(await s.store.indexRange('due', 0, 50)).toEqual([]);
        expect(await s.store.indexRange('due', 0, 200)).toEqual(['e1']);
        await s.other.put('event', 'e1', { n: 1, done: true }, { ttlMs: 60_000, unindex: 'due' });
        expect(await s.store.get('event', 'e1')).toEqual({ n: 1, done: true });
        expect(await s.store.indexCount('due')).toBe(0);
        await s.store.put('event', 'e2', { n: 2 }, { index: { name: 'later', score: 7 }, unindex: 'due' });
        expect(await s.other.indexRange('later', 0, 10)).toEqual(['e2']);
      });

      it('re-adding a member moves it', async () => {
        await s.store.indexAdd('idx', 'a', 10);
        await s.store.indexAdd('idx', 'a', 50);
        expect(await s.store.indexRange('idx', 0, 20)).toEqual([]);
        expect(await s.store.indexRange('idx', 40, 60)).toEqual(['a']);
      });
    });

    describe('claims, reservations, counters, pacing', () => {
      it('claims once until released or expired', async () => {
        expect(await s.store.claim('evt-1', 5000)).toBe(true);
        expect(await s.other.claim('evt-1', 5000)).toBe(false);
        await s.store.release('evt-1');
        expect(await s.other.claim('evt-1', 60)).toBe(true);
        await eventually('the 60 ms claim expires and can be claimed again', () => s.store.claim('evt-1', 5000));
        expect(await s.other.claim('evt-1', 5000)).toBe(false);
      });

      it('only one of many concurrent claims wins', async () => {
        const results = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? s.store : s.other).claim('race', 5000)));
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('reserves exactly capacity places among 50 concurrent takers', async () => {
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => (i % 2 ? s.store : s.other).reserve('slot', `p${i}`, 3)),
        );
        expect(results.filter((r) => r === 'ok')).toHaveLength(3);
        expect(results.filter((r) => r === 'full')).toHaveLength(47);
        expect((await s.store.members('slot')).sort()).toHaveLength(3);
      });

      it('reports a repeat reservation and frees a place on unreserve', async () => {
        expect(await s.store.reserve('slot', 'p1', 1)).toBe('ok');
        expect(await s.store.reserve('slot', 'p1', 1)).toBe('already');
        expect(await s.store.reserve('slot', 'p2', 1)).toBe('full');
        expect(await s.store.unreserve('slot', 'p1')).toBe(true);
        expect(await s.store.unreserve('slot', 'p1')).toBe(false);
        expect(await s.store.reserve('slot', 'p2', 1)).toBe('ok');
      });

      it('counts up', async () => {
        expect(await s.store.increment('ref')).toBe(1);
        expect(await s.other.increment('ref')).toBe(2);
      });

      // Pacing is tested on a controllable clock (`nowMs`), so the figures hold however busy
      // the machine is: the clock only moves when a test moves it.
      const clock = { t: Date.UTC(2026, 10, 30, 10) };
      const at = (req: { maxWaitMs: number; holder?: string }) => ({ ...req, nowMs: clock.t });

      it('paces: the first send goes now, the next is reserved one interval later', async () => {
        expect(await s.store.pace([{ key: 'conv', intervalMs: 200 }], at({ maxWaitMs: 5000 }))).toEqual({ reserved: true, waitMs: 0 });
        clock.t += 30;
        const second = await s.other.pace([{ key: 'conv', intervalMs: 200 }], at({ maxWaitMs: 5000 }));
        expect(second).toEqual({ reserved: true, waitMs: 170 });
        const third = await s.store.pace([{ key: 'conv', intervalMs: 200 }], at({ maxWaitMs: 5000 }));
        expect(third.waitMs).toBe(370);
        expect((await s.store.pace([{ key: 'other-conv', intervalMs: 200 }], at({ maxWaitMs: 5000 }))).waitMs).toBe(0);
      });

      it('reserves nothing when the wait is longer than the caller will wait', async () => {
        await s.store.pace([{ key: 'slow', intervalMs: 1000 }], at({ maxWaitMs: 5000 }));
        clock.t += 40;
        const refused = await s.store.pace([{ key: 'slow', intervalMs: 1000 }], at({ maxWaitMs: 100 }));
        expect(refused).toEqual({ reserved: false, waitMs: 960 });
        // Nothing was taken: the next patient caller gets the very next slot.
        const next = await s.store.pace([{ key: 'slow', intervalMs: 1000 }], at({ maxWaitMs: 5000 }));
        expect(next).toEqual({ reserved: true, waitMs: 960 });
      });

      it('paces with a burst allowance', async () => {
        for (let i = 0; i < 3; i++) expect((await s.store.pace([{ key: 'burst', intervalMs: 1000, burst: 2 }], at({ maxWaitMs: 5000 }))).waitMs).toBe(0);
        expect((await s.store.pace([{ key: 'burst', intervalMs: 1000, burst: 2 }], at({ maxWaitMs: 5000 }))).waitMs).toBe(1000);
      });

      it('reserves one moment that satisfies every rule, and takes the slot on each', async () => {
        await s.store.pace([{ key: 'tenant', intervalMs: 300 }], at({ maxWaitMs: 5000 }));
        const both = await s.other.pace([{ key: 'conv-a', intervalMs: 100 }, { key: 'tenant', intervalMs: 300 }], at({ maxWaitMs: 5000 }));
        expect(both.waitMs).toBe(300);
        // conv-a's slot was taken at that later moment, so its next send waits past it.
        const conv = await s.store.pace([{ key: 'conv-a', intervalMs: 100 }], at({ maxWaitMs: 5000 }));
        expect(conv.waitMs).toBe(400);
      });

      it('keeps fractional intervals: 47.5 a second is 21.05 ms apart, not 22', async () => {
        const waits: number[] = [];
        for (let i = 0; i < 20; i++) waits.push((await s.store.pace([{ key: 'exact', intervalMs: 1000 / 47.5 }], at({ maxWaitMs: 5000 }))).waitMs);
        // 19 slots of 21.05 ms is 400 ms, where whole-millisecond intervals made it 418.
        // (Redis keeps whole microseconds, memory fractional ms: either rounds up to 400 or 401.)
        expect([400, 401]).toContain(waits[19]);
      });

      it('gives queued senders a place in line instead of a slot far ahead, and keeps it for them', async () => {
        const ask = (holder: string, maxWaitMs = 150) => (holder.length % 2 ? s.store : s.other).pace([{ key: 'line', intervalMs: 100 }], at({ maxWaitMs, holder }));
        expect(await ask('h1')).toEqual({ reserved: true, waitMs: 0 });
        expect(await ask('h2')).toEqual({ reserved: true, waitMs: 100 });
        const h3 = await ask('h3');
        expect(h3).toEqual({ reserved: false, queued: true, waitMs: 200 });
        const h4 = await ask('h4');
        expect(h4).toEqual({ reserved: false, queued: true, waitMs: 300 });
        // Asking again early keeps the same place rather than going to the back.
        clock.t += 20;
        expect(await ask('h3')).toEqual({ reserved: false, queued: true, waitMs: 180 });
        // Back when its place comes: the slot is booked for it.
        clock.t += 100;
        expect(await ask('h3')).toEqual({ reserved: true, waitMs: 80 });
      });

      it('lets a sender without a holder (a live reply) go ahead of the line, and moves the line back', async () => {
        const ask = (holder: string) => s.store.pace([{ key: 'busy', intervalMs: 100 }], at({ maxWaitMs: 150, holder }));
        await ask('a');
        await ask('b');
        const c = await ask('c');
        const d = await ask('d');
        expect([c.queued, d.queued]).toEqual([true, true]);
        expect(d.waitMs).toBe(300);
        // Nothing is booked beyond 150 ms, so the reply finds a slot within a slot or two.
        const reply = await s.other.pace([{ key: 'busy', intervalMs: 100 }], at({ maxWaitMs: 300 }));
        expect(reply).toEqual({ reserved: true, waitMs: 200 });
        // The next to join the line is placed after d and after the reply's slot.
        const e = await ask('e');
        expect(e.waitMs).toBe(500);
      });

      it("does not let one conversation's spacing push its tenant's line ahead", async () => {
        // Teams' shape: a slow limit per conversation inside a faster one per tenant.
        const ask = (conv: string, holder: string) => s.store.pace([{ key: `c:${conv}`, intervalMs: 400 }, { key: 'tenant-x', intervalMs: 20 }], at({ maxWaitMs: 100, holder }));
        expect(await ask('a', 'a1')).toEqual({ reserved: true, waitMs: 0 });
        // a2 must wait for conversation a: it is placed 400 ms on, but only a's line moves.
        expect(await ask('a', 'a2')).toEqual({ reserved: false, queued: true, waitMs: 400 });
        // Someone in another conversation of that tenant is not sent to the back of a2's place.
        expect(await ask('b', 'b1')).toEqual({ reserved: true, waitMs: 20 });
      });

      it('spaces many concurrent senders exactly, across handles', async () => {
        const waits = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? s.store : s.other).pace([{ key: 'fan', intervalMs: 50 }], at({ maxWaitMs: 5000 }))));
        const sorted = waits.map((w) => w.waitMs).sort((a, b) => a - b);
        expect(waits.every((w) => w.reserved)).toBe(true);
        expect(sorted).toEqual(Array.from({ length: 20 }, (_, i) => i * 50));
      });

      it("uses the store's own clock when the caller gives none", async () => {
        expect((await s.store.pace([{ key: 'real', intervalMs: 60_000 }], { maxWaitMs: 5000 })).reserved).toBe(true);
        const next = await s.other.pace([{ key: 'real', intervalMs: 60_000 }], { maxWaitMs: 120_000 });
        // Whatever time passed between the two calls, the second waits most of a minute.
        expect(next.reserved).toBe(true);
        expect(next.waitMs).toBeGreaterThan(50_000);
      });
    });

    describe('locks', () => {
      it('serialises work under one key, across handles', async () => {
        const order: string[] = [];
        const slow = (label: string, store: Store) =>
          store.withLock('conv-1', async () => {
            order.push(`${label}:start`);
            await sleep(40);
            order.push(`${label}:end`);
          });
        await Promise.all([slow('first', s.store), sleep(5).then(() => slow('second', s.other))]);
        // Either may win the lock (two connections race), but the two never overlap.
        expect(order).toHaveLength(4);
        expect([order[0].split(':')[0], order[2].split(':')[0]].sort()).toEqual(['first', 'second']);
        expect(order[1]).toBe(order[0].replace(':start', ':end'));
        expect(order[3]).toBe(order[2].replace(':start', ':end'));
      });

      it('releases the lock when the work throws', async () => {
        await expect(s.store.withLock('conv-2', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
        expect(await s.other.withLock('conv-2', async () => 'ok', { waitMs: 500 })).toBe('ok');
      });

      it('gives up waiting with a LockTimeoutError', async () => {
        // The holder keeps the lock until the waiter has given up, however slow the machine.
        let held!: () => void;
        let letGo!: () => void;
        const isHeld = new Promise<void>((r) => (held = r));
        const done = new Promise<void>((r) => (letGo = r));
        const holder = s.store.withLock('conv-3', async () => {
          held();
          await done;
        });
        await isHeld;
        await expect(s.other.withLock('conv-3', async () => 'never', { waitMs: 50 })).rejects.toBeInstanceOf(LockTimeoutError);
        letGo();
        await holder;
      });
      it('stops waiting when its caller gives up, and never takes the lock after', async () => {
        const holder = await s.store.lock('conv-4');
        const giveUp = new AbortController();
        const waiting = s.other.lock('conv-4', { signal: giveUp.signal });
        giveUp.abort();
        await expect(waiting).rejects.toBeInstanceOf(LockAbandonedError);
        await holder.release();
        // Free for the next one at once: the abandoned wait did not take it.
        const next = await s.other.lock('conv-4', { waitMs: 500 });
        await next.release();
        await next.release(); // a second release is harmless
      });
    });

    describe('activity log', () => {
      it('appends validated entries and queries by school, worker and team within a range', async () => {
        const log = new ActivityLog(s.store);
        const a = await log.append(entry());
        await log.append(entry({ schoolId: 'arden', occurredAt: '2026-11-24T10:00:00.000Z', source: { kind: 'consultation', id: 'c-2' } }));
        await log.append(entry({ workerId: 'sw.ben', schoolId: 'harrytown', occurredAt: '2026-11-25T10:00:00.000Z' }));
        await log.append(entry({ occurredAt: '2026-10-01T10:00:00.000Z' }));
        const reader = { personId: 'tm.grace', purpose: 'test' };
        const week = { from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-11-29T23:59:59Z') };
        const otherLog = new ActivityLog(s.other);
        expect((await otherLog.query({ ...week, schoolId: 'werneth' }, reader)).map((e) => e.id)).toEqual([a.id]);
        expect(await otherLog.query({ ...week, workerId: 'sw.amira' }, reader)).toHaveLength(2);
        expect(await otherLog.query({ ...week, teamId: 'werneth-swis' }, reader)).toHaveLength(3);
        expect(a.holding).toBe(false);
        expect(a.recordedAt).toEqual(expect.any(String));
      });

      it('refuses an entry with a bad field, naming it', async () => {
        const log = new ActivityLog(s.store);
        await expect(log.append(entry({ child: { yearGroup: 'year nine', reference: 'JS' } }))).rejects.toBeInstanceOf(ZodError);
        await expect(log.append(entry({ activityType: 'gossip' as never }))).rejects.toThrow(/activityType/);
      });

      it('marks an entry without consent to share as a holding note', async () => {
        const log = new ActivityLog(s.store);
        expect((await log.append(entry({ consent: 'not_asked' }))).holding).toBe(true);
      });

      it('corrects by a new entry that points at the old one; nothing is edited and the history keeps both', async () => {
        const log = new ActivityLog(s.store);
        const first = await log.append(entry());
        const fixed = await log.amend(first.id, { outcome: 'mash_referral_advised' }, 'outcome recorded wrongly', 'sw.amira');
        expect(fixed.amends).toEqual({ entryId: first.id, reason: 'outcome recorded wrongly' });
        const reader = { personId: 'sw.amira', purpose: 'test' };
        const range = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-30T00:00:00Z'), workerId: 'sw.amira' };
        const current = await log.query(range, reader);
        expect(current.map((e) => [e.id, e.outcome])).toEqual([[fixed.id, 'mash_referral_advised']]);
        const history = await log.history(range, reader);
        expect(history.map((e) => e.id).sort()).toEqual([first.id, fixed.id].sort());
        expect(history.find((e) => e.id === first.id)?.outcome).toBe('early_help');
        await expect(log.amend('a-missing', {}, 'x', 'sw.amira')).rejects.toThrow(/does not exist/);
      });

      it('hides an entry whose correction moved it to another school, in both schools', async () => {
        const log = new ActivityLog(s.store);
        const wrong = await log.append(entry({ schoolId: 'arden' }));
        const moved = await log.amend(wrong.id, { schoolId: 'werneth' }, 'recorded against the wrong school', 'sw.amira');
        const reader = { personId: 'sw.amira', purpose: 'test' };
        const range = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-30T00:00:00Z') };
        expect(await log.query({ ...range, schoolId: 'arden' }, reader)).toEqual([]);
        expect((await log.query({ ...range, schoolId: 'werneth' }, reader)).map((e) => e.id)).toEqual([moved.id]);
      });

      it('reads one entry by id, and records that read too', async () => {
        const log = new ActivityLog(s.store, () => new Date('2026-11-23T12:00:00Z'));
        const a = await log.append(entry());
        expect((await log.get(a.id, { personId: 'sw.amira', purpose: 'correct' }))?.id).toBe(a.id);
        expect(await log.get('a-missing', { personId: 'sw.amira', purpose: 'correct' })).toBeUndefined();
        const records = await log.accessRecords(new Date('2026-11-23T00:00:00Z'), new Date('2026-11-24T00:00:00Z'));
        const seen = records.map((r) => [r.purpose, r.entries, r.scope.entryId]);
        expect(seen).toHaveLength(2);
        expect(seen).toEqual(expect.arrayContaining([['correct', 1, a.id], ['correct', 0, 'a-missing']]));
      });

      it('records every read: who, what, when and how many entries', async () => {
        const log = new ActivityLog(s.store, () => new Date('2026-11-23T12:00:00Z'));
        await log.append(entry());
        await log.query({ schoolId: 'werneth', from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-11-24T00:00:00Z') }, { personId: 'dsl.werneth', purpose: 'view' });
        const records = await log.accessRecords(new Date('2026-11-23T00:00:00Z'), new Date('2026-11-24T00:00:00Z'));
        expect(records).toHaveLength(1);
        expect(records[0]).toMatchObject({ personId: 'dsl.werneth', purpose: 'view', entries: 1, scope: { schoolId: 'werneth' } });
      });

      it('removes an entry with its indexes and correction pointers; the corrected entry is current again', async () => {
        const log = new ActivityLog(s.store, () => new Date('2026-11-23T12:00:00Z'));
        const first = await log.append(entry());
        const fixed = await log.amend(first.id, { outcome: 'no_further_action' }, 'wrong outcome', 'sw.amira');
        const reader = { personId: 'sw.amira', purpose: 'test' };
        const range = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-30T00:00:00Z'), workerId: 'sw.amira' };
        expect(await log.remove(fixed.id)).toBe(true);
        expect(await log.remove(fixed.id)).toBe(false);
        expect((await log.query(range, reader)).map((e) => e.id)).toEqual([first.id]);
        expect(await s.other.get('activity', fixed.id)).toBeUndefined();
        await log.remove(first.id);
        expect(await log.history(range, reader)).toEqual([]);
        expect((await s.other.indexNames('activity:')).filter((n) => n !== 'activity-access:all')).toEqual([]);
      });

      it('expires access records older than a moment, and records a subject-access read', async () => {
        let now = new Date('2026-11-23T12:00:00Z');
        const log = new ActivityLog(s.store, () => now);
        await log.recordRead('consultation:c12', { personId: 'ro.jade', purpose: 'subject-access' }, 3);
        now = new Date('2026-11-25T12:00:00Z');
        await log.recordRead('consultation:c13', { personId: 'ro.jade', purpose: 'subject-access' }, 1);
        expect(await log.expireAccessRecords(new Date('2026-11-24T00:00:00Z'))).toBe(1);
        const left = await log.accessRecords(new Date(0), new Date('2027-01-01T00:00:00Z'));
        expect(left.map((r) => [r.scope.subject, r.entries])).toEqual([['consultation:c13', 1]]);
      });

      describe('weekly summaries (the rollups figures read)', () => {
        const reader = { personId: 'tm.grace', purpose: 'test' };
        const range = { from: new Date('2026-11-02T00:00:00Z'), to: new Date('2026-11-29T23:59:59.999Z') };
        const scopes = [{ schoolId: 'werneth' }, { schoolId: 'arden' }, { workerId: 'sw.amira' }, { workerId: 'sw.ben' }, { teamId: 'werneth-swis' }];
        /** What a full read gives, in the summaries' terms, sorted (order within a week is the index's). */
        const figuresOf = (es: ({ schoolId: string; workerId: string; outcome: string; activityType: string; minutes?: number } & ({ occurredAt: string } | { at: number }))[]) =>
          es.map((e) => ['at' in e ? e.at : Date.parse(e.occurredAt), e.schoolId, e.workerId, e.outcome, e.activityType, e.minutes ?? null].join(' ')).sort();
        async function expectSameAsFullRead(log: ActivityLog, q: Partial<{ from: Date; to: Date }> = {}): Promise<void> {
          for (const scope of scopes) {
            const query = { ...range, ...q, ...scope };
            expect(figuresOf(await log.summaries(query, reader))).toEqual(figuresOf(await log.query(query, reader)));
          }
        }

        it('match a full read in every scope, for whole weeks and for a range cut mid-week, and leave the words out', async () => {
          const log = new ActivityLog(s.store);
          const days = ['2026-11-02', '2026-11-08', '2026-11-09', '2026-11-15', '2026-11-16', '2026-11-22', '2026-11-23', '2026-11-29', '2026-11-30'];
          for (const [i, day] of days.entries()) {
            await log.append(entry({ occurredAt: `${day}T${i % 2 ? '23:59:59.999' : '00:00:00.000'}Z`, minutes: i, schoolId: i % 3 ? 'werneth' : 'arden', workerId: i % 2 ? 'sw.ben' : 'sw.amira' }));
          }
          await expectSameAsFullRead(log);
          await expectSameAsFullRead(log, { from: new Date('2026-11-08T12:00:00Z'), to: new Date('2026-11-23T00:00:00Z') });
          const werneth = await log.summaries({ ...range, schoolId: 'werneth' }, reader);
          expect(werneth.length).toBeGreaterThan(0);
          expect(JSON.stringify(werneth)).not.toMatch(/MASH referral\?|Early help assessment|"JS"|dsl\.werneth/);
          expect(werneth[0]).toMatchObject({ teamId: 'werneth-swis', raisedBy: { role: 'dsl' }, child: { yearGroup: 'Y9' }, source: { kind: 'consultation' } });
          const records = await log.accessRecords(new Date(0), new Date('2100-01-01T00:00:00Z'));
          expect(records.filter((r) => r.scope.schoolId === 'werneth' && r.entries === werneth.length).length).toBeGreaterThan(0);
        });

        it('follow an append in a week already summed, a correction and a correction that moves the entry, read from another process', async () => {
          const log = new ActivityLog(s.store);
          const otherLog = new ActivityLog(s.other);
          const first = await log.append(entry({ occurredAt: '2026-11-10T09:00:00.000Z', minutes: 20 }));
          await expectSameAsFullRead(otherLog);
          await log.append(entry({ occurredAt: '2026-11-11T09:00:00.000Z', minutes: 30, workerId: 'sw.ben' }));
          const fixed = await log.amend(first.id, { outcome: 'mash_referral_advised', minutes: 25 }, 'outcome recorded wrongly', 'sw.amira');
          await expectSameAsFullRead(otherLog);
          const werneth = await otherLog.summaries({ ...range, schoolId: 'werneth' }, reader);
          expect(werneth.map((e) => [e.minutes, e.outcome]).sort()).toEqual([[25, 'mash_referral_advised'], [30, 'early_help']]);
          // A correction dated in another week, at another school: gone from the old week and school, in the new.
          await log.amend(fixed.id, { schoolId: 'arden', occurredAt: '2026-11-24T09:00:00.000Z' }, 'wrong school and day', 'sw.amira');
          await expectSameAsFullRead(otherLog);
          expect((await otherLog.summaries({ ...range, schoolId: 'arden' }, reader)).map((e) => [e.at, e.minutes])).toEqual([[Date.parse('2026-11-24T09:00:00.000Z'), 25]]);
          expect((await otherLog.summaries({ ...range, schoolId: 'werneth' }, reader)).map((e) => e.minutes)).toEqual([30]);
        });

        it('forget a removed (erased) entry, keep nothing of it, and bring back the entry it had corrected', async () => {
          const log = new ActivityLog(s.store);
          const otherLog = new ActivityLog(s.other);
          const kept = await log.append(entry({ occurredAt: '2026-11-17T09:00:00.000Z', minutes: 10 }));
          const erased = await log.append(entry({ occurredAt: '2026-11-18T09:17:31.123Z', minutes: 40, workerId: 'sw.ben' }));
          const fix = await log.amend(kept.id, { minutes: 12 }, 'time recorded wrongly', 'sw.amira');
          await expectSameAsFullRead(otherLog);
          expect(await log.remove(erased.id)).toBe(true);
          await expectSameAsFullRead(otherLog);
          expect((await otherLog.summaries({ ...range, teamId: 'werneth-swis' }, reader)).map((e) => e.minutes)).toEqual([12]);
          await log.remove(fix.id);
          expect((await otherLog.summaries({ ...range, teamId: 'werneth-swis' }, reader)).map((e) => e.minutes)).toEqual([10]);
          await expectSameAsFullRead(otherLog);
          for await (const ids of s.other.scanIds('activity-rollup')) {
            for (const doc of await s.other.getMany<unknown>('activity-rollup', ids)) expect(JSON.stringify(doc)).not.toContain('2026-11-18T09:17:31.123Z');
          }
        });

        it('store nothing for empty weeks, however wide the range read', async () => {
          const log = new ActivityLog(s.store);
          await log.append(entry({ occurredAt: '2026-11-03T09:00:00.000Z' }));
          const year = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-12-31T23:59:59Z') };
          expect(await log.summaries({ ...year, schoolId: 'werneth' }, reader)).toHaveLength(1);
          expect(await new ActivityLog(s.other).summaries({ ...year, schoolId: 'werneth' }, reader)).toHaveLength(1);
          let stored = 0;
          for await (const ids of s.other.scanIds('activity-rollup')) stored += ids.length;
          expect(stored).toBe(1);
        });

        it('are rebuilt from an entry changed in place (a redaction) once the log is told', async () => {
          const log = new ActivityLog(s.store);
          const otherLog = new ActivityLog(s.other);
          const a = await log.append(entry({ occurredAt: '2026-11-03T09:00:00.000Z', concernCategories: ['neglect'] }));
          expect((await otherLog.summaries({ ...range, schoolId: 'werneth' }, reader))[0].concernCategories).toEqual(['neglect']);
          await s.store.update<ActivityEntryInput>('activity', a.id, (e) => e && { ...e, concernCategories: ['[removed]'] });
          await log.changed(a.id);
          expect((await otherLog.summaries({ ...range, schoolId: 'werneth' }, reader))[0].concernCategories).toEqual(['[removed]']);
        });
      });

      it('insists a query names a school, a worker or a team', async () => {
        const log = new ActivityLog(s.store);
        await expect(log.query({ from: new Date(0), to: new Date() }, { personId: 'x', purpose: 'y' })).rejects.toThrow(/names a school/);
        await expect(log.summaries({ from: new Date(0), to: new Date() }, { personId: 'x', purpose: 'y' })).rejects.toThrow(/names a school/);
      });
    });

    describe('conversation references', () => {
      it('keeps the most recently used platform first', async () => {
        const c = new ConversationStore(s.store);
        await c.saveForPerson('sw.amira', { platform: 'teams', id: 'a:1', kind: 'personal', address: { serviceUrl: 'x' } }, 1000);
        await c.saveForPerson('sw.amira', { platform: 'slack', id: 'D1', kind: 'personal', address: { channel: 'D1' } }, 2000);
        expect((await new ConversationStore(s.other).forPerson('sw.amira')).map((r) => r.platform)).toEqual(['slack', 'teams']);
        await c.saveForPerson('sw.amira', { platform: 'teams', id: 'a:1', kind: 'personal', address: { serviceUrl: 'x' } }, 3000);
        expect((await c.forPerson('sw.amira')).map((r) => r.platform)).toEqual(['teams', 'slack']);
        expect(await c.forPerson('nobody')).toEqual([]);
      });

      it('keeps group and channel conversations by id', async () => {
        const c = new ConversationStore(s.store);
        await c.saveConversation({ platform: 'slack', id: 'C9', kind: 'channel', address: { channel: 'C9' } });
        expect(await c.conversation('slack', 'C9')).toMatchObject({ kind: 'channel' });
        expect(await c.conversation('teams', 'C9')).toBeUndefined();
      });
    });
  });
}
