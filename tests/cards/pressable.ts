/**
 * What a person can press on a rendered card, as (title, verb, data) triples, whether it shows
 * as a button or as an option of a choice list folded from buttons (cards/layout.ts) followed
 * by its one button: choosing the option and pressing the button sends the button's verb with
 * the option's value under the list's id, exactly what the triple's data holds.
 *
 * @example
 *   const early = pressableAdaptive(content).find((p) => p.title === 'Early help')!;
 *   await t.post(t.activities.execute(amira, early.verb, { swis: { verb: early.verb, data: early.data } }));
 */
import { PICK_VERB, PICKED_FROM } from '../../cards/layout';

export interface Pressable {
  title: string;
  verb: string;
  data: Record<string, string>;
}

function expand(buttons: Pressable[], lists: { id: string; options: { title: string; value: string }[] }[]): Pressable[] {
  const out: Pressable[] = [];
  for (const b of buttons) {
    const from = b.data[PICKED_FROM];
    const list = from ? lists.find((l) => l.id === from) : undefined;
    if (!list) {
      out.push(b);
      continue;
    }
    const rest = Object.fromEntries(Object.entries(b.data).filter(([k]) => k !== PICKED_FROM));
    for (const o of list.options) {
      if (b.verb === PICK_VERB) {
        const chosen = JSON.parse(o.value) as { verb: string; data: Record<string, string> };
        out.push({ title: o.title, verb: chosen.verb, data: chosen.data });
      } else out.push({ title: o.title, verb: b.verb, data: { ...rest, [from!]: o.value } });
    }
  }
  return out;
}

/** From Adaptive Card JSON (actions, action sets, and compact choice sets). */
export function pressableAdaptive(content: any): Pressable[] {
  const body: any[] = content?.body ?? [];
  const actions = [...(content?.actions ?? []), ...body.filter((b) => b.type === 'ActionSet').flatMap((b) => b.actions)];
  const buttons = actions
    .filter((a: any) => a.type === 'Action.Submit' || a.type === 'Action.Execute')
    .map((a: any) => ({ title: a.title, verb: a.data.swis.verb, data: a.data.swis.data }));
  const lists = body.filter((b) => b.type === 'Input.ChoiceSet').map((b) => ({ id: b.id, options: b.choices }));
  return expand(buttons, lists);
}

/** From Block Kit blocks (buttons in actions blocks, static_select in input blocks). */
export function pressableBlocks(blocks: any[]): Pressable[] {
  const buttons = (blocks ?? [])
    .flatMap((b: any) => (b.type === 'actions' ? b.elements : []))
    .filter((e: any) => e.type === 'button' && e.value)
    .map((e: any) => ({ ...JSON.parse(e.value), title: e.text?.text }));
  const lists = (blocks ?? [])
    .filter((b: any) => b.type === 'input' && b.element?.options)
    .map((b: any) => ({ id: b.block_id, options: b.element.options.map((o: any) => ({ title: o.text.text, value: o.value })) }));
  return expand(buttons, lists);
}
