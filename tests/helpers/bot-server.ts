/**
 * The real bot server for a test: the sample configuration (or a changed copy) with the
 * platform's environment, a store (memory by default; the real Redis under its own key prefix;
 * or one the test made), the platform adapters mounted, listening on a free loopback port. Its
 * `close` stops the app (which closes the store) and removes the Redis keys it made. `post`
 * sends the bot what a platform would and reads its answer; `settle` waits until no turn is in
 * hand and the scheduler has nothing due (proactive sends delivered; a test clock moved past
 * due jobs without a poke never settles); `messageReaches` waits for one proactive message to
 * be sent, failed or waiting.
 *
 * @example
 *   const bot = await startBotServer({ env: { TEAMS_EMULATOR: 'true' }, mount: (app) => mountTeams(app) });
 *   const res = await bot.post('/api/messages', JSON.stringify(activity), { 'Content-Type': 'application/json' });
 *   expect(res.status).toBe(200);
 *   await bot.settle();
 *   await bot.close();
 */
import { createApp, type App } from '../../bot/app';
import type { Settings } from '../../bot/config/load';
import type { OutboxMessage, OutboxStatus } from '../../bot/core/notifier';
import { silentLogger, type Logger } from '../../bot/core/log';
import { MemoryStore } from '../../storage/memory/memory-store';
import { RedisStore } from '../../storage/redis/redis-store';
import type { Store } from '../../storage/store';
import { deletePrefix, sampleConfigData, settingsFrom, testRedisUrl, uniquePrefix } from './app';
import { until } from './until';

export interface BotServerOptions<M> {
  /** The configuration as data (default: the sample configuration). */
  config?: Record<string, any>;
  /** The environment: the platform's credentials and settings. */
  env?: Record<string, string>;
  /** The real Redis under a key prefix of its own (default: memory). */
  redis?: boolean;
  /** Use this key prefix (two processes, one Redis); whoever made it removes its keys. */
  prefix?: string;
  /** A store the test made (e.g. one that fails on cue, or on a Redis it started). */
  store?: Store;
  log?: Logger;
  /** The app's clock (createApp's `now`), for tests of hours and holidays. */
  now?: () => Date;
  /** Register test-only commands or actions on the router before the adapters mount. */
  setup?(app: App): void;
  /** Mounts the platform adapters; what it returns is `mounted`. */
  mount?(app: App): Promise<M>;
}

export interface BotServer<M> {
  app: App;
  store: Store;
  settings: Settings;
  /** The store's key prefix. */
  prefix: string;
  /** What `mount` returned (the adapters). */
  mounted: M;
  /** The port the bot listens on, on 127.0.0.1. */
  port: number;
  /** http://127.0.0.1:<port> of the bot. */
  baseUrl: string;
  /** POSTs this body to a path of the bot, as a platform would. */
  post(path: string, body: string, headers: Record<string, string>): Promise<BotAnswer>;
  /** Until the scheduler has nothing due (deliveries done); fails naming it if it never gets there. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** The bot's answer to a request: status, headers, the text and, when it is JSON, the body parsed. */
export interface BotAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The JSON answer parsed (the text when it is not JSON; undefined when empty). */
  body: any;
  /** The JSON answer parsed; throws when it is not JSON. */
  json(): any;
}

export async function startBotServer<M = undefined>(opts: BotServerOptions<M> = {}): Promise<BotServer<M>> {
  const ownPrefix = !opts.prefix;
  const prefix = opts.prefix ?? uniquePrefix();
  const redisUrl = testRedisUrl();
  const store: Store = opts.store ?? (opts.redis ? new RedisStore({ url: redisUrl, prefix }) : new MemoryStore());
  const settings = settingsFrom(opts.config ?? sampleConfigData(), opts.env ?? {});
  const app = createApp({ settings, store, log: opts.log ?? silentLogger(), prefix, now: opts.now });
  opts.setup?.(app);
  const mounted = (await opts.mount?.(app)) as M;
  const port = await app.start(0);
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    store,
    settings,
    prefix,
    mounted,
    port,
    baseUrl,
    post: (path, body, headers) => post(`${baseUrl}${path}`, body, headers),
    settle: () => settle(app),
    async close() {
      await app.stop();
      if (opts.redis && ownPrefix) await deletePrefix(redisUrl, prefix);
    },
  };
}

/** POSTs a body to the bot and reads the answer whole. */
export async function post(url: string, body: string, headers: Record<string, string>): Promise<BotAnswer> {
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  let parsed: any = text || undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: the text stands for itself.
  }
  return { status: res.status, headers: res.headers, text, body: parsed, json: () => JSON.parse(text) };
}

/** Until no turn is in hand and the app's scheduler has nothing due: every delivery and job that could run has run. */
export async function settle(app: App): Promise<void> {
  if (!(await (app.services.work?.idle(30_000) ?? true))) throw new Error('turns were still in hand after 30 s');
  await until(async () => (await app.services.scheduler.health()).waiting === 0, 'the scheduler to have nothing due');
}

/** Until the notifier's message `id` has this status (sent, failed, waiting); returns the message. */
export async function messageReaches(app: App, id: string, status: OutboxStatus): Promise<OutboxMessage> {
  let last: OutboxMessage | undefined;
  await until(async () => (last = await app.services.notifier.status(id))?.status === status, `message ${id} to be ${status}`);
  return last!;
}
