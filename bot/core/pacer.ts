/**
 * Paces sends to a platform so a burst (thousands of reminders due at 08:00) goes out within
 * its limits instead of tripping 429s: Teams allows about 7 messages/s per conversation and 50
 * requests/s per app per tenant, Slack's chat.postMessage about 1/s per channel. Every rule is a
 * GCRA slot in the store (store.pace), so all bot processes share one budget through Redis.
 *
 * A platform adapter calls `pace` just before each send. It returns once every rule has given
 * a slot, the earliest no more than `maxStaleMs` before the send (a slot kept waiting longer on
 * another rule is let go, so sends never go out late in a bunch). List rules from the narrowest
 * (conversation) to the widest (tenant): the last rule's slots are never let go. Rules pace at
 * 90% of the stated rate, so a little lateness or network jitter does not push a second over
 * the platform's limit.
 *
 * When the wait would be longer than `maxWaitMs` it throws NotYet, which the scheduler turns
 * into "run this job again then" without using up a try and without holding a worker slot.
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
  /** Fraction of the stated rate actually used (default 0.9). */
  headroom?: number;
  /** Longest wait before handing the job back to the scheduler (default 5 s). */
  maxWaitMs?: number;
  /**
   * How long a slot taken on an earlier rule may wait for a later rule before it is let go
   * (default 40 ms). A send that late still keeps within the limits thanks to the headroom:
   * at 90% of the rate, sends may slip up to 1000 * (1/0.9 - 1) ≈ 111 ms; the rest is for jitter.
   */
  maxStaleMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves when the caller may send now under every rule. Throws NotYet if that is far off. */
export async function pace(store: Pick<Store, 'pace'>, rules: PaceRule[], opts: PaceOptions = {}): Promise<void> {
  const headroom = opts.headroom ?? 0.9;
  const maxStaleMs = opts.maxStaleMs ?? 40;
  const deadline = Date.now() + (opts.maxWaitMs ?? 5000);
  let firstSlotAt: number | undefined;
  for (let i = 0; i < rules.length; ) {
    const rule = rules[i];
    const wait = await store.pace(rule.key, Math.ceil(1000 / (rule.perSecond * headroom)), rule.burst ?? 0);
    if (wait <= 0) {
      firstSlotAt ??= Date.now();
      i++;
      continue;
    }
    if (Date.now() + wait > deadline) throw new NotYet(wait);
    if (firstSlotAt !== undefined && Date.now() + wait - firstSlotAt > maxStaleMs) {
      // The slots already taken would be too old by then: let them go and start again.
      firstSlotAt = undefined;
      i = 0;
    }
    // A little jitter, so senders told the same wait do not all come back at the same instant.
    await sleep(wait + Math.random() * Math.min(wait, 20));
  }
}
