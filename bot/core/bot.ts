/**
 * The conversation core: takes a platform-neutral event, finds the directory person, saves
 * where to reach them, routes to a feature and returns its replies. Knows nothing of Teams or
 * Slack. People outside the directory get a polite answer and nothing about them is stored.
 *
 * @example
 *   const replies = await bot.handle(event);
 *   for (const r of replies) await platform.send(r);
 */
import { randomUUID } from 'node:crypto';
import type { Person } from '../config/schema';
import type { InboundEvent } from './events';
import type { Reply } from './reply';
import { allowed, type Resolved, type Router } from './router';
import type { Services } from './services';
import { Turn } from './turn';

export interface HandleOptions {
  /** The adapter already knows who this is (the Emulator's `as <person id>`). */
  personId?: string;
}

export class Bot {
  constructor(
    readonly router: Router,
    readonly services: Services,
  ) {}

  /** Which directory person sent this event, if any. */
  identify(event: InboundEvent, opts: HandleOptions = {}): Person | undefined {
    const { directory } = this.services;
    return opts.personId ? directory.person(opts.personId) : directory.byPlatformUser(event.user);
  }

  async handle(event: InboundEvent, opts: HandleOptions = {}): Promise<Reply[]> {
    const { log } = this.services;
    const person = this.identify(event, opts);
    if (!person) {
      log.info({ platform: event.platform, eventId: event.id }, 'message from someone not in the directory');
      return [notInDirectory(this.services)];
    }
    await this.remember(event, person);

    const resolved = this.resolve(event);
    if (!resolved) return [];
    if (!allowed(resolved.roles, person.roles)) {
      log.info({ personId: person.id, route: resolved.name }, 'refused: role');
      return [{ text: "That isn't something your role can do here. Type *help* to see what you can do." }];
    }
    const turn = new Turn(event, person, this.services, resolved.args);
    try {
      await resolved.handler(turn);
    } catch (err) {
      const errorId = randomUUID().slice(0, 8);
      log.error({ errorId, personId: person.id, route: resolved.name, err: (err as Error).message }, 'handler failed');
      turn.reply(
        `Sorry, something went wrong and I couldn't finish that (reference ${errorId}). Please try again. ` +
          `If a child is in immediate danger call 999, or the MASH on ${this.services.config.authority.mashPhone}.`,
      );
    }
    return turn.replies;
  }

  private resolve(event: InboundEvent): Resolved | undefined {
    switch (event.type) {
      case 'message':
        return this.router.resolveText(event.text);
      case 'action':
        return this.router.resolveAction(event.verb) ?? {
          name: 'unknown-action',
          args: '',
          handler: async (t) => t.reply('That button is from an older version of this card. Type *help* to start again.'),
        };
      case 'installed':
        return this.router.resolveInstalled();
    }
  }

  private async remember(event: InboundEvent, person: Person): Promise<void> {
    const { conversations } = this.services;
    if (event.conversation.kind === 'personal') {
      const ref = { ...event.conversation, threadId: undefined };
      await conversations.saveForPerson(person.id, ref, this.services.now().getTime());
      await this.services.notifier.deliverWaiting(person.id);
    } else {
      await conversations.saveConversation({ ...event.conversation, threadId: undefined });
    }
  }
}

function notInDirectory(services: Services): Reply {
  const a = services.config.authority;
  return {
    text:
      `Hello. I'm the Social Workers in Schools assistant for ${a.name}, but I don't have you in my directory yet, ` +
      `so I can't help here. Please ask your SWIS business support team to add you. ` +
      `If a child is in immediate danger call 999; for a safeguarding concern call the MASH on ${a.mashPhone} ` +
      `(out of hours, the emergency duty team on ${a.emergencyDutyTeamPhone}).`,
  };
}
