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
import { DirectoryOverlay } from './core/directory-overlay';
import { FiguresRegistry } from './core/figures';
import { HomeRegistry } from './core/home';
import { HttpRoutes } from './core/http-routes';
import { createLogger, type Logger } from './core/log';
import { Notifier } from './core/notifier';
import { TurnPipeline } from './core/pipeline/pipeline';
import { InboundRecovery } from './core/pipeline/recovery';
import { Router } from './core/router';
import type { Services } from './core/services';
import { features as allFeatures } from './features';
import { createScheduler } from './scheduling';
import { describeRedis, redisConnectionFromEnv } from '../storage/redis/connection';
import { InFlight } from './core/in-flight';
import { Lifecycle } from './core/lifecycle';
import { Metrics } from './core/metrics';
import { opsAccess } from './core/ops-access';
import { instrumentScheduler } from './core/instrument';
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
  /** Adds Node's process metrics (heap, event loop, GC) to /metrics; the process sets it, tests need not. */
  processMetrics?: boolean;
}

export interface StopOptions {
  /** How long in-flight turns and jobs get to finish (default SHUTDOWN_GRACE_SECONDS). */
  graceMs?: number;
  /** How long /readyz says 503 while requests are still served (default SHUTDOWN_UNREADY_SECONDS). */
  unreadyMs?: number;
}

export interface App {
  bot: Bot;
  /** The one turn pipeline every adapter hands its events to (bot/core/pipeline). */
  pipeline: TurnPipeline;
  /** Runs again events acknowledged but not finished (started once storage answers). */
  recovery: InboundRecovery;
  router: Router;
  services: Services;
  server: restify.Server;
  /** Listens on the port (0 for any free one) and starts the scheduler; returns the port. */
  start(port?: number): Promise<number>;
  /** Graceful: readiness 503, new requests refused, work in hand finished or handed back, Redis closed last. */
  stop(opts?: StopOptions): Promise<void>;
  readiness(): Promise<Readiness>;
  /** Resolves once storage answered and the scheduler runs (start() returns before, when Redis is down). */
  connected(): Promise<void>;
  /** Only listens (start() = listen() + one try at storage, then retries in the background). */
  listen(port?: number): Promise<number>;
  /** Hooks run on stop (adapters close their clients). */
  onStop(fn: () => Promise<void>): void;
}

