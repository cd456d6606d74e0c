/**
 * How a terminal reaches a core: in the same process (`localLink`, for tests and a terminal that
 * started its own bot) or over the running bot's loopback console channel (`RemoteLink`).
 *
 * @example
 *   const link = await RemoteLink.connect(secret, 'dsl.werneth', (reply) => session.arrived(reply));
 *   const replies = await link.handle({ type: 'message', text: 'help' });
 */
import net from 'node:net';
import type { App } from '../../bot/app';
import type { Reply } from '../../bot/core/reply';
import { consoleRef } from './hub';
import { lineReader, type ConsoleInput, type FromBot, type PersonShown } from './protocol';
import type { ConsoleSecret } from './secret';

export interface ConsoleLink {
  /** Sends what the person typed or pressed; resolves with the bot's replies. */
  handle(personId: string, input: ConsoleInput): Promise<Reply[]>;
  /** Switches person: the person, or the people to choose from when the id is unknown. */
  as(personId: string): Promise<{ person?: PersonShown; people?: PersonShown[] }>;
}

let counter = 0;

export function localLink(app: App): ConsoleLink {
  return {
    async handle(personId, input) {
      const base = {
        id: `console:${personId}:${++counter}:${Date.now()}`,
        platform: 'console' as const,
        user: { platform: 'console' as const, userId: personId },
        conversation: consoleRef(personId),
        receivedAt: new Date(),
      };
      return app.bot.handle(input.type === 'message' ? { ...base, ...input } : { ...base, ...input }, { personId });
    },
    async as(personId) {
      const p = app.services.directory.person(personId);
      const shown = (x: { id: string; name: string; roles: string[] }) => ({ id: x.id, name: x.name, roles: x.roles });
      return p ? { person: shown(p) } : { people: app.services.config.people.map(shown) };
    },
  };
}

export class RemoteLink implements ConsoleLink {
  private seq = 0;
  private readonly waiting = new Map<number, (msg: FromBot) => void>();
  private closedWith?: string;

  private constructor(
    private readonly socket: net.Socket,
    readonly person: PersonShown,
  ) {}

  /**
   * Connects and says hello with the secret. Rejects with the bot's reason when refused, or
   * with ECONNREFUSED when no bot is listening (a stale secret file).
   */
  static connect(secret: ConsoleSecret, personId: string, onMessage: (reply: Reply) => void, onClose: (why: string) => void): Promise<RemoteLink> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port: secret.port });
      let link: RemoteLink | undefined;
      socket.on('error', (err) => (link ? undefined : reject(err)));
      socket.on('close', () => {
        if (!link) return reject(new Error('the bot closed the connection'));
        link.closedWith ??= 'the bot stopped';
        for (const w of link.waiting.values()) w({ type: 'refused', reason: link.closedWith });
        onClose(link.closedWith);
      });
      socket.on('connect', () => socket.write(`${JSON.stringify({ type: 'hello', token: secret.token, personId })}\n`));
      socket.on(
        'data',
        lineReader(
          (line) => {
            const msg = JSON.parse(line) as FromBot;
            if (!link) {
              if (msg.type === 'welcome') resolve((link = new RemoteLink(socket, msg.person)));
              else reject(new Error(msg.type === 'refused' ? `the bot refused: ${msg.reason}` : 'unexpected answer'));
              return;
            }
            if (msg.type === 'message') return onMessage(msg.reply);
            if (msg.type === 'refused') link.closedWith = msg.reason;
            if ('seq' in msg) {
              link.waiting.get(msg.seq)?.(msg);
              link.waiting.delete(msg.seq);
            }
          },
          () => socket.destroy(),
        ),
      );
    });
  }

  private request(body: Record<string, unknown>): Promise<FromBot> {
    if (this.socket.destroyed) return Promise.reject(new Error(this.closedWith ?? 'not connected'));
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(seq, resolve);
      this.socket.write(`${JSON.stringify({ ...body, seq })}\n`);
    });
  }

  async handle(_personId: string, input: ConsoleInput): Promise<Reply[]> {
    const msg = await this.request({ type: 'input', input });
    if (msg.type === 'replies') return msg.replies;
    throw new Error(msg.type === 'refused' ? msg.reason : 'unexpected answer');
  }

  async as(personId: string): Promise<{ person?: PersonShown; people?: PersonShown[] }> {
    const msg = await this.request({ type: 'as', personId });
    if (msg.type === 'switched') return { person: msg.person, people: msg.people };
    throw new Error(msg.type === 'refused' ? msg.reason : 'unexpected answer');
  }

  close(): void {
    this.closedWith = 'you left';
    this.socket.end();
  }
}
