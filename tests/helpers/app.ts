/**
 * Builds a real app for tests, on memory or on the real Redis (each test app gets its own key
 * prefix and removes its keys afterwards), with a clock the test controls, and helpers to play
 * a person talking to the core through the terminal platform.
 *
 * @example
 *   const t = await makeApp({ redis: true });
 *   const replies = await t.say('dsl.werneth', 'help');
 *   await t.close();
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import YAML from 'yaml';
import fs from 'node:fs';
import { createApp, type App } from '../../bot/app';
import { loadEnv, parseConfig, SAMPLE_CONFIG_PATH, type Settings } from '../../bot/config/load';
import { silentLogger } from '../../bot/core/log';
import type { ConversationRef, InboundEvent } from '../../bot/core/events';
import type { Channel } from '../../bot/core/notifier';
import type { Reply } from '../../bot/core/reply';
import { MemoryStore } from '../../storage/memory/memory-store';
import { RedisStore } from '../../storage/redis/redis-store';
import type { Store } from '../../storage/store';

export function testRedisUrl(): string {
  return process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

export function uniquePrefix(): string {
  return `test:${randomUUID().slice(0, 8)}:`;
}

/** Deletes every key under a prefix (tests share one Redis; never FLUSHALL). */
export async function deletePrefix(url: string, prefix: string): Promise<void> {
  const r = new Redis(url, { maxRetriesPerRequest: 1 });
  r.on('error', () => undefined);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}

/** The sample configuration as a plain object, to change in a test before validating. */
export function sampleConfigData(): Record<string, any> {
  return YAML.parse(fs.readFileSync(SAMPLE_CONFIG_PATH, 'utf8'));
}

export function settingsFrom(data: Record<string, any>, env: Record<string, string> = {}): Settings {
  return { env: loadEnv({ LOG_LEVEL: 'silent', ...env }), config: parseConfig(YAML.stringify(data), 'test-config'), source: 'test-config' };
}

/** A clock the test moves by hand. */
export class TestClock {
  private t: number;
  constructor(iso = '2026-11-23T10:00:00Z') {
    this.t = Date.parse(iso);
  }
  now = (): Date => new Date(this.t);
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** A Channel that records what the notifier sends, as a platform would receive it. */
export class RecordingChannel implements Channel {
  readonly sent: { ref: ConversationRef; reply: Reply }[] = [];
  constructor(readonly platform: 'console' | 'teams' | 'slack' = 'console') {}
  async send(ref: ConversationRef, reply: Reply): Promise<void> {
    this.sent.push({ ref, reply });
  }
  to(personId: string): Reply[] {
    return this.sent.filter((s) => s.ref.id === `console:${personId}`).map((s) => s.reply);
  }
}

export interface TestApp {
  app: App;
  store: Store;
  clock: TestClock;
  channel: RecordingChannel;
  prefix: string;
  say(personId: string, text: string): Promise<Reply[]>;
  press(personId: string, verb: string, data?: Record<string, string>, inputs?: Record<string, string>): Promise<Reply[]>;
  /** Waits until the scheduler has nothing due (deliveries done). */
  settle(): Promise<void>;
  /** Moves the clock on and runs whatever fell due. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;

export function consoleRef(personId: string): ConversationRef {
  return { platform: 'console', id: `console:${personId}`, kind: 'personal', address: { personId } };
}

export function consoleEvent(personId: string, body: { type: 'message'; text: string } | { type: 'action'; verb: string; data: Record<string, string>; inputs: Record<string, string> }, now = new Date()): InboundEvent {
  const base = {
    id: `console:test:${++counter}`,
    platform: 'console' as const,
    user: { platform: 'console' as const, userId: personId },
    conversation: consoleRef(personId),
    receivedAt: now,
  };
  return body.type === 'message' ? { ...base, ...body } : { ...base, ...body };
}

export async function makeApp(
  opts: { redis?: boolean; clock?: TestClock; settings?: Settings; realTime?: boolean } = {},
): Promise<TestApp> {
  const clock = opts.clock ?? new TestClock();
  const prefix = uniquePrefix();
  const url = testRedisUrl();
  const store: Store = opts.redis ? new RedisStore({ url, prefix }) : new MemoryStore();
  const settings = opts.settings ?? settingsFrom(sampleConfigData());
  const app = createApp({ settings, store, log: silentLogger(), now: opts.realTime ? undefined : clock.now, prefix });
  const channel = new RecordingChannel('console');
  app.services.notifier.addChannel(channel);
  await app.services.scheduler.start();
  const t: TestApp = {
    app,
    store,
    clock,
    channel,
    prefix,
    say: (personId, text) => app.bot.handle(consoleEvent(personId, { type: 'message', text }, clock.now())),
    press: (personId, verb, data = {}, inputs = {}) =>
      app.bot.handle(consoleEvent(personId, { type: 'action', verb, data, inputs }, clock.now())),
    async settle() {
      for (let i = 0; i < 200; i++) {
        const h = await app.services.scheduler.health();
        if (h.waiting === 0) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async advance(ms: number) {
      clock.advance(ms);
      const s = app.services.scheduler as { poke?: () => void };
      s.poke?.();
      await t.settle();
    },
    async close() {
      await app.services.scheduler.stop();
      await store.close();
      if (opts.redis) await deletePrefix(url, prefix);
    },
  };
  return t;
}
