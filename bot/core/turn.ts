/**
 * One turn of conversation: the event, the directory person it came from, and a way to
 * reply. Handlers get a Turn and add replies; the adapter delivers them.
 *
 * @example
 *   async function help(turn: Turn) { turn.reply('Type consult to ask your link social worker.'); }
 *   turn.update({ text: 'Booked', card: bookedCard }); // replaces the card that was pressed
 */
import type { Person } from '../config/schema';
import type { InboundEvent } from './events';
import type { Reply } from './reply';
import type { Services } from './services';

export class Turn {
  readonly replies: Reply[] = [];
  /** The danger wording found in what was typed, when there was some (the core answered it). */
  dangerPhrase?: string;
  /** Set on the replay of a held text after a first-name warning: the warning's id. */
  warningAccepted?: string;

  constructor(
    readonly event: InboundEvent,
    readonly person: Person,
    readonly services: Services,
    /** Text after the command words, for text commands. */
    readonly args: string = '',
  ) {}

  reply(r: Reply | string): void {
    this.replies.push(typeof r === 'string' ? { text: r } : r);
  }

  /**
   * The pressed card's new state (what was done, by whom, when; spent buttons gone). Goes
   * first, so platforms that answer a press with one card (Teams' invoke response) use it.
   */
  update(r: Reply): void {
    if (this.event.type !== 'action') return this.reply(r);
    this.replies.push({ ...r, replace: true });
  }

  /** Action data (button) merged with form inputs, inputs winning. */
  get values(): Record<string, string> {
    return this.event.type === 'action' ? { ...this.event.data, ...this.event.inputs } : {};
  }

  get now(): Date {
    return this.services.now();
  }
}
