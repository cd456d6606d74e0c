/**
 * The one HTTP server for everything (restify): `GET /healthz` (the process is up),
 * `GET /readyz` (storage reachable, scheduler figures; 503 with a reason when not; the reason and
 * figures only for this machine or OPS_TOKEN, see core/ops-access.ts).
 * Adapters add their routes (`POST /api/messages`, `POST /slack/events`) to the same server.
 *
 * Errors never carry a stack trace to the caller.
 *
 * @example
 *   const server = createHttpServer({ ready: () => app.readiness(), log });
 *   server.listen(3978);
 */
import type restify from 'restify';
import type { Logger } from './core/log';
import { opsAccess } from './core/ops-access';
import { applyTimeouts } from './http-timeouts';
import { createServer, sanitizePath } from './restify-server';

export interface Readiness {
  ok: boolean;
  reason?: string;
  details: Record<string, unknown>;
}

export function createHttpServer(opts: { ready: () => Promise<Readiness>; log: Logger; opsToken?: string }): restify.Server {
  // restify's server without its plugins (restify-server.ts): the same server, 7 MB less memory.
  const server = createServer({ name: 'swis-bot', handleUncaughtExceptions: false });
  applyTimeouts(server.server);
  server.pre(sanitizePath());

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { ok: true });
    return next();
  });

  // The reason and job counts only for this machine or OPS_TOKEN; anyone else gets the status code.
  server.get('/readyz', async (req: restify.Request, res: restify.Response) => {
    let r: Readiness;
    try {
      r = await opts.ready();
    } catch (err) {
      r = { ok: false, reason: (err as Error).message, details: {} };
    }
    if (opsAccess(req, opts.opsToken)) {
      res.send(r.ok ? 200 : 503, r);
    } else {
      res.writeHead(r.ok ? 200 : 503, { 'Cache-Control': 'no-store' });
      res.end();
    }
  });

  // restify answers unknown routes and bad methods itself; make sure no error leaks a stack.
  server.on('restifyError', (req, res, err, cb) => {
    err.toJSON = () => ({ code: err.name, message: err.statusCode && err.statusCode < 500 ? err.message : 'internal error' });
    if (!err.statusCode || err.statusCode >= 500) opts.log.error({ route: req.getRoute()?.path, err }, 'request failed');
    return cb();
  });
  return server;
}
