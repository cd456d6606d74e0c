/**
 * The terminal channel's logic, separate from stdin/stdout so it can be tested: turns what a
 * person types into core events (text, "2" to press the second button, form answers one
 * input at a time) and renders replies as text. Proactive messages for the person acting
 * arrive through the same session as a Channel.
 *
 * @example
 *   const session = new ConsoleSession(app, 'dsl.werneth', (line) => console.log(line));
 *   await session.input('help');
 */
import type { App } from '../../bot/app';
import type { ConversationRef, InboundEvent } from '../../bot/core/events';
import type { Channel } from '../../bot/core/notifier';
import type { Reply } from '../../bot/core/reply';
import { toText } from '../../cards/text';
import { isInput, type CardAction, type InputElement } from '../../cards/tree';

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
  private counter = 0;
  readonly conversation: ConversationRef;

  constructor(
    private readonly app: App,
    readonly personId: string,
    private readonly print: (text: string) => void,
  ) {
    this.conversation = { platform: 'console', id: `console:${personId}`, kind: 'personal', address: { personId } };
  }

  /** Channel: proactive messages for the person at this terminal. */
  async send(ref: ConversationRef, reply: Reply): Promise<void> {
    if (ref.id !== this.conversation.id) return;
    this.print('\n(message)');
    this.show([reply]);
  }

  /** Handles one line typed at the prompt. */
  async input(line: string): Promise<void> {
    const text = line.trim();
    if (this.form) return this.answerForm(text);
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

  private async send_(what: { type: 'message'; text: string } | { type: 'action'; verb: string; data: Record<string, string>; inputs: Record<string, string> }): Promise<void> {
    const base = {
      id: `console:${this.personId}:${++this.counter}`,
      platform: 'console' as const,
      user: { platform: 'console' as const, userId: this.personId },
      conversation: this.conversation,
      receivedAt: new Date(),
    };
    const event: InboundEvent = what.type === 'message' ? { ...base, ...what } : { ...base, ...what };
    this.show(await this.app.bot.handle(event));
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
