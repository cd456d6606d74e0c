/**
 * Who may see operators' details (the reasons and job counts behind /readyz, and /metrics):
 * a caller on this machine (loopback, and not relayed by a proxy: a request carrying
 * X-Forwarded-For, Forwarded or X-Real-IP came from elsewhere), or one presenting
 * `Authorization: Bearer <OPS_TOKEN>`. Everyone else gets the status code only.
 *
 * @example
 *   if (opsAccess(req, env.OPS_TOKEN)) res.send(503, details); else { res.writeHead(503); res.end(); }
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isLoopbackHost } from '../config/exposure';

const RELAYED = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

const digest = (s: string) => createHash('sha256').update(s).digest();

/** True when the request presents the operators' token (compared in constant time). */
export function hasOpsToken(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return false;
  const m = /^Bearer\s+(\S+)\s*$/.exec(String(req.headers.authorization ?? ''));
  return !!m && timingSafeEqual(digest(m[1]), digest(token));
}

/** True when the request comes straight from this machine. */
export function fromThisMachine(req: IncomingMessage): boolean {
  if (RELAYED.some((h) => req.headers[h] !== undefined)) return false;
  return isLoopbackHost(req.socket?.remoteAddress ?? '');
}

export function opsAccess(req: IncomingMessage, token: string | undefined): boolean {
  return hasOpsToken(req, token) || fromThisMachine(req);
}
