import { toAdaptiveCard } from '../../cards/adaptive';
import { SLACK_LIMITS, toBlockKit, toSlackModal } from '../../cards/blockkit';
import { toText } from '../../cards/text';
import { card, type Card } from '../../cards/tree';
import { pressableAdaptive, pressableBlocks } from './pressable';
import { adaptiveCardProblems, blockKitProblems } from './validate';

function kitchenSink(): Card {
  return card('New consultation: Werneth School')
    .text('Year 9, ref JS — amber', 'heading')
    .text('Consulted before on 2 Oct', 'warning')
    .text('Indicative only: the social worker will confirm.', 'subtle')
    .facts({ School: 'Werneth School', Urgency: 'Amber (2h)', 'Known to social care': "Don't know" })
    .divider()
    .image('https://bot.example/files/abc', 'Time per worker')
    .input({ type: 'input.text', id: 'reference', label: 'Child reference', placeholder: 'initials or pupil number', required: true, maxLength: 12 })
    .input({ type: 'input.text', id: 'what', label: 'What happened', multiline: true })
    .input({ type: 'input.choice', id: 'year', label: 'Year group', choices: Array.from({ length: 14 }, (_, i) => ({ title: `Year ${i + 1}`, value: `Y${i + 1}` })), required: true })
    .input({ type: 'input.choice', id: 'urgency', label: 'Urgency', choices: [{ title: 'Red', value: 'red' }, { title: 'Amber', value: 'amber' }, { title: 'Green', value: 'green' }], value: 'amber' })
    .input({ type: 'input.choice', id: 'categories', label: 'Concerns', multiple: true, choices: [{ title: 'Neglect', value: 'neglect' }, { title: 'FGM', value: 'fgm' }], value: 'neglect,fgm' })
    .input({ type: 'input.date', id: 'due', label: 'Due', value: '2026-11-27' })
    .input({ type: 'input.time', id: 'at', label: 'At', value: '09:00' })
    .submit('consult.submit', 'Send to my social worker', { id: 'c1' }, 'primary')
    .submit('consult.cancel', 'Cancel', { id: 'c1' }, 'danger')
    .link('Threshold document', 'https://example.org/thresholds')
    .build();
}

