/**
 * Delivery batches (bot/core/delivery-batch.ts): one person's messages due at the same moment go
 * out in order from one job, on the embedded default and on Redis with BullMQ. Nothing is lost
 * when a message joins a batch that is being sent, tries are counted per message, a message
 * that fails does not hold up the rest, and a process killed mid-batch loses nothing.
 */
import Redis from 'ioredis';
import { createApp, type App } from '../../bot/app';
import { SchoolCalendar } from '../../bot/core/calendar';
import { silentLogger } from '../../bot/core/log';
import type { Channel } from '../../bot/core/notifier';
import type { ConversationRef } from '../../bot/core/events';
import type { Reply } from '../../bot/core/reply';
import { BullMQScheduler } from '../../bot/scheduling/bullmq';
import { EmbeddedScheduler } from '../../bot/scheduling/embedded';
import { PermanentFailure, RetryLater } from '../../bot/scheduling/scheduler';
import { MemoryStore } from '../../storage/memory/memory-store';
import { RedisStore } from '../../storage/redis/redis-store';
import { consoleRef, deletePrefix, sampleConfigData, settingsFrom, testRedisUrl, uniquePrefix } from '../helpers/app';
import { sleep, waitFor } from '../scheduler/helpers';
import { startWorker, type WorkerProcess } from '../scheduler/processes';

jest.setTimeout(60_000);

type Outcome = 'ok' | 'retry' | 'permanent';

/** A platform scripted per message text: each send takes the next outcome ('ok' once they run out). */
class ScriptedChannel implements Channel {
  readonly platform = 'console' as const;
  readonly delivered: string[] = [];
  readonly tries = new Map<string, number>();
  /** Called as each send starts; may hold it (await something) to test what happens meanwhile. */
  onSend?: (text: string) => Promise<void>;
  constructor(private readonly script: Record<string, Outcome[]> = {}) {}

  async send(_ref: ConversationRef, reply: Reply): Promise<void> {
    const text = reply.text ?? '';
    this.tries.set(text, (this.tries.get(text) ?? 0) + 1);
    await this.onSend?.(text);
    const outcome = this.script[text]?.shift() ?? 'ok';
    if (outcome === 'retry') throw new RetryLater('503 from platform');
    if (outcome === 'permanent') throw new PermanentFailure('the conversation is gone');
    this.delivered.push(text);
  }
}

const url = testRedisUrl();

async function build(kind: 'memory' | 'redis', channel: Channel): Promise<{ app: App; close(): Promise<void> }> {
  const settings = settingsFrom(sampleConfigData());
  const calendar = new SchoolCalendar(settings.config.authority);
  const log = silentLogger();
  if (kind === 'memory') {
    const app = createApp({ settings, log, store: new MemoryStore(), scheduler: new EmbeddedScheduler({ calendar, log, baseBackoffMs: 5 }) });
    app.services.notifier.addChannel(channel);
    await app.services.scheduler.start();
    return { app, close: () => app.services.scheduler.stop() };
  }
  const prefix = uniquePrefix();
  const store = new RedisStore({ url, prefix });
  const scheduler = new BullMQScheduler({ redisUrl: url, prefix, calendar, log, baseBackoffMs: 5 });
  const app = createApp({ settings, log, store, scheduler, prefix });
  app.services.notifier.addChannel(channel);
  await scheduler.start();
  return {
    app,
    async close() {
      await scheduler.stop();
      await store.close();
      await deletePrefix(url, prefix);
    },
  };
}

