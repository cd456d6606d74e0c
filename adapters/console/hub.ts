/**
 * The console channel of a running bot: terminals (`npm run chat`) connect over a loopback TCP
 * socket, prove they were started by the same user with the per-start secret, and talk to the
 * same core, storage and scheduler as Teams and Slack. It is a Channel like the others: a
 * proactive message for a person reaches every terminal open as that person, and waits in the
 * outbox while none is. What a terminal types goes through the same turn pipeline as Teams and
 * Slack (transport.ts).
 *
 * @example
 *   const hub = await ConsoleHub.start(app, { botPort: 3978 });   // listens on 127.0.0.1
 *   hub.secretFile;                                             // where terminals find it
 *   await hub.close();
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import type { App } from '../../bot/app';
import type { Person } from '../../bot/config/schema';
import type { ConversationRef, InboundEvent } from '../../bot/core/events';
import { WaitingForPerson, type Channel } from '../../bot/core/notifier';
import type { Reply } from '../../bot/core/reply';
import { FromTerminalSchema, lineReader, type ConsoleInput, type FromBot, type PersonShown } from './protocol';
import { consoleRef } from './ref';
import { removeConsoleSecret, writeConsoleSecret } from './secret';
import { consoleTransport } from './transport';

/** A terminal has this long to say hello with the secret. */
const HELLO_MS = 10_000;

interface Terminal {
  id: number;
  socket: net.Socket;
  personId?: string;
  queue: Promise<void>;
  counter: number;
}

export { consoleRef } from './ref';

function shown(p: Person): PersonShown {
  return { id: p.id, name: p.name, roles: p.roles };
}

export class ConsoleHub implements Channel {
  readonly platform = 'console' as const;
  private readonly terminals = new Set<Terminal>();
  private server?: net.Server;
  private serial = 0;
  secretFile = '';
  port = 0;

  private constructor(
    private readonly app: App,
    private readonly token: string,
  ) {}

  /** Listens on 127.0.0.1 (never another interface) and writes the secret file. */
  static async start(app: App, opts: { botPort: number; env?: NodeJS.ProcessEnv }): Promise<ConsoleHub> {
    const env = opts.env ?? process.env;
    const hub = new ConsoleHub(app, randomBytes(32).toString('hex'));
    const server = net.createServer((socket) => hub.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    hub.server = server;
    hub.port = (server.address() as net.AddressInfo).port;
    hub.secretFile = writeConsoleSecret(env, opts.botPort, { port: hub.port, token: hub.token, pid: process.pid });
    app.services.notifier.addChannel(hub);
    app.onStop(async () => {
      removeConsoleSecret(env, opts.botPort, hub.token);
      await hub.close();
    });
    return hub;
  }

  async close(): Promise<void> {
    for (const t of this.terminals) t.socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Channel: a proactive message for a person, to every terminal open as them. */
  async send(ref: ConversationRef, reply: Reply): Promise<void> {
    const personId = String(ref.address.personId ?? ref.id.replace(/^console:/, ''));
    const open = [...this.terminals].filter((t) => t.personId === personId);
    // A terminal closing right now may still be listed: only one that took the message counts.
    const written = open.map((t) => this.write(t, { type: 'message', reply }));
    if (!written.some(Boolean)) throw new WaitingForPerson(personId);
  }

  private accept(socket: net.Socket): void {
    const t: Terminal = { id: ++this.serial, socket, queue: Promise.resolve(), counter: 0 };
    this.terminals.add(t);
    const { log } = this.app.services;
    const timer = setTimeout(() => t.personId === undefined && this.refuse(t, 'no hello'), HELLO_MS);
    socket.on('data', lineReader((line) => (t.queue = t.queue.then(() => this.onLine(t, line)).catch((err) => {
      log.error({ terminal: t.id, err: (err as Error).name }, 'console: line failed');
    })), () => this.refuse(t, 'line too long')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      this.terminals.delete(t);
    });
  }

  /** False when the terminal has gone (nothing was written). */
  private write(t: Terminal, msg: FromBot): boolean {
    if (t.socket.destroyed || !t.socket.writable) return false;
    t.socket.write(`${JSON.stringify(msg)}\n`);
    return true;
  }

  private refuse(t: Terminal, reason: string): void {
    this.app.services.log.info({ terminal: t.id, reason }, 'console: terminal refused');
    this.write(t, { type: 'refused', reason });
    t.socket.end();
    t.socket.destroy();
  }

  private tokenOk(given: string): boolean {
    const a = Buffer.from(given);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private async onLine(t: Terminal, line: string): Promise<void> {
    let parsed;
    try {
      parsed = FromTerminalSchema.safeParse(JSON.parse(line));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) return this.refuse(t, 'malformed line');
    const msg = parsed.data;
    if (t.personId === undefined) {
      if (msg.type !== 'hello' || !this.tokenOk(msg.token)) return this.refuse(t, 'wrong or missing secret');
      const person = this.app.services.directory.person(msg.personId);
      if (!person) return this.refuse(t, `"${msg.personId.slice(0, 40)}" is not in the directory`);
      await this.actAs(t, person);
      return void this.write(t, { type: 'welcome', person: shown(person) });
    }
    if (msg.type === 'as') {
      const person = this.app.services.directory.person(msg.personId);
      if (!person) return void this.write(t, { type: 'switched', seq: msg.seq, people: this.app.services.config.people.map(shown) });
      await this.actAs(t, person);
      return void this.write(t, { type: 'switched', seq: msg.seq, person: shown(person) });
    }
    if (msg.type === 'input') {
      const transport = consoleTransport({ personId: t.personId, seq: msg.seq, write: (m) => this.write(t, m) });
      await this.app.pipeline.run({ event: this.event(t, msg.input), transport });
    }
  }

  /** This terminal is now this person: remember where to reach them and send what waited. */
  private async actAs(t: Terminal, person: Person): Promise<void> {
    t.personId = person.id;
    const { conversations, notifier, log, now } = this.app.services;
    await conversations.saveForPerson(person.id, consoleRef(person.id), now().getTime());
    log.info({ terminal: t.id, personId: person.id }, 'console: terminal acting as a directory person');
    await notifier.deliverWaiting(person.id);
  }

  private event(t: Terminal, input: ConsoleInput): InboundEvent {
    const personId = t.personId!;
    const base = {
      id: `console:${t.id}:${++t.counter}:${Date.now()}`,
      platform: 'console' as const,
      user: { platform: 'console' as const, userId: personId },
      conversation: consoleRef(personId),
      receivedAt: new Date(),
    };
    return input.type === 'message' ? { ...base, type: 'message', text: input.text } : { ...base, ...input };
  }
}
