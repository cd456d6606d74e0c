/**
 * Renders the card tree as an Adaptive Card 1.5 (the newest version Teams renders).
 * Submit actions are `Action.Execute` (Universal Actions) carrying `{ verb, data }` under the
 * reserved key `swis` so they never collide with input ids, which Teams merges into the same
 * object. The phone-first layout rule (layout.ts) is applied first: at most three buttons.
 *
 * @example
 *   const json = toAdaptiveCard(card('Hello').text('Hi').build());
 *   // { type: 'AdaptiveCard', version: '1.5', body: [...], actions: [...] }
 */
import { buttonRows, phoneLayout } from './layout';
import type { Card, CardAction, CardElement } from './tree';

export const ADAPTIVE_CARD_VERSION = '1.5';
/** Key under which submit actions carry their routing data. */
export const ACTION_KEY = 'swis';

type Json = Record<string, unknown>;

function element(el: CardElement): Json {
  switch (el.type) {
    case 'text':
      return {
        type: 'TextBlock',
        text: el.text,
        wrap: true,
        ...(el.style === 'heading' ? { weight: 'Bolder', size: 'Medium' } : {}),
        ...(el.style === 'subtle' ? { isSubtle: true, size: 'Small' } : {}),
        ...(el.style === 'warning' ? { color: 'Attention', weight: 'Bolder' } : {}),
      };
    case 'facts':
      return { type: 'FactSet', facts: el.facts.map((f) => ({ title: f.label, value: f.value })) };
    case 'image':
      return { type: 'Image', url: el.url, altText: el.alt, size: 'Stretch' };
    case 'divider':
      return { type: 'TextBlock', text: ' ', separator: true, spacing: 'Medium' };
    case 'details':
      return {
        type: 'ActionSet',
        actions: [{ type: 'Action.ShowCard', title: el.title, card: { type: 'AdaptiveCard', body: el.body.map(element) } }],
      };
    case 'input.text':
      return {
        type: 'Input.Text',
        id: el.id,
        label: el.label,
        placeholder: el.placeholder,
        isMultiline: el.multiline ?? false,
        isRequired: el.required ?? false,
        ...(el.required ? { errorMessage: `${el.label} is needed` } : {}),
        ...(el.maxLength ? { maxLength: el.maxLength } : {}),
        ...(el.value !== undefined ? { value: el.value } : {}),
      };
    case 'input.choice':
      return {
        type: 'Input.ChoiceSet',
        id: el.id,
        label: el.label,
        choices: el.choices.map((c) => ({ title: c.title, value: c.value })),
        isMultiSelect: el.multiple ?? false,
        style: !el.compact && (el.multiple || el.choices.length <= 4) ? 'expanded' : 'compact',
        wrap: true,
        isRequired: el.required ?? false,
        ...(el.required ? { errorMessage: `${el.label} is needed` } : {}),
        ...(el.value !== undefined ? { value: el.value } : {}),
      };
    case 'input.date':
      return {
        type: 'Input.Date',
        id: el.id,
        label: el.label,
        isRequired: el.required ?? false,
        ...(el.required ? { errorMessage: `${el.label} is needed` } : {}),
        ...(el.value !== undefined ? { value: el.value } : {}),
      };
    case 'input.time':
      return {
        type: 'Input.Time',
        id: el.id,
        label: el.label,
        isRequired: el.required ?? false,
        ...(el.required ? { errorMessage: `${el.label} is needed` } : {}),
        ...(el.value !== undefined ? { value: el.value } : {}),
      };
  }
}

function action(a: CardAction): Json {
  if (a.type === 'link') return { type: 'Action.OpenUrl', title: a.title, url: a.url };
  // Universal Actions: Teams sends an adaptiveCard/action invoke, and the card the bot returns
  // in the invoke response replaces the one pressed (see adapters/teams/outbound.ts).
  return {
    type: 'Action.Execute',
    title: a.title,
    verb: a.verb,
    ...(a.style === 'primary' ? { style: 'positive' } : a.style === 'danger' ? { style: 'destructive' } : {}),
    data: { [ACTION_KEY]: { verb: a.verb, data: a.data ?? {} } },
  };
}

export function toAdaptiveCard(tree: Card): Json {
  const c = phoneLayout(tree);
  const body: Json[] = [];
  if (c.title) body.push({ type: 'TextBlock', text: c.title, weight: 'Bolder', size: 'Large', wrap: true });
  body.push(...c.body.map(element));
  // Buttons that would not fit side by side on a phone: one action set per row, so no title is cut.
  const rows = buttonRows(c.actions);
  const split = rows.length > 1;
  if (split) for (const row of rows) body.push({ type: 'ActionSet', actions: row.map(action) });
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: ADAPTIVE_CARD_VERSION,
    body,
    ...(c.actions.length && !split ? { actions: c.actions.map(action) } : {}),
  };
}
