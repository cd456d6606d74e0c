/**
 * The stored documents of storage/ and bot/core/ (and the Teams adapter's two), declared once
 * and validated on read (issue 16 point 5): each refuses a stored document of the wrong shape
 * with DocumentInvalid, by collection, id and field, and reads a good one back as written. Where
 * one bad document could stop more than itself, it does not: a range read of the activity log
 * leaves it out (logged by id) while a single read or a removal of it fails loudly; the outbox
 * never sends it and still releases a person's other waiting messages; a recovery sweep drops
 * it and still runs the other due events.
 *
 * @example
 *   node --no-deprecation node_modules/jest/bin/jest.js tests/storage/documents-core
 */
import { Writable } from 'node:stream';
import { ACTING_AS_DOC, TENANT_ROUTE_DOC } from '../../adapters/teams/documents';
import { createApp, type App } from '../../bot/app';
import { OVERLAY_DOC } from '../../bot/core/directory-overlay';
import { HELD_TEXT_DOC, NAME_WARNING_DOC } from '../../bot/core/free-text';
import { createLogger } from '../../bot/core/log';
import { OUTBOX_DOC } from '../../bot/core/notifier';
import { INBOUND_DUE, INBOUND_EVENT_DOC } from '../../bot/core/pipeline/inbound-events';
import { ACCESS_DOC, ACTIVITY_DOC, ActivityLog, SUPERSEDED, type ActivityEntry } from '../../storage/activity-log';
import { GENERATION, ROLLUP_DOC } from '../../storage/activity-rollups';
import { CONVERSATION_DOC, PERSON_CONVERSATION_DOC } from '../../storage/conversations';
import { DocumentInvalid, type DocumentDef, type ValueDef } from '../../storage/documents';
import { MemoryStore } from '../../storage/memory/memory-store';
import { consoleEvent, consoleRef, RecordingChannel, sampleConfigData, settingsFrom, TestClock } from '../helpers/app';
import { entry } from './contract';

