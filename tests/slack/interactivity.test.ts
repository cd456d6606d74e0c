/**
 * Slash commands, button clicks, modals and the App Home, end to end through Slack.
 */
import { z } from 'zod';
import { defineAction } from '../../bot/core/actions';
import type { ActionEvent } from '../../bot/core/events';
import { addProbe } from '../helpers/probe';
import { startSlack, type SlackTest } from './harness';

describe('Slack interactivity', () => {
  let s: SlackTest;
  let seen: ReturnType<typeof addProbe>;
  beforeEach(async () => {
    s = await startSlack({ setup: (app) => void (seen = addProbe(app)) });
  });
  afterEach(() => s.close());

  it('answers /swis privately through the response_url, never into the channel it was typed in', async () => {
    const res = await s.send(s.command('U0SWIS0004', 'help'));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const [answer] = await s.fake.waitFor('response_url');
    expect(answer.params).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(answer.params.blocks[0].text.text).toBe('What I can do for you, Amira');
    await s.idle();
    expect(s.fake.of('chat.postMessage')).toEqual([]);
  });

  it('treats a bare /swis as help', async () => {
    await s.send(s.command('U0SWIS0004', ''));
    const [answer] = await s.fake.waitFor('response_url');
    expect(answer.params.text).toMatch(/link social worker/);
  });

  it('opens a form as a modal from a command, with the trigger id, its inputs and its Submit verb', async () => {
    const req = s.command('U0SWIS0004', 'probe form');
    const trigger = new URLSearchParams(req.body).get('trigger_id');
    await s.send(req);
    const [open] = await s.fake.waitFor('views.open');
    expect(open.params.trigger_id).toBe(trigger);
    const view = open.params.view;
    expect(view).toMatchObject({ type: 'modal', callback_id: 'probe.save', title: { text: 'Quick note' }, submit: { text: 'Save' } });
    expect(view.blocks).toEqual([expect.objectContaining({ type: 'input', block_id: 'note', element: expect.objectContaining({ type: 'plain_text_input', action_id: 'note' }) })]);
    expect(JSON.parse(view.private_metadata)).toEqual({ d: { id: 'x1' } });
    await s.idle();
    expect(s.fake.of('response_url')).toEqual([]);
  });

  it('still gets the form to the person when the modal cannot open in time', async () => {
    s.fake.failNext('views.open', { body: { ok: false, error: 'expired_trigger_id' } });
    await s.send(s.command('U0SWIS0004', 'probe form'));
    const [answer] = await s.fake.waitFor('response_url');
    expect(answer.params.blocks.some((b: any) => b.type === 'input' && b.block_id === 'note')).toBe(true);
  });

  it('turns a modal submission into the action, with its data and every kind of input, and answers in the DM', async () => {
    const values = {
      note: { note: { type: 'plain_text_input', value: 'Year 9, attendance dropping' } },
      urgency: { urgency: { type: 'radio_buttons', selected_option: { value: 'amber', text: { type: 'plain_text', text: 'Amber' } } } },
      worries: { worries: { type: 'checkboxes', selected_options: [{ value: 'neglect' }, { value: 'attendance' }] } },
      day: { day: { type: 'datepicker', selected_date: '2026-11-30' } },
      at: { at: { type: 'timepicker', selected_time: '10:30' } },
      empty: { empty: { type: 'plain_text_input', value: null } },
    };
    const res = await s.send(s.submit('U0SWIS0004', 'probe.save', values, JSON.stringify({ d: { id: 'x1' } })));
    expect(res.status).toBe(200);
    expect(res.text).toBe(''); // the modal closes
    const [post] = await s.fake.waitFor('chat.postMessage');
    expect(s.fake.of('conversations.open')[0].params.users).toBe('U0SWIS0004');
    expect(post.params).toMatchObject({ channel: 'D0SWIS0004', text: 'Saved x1: Year 9, attendance dropping' });
    const action = seen[0] as ActionEvent;
    expect(action).toMatchObject({ type: 'action', verb: 'probe.save', data: { id: 'x1' } });
    expect(action.inputs).toEqual({
      note: 'Year 9, attendance dropping',
      urgency: 'amber',
      worries: 'neglect,attendance',
      day: '2026-11-30',
      at: '10:30',
    });
  });

  it('keeps the modal open with the field errors when the core refuses the form', async () => {
    const res = await s.send(s.submit('U0SWIS0004', 'probe.save', { note: { note: { type: 'plain_text_input', value: 'bad' } } }, '{"d":{"id":"x1"}}'));
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ response_action: 'errors', errors: { note: 'Say a little more' } });
    await s.idle();
    expect(s.fake.of('chat.postMessage')).toEqual([]);
  });

  it('moves the modal on to the next form when the core answers with one', async () => {
    const res = await s.send(s.submit('U0SWIS0004', 'probe.save', { note: { note: { type: 'plain_text_input', value: 'more' } } }, '{"d":{"id":"x1"}}'));
    const body = res.json();
    expect(body.response_action).toBe('update');
    expect(body.view).toMatchObject({ type: 'modal', callback_id: 'probe.step2', title: { text: 'Step two' } });
  });

  it('closes the modal in time when the core is slow, and then tells the person by message', async () => {
    // The handler finishes only after Slack has had its answer, however fast the machine is.
    let answered!: () => void;
    const slackAnswered = new Promise<void>((r) => (answered = r));
    s.app.router.action(defineAction('probe.slow', z.object({})), async (turn) => {
      await slackAnswered;
      turn.reply({ text: 'Please check the form', formErrors: { note: 'Say a little more' } });
    });
    const res = await s.send(s.submit('U0SWIS0004', 'probe.slow', { note: { note: { type: 'plain_text_input', value: 'x' } } }, '{"d":{}}'));
    answered();
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const [post] = await s.fake.waitFor('chat.postMessage');
    expect(post.params.text).toBe('Please check the form\n• Say a little more');
  });

  it('opens a form from a button as a modal with that click\'s trigger id', async () => {
    // A button whose answer is a form (like "Ask for advice" on the welcome card).
    s.app.router.action(defineAction('probe.open', z.object({})), async (turn) => turn.reply({ text: 'Form', form: true, card: { title: 'Quick note', body: [], actions: [{ type: 'submit', verb: 'probe.save', title: 'Save', data: { id: 'x2' } }] } }));
    const req = s.click('U0SWIS0004', 'probe.open');
    await s.send(req);
    const [open] = await s.fake.waitFor('views.open');
    const trigger = JSON.parse(new URLSearchParams(req.body).get('payload')!).trigger_id;
    expect(open.params.trigger_id).toBe(trigger);
    // Opened from the DM: its answer will go back to that DM, and the clicked message can be updated.
    expect(JSON.parse(open.params.view.private_metadata)).toEqual({ d: { id: 'x2' }, c: 'D0SWIS0004', m: '1700000000.000300' });
  });

  it('acknowledges a link button without doing anything', async () => {
    const req = s.click('U0SWIS0004', 'x');
    const payload = JSON.parse(new URLSearchParams(req.body).get('payload')!);
    payload.actions = [{ type: 'button', action_id: 'link#0', url: 'https://example.org', action_ts: '1' }];
    const res = await s.send({ contentType: req.contentType, body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString() });
    expect(res.status).toBe(200);
    await s.idle();
    expect(s.fake.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('publishes the App Home with the person\'s sections when they open the tab', async () => {
    s.app.services.home.register({
      name: 'probe',
      order: 1,
      section: async (person) => ({ title: 'Upcoming drop-ins', lines: [`Mon 10:00 Werneth School (${person.id})`], actions: [{ type: 'submit', verb: 'help.show', title: 'Help' }] }),
    });
    await s.send(s.homeOpened('U0SWIS0004'));
    const [publish] = await s.fake.waitFor('views.publish');
    expect(publish.params.user_id).toBe('U0SWIS0004');
    expect(publish.params.view.type).toBe('home');
    const texts = JSON.stringify(publish.params.view.blocks);
    expect(texts).toContain('Hello, Amira');
    expect(texts).toContain('Upcoming drop-ins');
    expect(texts).toContain('Mon 10:00 Werneth School (sw.amira)');

    // A click on the home tab answers in the DM and refreshes the tab.
    await s.send(s.click('U0SWIS0004', 'help.show', {}, { container: { type: 'view', view_id: 'V1' }, channel: undefined, view: { id: 'V1', type: 'home' } }));
    await s.fake.waitFor('views.publish', 2);
    const [post] = await s.fake.waitFor('chat.postMessage');
    expect(post.params.channel).toBe('D0SWIS0004');
  });

  it('shows someone outside the directory the polite notice on the App Home and stores nothing', async () => {
    await s.send(s.homeOpened('U0NOBODY'));
    const [publish] = await s.fake.waitFor('views.publish');
    expect(JSON.stringify(publish.params.view.blocks)).toMatch(/don't have you in my directory/);
    expect(await s.app.services.conversations.conversation('slack', 'U0NOBODY')).toBeUndefined();
  });

  it('welcomes a person the first time they open the Messages tab, and only then', async () => {
    await s.send(s.homeOpened('U0SWIS0004', 'messages'));
    const [post] = await s.fake.waitFor('chat.postMessage');
    expect(post.params.channel).toBe('D0SWIS0004');
    expect(post.params.text).toMatch(/^Welcome to the SWIS assistant/);
    await s.send(s.homeOpened('U0SWIS0004', 'messages'));
    await s.idle();
    expect(s.fake.of('chat.postMessage')).toHaveLength(1);
  });
});