describe.each(['memory', 'redis'] as const)('delivery batches (%s)', (kind) => {
  let made: { app: App; close(): Promise<void> } | undefined;
  afterEach(async () => {
    await made?.close();
    made = undefined;
  });

  async function setUp(channel: Channel): Promise<App> {
    made = await build(kind, channel);
    await made.app.services.conversations.saveForPerson('sw.amira', consoleRef('sw.amira'), 0);
    return made.app;
  }

  const statuses = async (app: App, ids: string[]) => Promise.all(ids.map(async (id) => (await app.services.notifier.status(id))?.status));

  it('five reminders to one person due at the same moment arrive in the order written, from one job', async () => {
    const channel = new ScriptedChannel();
    const app = await setUp(channel);
    const at = new Date(Date.now() + 400);
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) ids.push(await app.services.notifier.toPerson('sw.amira', { text: `reminder ${i}` }, { at }));
    expect(await app.services.scheduler.pending('outbox:sw.amira')).toHaveLength(1);
    await waitFor('five deliveries', async () => channel.delivered.length === 5);
    expect(channel.delivered).toEqual(['reminder 1', 'reminder 2', 'reminder 3', 'reminder 4', 'reminder 5']);
    await waitFor('all marked sent', async () => (await statuses(app, ids)).every((s) => s === 'sent'));
    await waitFor('the job gone', async () => (await app.services.scheduler.pending('outbox:sw.amira')).length === 0);
  });

  it('a message queued while that person is being sent to is delivered too, and so is one queued after', async () => {
    const channel = new ScriptedChannel();
    const app = await setUp(channel);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    channel.onSend = async (text) => {
      if (text === 'first') await held;
    };
    await app.services.notifier.toPerson('sw.amira', { text: 'first' });
    await waitFor('the first send to start', async () => channel.tries.get('first') === 1);
    await app.services.notifier.toPerson('sw.amira', { text: 'second' });
    await app.services.notifier.toPerson('sw.amira', { text: 'third' });
    release();
    await waitFor('three deliveries', async () => channel.delivered.length === 3);
    expect(channel.delivered).toEqual(['first', 'second', 'third']);
    // The batch's job has finished and let go of it: the next message arms a new one.
    await waitFor('the job gone', async () => (await app.services.scheduler.pending('outbox:sw.amira')).length === 0);
    await app.services.notifier.toPerson('sw.amira', { text: 'fourth' });
    await waitFor('the fourth', async () => channel.delivered.length === 4);
    expect(channel.tries.get('second')).toBe(1);
  });

  it('counts tries per message: one that needed retries does not use up the next one', async () => {
    // Four failures each: eight in all, more than one job's six tries, yet neither runs out.
    const channel = new ScriptedChannel({ a: ['retry', 'retry', 'retry', 'retry'], b: ['retry', 'retry', 'retry', 'retry'] });
    const app = await setUp(channel);
    const ids = [await app.services.notifier.toPerson('sw.amira', { text: 'a' }), await app.services.notifier.toPerson('sw.amira', { text: 'b' })];
    await waitFor('both delivered', async () => channel.delivered.length === 2, 20_000);
    expect(channel.delivered).toEqual(['a', 'b']);
    expect([channel.tries.get('a'), channel.tries.get('b')]).toEqual([5, 5]);
    await waitFor('both marked sent', async () => (await statuses(app, ids)).every((s) => s === 'sent'));
    expect((await app.services.scheduler.health()).failed).toBe(0);
  });

  it('a message that fails for good is counted once, and the rest of the batch still goes', async () => {
    const channel = new ScriptedChannel({ gone: ['permanent'], tired: ['retry', 'retry', 'retry', 'retry', 'retry', 'retry', 'retry'] });
    const app = await setUp(channel);
    const at = new Date(Date.now() + 300);
    const ids: string[] = [];
    for (const text of ['gone', 'after gone', 'tired', 'after tired']) ids.push(await app.services.notifier.toPerson('sw.amira', { text }, { at }));
    await waitFor('the others delivered', async () => channel.delivered.length === 2, 20_000);
    expect(channel.delivered).toEqual(['after gone', 'after tired']);
    // The one the platform refused outright had one try; the one that kept failing had six.
    expect([channel.tries.get('gone'), channel.tries.get('tired')]).toEqual([1, 6]);
    await waitFor('the statuses', async () => (await statuses(app, ids)).join() === 'failed,sent,failed,sent');
    await waitFor('/readyz counts two failures', async () => (await app.services.scheduler.health()).failed === 2);
  });
});

describe('delivery batches across processes (Redis, BullMQ)', () => {
  let prefix: string;
  let redis: Redis;
  let producer: { app: App; store: RedisStore; scheduler: BullMQScheduler };
  let children: WorkerProcess[] = [];

  beforeEach(() => {
    prefix = uniquePrefix();
    redis = new Redis(url);
    const settings = settingsFrom(sampleConfigData());
    const log = silentLogger();
    const store = new RedisStore({ url, prefix });
    // Queues only (its worker never starts), like a process handling a chat turn.
    const scheduler = new BullMQScheduler({ redisUrl: url, prefix, calendar: new SchoolCalendar(settings.config.authority), log });
    producer = { app: createApp({ settings, log, store, scheduler, prefix }), store, scheduler };
    children = [];
  });

  afterEach(async () => {
    await Promise.all(children.map((c) => c.kill()));
    await producer.scheduler.stop();
    await producer.store.close();
    redis.disconnect();
    await deletePrefix(url, prefix);
  });

  it('a process killed with SIGKILL part-way through a batch loses nothing: another finishes it, in order', async () => {
    const env = { NOTIFIER: '1', HOLD_MS: '300', LOCK_MS: '1000', STALLED_MS: '500' };
    children = await Promise.all(['p1', 'p2'].map((name) => startWorker({ name, prefix, env })));
    await producer.app.services.conversations.saveForPerson('sw.amira', consoleRef('sw.amira'), 0);
    const texts = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'];
    const at = new Date(Date.now() + 300);
    const ids: string[] = [];
    for (const text of texts) ids.push(await producer.app.services.notifier.toPerson('sw.amira', { text }, { at }));
    const sent = async () => (await redis.lrange(`${prefix}t:sent`, 0, -1)).map((e) => e.split('|'));

    await waitFor('two sent', async () => (await sent()).length >= 2, 20_000);
    const holder = (await sent())[0][1];
    const killed = children.find((c) => c.name === holder)!;
    await killed.kill();
    expect(killed.child.signalCode).toBe('SIGKILL');

    await waitFor('all six sent', async () => new Set((await sent()).map(([text]) => text)).size === 6, 30_000);
    await sleep(500);
    const all = await sent();
    // In the order written; at most the one send in hand when the process died goes twice.
    const firsts = all.map(([text]) => text).filter((t, i, a) => a.indexOf(t) === i);
    expect(firsts).toEqual(texts);
    expect(all.length).toBeLessThanOrEqual(7);
    expect(all.slice(-1)[0][1]).not.toBe(holder);
    await waitFor('all marked sent', async () => (await Promise.all(ids.map((id) => producer.app.services.notifier.status(id)))).every((m) => m?.status === 'sent'));
  });
});
