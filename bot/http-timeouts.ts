/**
 * Time limits on the HTTP server, so a client that drips its headers or body a byte at a time
 * (or never finishes) cannot hold a connection: headers must arrive within `headersMs`, the
 * whole request within `requestMs`, and a connection idle for `idleMs` is closed. Node checks
 * these every `checkEveryMs`, so a dripping connection is closed within requestMs + checkEveryMs.
 *
 * @example
 *   applyTimeouts(server.server); // restify's underlying http.Server
 */
import type http from 'node:http';

export interface ServerTimeouts {
  headersMs: number;
  requestMs: number;
  idleMs: number;
  checkEveryMs: number;
}

/** A dripping connection is closed within 25 s: 20 s for the request plus a check every 5 s. */
export const DEFAULT_TIMEOUTS: ServerTimeouts = { headersMs: 10_000, requestMs: 20_000, idleMs: 30_000, checkEveryMs: 5_000 };

export function applyTimeouts(server: http.Server, t: ServerTimeouts = DEFAULT_TIMEOUTS): void {
  server.headersTimeout = t.headersMs;
  server.requestTimeout = t.requestMs;
  server.setTimeout(t.idleMs, (socket) => socket.destroy());
  // Node reads connectionsCheckingInterval only when the server starts listening.
  (server as http.Server & { connectionsCheckingInterval?: number }).connectionsCheckingInterval = t.checkEveryMs;
}
