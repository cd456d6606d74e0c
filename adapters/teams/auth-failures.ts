/**
 * Telling apart why a Teams request was not authenticated, so the route can answer quickly
 * and rightly: a token that cannot be Bot Framework's (no bearer, alg `none`, HS256, no key
 * id) is refused with 401 before any key is fetched; a token that fails verification is 401;
 * Microsoft's signing keys not being fetchable (or not within AUTH_DEADLINE_MS) is 503 with
 * Retry-After, because the platform retries and the sender did nothing wrong.
 *
 * @example
 *   const problem = tokenProblem(req.headers.authorization); // 'token algorithm not accepted'
 *   if (problem) return answer(401, ...);
 *   classifyAuthError(err); // 'unauthorized' | 'keys-unavailable' | undefined
 */
import { AuthenticationError } from 'botframework-connector';
import { SwisError } from '../../bot/core/errors';

/** The algorithms Bot Framework's token validation accepts. */
const ACCEPTED_ALGORITHMS = new Set(['RS256', 'RS384', 'RS512']);
/** How long authentication (including fetching signing keys) may take before the answer is 503. */
export const AUTH_DEADLINE_MS = 10_000;
/** What Teams is told to wait before trying again when keys or storage are away. */
export const RETRY_AFTER_SECONDS = 30;

/** Microsoft's OpenID metadata or signing keys could not be fetched. */
export class SigningKeysUnavailable extends SwisError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('signing_keys_unavailable', `signing keys unavailable: ${reason}`, options);
  }
}

function part(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Why this Authorization header cannot carry a Bot Framework token, or undefined when it might. */
export function tokenProblem(header: unknown): string | undefined {
  const m = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\s*$/.exec(typeof header === 'string' ? header : '');
  if (!m) return 'no bearer token';
  const head = part(m[1]);
  const payload = part(m[2]);
  if (!head || !payload) return 'unreadable token';
  if (typeof head.alg !== 'string' || !ACCEPTED_ALGORITHMS.has(head.alg)) return 'token algorithm not accepted';
  if (typeof head.kid !== 'string' || !head.kid) return 'token without a key id';
  if (typeof payload.iss !== 'string' || typeof payload.exp !== 'number') return 'token without issuer or expiry';
  return undefined;
}

/** Fetching metadata or keys failed (network, DNS, a non-2xx answer from Microsoft). */
export function isKeysFetchFailure(err: unknown): boolean {
  const e = err as { name?: string; type?: string; statusCode?: number; message?: string };
  if (err instanceof AuthenticationError && e.statusCode === 500 && /^Failed to load/.test(e.message ?? '')) return true;
  return e?.name === 'FetchError' || (e?.type === 'system' && typeof (err as { code?: unknown }).code === 'string');
}

export function classifyAuthError(err: unknown): 'unauthorized' | 'keys-unavailable' | undefined {
  if (err instanceof SigningKeysUnavailable || isKeysFetchFailure(err)) return 'keys-unavailable';
  const e = err as { name?: string; statusCode?: number };
  if (err instanceof AuthenticationError) return e.statusCode === undefined || e.statusCode === 401 ? 'unauthorized' : undefined;
  return e?.name === 'JsonWebTokenError' || e?.name === 'TokenExpiredError' || e?.name === 'NotBeforeError' ? 'unauthorized' : undefined;
}

/** Runs authentication, turning a key-fetch failure or a hang past the deadline into SigningKeysUnavailable. */
export async function withAuthDeadline<T>(work: Promise<T>, deadlineMs = AUTH_DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SigningKeysUnavailable(`no answer within ${deadlineMs} ms`)), deadlineMs);
  });
  try {
    return await Promise.race([work, late]);
  } catch (err) {
    if (isKeysFetchFailure(err)) throw new SigningKeysUnavailable((err as { code?: string }).code ?? 'fetch failed', { cause: err });
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
