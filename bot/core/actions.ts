/**
 * The action registry: a card verb is declared once, with a zod schema of the small data its
 * button carries. The button builder and the router's handler both derive from that one
 * declaration, so a misspelt verb or a missing field is a compile error, and a press whose data
 * does not fit (an old or tampered card) is refused briefly instead of reaching the handler.
 *
 * The wire format is unchanged: a button still carries `{ verb, data }` with string values, so
 * cards already sent to Teams or Slack keep working.
 *
 * @example
 *   export const pinNote = defineAction('probe.pin', z.object({ id: actionId }));
 *   card('Note #4').action(pinNote.button('Pin', { id: n.id }));
 *   router.action(pinNote, async (turn, { id }) => pin(turn, id));
 */
import { z } from 'zod';
import type { SubmitAction } from '../../cards/tree';

/** What a button carries on the wire: small string values by key (ids, choices). */
export type WireData = Record<string, string>;

/** A schema over wire data: string fields in, any shape out. */
export type ActionSchema = z.ZodType<object, Partial<Record<string, string>>>;

type ButtonArgs<I> = Record<never, never> extends I ? [data?: I, style?: SubmitAction['style']] : [data: I, style?: SubmitAction['style']];

/** A verb declared once: build its buttons, register its handler, read its data. */
export interface ActionDef<V extends string = string, S extends ActionSchema = ActionSchema> {
  readonly verb: V;
  readonly schema: S;
  /** The card button that sends this verb with this data. */
  button(title: string, ...args: ButtonArgs<z.input<S>>): SubmitAction;
  /** The wire data for this verb (for a `details` element or a form's submit). */
  wire(data: z.input<S>): WireData;
  /** The press's data, parsed; or the keys that did not fit (names only, never values). */
  read(data: WireData): { ok: true; data: z.output<S> } | { ok: false; fields: string[] };
}

/** An id a button carries: present and short (an id, never a name or a sentence). */
export const actionId = z.string().min(1).max(200);

/** A short routing value (a choice key, a week, a term). */
export const actionValue = z.string().max(200);

export function defineAction<V extends string, S extends ActionSchema>(verb: V, schema: S): ActionDef<V, S> {
  const wire = (data: z.input<S> | undefined): WireData => {
    const out: WireData = {};
    for (const [k, v] of Object.entries(data ?? {})) if (typeof v === 'string') out[k] = v;
    return out;
  };
  return {
    verb,
    schema,
    button: (title, ...[data, style]) => ({ type: 'submit', verb, title, data: wire(data), ...(style ? { style } : {}) }),
    wire,
    read: (data) => {
      const parsed = schema.safeParse(data);
      if (parsed.success) return { ok: true, data: parsed.data as z.output<S> };
      return { ok: false, fields: [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(data)'))] };
    },
  };
}

/** The data type a handler receives for a declared verb. */
export type ActionDataOf<A> = A extends ActionDef<string, infer S> ? z.output<S> : never;
