/**
 * Who may read operational details (`/metrics`, `/readyz` details): callers on this machine
 * (loopback), or anyone presenting `Authorization: Bearer <OPS_TOKEN>`. Everyone else gets 401.
 * Kept small on purpose; the token is compared in constant time.
 *
 * @example
 *   if (!opsAllowed({ remoteAddress: req.socket.remoteAddress, authorization: req.headers.authorization }, env.OPS_TOKEN)) res.send(401);
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface OpsCaller {
  remoteAddress?: string;
  authorization?: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function isLoopback(address: string | undefined): boolean {
  return !!address && LOOPBACK.has(address);
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

export function opsAllowed(caller: OpsCaller, token: string | undefined): boolean {
  if (isLoopback(caller.remoteAddress)) return true;
  if (!token) return false;
  const m = /^Bearer\s+(.+)$/i.exec(caller.authorization ?? '');
  return !!m && timingSafeEqual(digest(m[1].trim()), digest(token));
}
