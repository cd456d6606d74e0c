/**
 * The console channel's wire format: one JSON object a line over a loopback TCP socket. Every
 * line from a terminal is checked with zod before anything reads it; the first must be `hello`
 * with the per-start secret.
 *
 * @example
 *   → {"type":"hello","token":"…","personId":"dsl.werneth"}
 *   ← {"type":"welcome","person":{"id":"dsl.werneth","name":"Priya Shah","roles":["dsl"]}}
 *   → {"type":"input","seq":1,"input":{"type":"message","text":"help"}}
 *   ← {"type":"replies","seq":1,"replies":[…]}
 *   ← {"type":"message","reply":{…}}         (proactive: a consultation, a reminder)
 */
import { z } from 'zod';
import type { Reply } from '../../bot/core/reply';

const strings = z.record(z.string(), z.string());

export const ConsoleInputSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message'), text: z.string().max(10_000) }),
  z.object({ type: z.literal('action'), verb: z.string().min(1).max(200), data: strings, inputs: strings }),
]);
export type ConsoleInput = z.infer<typeof ConsoleInputSchema>;

export const FromTerminalSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), token: z.string().min(1).max(200), personId: z.string().min(1).max(200) }),
  z.object({ type: z.literal('as'), seq: z.number().int(), personId: z.string().max(200) }),
  z.object({ type: z.literal('input'), seq: z.number().int(), input: ConsoleInputSchema }),
]);
export type FromTerminal = z.infer<typeof FromTerminalSchema>;

export interface PersonShown {
  id: string;
  name: string;
  roles: string[];
}

export type FromBot =
  | { type: 'welcome'; person: PersonShown }
  | { type: 'refused'; reason: string }
  | { type: 'switched'; seq: number; person?: PersonShown; people?: PersonShown[] }
  | { type: 'replies'; seq: number; replies: Reply[] }
  | { type: 'message'; reply: Reply };

/** Longest line either side accepts (a big card is well under this). */
export const MAX_LINE = 1_000_000;

/** Splits a byte stream into lines; calls `onLine` for each, `onTooLong` if a line overflows. */
export function lineReader(onLine: (line: string) => void, onTooLong: () => void): (chunk: Buffer | string) => void {
  let buffer = '';
  return (chunk) => {
    buffer += chunk.toString();
    let i: number;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      if (line.trim()) onLine(line);
    }
    if (buffer.length > MAX_LINE) {
      buffer = '';
      onTooLong();
    }
  };
}
