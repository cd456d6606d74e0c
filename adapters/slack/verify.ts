/**
 * Slack request signing (v0), checked with Bolt 5's own receiver part (`verifySlackRequest`,
 * the function Bolt's HTTPReceiver uses): `X-Slack-Signature` is `v0=` + HMAC-SHA256 of
 * `v0:<timestamp>:<raw body>` with the app's signing secret, and a timestamp more than five
 * minutes from now (either way) is refused, so a captured request cannot be replayed. Checked
 * before anything else reads the body. Only Bolt's small verification module is loaded, not
 * Bolt's App (this adapter's receiver is its own, see receiver.ts).
 *
 * @example
 *   const problem = verifySignature(secret, req.headers, raw, Date.now());
 *   if (problem) return reply401(problem); // 'stale timestamp', 'signature mismatch', ...
 */
import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { verifySlackRequest } from '@slack/bolt/dist/receivers/verify-request';

/** Slack's documented replay window (Bolt's too). */
export const MAX_SKEW_MS = 5 * 60_000;

/** Why a request was refused, or undefined when it is genuinely from Slack. */
export function verifySignature(secret: string, headers: IncomingHttpHeaders, raw: Buffer, nowMs: number): string | undefined {
  const ts = header(headers, 'x-slack-request-timestamp');
  const signature = header(headers, 'x-slack-signature');
  if (!ts || !signature) return 'missing signature headers';
  if (!/^\d{1,12}$/.test(ts)) return 'bad timestamp';
  // Bolt refuses only a timestamp too far in the past; one from the future is a replay in waiting.
  if (Math.abs(nowMs - Number(ts) * 1000) > MAX_SKEW_MS) return 'stale timestamp';
  try {
    verifySlackRequest({
      signingSecret: secret,
      body: raw.toString('utf8'),
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(ts) },
      nowMilliseconds: nowMs,
    });
    return undefined;
  } catch (err) {
    // Bolt's words, shortened to the reason a log line names (never the request's content).
    const message = (err as Error).message;
    return /stale/.test(message) ? 'stale timestamp' : /version/.test(message) ? 'unknown signature version' : 'signature mismatch';
  }
}

/** The hex HMAC for a body, as Slack computes it (used by tests and fakes to sign requests). */
export function sign(secret: string, ts: string, raw: Buffer | string): string {
  return createHmac('sha256', secret).update(`v0:${ts}:`).update(raw).digest('hex');
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}
