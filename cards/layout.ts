/**
 * The phone-first layout rule, applied by the platform renderers so features never think
 * about it: at most three buttons side by side. Longer sets of choices become one compact
 * choice list plus one button:
 *
 * - buttons with the same verb that differ in one data field (a slot id, an answer) become a
 *   choice list on that field and one button with the verb, so the handler reads the choice
 *   as an input (inputs win over button data, see Turn.values);
 * - buttons that differ in more (or have different verbs) become a choice list whose values
 *   carry the verb and data, and one "Go" button with the verb `PICK_VERB`, which the core
 *   unpacks before routing (see `unpackPick`).
 *
 * The largest same-verb group folds first; the card's primary button is kept as a button
 * where it can be.
 *
 * @example
 *   const laidOut = phoneLayout(card('Book').submit('probe.pick', 'Mon 10:00', { slot: 'a' })...build());
 *   // 5 slot buttons -> input.choice "slot" + one "Book" button
 */
import type { Card, CardAction, CardElement, Choice } from './tree';

/** At most this many buttons side by side. */
export const MAX_BUTTONS_IN_A_ROW = 3;
/** The verb of the "Go" button that stands for a choice of different actions. */
export const PICK_VERB = 'card.pick';
/** The input id whose value carries the chosen action (`{verb, data}` as JSON); pick1, pick2… when taken. */
export const PICK_INPUT = 'pick';
/** Data field of a folded group's button naming its choice list, so an empty choice is caught. */
export const PICKED_FROM = '_pick';

type Submit = Extract<CardAction, { type: 'submit' }>;

/** What a group of buttons folds into: its choice list's label and its one button's title. */
export interface PickWording {
  label: string;
  button: string;
}

/** Default wording per verb family; a card may name its own with CardBuilder.pick(). */
const DEFAULT_WORDING: PickWording = { label: 'Choose one', button: 'Go' };

function differingKeys(group: Submit[]): string[] {
  const keys = new Set(group.flatMap((a) => Object.keys(a.data ?? {})));
  return [...keys].filter((k) => new Set(group.map((a) => a.data?.[k] ?? '')).size > 1);
}

function commonData(group: Submit[], except: string[]): Record<string, string> {
  const first = group[0].data ?? {};
  return Object.fromEntries(Object.entries(first).filter(([k, v]) => !except.includes(k) && group.every((a) => a.data?.[k] === v)));
}

/** One same-verb group as a choice list on its one differing field, and one button. */
function foldSameVerb(group: Submit[], wording: PickWording, taken: Set<string>): { input: CardElement; button: Submit } | undefined {
  const keys = differingKeys(group);
  if (keys.length !== 1 || taken.has(keys[0])) return undefined;
  const [key] = keys;
  const choices: Choice[] = group.map((a) => ({ title: a.title, value: a.data?.[key] ?? '' }));
  return {
    input: { type: 'input.choice', id: key, label: wording.label, choices, compact: true },
    button: { type: 'submit', verb: group[0].verb, title: wording.button, data: { ...commonData(group, [key]), [PICKED_FROM]: key }, style: 'primary' },
  };
}

/** Any buttons as a choice list of actions (input `id`) and one Go button. */
function foldAny(group: Submit[], wording: PickWording, id: string): { input: CardElement; button: Submit } {
  const choices: Choice[] = group.map((a) => ({ title: a.title, value: JSON.stringify({ verb: a.verb, data: a.data ?? {} }) }));
  return {
    input: { type: 'input.choice', id, label: wording.label, choices, compact: true },
    button: { type: 'submit', verb: PICK_VERB, title: wording.button, data: { [PICKED_FROM]: id }, style: 'primary' },
  };
}

