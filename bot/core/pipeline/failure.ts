/**
 * The one failure policy of a turn, the same for every platform: the person is always told,
 * in plain words with the safety net, and nothing about the failure but its kind and ids is
 * logged. Which words depends on what went wrong and whether the bot will try again itself:
 *
 * - `storage`: the bot's records cannot be reached (Redis away);
 * - `busy`: the conversation's previous turn is still running past the lock's wait;
 * - `failed`: anything else that stopped the turn (a handler's own error is answered inside
 *   the core already, with a reference).
 *
 * @example
 *   const kind = failureKind(err);                        // 'busy'
 *   transport.send(failureReply(services, kind, { retrying: true }));
 */
import { LockTimeoutError } from '../../../storage/store';
import { isStorageUnavailable } from '../../../storage/unavailable';
import type { Reply } from '../reply';
import { safetyNet } from '../safety';
import type { Services } from '../services';

export type FailureKind = 'storage' | 'busy' | 'failed';

/** What a person is told when the bot's storage cannot be reached. */
export const STORAGE_AWAY_TEXT = "I can't reach my records for a moment; nothing you sent is lost, please try again in a minute.";

export function failureKind(err: unknown): FailureKind {
  if (isStorageUnavailable(err)) return 'storage';
  if (err instanceof LockTimeoutError) return 'busy';
  return 'failed';
}

/**
 * The words for one failure. `retrying`: the event is stored and the bot will run it again by
 * itself (the answer comes later); otherwise the person is asked to try again.
 */
export function failureReply(services: Pick<Services, 'config' | 'calendar' | 'now'>, kind: FailureKind, opts: { retrying: boolean }): Reply {
  const net = safetyNet(services, services.now());
  if (kind === 'storage') return { text: `${STORAGE_AWAY_TEXT} ${net}` };
  if (kind === 'busy') {
    return {
      text: opts.retrying
        ? `I'm still working on what you sent just before; I'll answer this one as soon as that is done. ${net}`
        : `Sorry, I couldn't finish that just now because I was still busy with what you sent before. Please try again in a minute. ${net}`,
    };
  }
  return {
    text: opts.retrying
      ? `Sorry, I couldn't finish that just now. I'll try again by myself in a moment and answer here. ${net}`
      : `Sorry, I couldn't finish that just now. Please try again in a minute. ${net}`,
  };
}
