/**
 * Renders the card tree as Slack Block Kit, keeping within Slack's published limits
 * (blocks per message or view, text lengths, unique action ids, button values).
 * Buttons carry `{ verb, data }` as JSON in `value`; inputs use their id as block and action id.
 * The phone-first layout rule (layout.ts) is applied first: more than three buttons become a
 * `static_select` (in an input block, read from the message's state on the click) and one button.
 *
 * @example
 *   const { text, blocks } = toBlockKit(card('Hello').text('Hi').build());
 *   const view = toSlackModal(formCard, { callbackId: 'probe.submit', privateMetadata: '{"id":"c1"}' });
 */
import { phoneLayout } from './layout';
import type { Card, CardAction, CardElement, InputElement } from './tree';
import { isInput } from './tree';

export const SLACK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  headerText: 150,
  fieldText: 2000,
  fieldsPerSection: 10,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  elementsPerActions: 25,
  optionText: 75,
  optionsPerSelect: 100,
  labelText: 2000,
  placeholderText: 150,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  fallbackText: 40000,
} as const;

type Block = Record<string, unknown>;

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const plain = (text: string, max: number) => ({ type: 'plain_text', text: clip(text || ' ', max), emoji: true });
const mrkdwn = (text: string, max: number = SLACK_LIMITS.sectionText) => ({ type: 'mrkdwn', text: clip(text || ' ', max) });

function inputElement(el: InputElement): Block {
  switch (el.type) {
    case 'input.text':
      return {
        type: 'plain_text_input',
        action_id: el.id,
        multiline: el.multiline ?? false,
        ...(el.placeholder ? { placeholder: plain(el.placeholder, SLACK_LIMITS.placeholderText) } : {}),
        ...(el.maxLength ? { max_length: el.maxLength } : {}),
        ...(el.value ? { initial_value: el.value } : {}),
      };
    case 'input.choice': {
      const options = el.choices
        .slice(0, SLACK_LIMITS.optionsPerSelect)
        .map((c) => ({ text: plain(c.title, SLACK_LIMITS.optionText), value: c.value }));
      const selected = (el.value ?? '').split(',').filter(Boolean);
      const initial = options.filter((o) => selected.includes(o.value));
      if (el.multiple && options.length <= 10)
        return { type: 'checkboxes', action_id: el.id, options, ...(initial.length ? { initial_options: initial } : {}) };
      if (el.multiple)
        return { type: 'multi_static_select', action_id: el.id, options, ...(initial.length ? { initial_options: initial } : {}) };
      if (options.length <= 5 && !el.compact)
        return { type: 'radio_buttons', action_id: el.id, options, ...(initial[0] ? { initial_option: initial[0] } : {}) };
      return { type: 'static_select', action_id: el.id, options, ...(initial[0] ? { initial_option: initial[0] } : {}) };
    }
    case 'input.date':
      return { type: 'datepicker', action_id: el.id, ...(el.value ? { initial_date: el.value } : {}) };
    case 'input.time':
      return { type: 'timepicker', action_id: el.id, ...(el.value ? { initial_time: el.value } : {}) };
  }
}

function bodyBlocks(el: CardElement): Block[] {
  if (isInput(el)) {
    return [
      {
        type: 'input',
        block_id: el.id,
        label: plain(el.label, SLACK_LIMITS.labelText),
        optional: !el.required,
        element: inputElement(el),
      },
    ];
  }
  switch (el.type) {
    case 'text': {
      const t = escapeMrkdwn(el.text);
      if (el.style === 'subtle') return [{ type: 'context', elements: [mrkdwn(t)] }];
      const styled = el.style === 'heading' || el.style === 'warning' ? `*${t}*` : t;
      return [{ type: 'section', text: mrkdwn(el.style === 'warning' ? `:warning: ${styled}` : styled) }];
    }
    case 'facts': {
      const blocks: Block[] = [];
      for (let i = 0; i < el.facts.length; i += SLACK_LIMITS.fieldsPerSection) {
        const fields = el.facts
          .slice(i, i + SLACK_LIMITS.fieldsPerSection)
          .map((f) => mrkdwn(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, SLACK_LIMITS.fieldText));
        blocks.push({ type: 'section', fields });
      }
      return blocks;
    }
    case 'image':
      return [{ type: 'image', image_url: el.url, alt_text: clip(el.alt, 2000) }];
    case 'divider':
      return [{ type: 'divider' }];
    case 'details':
      return actionBlocks([{ type: 'submit', verb: el.verb, title: el.title, data: el.data }], 'details:');
  }
}

