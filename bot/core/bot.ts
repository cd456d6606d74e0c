/**
 * The conversation core: takes a platform-neutral event, finds the directory person, saves
 * where to reach them, routes to a feature and returns its replies. Knows nothing of Teams or
 * Slack. People outside the directory get a polite answer and nothing about them is stored.
 * Two safeguards sit here, before and after every feature: danger wording anywhere in what was
 * typed is answered at once (999, MASH, EDT out of hours), and replies about a child asked for
 * in a channel or group chat go to the person's 1:1 chat instead.
 *
 * @example
 *   const replies = await bot.handle(event);
 *   for (const r of replies) await platform.send(r);
 */
import { randomUUID } from 'node:crypto';
import { isStorageUnavailable } from '../../storage/unavailable';
import { missingPick, PICK_VERB, unpackPick } from '../../cards/layout';
import type { Person } from '../config/schema';
import type { InboundEvent } from './events';
import type { TurnOutcome } from './metrics';
import type { Reply } from './reply';
import { allowed, type Resolved, type Router } from './router';
import { dangerAnswer, findDanger, safetyNet } from './safety';
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

  /** Handles one event; counted while in hand (a stopping process waits for it) and measured. */
  async handle(event: InboundEvent, opts: HandleOptions = {}): Promise<Reply[]> {
    const { metrics, work } = this.services;
    const started = process.hrtime.bigint();
    const outcome: { value: TurnOutcome } = { value: 'error' };
    const turn = this.turn(event, opts, outcome);
    try {
      const replies = await (work ? work.track(turn) : turn);
      // Nothing is acknowledged before it is on a replica too, where there is one (Sentinel).
      await this.services.store.replicated?.();
      return replies;
    } finally {
      metrics?.turns.inc({ platform: event.platform, outcome: outcome.value });
      metrics?.turnSeconds.observe({ platform: event.platform }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  private async turn(received: InboundEvent, opts: HandleOptions, outcome: { value: TurnOutcome }): Promise<Reply[]> {
    const { log } = this.services;
    // A "Go" button of a choice list folded from buttons (cards/layout.ts): route the chosen one.
    const picked = received.type === 'action' && received.verb === PICK_VERB ? unpackPick(received.data, received.inputs) : undefined;
    const event: InboundEvent = picked && received.type === 'action' ? { ...received, ...picked } : received;
    if (received.type === 'action' && missingPick(received.data, received.inputs)) return [{ text: 'Please choose one from the list first, then press the button again.', brief: true }];
    // Another process's directory change (business support, from chat): looked at once a second at most.
    await this.services.directoryOverlay?.fresh();
    const person = this.identify(event, opts);
    if (!person) {
      log.info({ platform: event.platform, eventId: event.id }, 'message from someone not in the directory');
      outcome.value = 'not_in_directory';
      return [notInDirectory(this.services)];
    }
    await this.remember(event, person);

    const resolved = this.resolve(event);
    const turn = new Turn(event, person, this.services, resolved?.args ?? '');
    const shared = event.conversation.kind !== 'personal';
    const danger = findDanger(typedTexts(event), this.services.config.authority.dangerPhrases);
    if (danger && (await this.answerDanger(turn, danger, resolved))) {
      outcome.value = 'ok';
      return this.deliver(turn, shared);
    }
    outcome.value = 'ignored';
    if (!resolved) return turn.replies;
    if (!allowed(resolved.roles, person.roles)) {
      log.info({ personId: person.id, route: resolved.name }, 'refused: role');
      outcome.value = 'refused_role';
      turn.reply("That isn't something your role can do here. Type *help* to see what you can do.");
      return turn.replies;
    }
    if (shared && resolved.private && !(await this.services.notifier.reachable(person.id))) {
      log.info({ personId: person.id, route: resolved.name }, 'refused: private route in a shared conversation');
      turn.reply(`That's about a child, so I only talk about it in a 1:1 chat, and I can't message you privately yet. Please open a chat with me and ask there. ${safetyNet(this.services, turn.now)}`);
      return turn.replies;
    }
    try {
      await resolved.handler(turn);
      outcome.value = 'ok';
    } catch (err) {
      // Storage away is not this handler's fault: the adapter tells the platform or the person to try again.
      if (isStorageUnavailable(err)) throw err;
      outcome.value = 'error';
      const errorId = randomUUID().slice(0, 8);
      log.error({ errorId, personId: person.id, route: resolved.name, err }, 'handler failed');
      turn.reply(`Sorry, something went wrong and I couldn't finish that (reference ${errorId}). Please try again. ${safetyNet(this.services, turn.now)}`);
    }
    if (shared && resolved.private) for (const r of turn.replies) r.private = true;
    return this.deliver(turn, shared);
  }

  /**
   * Danger wording, wherever it was typed: 999, the MASH and (out of hours) the EDT at once,
   * then each feature's listener (consultations alerts the worker). True when nothing more is to run.
   */
  private async answerDanger(turn: Turn, phrase: string, resolved: Resolved | undefined): Promise<boolean> {
    const { log } = this.services;
    turn.dangerPhrase = phrase;
    turn.reply(dangerAnswer(this.services, turn.now));
    log.warn({ personId: turn.person.id, route: resolved?.name ?? 'none', eventType: turn.event.type }, 'danger wording answered with 999 and the MASH');
    let done = !resolved || (turn.event.type === 'message' && resolved.name === 'fallback');
    for (const listener of this.router.dangerListeners) {
      try {
        if (await listener(turn, resolved?.name)) done = true;
      } catch (err) {
        log.error({ personId: turn.person.id, err }, 'danger listener failed');
      }
    }
    return done;
  }

  /**
   * In a channel or group chat, anything about a child goes to the person's 1:1 chat instead,
   * and the shared conversation is only told "I've messaged you privately".
   */
  private async deliver(turn: Turn, shared: boolean): Promise<Reply[]> {
    if (!shared || !turn.replies.some((r) => r.private)) return turn.replies;
    const here: Reply[] = [];
    const away: Reply[] = [];
    for (const r of turn.replies) (r.private ? away : here).push(r);
    if (!(await this.services.notifier.reachable(turn.person.id))) {
      this.services.log.info({ personId: turn.person.id }, 'private replies held back: no 1:1 chat');
      return [...here, { text: `I can't post that here because it is about a child, and I can't message you privately yet. Please open a chat with me. ${safetyNet(this.services, turn.now)}` }];
    }
    for (const r of away) await this.services.notifier.toPerson(turn.person.id, { ...r, private: undefined, form: undefined });
    this.services.log.info({ personId: turn.person.id, replies: away.length }, 'replies moved to a 1:1 chat');
    return [...here, { text: "I've messaged you privately: nothing about a child is posted here." }];
  }

  private resolve(event: InboundEvent): Resolved | undefined {
    switch (event.type) {
      case 'message':
        return this.router.resolveText(event.text);
      case 'action':
        return this.router.resolveAction(event.verb) ?? {
          name: 'unknown-action',
          args: '',
          handler: async (t) => t.reply({ text: 'That button is from an older version of this card. Type help to start again.', brief: true }),
        };
      case 'installed':
        return this.router.resolveInstalled();
    }
  }

  private async remember(event: InboundEvent, person: Person): Promise<void> {
    const { conversations } = this.services;
    if (event.conversation.kind === 'personal') {
      const ref = { ...event.conversation, threadId: undefined };
      // Both in one round trip; messages held for them go once the chat is saved (rarely any).
      const [, waiting] = await Promise.all([conversations.saveForPerson(person.id, ref, this.services.now().getTime()), this.services.notifier.hasWaiting(person.id)]);
      if (waiting) await this.services.notifier.deliverWaiting(person.id);
    } else {
      await conversations.saveConversation({ ...event.conversation, threadId: undefined });
    }
  }
}

/** Everything a person typed in this event: the message, or every form field. */
function typedTexts(event: InboundEvent): string[] {
  if (event.type === 'message') return [event.text];
  if (event.type === 'action') return Object.values(event.inputs ?? {}).filter((v): v is string => typeof v === 'string');
  return [];
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