export function createApp(opts: AppOptions): App {
  const { env, config } = opts.settings;
  const log = opts.log ?? createLogger(env.LOG_LEVEL);
  const now = opts.now ?? (() => new Date());
  const prefix = opts.prefix ?? env.REDIS_PREFIX;
  const redis = redisConnectionFromEnv(env);
  const store =
    opts.store ??
    createStore({
      redis,
      prefix,
      replicaWaitMs: env.REDIS_REPLICA_WAIT_MS,
      onReplicaLag: (waitedMs) => log.warn({ waitedMs }, 'no Redis replica confirmed a turn\'s writes in time; answered anyway (the primary has them)'),
    });
  const calendar = new SchoolCalendar(config.authority);
  const directory = new Directory(config);
  const metrics = new Metrics({ processMetrics: opts.processMetrics ?? false });
  const scheduler = instrumentScheduler(opts.scheduler ?? createScheduler({ redis, prefix, calendar, log, now }), metrics, now);
  const conversations = new ConversationStore(store);
  const notifier = new Notifier({ store, conversations, directory, scheduler, log, now, metrics });
  const services: Services = {
    config,
    env,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    directory,
    directoryOverlay: new DirectoryOverlay(store, directory, log, now),
    calendar,
    store,
    activityLog: new ActivityLog(store, now, log),
    conversations,
    notifier,
    scheduler,
    figures: new FiguresRegistry(),
    home: new HomeRegistry(),
    routes: new HttpRoutes(),
    log,
    now,
    metrics,
    work: new InFlight(),
  };
  const router = new Router();
  for (const f of allFeatures) f.register(router, services);
  const bot = new Bot(router, services);
  const pipeline = new TurnPipeline({ bot, services }, { graceMs: (env.INBOUND_RETRY_GRACE_SECONDS ?? 15) * 1000 });
  const recovery = new InboundRecovery(pipeline, services);

  const lifecycle = new Lifecycle({
    log,
    what: redis ? `Redis (${describeRedis(redis)})` : 'storage',
    connect: async () => {
      await store.ping();
      // Business support's directory changes are in use before the first turn or job.
      await services.directoryOverlay!.load().catch((err) => log.warn({ err }, 'directory changes could not be read yet; checked again every second'));
      services.directoryOverlay!.start();
      await scheduler.start();
      recovery.start();
    },
  });

  const readiness = async (): Promise<Readiness> => {
    const details: Record<string, unknown> = { storage: store.kind };
    const waiting = lifecycle.notReadyReason();
    metrics.ready.set(waiting ? 0 : 1);
    if (waiting) return { ok: false, reason: waiting, details };
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

  const server = createHttpServer({ ready: readiness, log, opsToken: env.OPS_TOKEN });
  const requests = new InFlight();
  let refusing = false;
  // Once stopping, a request on a kept-alive connection is refused (the platforms retry a 503).
  server.pre((req: restify.Request, res: restify.Response, next: restify.Next) => {
    if (lifecycle.phase === 'stopped' || (lifecycle.phase === 'stopping' && refusing)) {
      res.setHeader('Connection', 'close');
      res.setHeader('Retry-After', '5');
      res.send(503, { code: 'ShuttingDown', message: 'this process is stopping; try again' });
      return next(false);
    }
    requests.begin();
    let counted = true;
    const done = () => {
      if (counted) requests.end();
      counted = false;
    };
    res.once('finish', done);
    res.once('close', done);
    return next();
  });
  server.get('/metrics', async (req: restify.Request, res: restify.Response) => {
    if (!opsAccess(req, env.OPS_TOKEN)) {
      res.send(401, { code: 'Unauthorized', message: 'metrics are for this machine or an OPS_TOKEN bearer' });
      return;
    }
    await readiness().catch(() => undefined);
    const out = await metrics.render();
    res.writeHead(200, { 'Content-Type': out.contentType, 'Cache-Control': 'no-store' });
    res.end(out.body);
  });
  for (const route of services.routes.routes) {
    server.get(route.path, async (req: restify.Request, res: restify.Response) => {
      try {
        const headers = { cookie: req.headers.cookie };
        const out = await route.handler({ params: { ...(req.params ?? {}) }, query: Object.fromEntries(new URLSearchParams(req.getQuery() ?? '')), headers });
        res.writeHead(out.status, { 'Content-Type': out.contentType, 'Cache-Control': 'no-store', ...(out.headers ?? {}) });
        res.end(out.body);
      } catch (err) {
        log.error({ path: route.path, err }, 'route failed');
        res.send(500, { code: 'Internal', message: 'internal error' });
      }
    });
  }
  const stopHooks: (() => Promise<void>)[] = [];

  return {
    bot,
    pipeline,
    recovery,
    router,
    services,
    server,
    readiness,
    onStop: (fn) => void stopHooks.push(fn),
    connected: () => lifecycle.connected(),
    async listen(port = env.PORT) {
      if (server.server.listening) return server.address().port;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, env.HOST ?? '127.0.0.1', () => resolve());
      });
      const address = server.address();
      if (!services.env?.PUBLIC_URL) services.publicUrl = `http://localhost:${address.port}`;
      return address.port;
    },
    async start(port = env.PORT) {
      // Listen first: /healthz answers and /readyz says why while storage is not there yet.
      const bound = await this.listen(port);
      await lifecycle.connectFirst();
      return bound;
    },
    async stop(stopOpts: StopOptions = {}) {
      if (lifecycle.phase === 'stopping' || lifecycle.phase === 'stopped') return;
      lifecycle.phase = 'stopping';
      const graceMs = stopOpts.graceMs ?? (env.SHUTDOWN_GRACE_SECONDS ?? 20) * 1000;
      const unreadyMs = stopOpts.unreadyMs ?? (env.SHUTDOWN_UNREADY_SECONDS ?? 0) * 1000;
      if (unreadyMs > 0) await new Promise((r) => setTimeout(r, unreadyMs));
      refusing = true;
      const deadline = Date.now() + graceMs;
      const left = () => Math.max(0, deadline - Date.now());
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections?.();
      const requestsDone = await requests.idle(left());
      const turnsDone = await services.work!.idle(left());
      await recovery.stop();
      for (const fn of stopHooks) await fn().catch(() => undefined);
      services.directoryOverlay?.stop();
      // Jobs still running when the grace period ends are handed back: their lock lapses and
      // another process (or this one, restarted) runs them again.
      const jobsDone = await raceTimeout(scheduler.stop(), left());
      if (!requestsDone || !turnsDone || !jobsDone) log.warn({ requestsDone, turnsDone, jobsDone, graceMs }, 'grace period over: work still in hand is handed back');
      server.server.closeAllConnections?.();
      await closed;
      await store.close();
      lifecycle.phase = 'stopped';
    },
  };
}

/** True when `work` settled within `ms`. */
async function raceTimeout(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)));
  try {
    return await Promise.race([work.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