/** A logger whose JSON lines the test reads. */
function capturedLog() {
  const lines: string[] = [];
  const log = createLogger('info', new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
  return { log, logged: () => lines.map((l) => JSON.parse(l) as Record<string, any>) };
}

const storedEntry: ActivityEntry = { ...entry(), id: 'a-1', recordedAt: '2026-11-23T10:05:00.000Z', holding: false };
const ref = consoleRef('sw.amira');

/** Each declaration: a good document, and the same with one field wrong (and which). */
const documents: [DocumentDef<any>, object, Record<string, unknown>, string][] = [
  [ACTIVITY_DOC, storedEntry, { outcome: 'lost' }, 'outcome'],
  [ACCESS_DOC, { id: 'r-1', at: '2026-11-23T10:00:00Z', personId: 'tm.grace', purpose: 'digest', scope: { teamId: 'werneth-swis', from: 'a', to: 'b' }, entries: 3 }, { entries: '3' }, 'entries'],
  [ROLLUP_DOC, { gen: 2, format: 1, dict: ['werneth'], rows: [[0, 0]] }, { dict: 'werneth' }, 'dict'],
  [PERSON_CONVERSATION_DOC, { ref, savedAt: 1 }, { ref: { ...ref, platform: 'fax' } }, 'ref.platform'],
  [CONVERSATION_DOC, { ref: { ...ref, kind: 'group' }, savedAt: 1 }, { savedAt: 'yesterday' }, 'savedAt'],
  [OUTBOX_DOC, { id: 'm-1', to: { personId: 'sw.amira' }, reply: { text: 'hello' }, createdAt: '2026-11-23T10:00:00Z', status: 'pending' }, { status: 'posted' }, 'status'],
  [INBOUND_EVENT_DOC, { key: 'console:e1', event: consoleEvent('sw.amira', { type: 'message', text: 'help' }), receivedAt: '2026-11-23T10:00:00Z', status: 'pending', attempts: 1 }, { attempts: undefined }, 'attempts'],
  [OVERLAY_DOC, { version: 2, changes: [{ id: 'dc-1' }] }, { version: 'two' }, 'version'],
  [HELD_TEXT_DOC, { id: 'w-1', personId: 'dsl.werneth', route: 'consult', event: { type: 'message', text: 'Dear Jayden' } }, { event: 'message' }, 'event'],
  [NAME_WARNING_DOC, { id: 'w-1', personId: 'dsl.werneth', route: 'consult', names: 1, at: '2026-11-23T10:00:00Z' }, { names: undefined }, 'names'],
  [TENANT_ROUTE_DOC, { serviceUrl: 'https://smba.trafficmanager.net/uk/', botId: '28:bot' }, { serviceUrl: '' }, 'serviceUrl'],
  [ACTING_AS_DOC, { personId: 'dsl.werneth' }, { personId: 7 }, 'personId'],
];

describe('the stored documents of the core', () => {
  const store = new MemoryStore();

  it.each(documents.map((d) => [d[0].collection, ...d] as const))('%s: refuses a stored document of the wrong shape by field, and reads a good one back', async (collection, def, good, wrong, field) => {
    await def.put(store, 'good', good);
    expect(await def.get(store, 'good')).toEqual(JSON.parse(JSON.stringify(good)));
    await store.put(collection, 'bad', { ...good, ...wrong });
    const err = await def.get(store, 'bad').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentInvalid);
    expect(err).toMatchObject({ collection, id: 'bad', fields: [field] });
    await expect(def.put(store, 'bad', { ...good, ...wrong })).rejects.toThrow(DocumentInvalid);
  });

  it('activity: an entry comes back as stored, extras included, and every field it checks refuses a wrong value', async () => {
    await ACTIVITY_DOC.put(store, 'a-1', storedEntry);
    expect(await ACTIVITY_DOC.get(store, 'a-1')).toEqual(storedEntry);
    const wrong: [string, unknown][] = [['id', ''], ['schoolId', 5], ['teamId', undefined], ['workerId', null], ['occurredAt', 1795435200000], ['activityType', 'chat'], ['timeSpent', undefined], ['consent', 'maybe']];
    for (const [field, value] of wrong) {
      await store.put(ACTIVITY_DOC.collection, 'a-2', { ...storedEntry, [field]: value });
      await expect(ACTIVITY_DOC.get(store, 'a-2')).rejects.toMatchObject({ code: 'document_invalid', fields: [field] });
    }
  });

  const values: [ValueDef<any>, unknown, unknown][] = [
    [SUPERSEDED, 'a-2', 42],
    [GENERATION, 3, 'three'],
  ];
  it.each(values.map((v) => [v[0].collection, ...v] as const))('%s: a stored value of the wrong kind is refused, a good one reads back', async (collection, def, good, wrong) => {
    await def.put(store, 'good', good);
    expect(await def.get(store, 'good')).toBe(good);
    await store.put(collection, 'bad', wrong);
    await expect(def.get(store, 'bad')).rejects.toMatchObject({ collection, id: 'bad', code: 'document_invalid' });
  });
});

