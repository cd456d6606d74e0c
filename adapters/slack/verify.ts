/**
 * Slack request signing (v0): `X-Slack-Signature` is `v0=` + HMAC-SHA256 of `v0:<timestamp>:<raw body>`
 * with the app's signing secret. Checked before anything else reads the body; a timestamp more
 * than five minutes from now (either way) is refused so a captured request cannot be replayed.
 *
 * @example
 *   const problem = verifySignature(secret, req.headers, raw, Date.now());
 *   if (problem) return reply401(problem); // 'stale timestamp', 'signature mismatch', ...
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Slack's documented replay window. */
export const MAX_SKEW_MS = 5 * 60_000;

/** Why a request was refused, or undefined when it is genuinely from Slack. */
export function verifySignature(secret: string, headers: IncomingHttpHeaders, raw: Buffer, nowMs: number): string | undefined {
  const ts = header(headers, 'x-slack-request-timestamp');
  const signature = header(headers, 'x-slack-signature');
  if (!ts || !signature) return 'missing signature headers';
  if (!/^\d{1,12}$/.test(ts)) return 'bad timestamp';
  if (Math.abs(nowMs - Number(ts) * 1000) > MAX_SKEW_MS) return 'stale timestamp';
  const expected = Buffer.from(`v0=${sign(secret, ts, raw)}`, 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'signature mismatch';
  return undefined;
}

/** The hex HMAC for a body, as Slack computes it (also used by tests to sign requests). */
export function sign(secret: string, ts: string, raw: Buffer | string): string {
  return createHmac('sha256', secret).update(`v0:${ts}:`).update(raw).digest('hex');
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}
