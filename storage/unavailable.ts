/**
 * Errors that mean "storage cannot be reached right now" (Redis stopped, restarting, a network
 * break, a command past its timeout), as opposed to a bug or bad data. Adapters answer these
 * with "try again shortly" (Teams: 503 with Retry-After; Slack: an ack and a plain message).
 *
 * @example
 *   try { await store.claim(key, ttl); } catch (err) { if (isStorageUnavailable(err)) return retryLater(); throw err; }
 */
import { SwisError } from '../bot/core/errors';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** What ioredis says when a command could not reach Redis or got no answer in time. */
const REDIS_AWAY = /^(Command timed out|Connection is closed|Stream isn't writeable|Reached the max retries per request limit)/;

export class StorageUnavailableError extends SwisError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('storage_unreachable', `storage unavailable: ${reason}`, options);
  }
}

export function isStorageUnavailable(err: unknown): boolean {
  if (err instanceof StorageUnavailableError) return true;
  const e = err as { name?: unknown; message?: unknown; code?: unknown } | undefined;
  if (!e || typeof e !== 'object') return false;
  if (e.name === 'MaxRetriesPerRequestError') return true;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  return typeof e.message === 'string' && REDIS_AWAY.test(e.message);
}