describe('Adaptive Card renderer', () => {
  it('renders every element as Adaptive Card 1.5 that parses without errors or warnings', () => {
    const json = toAdaptiveCard(kitchenSink());
    expect(adaptiveCardProblems(json)).toEqual([]);
    expect(json.version).toBe('1.5');
  });

  it('shows more than three same-verb buttons as a compact choice list and one button, dropping none', () => {
    const c = card('Quick answers').pick('consult.answer', 'Your answer', 'Send answer');
    for (let i = 0; i < 8; i++) c.submit('consult.answer', `Answer ${i}`, { id: 'c1', i: String(i) });
    c.submit('consult.close', 'Close', { id: 'c1' });
    const json = toAdaptiveCard(c.build()) as any;
    expect(adaptiveCardProblems(json)).toEqual([]);
    expect(json.actions.map((a: any) => a.title)).toEqual(['Send answer', 'Close']);
    const list = json.body.find((b: any) => b.type === 'Input.ChoiceSet');
    expect(list).toMatchObject({ id: 'i', style: 'compact', wrap: true, label: 'Your answer' });
    expect(list.choices.map((x: any) => x.title)).toEqual(Array.from({ length: 8 }, (_, i) => `Answer ${i}`));
    expect(pressableAdaptive(json).map((p) => p.data.i).filter(Boolean)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
  });

  it('folds buttons with different verbs into one list of actions and a Go button the core unpacks', () => {
    const c = card('Home');
    for (const v of ['consult', 'book', 'tas', 'log', 'digest']) c.submit(`home.${v}`, v, { x: v });
    const json = toAdaptiveCard(c.build()) as any;
    expect(adaptiveCardProblems(json)).toEqual([]);
    expect(json.actions).toHaveLength(3);
    expect(pressableAdaptive(json).map((p) => p.verb).sort()).toEqual(['home.book', 'home.consult', 'home.digest', 'home.log', 'home.tas']);
  });

  it('puts verb and data under a reserved key so inputs cannot collide with them', () => {
    const json = toAdaptiveCard(card().submit('dropin.pick', 'Mon 10:00', { slotId: 's1' }).build()) as any;
    expect(json.actions[0]).toEqual({ type: 'Action.Execute', verb: 'dropin.pick', title: 'Mon 10:00', data: { swis: { verb: 'dropin.pick', data: { slotId: 's1' } } } });
  });
});

describe('Block Kit renderer', () => {
  it('renders a message within Slack limits with unique action ids', () => {
    const { text, blocks } = toBlockKit(kitchenSink());
    expect(blockKitProblems(blocks, 'message')).toEqual([]);
    expect(text).toContain('New consultation');
    const button = blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id?.startsWith('consult.submit'));
    expect(JSON.parse(button.value)).toEqual({ verb: 'consult.submit', data: { id: 'c1' } });
  });

  it('renders a form as a modal: inputs as input blocks, the first submit as the modal button', () => {
    const view = toSlackModal(kitchenSink(), { callbackId: 'consult.submit', privateMetadata: JSON.stringify({ id: 'c1' }) }) as any;
    expect(view.type).toBe('modal');
    expect(view.callback_id).toBe('consult.submit');
    expect(view.title.text.length).toBeLessThanOrEqual(SLACK_LIMITS.modalTitle);
    expect(view.submit.text.length).toBeLessThanOrEqual(SLACK_LIMITS.modalButton);
    expect(blockKitProblems(view.blocks, 'modal')).toEqual([]);
    const reference = view.blocks.find((b: any) => b.block_id === 'reference');
    expect(reference).toMatchObject({ type: 'input', optional: false, element: { type: 'plain_text_input', action_id: 'reference', max_length: 12 } });
    const year = view.blocks.find((b: any) => b.block_id === 'year');
    expect(year.element.type).toBe('static_select');
    const cats = view.blocks.find((b: any) => b.block_id === 'categories');
    expect(cats.element.type).toBe('checkboxes');
    expect(cats.element.initial_options).toHaveLength(2);
  });

  it('keeps long content within limits: clipped text, many buttons folded into one select, capped block count', () => {
    const c = card('x'.repeat(400));
    c.text('y'.repeat(5000));
    c.facts(Array.from({ length: 23 }, (_, i) => ({ label: `L${i}`, value: 'v'.repeat(2500) })));
    for (let i = 0; i < 60; i++) c.text(`line ${i}`);
    for (let i = 0; i < 30; i++) c.submit('pick', `Option ${i} ${'z'.repeat(100)}`, { i: String(i) });
    const { blocks } = toBlockKit(c.build());
    expect(blockKitProblems(blocks, 'message')).toEqual([]);
    expect(blocks.filter((b: any) => b.type === 'actions')).toHaveLength(1);
    expect(pressableBlocks(blocks)).toHaveLength(30);
  });

  it('escapes Slack control characters in text people typed', () => {
    const { blocks } = toBlockKit(card().text('<!channel> & <@U123>').build());
    expect((blocks[0] as any).text.text).toBe('&lt;!channel&gt; &amp; &lt;@U123&gt;');
  });
});

describe('plain text renderer', () => {
  it('numbers the actions and lists the inputs', () => {
    const text = toText(kitchenSink());
    expect(text).toContain('New consultation: Werneth School');
    expect(text).toContain('  School: Werneth School');
    expect(text).toContain('[1] Send to my social worker');
    expect(text).toContain('[3] Threshold document: https://example.org/thresholds');
    expect(text).toContain('<reference> Child reference (needed)');
  });
});
