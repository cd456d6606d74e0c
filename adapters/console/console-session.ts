/**
 * The terminal channel's logic, separate from stdin/stdout so it can be tested: turns what a
 * person types into core events (text, "2" to press the second button, form answers one
 * input at a time, `as <person id>` to become someone else) and renders replies as text. The
 * core is reached through a ConsoleLink: in this process (an App) or the running bot's console
 * channel. Proactive messages arrive through `arrived` (or, in process, the session as a Channel).
 *
 * @example
 *   const session = new ConsoleSession(app, 'dsl.werneth', (line) => console.log(line));
 *   await session.input('help');
 *   await session.input('as sw.amira');
 */
import type { App } from '../../bot/app';
import type { ConversationRef } from '../../bot/core/events';
import type { Channel } from '../../bot/core/notifier';
import type { Reply } from '../../bot/core/reply';
import { toText } from '../../cards/text';
import { isInput, type CardAction, type InputElement } from '../../cards/tree';
import { consoleRef } from './hub';
import { localLink, type ConsoleLink } from './link';
import type { ConsoleInput } from './protocol';

type Submit = Extract<CardAction, { type: 'submit' }>;

interface FormInProgress {
  action: Submit;
  inputs: InputElement[];
  values: Record<string, string>;
}

export class ConsoleSession implements Channel {
  readonly platform = 'console' as const;
  private actions: CardAction[] = [];
  private inputs: InputElement[] = [];
  private form?: FormInProgress;
  private readonly link: ConsoleLink;

  constructor(
    core: App | ConsoleLink,
    public personId: string,
    private readonly print: (text: string) => void,
  ) {
    this.link = 'bot' in core ? localLink(core) : core;
  }

  get conversation(): ConversationRef {
    return consoleRef(this.personId);
  }

  /** Channel: proactive messages for the person at this terminal. */
  async send(ref: ConversationRef, reply: Reply): Promise<void> {
    if (ref.id === this.conversation.id) this.arrived(reply);
  }

  /** A message the bot sent on its own (a new consultation, a reminder, an answer). */
  arrived(reply: Reply): void {
    this.print('\n(message)');
    this.show([reply]);
  }

  /** Handles one line typed at the prompt. */
  async input(line: string): Promise<void> {
    const text = line.trim();
    if (this.form) return this.answerForm(text);
    const as = /^as(?:\s+(\S+))?$/i.exec(text);
    if (as) return this.switchTo((as[1] ?? '').toLowerCase());
    const n = Number(text);
    if (/^\d+$/.test(text) && n >= 1 && n <= this.actions.length) {
      const action = this.actions[n - 1];
      if (action.type === 'link') {
        this.print(`Open: ${action.url}`);
        return;
      }
      if (this.inputs.length) {
        this.form = { action, inputs: this.inputs, values: {} };
        return this.askNext();
      }
      return this.send_({ type: 'action', verb: action.verb, data: action.data ?? {}, inputs: {} });
    }
    if (!text) return;
    return this.send_({ type: 'message', text });
  }

  /** The prompt for the next input of a form being filled, or undefined. */
  prompt(): string | undefined {
    if (!this.form) return undefined;
    const el = this.form.inputs[Object.keys(this.form.values).length];
    return el ? `${el.label}${el.required ? '' : ' (optional, Enter to skip)'}: ` : undefined;
  }

  private askNext(): void {
    const form = this.form!;
    const el = form.inputs[Object.keys(form.values).length];
    if (!el) return;
    if (el.type === 'input.choice')
      this.print(`  ${el.label}: ${el.choices.map((c) => `${c.value} = ${c.title}`).join('; ')}${el.multiple ? ' (comma separated)' : ''}`);
  }

  private async answerForm(text: string): Promise<void> {
    const form = this.form!;
    const el = form.inputs[Object.keys(form.values).length];
    if (el.required && !text) {
      this.print(`  ${el.label} is needed.`);
      return;
    }
    form.values[el.id] = text;
    if (Object.keys(form.values).length < form.inputs.length) return this.askNext();
    this.form = undefined;
    const inputs = Object.fromEntries(Object.entries(form.values).filter(([, v]) => v !== ''));
    return this.send_({ type: 'action', verb: form.action.verb, data: form.action.data ?? {}, inputs });
  }

  private async send_(what: ConsoleInput): Promise<void> {
    this.show(await this.link.handle(this.personId, what));
  }

  private async switchTo(personId: string): Promise<void> {
    const { person, people } = await this.link.as(personId);
    if (!person) {
      this.print(`${personId ? `"${personId}" is not in the directory. ` : ''}People you can act as:`);
      for (const p of people ?? []) this.print(`  ${p.id.padEnd(24)} ${p.name} (${p.roles.join(', ')})`);
      return;
    }
    this.personId = person.id;
    this.actions = [];
    this.inputs = [];
    this.print(`You are now ${person.name} (${person.roles.join(', ')}). Type help to see what you can do.`);
  }

  private show(replies: Reply[]): void {
    for (const r of replies) {
      if (r.card) {
        // The pressed card's new state is reprinted in its place (a terminal cannot edit what it printed).
        if (r.replace) this.print('(card updated)');
        this.print(toText(r.card));
        this.actions = r.card.actions;
        this.inputs = r.card.body.filter(isInput);
        if (this.actions.length) this.print(`(type a number to choose${this.inputs.length ? '; you will be asked for each field' : ''})`);
      } else {
        this.print(r.text);
      }
    }
  }
}