describe('one bad activity-log entry', () => {
  const clock = new TestClock('2026-11-23T12:00:00Z');
  const week = { teamId: 'werneth-swis', from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-11-29T23:59:59Z') };
  const reader = { personId: 'tm.grace', purpose: 'digest' };

  it('is left out of range reads and figures, logged by id, while reading or removing it alone fails', async () => {
    const store = new MemoryStore();
    const { log, logged } = capturedLog();
    const activity = new ActivityLog(store, clock.now, log);
    const kept = await activity.append(entry({ query: 'First question' }));
    const damaged = await activity.append(entry({ query: 'Quokka question', occurredAt: '2026-11-24T10:00:00.000Z' }));
    const later = await activity.append(entry({ query: 'Third question', occurredAt: '2026-11-25T10:00:00.000Z' }));
    await store.put(ACTIVITY_DOC.collection, damaged.id, { ...damaged, timeSpent: 'ages' });

    expect((await activity.query(week, reader)).map((e) => e.id)).toEqual([kept.id, later.id]);
    expect((await activity.summaries(week, reader)).length).toBe(2);
    const warned = logged().filter((l) => l.id === damaged.id);
    expect(warned[0]).toMatchObject({ level: 40, collection: 'activity', err: { type: 'DocumentInvalid', message: `stored activity ${damaged.id} does not fit its schema: timeSpent` } });
    expect(JSON.stringify(logged())).not.toMatch(/Quokka/);

    await expect(activity.get(damaged.id, reader)).rejects.toThrow(DocumentInvalid);
    // Erasure and retention remove through this: they must not pass over it as if it were gone.
    await expect(activity.remove(damaged.id)).rejects.toThrow(DocumentInvalid);
  });
});

/** An app on the memory store whose log the test reads, with the clock it controls. */
function appWithLog(clock: TestClock): { app: App; channel: RecordingChannel; logged: () => Record<string, any>[] } {
  const { log, logged } = capturedLog();
  const app = createApp({ settings: settingsFrom(sampleConfigData()), store: new MemoryStore(), log, now: clock.now });
  const channel = new RecordingChannel('console');
  app.services.notifier.addChannel(channel);
  return { app, channel, logged };
}

async function settle(app: App): Promise<void> {
  for (let i = 0; i < 500 && (await app.services.scheduler.health()).waiting > 0; i++) await new Promise((r) => setTimeout(r, 10));
}

describe('one bad outbox message', () => {
  it('is never sent and fails for good at once; what else waits for the person is sent when they talk', async () => {
    const clock = new TestClock();
    const { app, channel, logged } = appWithLog(clock);
    const { notifier, store } = app.services;
    try {
      await app.services.scheduler.start();
      // Ben has no chat with the bot yet: both wait for him.
      const first = await notifier.toPerson('sw.ben', { text: 'First note for Ben' });
      const second = await notifier.toPerson('sw.ben', { text: 'Second note for Ben' });
      await settle(app);
      expect((await notifier.status(second))?.status).toBe('waiting');
      const waiting = await notifier.status(first);
      await store.put(OUTBOX_DOC.collection, first, { ...waiting, reply: 'Quokka' });

      const replies = await app.bot.handle(consoleEvent('sw.ben', { type: 'message', text: 'help' }, clock.now()));
      expect(replies[0].card?.title).toMatch(/What I can do for you/);
      await settle(app);
      expect(channel.to('sw.ben').map((r) => r.text)).toEqual(['Second note for Ben']);
      expect(logged().find((l) => l.messageId === first && l.level === 40)).toMatchObject({ personId: 'sw.ben', err: { type: 'DocumentInvalid', message: `stored outbox ${first} does not fit its schema: reply` } });

      // A delivery that finds its message damaged gives up at once, without another try.
      await app.services.scheduler.stop();
      const third = await notifier.toPerson('sw.ben', { text: 'Third note for Ben' });
      await store.put(OUTBOX_DOC.collection, third, { ...(await notifier.status(third)), to: {} });
      await app.services.scheduler.start();
      await settle(app);
      expect(channel.to('sw.ben').map((r) => r.text)).toEqual(['Second note for Ben']);
      expect(logged().find((l) => l.msg === 'job failed for good' && l.jobId === third)).toMatchObject({ attempt: 1, err: { code: 'permanent_failure' } });
      expect(JSON.stringify(logged())).not.toMatch(/Quokka|Third note/);
    } finally {
      await app.services.scheduler.stop();
    }
  });
});

describe('one bad stored inbound event', () => {
  it('is dropped by the recovery sweep, which still runs the other due event', async () => {
    const clock = new TestClock();
    const { app, channel, logged } = appWithLog(clock);
    const { inbound } = app.pipeline;
    try {
      await app.services.scheduler.start();
      const good = consoleEvent('sw.amira', { type: 'message', text: 'help' }, clock.now());
      const due = clock.now().getTime() + 15_000;
      await inbound.accept({ key: good.id, event: good, fallback: ref, receivedAt: clock.now().toISOString(), status: 'pending', attempts: 1 }, due);
      await app.services.store.put(INBOUND_EVENT_DOC.collection, 'console:damaged', { key: 'console:damaged', receivedAt: clock.now().toISOString(), status: 'pending' });
      await app.services.store.indexAdd(INBOUND_DUE, 'console:damaged', due - 1);
      clock.advance(20_000);

      expect(await app.recovery.sweep()).toEqual(['done']);
      await settle(app);
      expect(channel.to('sw.amira').map((r) => r.card?.title)).toEqual([expect.stringMatching(/What I can do for you, Amira/)]);
      expect(logged().find((l) => l.eventId === 'console:damaged')).toMatchObject({ level: 40, err: { type: 'DocumentInvalid', message: 'stored inbound-event console:damaged does not fit its schema: attempts' } });
      expect(await inbound.due(clock.now().getTime(), 10)).toEqual([]);
    } finally {
      await app.services.scheduler.stop();
    }
  });
});
