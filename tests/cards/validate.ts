/**
 * Checks a rendered card the way the platforms would: the `adaptivecards` library parses and
 * validates Adaptive Card JSON (no errors, no warnings), and Block Kit is checked against
 * Slack's published limits (block counts, text lengths, unique action ids, button values).
 *
 * @example
 *   expect(adaptiveCardProblems(toAdaptiveCard(c))).toEqual([]);
 *   expect(blockKitProblems(toBlockKit(c).blocks, 'message')).toEqual([]);
 */
import * as AC from 'adaptivecards';
import { SLACK_LIMITS } from '../../cards/blockkit';

export function adaptiveCardProblems(json: unknown): string[] {
  const ctx = new AC.SerializationContext();
  const card = new AC.AdaptiveCard();
  card.parse(json, ctx);
  const problems: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) problems.push(`parse: ${ctx.getEventAt(i).message}`);
  for (const e of card.validateProperties().validationEvents) problems.push(`validate: ${e.message}`);
  const version = (json as { version?: string }).version;
  if (version !== '1.5') problems.push(`version ${version}: Teams renders up to 1.5`);
  return problems;
}

const BLOCK_TYPES = new Set(['section', 'header', 'context', 'divider', 'image', 'actions', 'input']);

export function blockKitProblems(blocks: Record<string, any>[], surface: 'message' | 'modal' | 'home'): string[] {
  const problems: string[] = [];
  const max = surface === 'message' ? SLACK_LIMITS.messageBlocks : SLACK_LIMITS.viewBlocks;
  if (blocks.length > max) problems.push(`${blocks.length} blocks, more than ${max}`);
  const actionIds = new Set<string>();
  const blockIds = new Set<string>();
  const text = (t: any, limit: number, where: string) => {
    if (!t || typeof t.text !== 'string') problems.push(`${where}: missing text`);
    else if (t.text.length > limit) problems.push(`${where}: text ${t.text.length} > ${limit}`);
    else if (t.text.length === 0) problems.push(`${where}: empty text`);
  };
  const element = (el: any, where: string) => {
    if (el.action_id) {
      if (actionIds.has(el.action_id)) problems.push(`${where}: duplicate action_id ${el.action_id}`);
      actionIds.add(el.action_id);
      if (el.action_id.length > SLACK_LIMITS.actionId) problems.push(`${where}: action_id too long`);
    }
    if (el.type === 'button') {
      text(el.text, SLACK_LIMITS.buttonText, `${where} button`);
      if (el.value && el.value.length > SLACK_LIMITS.buttonValue) problems.push(`${where}: button value too long`);
    }
    if (el.options) {
      if (el.options.length > SLACK_LIMITS.optionsPerSelect) problems.push(`${where}: too many options`);
      if ((el.type === 'radio_buttons' || el.type === 'checkboxes') && el.options.length > 10) problems.push(`${where}: ${el.type} over 10 options`);
      for (const o of el.options) text(o.text, SLACK_LIMITS.optionText, `${where} option`);
    }
  };
  blocks.forEach((b, i) => {
    const where = `block ${i} (${b.type})`;
    if (!BLOCK_TYPES.has(b.type)) problems.push(`${where}: unknown type`);
    if (b.block_id) {
      if (blockIds.has(b.block_id)) problems.push(`${where}: duplicate block_id`);
      blockIds.add(b.block_id);
    }
    if (b.type === 'header') text(b.text, SLACK_LIMITS.headerText, where);
    if (b.type === 'section') {
      if (!b.text && !b.fields) problems.push(`${where}: no text or fields`);
      if (b.text) text(b.text, SLACK_LIMITS.sectionText, where);
      if (b.fields) {
        if (b.fields.length > SLACK_LIMITS.fieldsPerSection) problems.push(`${where}: too many fields`);
        for (const f of b.fields) text(f, SLACK_LIMITS.fieldText, `${where} field`);
      }
    }
    if (b.type === 'actions') {
      if (b.elements.length > SLACK_LIMITS.elementsPerActions) problems.push(`${where}: too many elements`);
      b.elements.forEach((el: any, j: number) => element(el, `${where} element ${j}`));
    }
    if (b.type === 'input') {
      text(b.label, SLACK_LIMITS.labelText, `${where} label`);
      element(b.element, `${where} element`);
    }
    if (b.type === 'image' && (!b.image_url || !b.alt_text)) problems.push(`${where}: image needs url and alt text`);
  });
  return problems;
}