export function phoneLayout(c: Card): Card {
  if (c.actions.length <= MAX_BUTTONS_IN_A_ROW) return c;
  const wordingFor = (verb: string): PickWording => c.picks?.[verb] ?? c.picks?.['*'] ?? DEFAULT_WORDING;
  // Input ids already on the card (or used by a fold): a folded list never reuses one.
  const taken = new Set(c.body.flatMap((el) => ('id' in el ? [el.id] : [])));
  const freeId = () => {
    let n = 0;
    while (taken.has(n ? `${PICK_INPUT}${n}` : PICK_INPUT)) n++;
    return n ? `${PICK_INPUT}${n}` : PICK_INPUT;
  };
  let actions = [...c.actions];
  const added: CardElement[] = [];
  const fold = (group: Submit[], f: { input: CardElement; button: Submit }) => {
    const at = actions.indexOf(group[0]);
    actions = actions.filter((a) => !group.includes(a as Submit));
    actions.splice(Math.min(at, actions.length), 0, f.button);
    added.push(f.input);
    if ('id' in f.input) taken.add(f.input.id);
  };
  // Fold the largest same-verb group while there are too many buttons.
  while (actions.length > MAX_BUTTONS_IN_A_ROW) {
    const byVerb = new Map<string, Submit[]>();
    for (const a of actions) if (a.type === 'submit' && a.verb !== PICK_VERB && !a.data?.[PICKED_FROM]) byVerb.set(a.verb, [...(byVerb.get(a.verb) ?? []), a]);
    const groups = [...byVerb.values()].filter((g) => g.length > 1).sort((a, b) => b.length - a.length);
    if (!groups.length) break;
    const g = groups[0];
    fold(g, foldSameVerb(g, wordingFor(g[0].verb), taken) ?? foldAny(g, wordingFor(g[0].verb), freeId()));
  }
  if (actions.length > MAX_BUTTONS_IN_A_ROW) {
    // Still too many: keep links and the primary button first, fold the other buttons.
    const first = (a: CardAction) => a.type === 'link' || a.style === 'primary' || !!a.data?.[PICKED_FROM];
    const keep = [...actions.filter(first), ...actions.filter((a) => !first(a))].slice(0, MAX_BUTTONS_IN_A_ROW - 1);
    const rest = actions.filter((a): a is Submit => !keep.includes(a) && a.type === 'submit');
    if (rest.length) fold(rest, foldAny(rest, wordingFor('*'), freeId()));
  }
  return { ...c, body: [...c.body, ...added], actions };
}

/** Width of a phone card's button row (360 px screen less Teams' margins), and what a button takes. */
const ROW_PX = 320;
const CHAR_PX = 8;
const BUTTON_PADDING_PX = 28;
const BUTTON_GAP_PX = 8;

function buttonPx(a: CardAction): number {
  return a.title.length * CHAR_PX + BUTTON_PADDING_PX;
}

/**
 * Buttons in rows that fit a phone without cutting a title: as many side by side (at most
 * three) as fit in one row at 360 px, the rest on the next rows. One row when all fit.
 */
export function buttonRows(actions: CardAction[]): CardAction[][] {
  const rows: CardAction[][] = [];
  let row: CardAction[] = [];
  let used = 0;
  for (const a of actions) {
    const w = buttonPx(a) + (row.length ? BUTTON_GAP_PX : 0);
    if (row.length && (row.length >= MAX_BUTTONS_IN_A_ROW || used + w > ROW_PX)) {
      rows.push(row);
      row = [];
      used = 0;
    }
    row.push(a);
    used += row.length === 1 ? buttonPx(a) : w;
  }
  if (row.length) rows.push(row);
  return rows;
}

/** The choice list a pressed button needed but which was left empty, if any. */
export function missingPick(data: Record<string, string>, inputs: Record<string, string>): string | undefined {
  const from = data[PICKED_FROM];
  return from && !inputs[from] ? from : undefined;
}

/** The chosen action of a Go button (`PICK_VERB`), or undefined when it carries none. */
export function unpackPick(buttonData: Record<string, string>, inputs: Record<string, string>): { verb: string; data: Record<string, string> } | undefined {
  try {
    const v = JSON.parse(inputs[buttonData[PICKED_FROM] ?? PICK_INPUT] ?? '') as { verb?: unknown; data?: unknown };
    if (typeof v.verb !== 'string' || !v.verb || v.verb === PICK_VERB) return undefined;
    const data: Record<string, string> = {};
    for (const [k, x] of Object.entries((v.data ?? {}) as Record<string, unknown>)) if (typeof x === 'string') data[k] = x;
    return { verb: v.verb, data };
  } catch {
    return undefined;
  }
}
