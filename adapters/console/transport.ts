/**
 * What a terminal can do for one line typed in it, as the pipeline's Transport: the turn's
 * replies go back as one `replies` answer to that line (the terminal prints them under what was
 * typed); anything after (a failure notice, a reprinted card) is a `message`. An update of a
 * pressed card is a reprint. Replies for a terminal that has gone wait in the outbox for the
 * person (`fallback`).
 *
 * @example
 *   const transport = consoleTransport({ personId, seq, write: (msg) => hub.write(t, msg) });
 *   await app.pipeline.run({ event, transport });
 */
import { WaitingForPerson } from '../../bot/core/notifier';
import type { Transport } from '../../bot/core/pipeline/transport';
import type { FromBot } from './protocol';
import { consoleRef } from './ref';

export function consoleTransport(deps: { personId: string; seq: number; write: (msg: FromBot) => boolean }): Transport {
  let answered = false;
  return {
    fallback: consoleRef(deps.personId),
    acksWithReplies: true,
    async ack(replies) {
      if (answered) return replies;
      answered = true;
      // The terminal has gone: the replies are left to deliver, and `send` hands them to the outbox.
      return deps.write({ type: 'replies', seq: deps.seq, replies: replies ?? [] }) ? [] : replies;
    },
    async send(reply) {
      if (!deps.write({ type: 'message', reply })) throw new WaitingForPerson(deps.personId);
    },
    async update(reply) {
      return deps.write({ type: 'message', reply: { ...reply, replace: undefined } });
    },
  };
}
