/**
 * The adapter contract's terminal driver: the real server with the console hub listening on
 * loopback, and one terminal (`RemoteLink`, what `npm run chat` uses) per person, saying hello
 * with the per-start secret and then sending what they type or press over the line protocol.
 * What a person saw is every reply and proactive message their terminal printed.
 *
 * @example
 *   const d = await startTerminalDriver();
 *   await d.say('sw.amira', 'help');
 *   d.seen('sw.amira')[0].text;
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConsoleHub } from '../../../adapters/console/hub';
import { RemoteLink } from '../../../adapters/console/link';
import { readConsoleSecret } from '../../../adapters/console/secret';
import type { Reply } from '../../../bot/core/reply';
import { startBotServer } from '../../helpers/bot-server';
import type { AdapterDriver, Seen } from '../contract';

function seenOf(reply: Reply): Seen {
  const buttons = (reply.card?.actions ?? []).flatMap((a) => (a.type === 'submit' ? [{ title: a.title, verb: a.verb, data: a.data ?? {} }] : []));
  return { text: reply.text, shown: [reply.text, JSON.stringify(reply.card ?? {})].join('\n'), buttons, fieldErrors: reply.formErrors };
}

export async function startTerminalDriver(): Promise<AdapterDriver> {
  const bot = await startBotServer();
  const { app, port } = bot;
  const env = { SWIS_RUN_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'swis-contract-')) };
  await ConsoleHub.start(app, { botPort: port, env });
  const secret = readConsoleSecret(env, port)!;
  const seen = new Map<string, Seen[]>();
  const links = new Map<string, Promise<RemoteLink>>();
  const saw = (personId: string, reply: Reply) => seen.set(personId, [...(seen.get(personId) ?? []), seenOf(reply)]);
  /** The person's terminal, started the first time they type. */
  const terminal = (personId: string): Promise<RemoteLink> => {
    if (!links.has(personId)) links.set(personId, RemoteLink.connect(secret, personId, (r) => saw(personId, r), () => undefined));
    return links.get(personId)!;
  };
  const input = async (personId: string, what: Parameters<RemoteLink['handle']>[1]) => {
    const replies = await (await terminal(personId)).handle(personId, what);
    for (const r of replies) saw(personId, r);
  };
  return {
    platform: 'console',
    app,
    say: (personId, text) => input(personId, { type: 'message', text }),
    press: (personId, verb, data = {}, inputs = {}) => input(personId, { type: 'action', verb, data, inputs }),
    async stranger() {
      // A terminal cannot act as someone outside the directory: it is refused at hello, in words.
      return RemoteLink.connect(secret, 'nobody.here', () => undefined, () => undefined).then(
        (link) => (link.close(), []),
        (err: Error) => [{ text: err.message, shown: err.message, buttons: [] }],
      );
    },
    seen: (personId) => seen.get(personId) ?? [],
    again: () => Promise.reject(new Error('a terminal line is always a new input: it has no resend')),
    refuseNextReply: () => {
      throw new Error('a terminal cannot refuse a reply');
    },
    refused: () => 0,
    idle: () => bot.settle(),
    async close() {
      for (const l of links.values()) await l.then((x) => x.close(), () => undefined);
      await bot.close();
      fs.rmSync(env.SWIS_RUN_DIR, { recursive: true, force: true });
    },
  };
}