/** The JSON a Slack button carries, so a click can be routed back to its verb. */
export function buttonValue(a: Extract<CardAction, { type: 'submit' }>): string {
  const value = JSON.stringify({ verb: a.verb, data: a.data ?? {} });
  if (value.length > SLACK_LIMITS.buttonValue) throw new Error(`button "${a.verb}" carries too much data for Slack`);
  return value;
}

function actionBlocks(actions: CardAction[], prefix: string): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < actions.length; i += SLACK_LIMITS.elementsPerActions) {
    const elements = actions.slice(i, i + SLACK_LIMITS.elementsPerActions).map((a, j) => {
      const n = i + j;
      if (a.type === 'link')
        return { type: 'button', action_id: `${prefix}link#${n}`, text: plain(a.title, SLACK_LIMITS.buttonText), url: a.url };
      return {
        type: 'button',
        action_id: clip(`${prefix}${a.verb}#${n}`, SLACK_LIMITS.actionId),
        text: plain(a.title, SLACK_LIMITS.buttonText),
        value: buttonValue(a),
        ...(a.style ? { style: a.style } : {}),
      };
    });
    blocks.push({ type: 'actions', elements });
  }
  return blocks;
}

function allBlocks(c: Card, actions: CardAction[]): Block[] {
  const blocks: Block[] = [];
  if (c.title) blocks.push({ type: 'header', text: plain(c.title, SLACK_LIMITS.headerText) });
  for (const el of c.body) blocks.push(...bodyBlocks(el));
  blocks.push(...actionBlocks(actions, ''));
  return blocks;
}

/** Plain-text summary Slack shows in notifications and where blocks cannot be shown. */
export function fallbackText(c: Card): string {
  const parts: string[] = [];
  if (c.title) parts.push(c.title);
  for (const el of c.body) if (el.type === 'text') parts.push(el.text);
  return clip(parts.join('\n') || 'Message from the SWIS bot', SLACK_LIMITS.fallbackText);
}

export function toBlockKit(tree: Card): { text: string; blocks: Block[] } {
  const c = phoneLayout(tree);
  let blocks = allBlocks(c, c.actions);
  if (blocks.length > SLACK_LIMITS.messageBlocks) {
    // Keep what the person must be able to do (inputs and actions); drop the middle of the body.
    const tail = [...c.body.filter(isInput).flatMap(bodyBlocks), ...actionBlocks(c.actions, '')];
    const head = blocks.filter((b) => b.type !== 'input' && b.type !== 'actions').slice(0, SLACK_LIMITS.messageBlocks - tail.length - 1);
    const left = blocks.length - tail.length - head.length;
    blocks = [...head, { type: 'context', elements: [mrkdwn(`…and ${left} more not shown here`)] }, ...tail];
  }
  return { text: fallbackText(c), blocks };
}

export interface ModalOptions {
  callbackId: string;
  privateMetadata?: string;
  submitLabel?: string;
}

/**
 * A modal view for a form card: inputs become input blocks; the first submit action becomes
 * the modal's Submit button (its verb is the callback id); other actions stay as buttons.
 */
export function toSlackModal(tree: Card, opts: ModalOptions): Block {
  const c = phoneLayout(tree);
  const submit = c.actions.find((a) => a.type === 'submit');
  const others = c.actions.filter((a) => a !== submit);
  const meta = opts.privateMetadata ?? '';
  if (meta.length > SLACK_LIMITS.privateMetadata) throw new Error('modal private metadata is too long for Slack');
  const blocks: Block[] = [];
  for (const el of c.body) blocks.push(...bodyBlocks(el));
  blocks.push(...actionBlocks(others, 'modal:'));
  return {
    type: 'modal',
    callback_id: clip(opts.callbackId, SLACK_LIMITS.actionId),
    title: plain(c.title ?? 'SWIS', SLACK_LIMITS.modalTitle),
    submit: plain(opts.submitLabel ?? (submit?.type === 'submit' ? submit.title : 'Submit'), SLACK_LIMITS.modalButton),
    close: plain('Cancel', SLACK_LIMITS.modalButton),
    private_metadata: meta,
    blocks: blocks.slice(0, SLACK_LIMITS.viewBlocks),
  };
}
