/**
 * The one HTTP server for everything (restify): `GET /healthz` (the process is up),
 * `GET /readyz` (storage reachable, scheduler figures; 503 with a reason when not).
 * Adapters add their routes (`POST /api/messages`, `POST /slack/events`) to the same server.
 *
 * Errors never carry a stack trace to the caller.
 *
 * @example
 *   const server = createHttpServer({ ready: () => app.readiness(), log });
 *   server.listen(3978);
 */
import restify from 'restify';
import type { Logger } from './core/log';

export interface Readiness {
  ok: boolean;
  reason?: string;
  details: Record<string, unknown>;
}

export function createHttpServer(opts: { ready: () => Promise<Readiness>; log: Logger }): restify.Server {
  const server = restify.createServer({ name: 'swis-bot', handleUncaughtExceptions: false });
  server.pre(restify.plugins.pre.sanitizePath());

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { ok: true });
    return next();
  });

  server.get('/readyz', async (_req: restify.Request, res: restify.Response) => {
    try {
      const r = await opts.ready();
      res.send(r.ok ? 200 : 503, r);
    } catch (err) {
      res.send(503, { ok: false, reason: (err as Error).message, details: {} });
    }
  });

  // restify answers unknown routes and bad methods itself; make sure no error leaks a stack.
  server.on('restifyError', (req, res, err, cb) => {
    err.toJSON = () => ({ code: err.name, message: err.statusCode && err.statusCode < 500 ? err.message : 'internal error' });
    if (!err.statusCode || err.statusCode >= 500) opts.log.error({ path: req.path(), err: err.message }, 'request failed');
    return cb();
  });
  return server;
}
