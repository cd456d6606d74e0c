/**
 * Paces sends to a platform so a burst (thousands of reminders due at 08:00) goes out within
 * its limits instead of tripping 429s: Teams allows about 7 messages/s per conversation and 50
 * requests/s per app per tenant, Slack's chat.postMessage about 1/s per channel. The rules are
 * GCRA slots in the store (store.pace), so all bot processes share one budget through Redis.
 *
 * A platform adapter calls `pace` just before each send. The store reserves, for every rule at
 * once, the earliest moment they all allow; `pace` sleeps until then and returns. Because the
 * moment is reserved rather than retried, waiting senders never stampede and each limit is used
 * to the full. Rules pace at `headroom` (95% by default) of the stated rate, so network jitter
 * does not push a second over the platform's limit.
 *
 * When the wait would be longer than `maxWaitMs` nothing is reserved and it throws NotYet, which
 * the scheduler turns into "run this job again then" without using up a try and without holding
 * a worker slot.
 *
 * @example
 *   // adapters/teams: before POSTing an activity
 *   await pace(services.store, [
 *     { key: `teams:conv:${ref.id}`, perSecond: 7 },
 *     { key: `teams:tenant:${tenantId}`, perSecond: 50 },
 *   ]);
 *   // adapters/slack: before chat.postMessage
 *   await pace(services.store, [{ key: `slack:channel:${channel}`, perSecond: 1 }]);
 */
import type { Store } from '../../storage/store';
import { NotYet } from '../scheduling/scheduler';

export interface PaceRule {
  /** What the limit is counted on, e.g. "teams:conv:<id>", "teams:tenant:<tid>". */
  key: string;
  /** The platform's stated limit. */
  perSecond: number;
  /** Extra sends allowed at once after a quiet spell (default 0: evenly spaced). */
  burst?: number;
}

export interface PaceOptions {
  /** Fraction of the stated rate actually used (default 0.95). */
  headroom?: number;
  /** Longest wait before handing the job back to the scheduler (default 300 ms): a longer wait would hold a worker slot that other conversations could use. */
  maxWaitMs?: number;
  /**
   * The delivery asking (its outbox id), when it can be run again later: it then gets a place
   * in line and NotYet says when its turn comes, so thousands of queued sends each come back
   * once instead of competing for every slot. Without a holder (a reply in a live turn) a send
   * goes ahead of the line.
   */
  holder?: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves when the caller may send now under every rule. Throws NotYet if that is far off. */
export async function pace(store: Pick<Store, 'pace'>, rules: PaceRule[], opts: PaceOptions = {}): Promise<void> {
  const headroom = opts.headroom ?? 0.95;
  const maxWaitMs = opts.maxWaitMs ?? 300;
  // Not rounded: 1000 / 47.5 = 21.05 ms; rounding up to 22 ms would use only 91% of the limit.
  const slots = rules.map((r) => ({ key: r.key, intervalMs: 1000 / (r.perSecond * headroom), burst: r.burst ?? 0 }));
  const { reserved, waitMs, queued } = await store.pace(slots, { maxWaitMs, holder: opts.holder });
  // A place in line: come back a little before it, so the slot is booked and waited for here.
  if (queued) throw new NotYet(Math.max(0, waitMs - Math.floor(maxWaitMs / 2)));
  if (!reserved) throw new NotYet(waitMs);
  if (waitMs > 0) await sleep(waitMs);
}
