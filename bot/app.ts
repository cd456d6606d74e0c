/**
 * Builds the whole bot from settings: storage, scheduler, directory, calendar, the core with
 * every feature, and the HTTP server. Adapters mount onto `app.server` and add a Channel to
 * `app.services.notifier`. Tests build an app the same way the process does.
 *
 * @example
 *   const app = createApp({ settings: loadSettings() });
 *   mountTeams(app); mountSlack(app);
 *   await app.start(3978);
 */
import type restify from 'restify';
import { ActivityLog } from '../storage/activity-log';
import { ConversationStore } from '../storage/conversations';
import { createStore } from '../storage';
import type { Store } from '../storage/store';
import type { Settings } from './config/load';
import { Bot } from './core/bot';
import { SchoolCalendar } from './core/calendar';
import { Directory } from './core/directory';
import { FiguresRegistry } from './core/figures';
import { HomeRegistry } from './core/home';
import { HttpRoutes } from './core/http-routes';
import { createLogger, type Logger } from './core/log';
import { Notifier } from './core/notifier';
import { Router } from './core/router';
import type { Services } from './core/services';
import { features as allFeatures } from './features';
import { createScheduler } from './scheduling';
import type { Scheduler } from './scheduling/scheduler';
import { createHttpServer, type Readiness } from './server';

export interface AppOptions {
  settings: Settings;
  log?: Logger;
  now?: () => Date;
  store?: Store;
  scheduler?: Scheduler;
  /** Key prefix in Redis (tests give each run its own). */
  prefix?: string;
}

export interface App {
  bot: Bot;
  router: Router;
  services: Services;
  server: restify.Server;
  /** Listens on the port (0 for any free one) and starts the scheduler; returns the port. */
  start(port?: number): Promise<number>;
  stop(): Promise<void>;
  readiness(): Promise<Readiness>;
  /** Hooks run on stop (adapters close their clients). */
  onStop(fn: () => Promise<void>): void;
}

export function createApp(opts: AppOptions): App {
  const { env, config } = opts.settings;
  const log = opts.log ?? createLogger(env.LOG_LEVEL);
  const now = opts.now ?? (() => new Date());
  const prefix = opts.prefix ?? env.REDIS_PREFIX;
  const store = opts.store ?? createStore({ redisUrl: env.REDIS_URL, prefix });
  const calendar = new SchoolCalendar(config.authority);
  const directory = new Directory(config);
  const scheduler = opts.scheduler ?? createScheduler({ redisUrl: env.REDIS_URL, prefix, calendar, log, now });
  const conversations = new ConversationStore(store);
  const notifier = new Notifier({ store, conversations, directory, scheduler, log, now });
  const services: Services = {
    config,
    env,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    directory,
    calendar,
    store,
    activityLog: new ActivityLog(store, now),
    conversations,
    notifier,
    scheduler,
    figures: new FiguresRegistry(),
    home: new HomeRegistry(),
    routes: new HttpRoutes(),
    log,
    now,
  };
  const router = new Router();
  for (const f of allFeatures) f.register(router, services);
  const bot = new Bot(router, services);

  const readiness = async (): Promise<Readiness> => {
    const details: Record<string, unknown> = { storage: store.kind };
    try {
      await store.ping();
    } catch (err) {
      return { ok: false, reason: `storage unreachable: ${(err as Error).message}`, details };
    }
    try {
      details.jobs = await scheduler.health();
    } catch (err) {
      return { ok: false, reason: `scheduler unreachable: ${(err as Error).message}`, details };
    }
    return { ok: true, details };
  };

  const server = createHttpServer({ ready: readiness, log });
  for (const route of services.routes.routes) {
    server.get(route.path, async (req: restify.Request, res: restify.Response) => {
      try {
        const headers = { cookie: req.headers.cookie };
        const out = await route.handler({ params: { ...(req.params ?? {}) }, query: Object.fromEntries(new URLSearchParams(req.getQuery() ?? '')), headers });
        res.writeHead(out.status, { 'Content-Type': out.contentType, 'Cache-Control': 'no-store', ...(out.headers ?? {}) });
        res.end(out.body);
      } catch (err) {
        log.error({ path: route.path, err: (err as Error).message }, 'route failed');
        res.send(500, { code: 'Internal', message: 'internal error' });
      }
    });
  }
  const stopHooks: (() => Promise<void>)[] = [];

  return {
    bot,
    router,
    services,
    server,
    readiness,
    onStop: (fn) => void stopHooks.push(fn),
    async start(port = env.PORT) {
      await scheduler.start();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '0.0.0.0', () => resolve());
      });
      const address = server.address();
      if (!services.env?.PUBLIC_URL) services.publicUrl = `http://localhost:${address.port}`;
      return address.port;
    },
    async stop() {
      for (const fn of stopHooks) await fn().catch(() => undefined);
      await scheduler.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
