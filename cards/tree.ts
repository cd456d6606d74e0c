/**
 * One small card tree that every feature builds and every platform renders: title, text,
 * facts, images, inputs, choices and actions. Features never write Adaptive Card or Block Kit.
 *
 * @example
 *   const c = card('New consultation')
 *     .text('Year 9, ref JS')
 *     .facts({ School: 'Werneth School', Urgency: 'Amber' })
 *     .submit('probe.answer', 'Early help', { id: 'c1', outcome: 'early_help' }, 'primary')
 *     .action(CONSULT.answer.button('Monitor', { id: 'c1', answer: 'monitor' })) // a declared verb
 *     .build();
 */

export interface Choice {
  title: string;
  value: string;
}

export type CardElement =
  | { type: 'text'; text: string; style?: 'heading' | 'subtle' | 'warning' | 'normal' }
  | { type: 'facts'; facts: { label: string; value: string }[] }
  | { type: 'image'; url: string; alt: string }
  | { type: 'divider' }
  | {
      /**
       * More detail behind a "Show details" button: Teams opens it in place (Action.ShowCard);
       * Slack, which cannot, shows a button with `verb` whose handler sends the detail as a
       * second message; the terminal prints it.
       */
      type: 'details';
      title: string;
      body: CardElement[];
      verb: string;
      data?: Record<string, string>;
    }
  | {
      type: 'input.text';
      id: string;
      label: string;
      placeholder?: string;
      multiline?: boolean;
      required?: boolean;
      maxLength?: number;
      value?: string;
    }
  | {
      type: 'input.choice';
      id: string;
      label: string;
      choices: Choice[];
      multiple?: boolean;
      required?: boolean;
      /** For multiple choice, values joined by commas. */
      value?: string;
      /** Shown as a drop-down (a choice list folded from buttons, see layout.ts). */
      compact?: boolean;
    }
  | { type: 'input.date'; id: string; label: string; required?: boolean; value?: string }
  | { type: 'input.time'; id: string; label: string; required?: boolean; value?: string };

export type InputElement = Extract<CardElement, { id: string }>;

export type CardAction =
  | {
      type: 'submit';
      /** What the core routes on, e.g. "consult.answer". */
      verb: string;
      title: string;
      /** Small, non-identifying routing data (ids, choices). Never child details. */
      data?: Record<string, string>;
      style?: 'primary' | 'danger';
    }
  | { type: 'link'; title: string; url: string };

export type SubmitAction = Extract<CardAction, { type: 'submit' }>;

export interface Card {
  title?: string;
  body: CardElement[];
  actions: CardAction[];
  /**
   * How a group of same-verb buttons reads once folded into a choice list for a phone
   * (layout.ts): by verb, or '*' for any. Default "Choose one" / "Go".
   */
  picks?: Record<string, { label: string; button: string }>;
}

export function isInput(el: CardElement): el is InputElement {
  return el.type.startsWith('input.');
}

/** Fluent builder so features read as what the person sees. */
export class CardBuilder {
  private readonly tree: Card;

  constructor(title?: string) {
    this.tree = { title, body: [], actions: [] };
  }

  text(text: string, style: 'heading' | 'subtle' | 'warning' | 'normal' = 'normal'): this {
    this.tree.body.push({ type: 'text', text, style });
    return this;
  }

  facts(facts: Record<string, string> | { label: string; value: string }[]): this {
    const list = Array.isArray(facts) ? facts : Object.entries(facts).map(([label, value]) => ({ label, value }));
    if (list.length) this.tree.body.push({ type: 'facts', facts: list });
    return this;
  }

  image(url: string, alt: string): this {
    this.tree.body.push({ type: 'image', url, alt });
    return this;
  }

  divider(): this {
    this.tree.body.push({ type: 'divider' });
    return this;
  }

  /** Detail a person opens only when they want it (see the `details` element). */
  details(title: string, verb: string, data: Record<string, string>, build: (b: CardBuilder) => void): this {
    const inner = new CardBuilder();
    build(inner);
    this.tree.body.push({ type: 'details', title, body: inner.build().body, verb, data });
    return this;
  }

  input(el: InputElement): this {
    this.tree.body.push(el);
    return this;
  }

  submit(verb: string, title: string, data?: Record<string, string>, style?: 'primary' | 'danger'): this {
    this.tree.actions.push({ type: 'submit', verb, title, data, style });
    return this;
  }

  /** Adds a button built elsewhere (a declared verb's `.button(...)`, see bot/core/actions.ts). */
  action(a: CardAction): this {
    this.tree.actions.push(a);
    return this;
  }

  /** Names the choice list and button these buttons fold into on a phone (more than three). */
  pick(verb: string, label: string, button: string): this {
    this.tree.picks = { ...this.tree.picks, [verb]: { label, button } };
    return this;
  }

  link(title: string, url: string): this {
    this.tree.actions.push({ type: 'link', title, url });
    return this;
  }

  build(): Card {
    return this.tree;
  }
}

export function card(title?: string): CardBuilder {
  return new CardBuilder(title);
}
