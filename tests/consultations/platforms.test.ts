/**
 * A whole consultation end to end through the platforms, from "is this a MASH referral?" to the
 * recorded outcome: on Slack with its modals, and with the DSL on Teams and the worker on Slack
 * in one process. (The same journey on each platform alone, Teams included, is in the adapter
 * contract: tests/adapters/contract.ts.) The real server with the adapters mounted; the Bot Connector and Slack's Web API
 * played by local servers on 127.0.0.1; people pressing the buttons the bot rendered. Real clock.
 */
import type { App } from '../../bot/app';
import { eventCallback, interaction, startSlack, type SlackTest, modalState } from '../slack/harness';
import { ActivityBuilder, type TeamsUser, cardActions } from '../teams/harness';
import { GOOD_FORM } from './flow';
import { adaptiveText, postsTo, slackButtons, startBoth, teamsTo, until, type Both } from './platform-helpers';

const ALL = { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') };
const AMIRA = 'U0SWIS0004';
const PRIYA = 'U0SWIS0010';

async function recorded(app: App) {
  return app.services.activityLog.query({ schoolId: 'werneth', ...ALL }, { personId: 'test', purpose: 'test' });
}

describe('a consultation end to end on Slack', () => {
  let s: SlackTest;
  beforeEach(async () => {
    s = await startSlack();
  });
  afterEach(() => s.close());

  it('Priya asks in her DM and fills in the modal, Amira answers from her DM, Amira closes, and it is recorded', async () => {
    await s.send(s.dm(AMIRA, 'hello'));
    await s.send(s.dm(PRIYA, 'is this a MASH referral?'));
    await s.idle();
    const question = postsTo(s.fake, PRIYA).at(-1);
    const no = slackButtons(question).find((b) => b.verb === 'consult.danger.no')!;

    await s.send(s.click(PRIYA, no.verb, no.data));
    await s.idle();
    const [opened] = await s.fake.waitFor('views.open');
    const formView = opened.params.view;
    expect(formView.callback_id).toBe('consult.submit');

    const bad = await s.send(s.submit(PRIYA, 'consult.submit', modalState(formView, { ...GOOD_FORM, reference: 'JS 03/04/2015' }), formView.private_metadata));
    expect(bad.json()).toMatchObject({ response_action: 'errors', errors: { reference: expect.stringMatching(/contains a date/) } });

    const next = await s.send(s.submit(PRIYA, 'consult.submit', modalState(formView, GOOD_FORM), formView.private_metadata));
    const step = next.json();
    expect(step.response_action).toBe('update');
    expect(step.view.callback_id).toBe('consult.indicators');
    await s.send(s.submit(PRIYA, 'consult.indicators', modalState(step.view, { ind_neglect: 'neglect-home-alone' }), step.view.private_metadata));
    await s.idle();
    await until(() => postsTo(s.fake, AMIRA).some((p) => /New consultation/.test(p.params.text)), 'the consultation to reach Amira');
    // An s.47-level indicator: Red, and "Call the MASH now" (the EDT out of hours) comes first.
    expect(postsTo(s.fake, PRIYA).at(-1)!.params.text).toMatch(/^Call the (MASH|emergency duty team) now/);
    const card = postsTo(s.fake, AMIRA).find((p) => /New consultation/.test(p.params.text))!;
    const mash = slackButtons(card).find((b) => b.verb === 'consult.answer' && b.data.answer === 'mash')!;
    const inputIds = card.params.blocks.filter((b: any) => b.type === 'input').map((b: any) => b.element.action_id);
    expect(inputIds).toEqual(['advice', 'timeSpent', 'answer']);

    await s.send(
      s.click(AMIRA, mash.verb, mash.data, {
        state: { values: { advice: { advice: { type: 'plain_text_input', value: 'Refer to the MASH by phone now.' } }, timeSpent: { timeSpent: { type: 'static_select', selected_option: { value: '30_60' } } } } },
      }),
    );
    await s.idle();
    await until(() => postsTo(s.fake, PRIYA).some((p) => /Amira answered/.test(p.params.text)), 'the answer to reach Priya');
    expect(postsTo(s.fake, PRIYA).find((p) => /Amira answered/.test(p.params.text))!.params.text).toMatch(/MASH referral advised\. Refer to the MASH by phone now\./);

    await s.send(s.click(AMIRA, 'consult.close', { id: mash.data.id }));
    await s.idle();
    await until(() => postsTo(s.fake, PRIYA).some((p) => /closed consultation #1/.test(p.params.text)), 'Priya to be told it closed');
    const entries = await recorded(s.app);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ workerId: 'sw.amira', outcome: 'mash_referral_advised', timeSpent: '30_60', recordedBy: 'sw.amira' });
    expect(entries[0].measures?.indicativeLevel).toBe(4);
  });
});

describe('a consultation across platforms: the DSL on Teams, the worker on Slack', () => {
  let both: Both;
  beforeEach(async () => {
    both = await startBoth();
  });
  afterEach(() => both.close());

  const amiraClicks = (trigger: string, button: { verb: string; data: Record<string, string> }) =>
    interaction({
      type: 'block_actions',
      team: { id: 'T0SWIS0001' },
      user: { id: AMIRA, team_id: 'T0SWIS0001' },
      trigger_id: trigger,
      container: { type: 'message', channel_id: 'D0SWIS0004', message_ts: '1.1' },
      channel: { id: 'D0SWIS0004' },
      message: { ts: '1.1', type: 'message', text: 'card' },
      state: { values: {} },
      actions: [{ type: 'button', action_id: `${button.verb}#0`, block_id: 'b1', value: JSON.stringify({ verb: button.verb, data: button.data }), action_ts: '1.2' }],
    });

  it('Priya asks on Teams, Amira answers and replies on Slack, Priya replies and closes on Teams, and it is recorded', async () => {
    const { app, connector, fake, postTeams, postSlack } = both;
    const slack = { idle: both.idle };
    const activities = new ActivityBuilder(() => connector.url);
    const priya: TeamsUser = { id: '29:priya', aadObjectId: '00000000-0000-4000-8000-000000000010', name: 'Priya Shah', tenantId: '11111111-2222-4333-8444-555555555555' };
    await postSlack(eventCallback({ type: 'message', channel: 'D0SWIS0004', channel_type: 'im', user: AMIRA, text: 'hello', ts: `${Date.now() / 1000}` }));
    await slack.idle();

    await postTeams(activities.personal(priya, 'can I get some advice'));
    await postTeams(activities.submit(priya, 'consult.danger.no'));
    await postTeams(activities.submit(priya, 'consult.submit', {}, { ...GOOD_FORM, categories: 'neglect,fgm', yearGroup: 'Y8', reference: 'KM' }));
    const indicators = (await connector.waitForSent(3))[2];
    expect(adaptiveText(indicators)).toMatch(/mandatory duty to report known cases of FGM/);
    const send = cardActions(indicators).find((a) => a.verb === 'consult.indicators')!;
    await postTeams(activities.submit(priya, send.verb, send.data, { ind_neglect: 'neglect-hygiene' }));
    await until(() => postsTo(fake, AMIRA).some((p) => /New consultation/.test(p.params.text)), 'the consultation to reach Amira on Slack');
    const card = postsTo(fake, AMIRA).find((p) => /New consultation/.test(p.params.text))!;
    expect(card.params.text).toMatch(/#1 · Werneth School · Y8 KM/);
    const call = slackButtons(card).find((b) => b.verb === 'consult.answer' && b.data.answer === 'call')!;

    connector.clear();
    await postSlack(amiraClicks('trig.amira.1', call));
    await slack.idle();
    await until(() => teamsTo(connector, priya).some((r) => /Amira answered/.test(adaptiveText(r))), 'the answer to reach Priya on Teams');
    expect(adaptiveText(teamsTo(connector, priya).find((r) => /Amira answered/.test(adaptiveText(r))))).toMatch(/Amira: I'll call you/);

    await postTeams(activities.submit(priya, 'consult.reply.send', { id: call.data.id }, { message: 'Thanks, I am in until 5.' }));
    await until(() => postsTo(fake, AMIRA).some((p) => /Priya replied/.test(p.params.text)), 'the reply to reach Amira on Slack');
    expect(postsTo(fake, AMIRA).find((p) => /Priya replied/.test(p.params.text))!.params.text).toMatch(/Thanks, I am in until 5\./);

    await postTeams(activities.submit(priya, 'consult.close', { id: call.data.id }));
    await until(() => postsTo(fake, AMIRA).some((p) => /closed consultation #1/.test(p.params.text)), 'Amira to be told it closed');
    const closed = postsTo(fake, AMIRA).find((p) => /closed consultation #1/.test(p.params.text))!;
    const record = slackButtons(closed).find((b) => b.verb === 'consult.record')!;
    await postSlack(amiraClicks('trig.amira.2', record));
    await slack.idle();
    const [opened] = await fake.waitFor('views.open');
    expect(opened.params.view.callback_id).toBe('consult.record');
    await postSlack(interaction({
      type: 'view_submission',
      team: { id: 'T0SWIS0001' },
      user: { id: AMIRA, team_id: 'T0SWIS0001' },
      view: {
        id: 'V1',
        type: 'modal',
        callback_id: 'consult.record',
        hash: 'h1',
        private_metadata: opened.params.view.private_metadata,
        state: { values: modalState(opened.params.view, { outcome: 'early_help', timeSpent: '5_30' }) },
      },
    }));
    await slack.idle();
    await until(() => teamsTo(connector, priya).some((r) => /recorded the outcome/.test(adaptiveText(r))), 'Priya to see the recorded outcome');
    const entries = await recorded(app);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ workerId: 'sw.amira', outcome: 'early_help', timeSpent: '5_30', raisedBy: { personId: 'dsl.werneth', role: 'dsl' }, child: { yearGroup: 'Y8', reference: 'KM' } });
    expect(entries[0].query).toMatch(/Concern: Neglect, FGM/);
  });
});
