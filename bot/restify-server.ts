/**
 * A restify server built from restify's server and router alone. `require('restify')` also
 * loads every one of its plugins (body parsers, formidable, csv, throttles, audit logging,
 * static files: about 260 modules, 7 MB of resident memory and 3 MB of heap in every bot
 * process, bench/RESULTS.md "Memory"), and the bot uses none of them but `sanitizePath`.
 * `createServer` here is restify 11's own `createServer` (lib/index.js) line for line: the
 * same Router and Server, with restify's own pino logger when none is given.
 *
 * restify's internals are loaded by path, so the version is pinned in package.json; a restify
 * that moved them fails at start-up and in every server test, not in production.
 *
 * @example
 *   const server = createServer({ name: 'swis-bot', handleUncaughtExceptions: false });
 *   server.pre(sanitizePath());
 */
import { createRequire } from 'node:module';
import type restify from 'restify';

const fromRestify = createRequire(require.resolve('restify'));
const Server = fromRestify('./server') as new (opts: object) => restify.Server;
const Router = fromRestify('./router') as new (opts: object) => unknown;
const pino = fromRestify('pino') as (opts: { name: string }) => unknown;
/** restify's `plugins.pre.sanitizePath`: strips a trailing slash and repeated slashes. */
export const sanitizePath = fromRestify('./plugins/pre/prePath') as () => restify.RequestHandler;

export function createServer(options: { name: string; handleUncaughtExceptions: false }): restify.Server {
  const opts: Record<string, unknown> = { ...options };
  opts.log = pino({ name: options.name });
  opts.router = new Router(opts);
  return new Server(opts);
}
