/**
 * Issue 17 end to end through the real server and adapters, with the app's clock under the
 * test's control: on Teams, on Slack, and with the DSL on Teams and the worker on Slack.
 * Each covers need-to-know refusals, the s.47 path, danger in free text, a holiday (half term,
 * the MASH open) and an out-of-hours consultation, a change of advice and a double-click Send.
 */
import { TestClock } from '../helpers/app';
import { eventCallback, interaction, modalState, startSlack, type FakeSlackApi, type SlackTest } from '../slack/harness';
import { ActivityBuilder, cardActions, startTeams, type FakeConnector, type TeamsTest, type TeamsUser } from '../teams/harness';
import { GOOD_FORM } from './flow';
import { adaptiveText, postsTo, slackButtons, startBoth, teamsTo, until, type Both } from './platform-helpers';

const HALF_TERM = '2026-10-27T10:00:00Z'; // Tuesday, schools closed, the MASH open
const SATURDAY = '2026-10-31T11:00:00Z';
const AMIRA = 'U0SWIS0004';
const PRIYA = 'U0SWIS0010';
const NURSE = 'U0SWIS0021';

const teamsSaid = (connector: FakeConnector, user: TeamsUser) => teamsTo(connector, user).map(adaptiveText).join('\n=====\n');
const slackSaid = (fake: FakeSlackApi, user: string) => postsTo(fake, user).map((p) => `${p.params.text}\n${JSON.stringify(p.params.blocks ?? [])}`).join('\n=====\n');

describe('issue 17 on Teams', () => {
  let t: TeamsTest;
  const clock = new TestClock(HALF_TERM);
  beforeEach(async () => {
    clock.set(HALF_TERM);
    t = await startTeams({ now: clock.now });
  });
  afterEach(() => t.close());

  it('channel → 1:1, s.47 in half term, double-click Send, need to know, a change of advice, danger words, then out of hours', async () => {
    const priya = t.person('dsl.werneth');
    const amira = t.person('sw.amira');
    const nurse = t.person('staff.werneth.nurse');
    for (const u of [priya, amira, nurse]) await t.post(t.activities.personal(u, 'hello'));
    await t.connector.waitForSent(3);
    t.connector.clear();

    // Asked in a channel: the channel only hears "I've messaged you privately".
    await t.post(t.activities.channel(priya, 'is this a MASH referral?'));
    await t.settle();
    await until(() => teamsTo(t.connector, priya).length > 0, 'the question in the 1:1 chat');
    const inChannel = t.connector.sent.filter((s) => !s.conversationId.startsWith('a:personal-')).map(adaptiveText).join('\n');
    expect(inChannel).toMatch(/I've messaged you privately/);
    expect(inChannel).not.toMatch(/immediate danger right now/);
    const question = teamsTo(t.connector, priya)[0];
    expect(adaptiveText(question)).toMatch(/immediate danger right now[\s\S]*MASH on 0161 496 0100\./);
    const no = cardActions(question).find((a) => a.verb === 'consult.danger.no')!;
    t.connector.clear();

    await t.post(t.activities.submit(priya, no.verb, no.data));
    const [form] = await t.connector.waitForSent(1);
    const next = cardActions(form).find((a) => a.verb === 'consult.submit')!;
    expect(next.data.form).toBeTruthy();
    t.connector.clear();

    // Double-click Send: the same card instance twice at once is one consultation.
    await Promise.all([0, 1].map(() => t.post(t.activities.submit(priya, next.verb, next.data, { ...GOOD_FORM, urgency: 'green' }))));
    const steps = await t.connector.waitForSent(2);
    const ids = new Set(steps.flatMap((s) => cardActions(s)).map((a) => a.data?.id).filter(Boolean));
    expect(ids.size).toBe(1);
    const send = cardActions(steps[0]).find((a) => a.verb === 'consult.indicators')!;
    t.connector.clear();

    // s.47 indicator in half term: Red, "Call the MASH now" first (the MASH is open), Amira alerted as urgent.
    await t.post(t.activities.submit(priya, send.verb, send.data, { ind_neglect: 'neglect-home-alone' }));
    await t.settle();
    await until(() => teamsTo(t.connector, amira).length > 0 && teamsTo(t.connector, priya).length > 0, 'the consultation to reach Amira');
    const first = teamsTo(t.connector, priya).find((a) => /Call the MASH now/.test(adaptiveText(a)))!;
    expect(String(first.body.text ?? first.body.summary)).toMatch(/^Call the MASH now on 0161 496 0100/);
    expect(teamsSaid(t.connector, priya)).not.toMatch(/emergency duty team/);
    expect(teamsSaid(t.connector, amira)).toMatch(/New consultation – URGENT, s\.47 level[\s\S]*Red – worried about today/);
    const mash = cardActions(teamsTo(t.connector, amira)[0]).find((a) => a.title === 'MASH referral – yes')!;
    const id = mash.data.id;
    t.connector.clear();
    await t.post(t.activities.submit(priya, send.verb, send.data, { ind_neglect: 'neglect-home-alone' }));
    const [again] = await t.connector.waitForSent(1);
    expect(adaptiveText(again)).toMatch(/Already sent as #1 to Amira/);
    t.connector.clear();

    // Need to know: the school nurse cannot see or close it.
    for (const verb of ['consult.view', 'consult.close']) await t.post(t.activities.submit(nurse, verb, { id }));
    await until(() => teamsTo(t.connector, nurse).length >= 2, 'the nurse to be refused');
    expect(teamsSaid(t.connector, nurse)).toMatch(/can't find that consultation/);
    expect(teamsSaid(t.connector, nurse)).not.toMatch(/JS/);
    t.connector.clear();

    // One final answer: MASH, then Early help is refused; a change of advice needs a reason and tells Priya.
    await t.post(t.activities.submit(amira, mash.verb, mash.data));
    await t.settle();
    await until(() => /Amira answered/.test(teamsSaid(t.connector, priya)), 'the answer to reach Priya');
    t.connector.clear();
    await t.post(t.activities.submit(amira, 'consult.answer', { id, answer: 'early_help' }));
    const [refused] = await t.connector.waitForSent(1);
    expect(adaptiveText(refused)).toMatch(/Already answered by Amira at Tue 27 Oct, 10:00: MASH referral advised/);
    t.connector.clear();
    await t.post(t.activities.submit(amira, 'consult.change.send', { id }, { outcome: 'early_help', reason: 'Grandmother is staying and the child is safe tonight.' }));
    await t.settle();
    await until(() => /changed the advice/.test(teamsSaid(t.connector, priya)), 'Priya to hear of the change');
    expect(teamsSaid(t.connector, priya)).toMatch(/Amira Hassan changed the advice on consultation #1 from MASH referral advised to Early help: Grandmother is staying/);
    t.connector.clear();

    // Danger words typed in the chat: 999 and the MASH at once; Amira alerted as urgent.
    await t.post(t.activities.personal(priya, 'Another pupil says she is not safe to go home'));
    await t.settle();
    await until(() => teamsTo(t.connector, amira).length > 0, 'Amira to be alerted');
    expect(teamsSaid(t.connector, priya)).toMatch(/Call 999 now\. Then call the MASH on 0161 496 0100\./);
    expect(teamsSaid(t.connector, amira)).toMatch(/Danger words in a message: \\"not safe to go home\\"[\s\S]*URGENT/);
    t.connector.clear();

    // Saturday: out of hours, so the emergency duty team number is given.
    clock.set(SATURDAY);
    await t.post(t.activities.personal(priya, 'I would like some advice'));
    // No settle: on Saturday's clock the week's reminders are due but, unpoked, do not run.
    await until(() => teamsTo(t.connector, priya).length > 0, 'the question');
    expect(teamsSaid(t.connector, priya)).toMatch(/out of hours call the emergency duty team on 0161 496 0999/);
  }, 120_000);
});

describe('issue 17 on Slack', () => {
  let s: SlackTest;
  const clock = new TestClock(HALF_TERM);
  beforeEach(async () => {
    clock.set(HALF_TERM);
    s = await startSlack({ now: clock.now });
  });
  afterEach(() => s.close());

  it('@mention → DM, double-submit of the modal, s.47, need to know, a change of advice, danger words, then out of hours', async () => {
    for (const u of [AMIRA, PRIYA, NURSE]) await s.send(s.dm(u, 'hello'));
    await s.idle();

    await s.send(s.mention(PRIYA, 'is this a MASH referral?'));
    await s.idle();
    await until(() => postsTo(s.fake, PRIYA).some((p) => /immediate danger right now/.test(p.params.text)), 'the question in the DM');
    const inChannel = s.fake.of('chat.postMessage').filter((p) => p.params.channel === 'C0SWISTAS').map((p) => p.params.text).join('\n');
    expect(inChannel).toMatch(/I've messaged you privately/);
    expect(inChannel).not.toMatch(/immediate danger right now/);
    const question = postsTo(s.fake, PRIYA).find((p) => /immediate danger right now/.test(p.params.text));
    const no = slackButtons(question).find((b) => b.verb === 'consult.danger.no')!;

    await s.send(s.click(PRIYA, no.verb, no.data));
    await s.idle();
    const [opened] = await s.fake.waitFor('views.open');
    const formView = opened.params.view;
    const values = modalState(formView, { ...GOOD_FORM, urgency: 'amber' });
    const [a, b] = await Promise.all([0, 1].map(() => s.send(s.submit(PRIYA, 'consult.submit', values, formView.private_metadata))));
    const views = [a.json(), b.json()].filter((x) => x.response_action === 'update').map((x) => x.view);
    const metas = new Set(views.map((v) => v.private_metadata));
    expect(metas.size).toBe(1); // both presses point at the one consultation
    const step = views[0];
    await s.send(s.submit(PRIYA, 'consult.indicators', modalState(step, { ind_neglect: 'neglect-home-alone' }), step.private_metadata));
    await s.idle();
    await until(() => postsTo(s.fake, AMIRA).some((p) => /New consultation/.test(p.params.text)), 'the consultation to reach Amira');
    expect(slackSaid(s.fake, PRIYA)).toMatch(/Call the MASH now on 0161 496 0100/);
    expect(postsTo(s.fake, AMIRA).filter((p) => /New consultation/.test(p.params.text))).toHaveLength(1);
    const card = postsTo(s.fake, AMIRA).find((p) => /New consultation/.test(p.params.text))!;
    expect(card.params.text).toMatch(/URGENT, s\.47 level/);
    const early = slackButtons(card).find((x) => x.verb === 'consult.answer' && x.data.answer === 'early_help')!;
    const id = early.data.id;

    // Need to know: the nurse is refused.
    await s.send(s.click(NURSE, 'consult.view', { id }));
    await s.idle();
    await until(() => postsTo(s.fake, NURSE).some((p) => /can't find that consultation/.test(p.params.text)), 'the nurse to be refused');

    // One final answer, then an explicit change.
    await s.send(s.click(AMIRA, early.verb, early.data));
    await s.idle();
    await until(() => /Amira answered/.test(slackSaid(s.fake, PRIYA)), 'the answer to reach Priya');
    await s.send(s.click(AMIRA, 'consult.answer', { id, answer: 'nfa' }));
    await s.idle();
    await until(() => /Already answered by Amira at Tue 27 Oct, 10:00: Early help/.test(slackSaid(s.fake, AMIRA)), 'the second answer to be refused');
    await s.send(s.click(AMIRA, 'consult.change.form', { id, outcome: 'mash_referral_advised' }));
    await s.idle();
    const changeView = (await s.fake.waitFor('views.open', 2))[1].params.view;
    expect(changeView.callback_id).toBe('consult.change.send');
    const noReason = await s.send(s.submit(AMIRA, 'consult.change.send', modalState(changeView, { outcome: 'mash_referral_advised' }), changeView.private_metadata));
    expect(noReason.json()).toMatchObject({ response_action: 'errors', errors: { reason: expect.stringMatching(/say why/) } });
    await s.send(s.submit(AMIRA, 'consult.change.send', modalState(changeView, { outcome: 'mash_referral_advised', reason: 'New bruising reported by the nurse.' }), changeView.private_metadata));
    await s.idle();
    await until(() => /changed the advice on consultation #1 from Early help to MASH referral advised: New bruising/.test(slackSaid(s.fake, PRIYA)), 'Priya to hear of the change');

    // Danger words in a DM.
    await s.send(s.dm(PRIYA, 'Y7 girl has been hurt by her stepdad'));
    await s.idle();
    await until(() => /Danger words in a message/.test(slackSaid(s.fake, AMIRA)), 'Amira to be alerted');
    await until(() => /Call 999 now\. Then call the MASH on 0161 496 0100\./.test(slackSaid(s.fake, PRIYA)), 'Priya to be told to call 999');

    // Out of hours.
    clock.set(SATURDAY);
    await s.send(s.dm(PRIYA, 'blah'));
    await s.idle();
    await until(() => /didn't understand[\s\S]*emergency duty team on 0161 496 0999/.test(slackSaid(s.fake, PRIYA)), 'the safety net with the EDT');
  }, 120_000);
});

describe('issue 17 across platforms: the DSL on Teams, the worker on Slack', () => {
  let both: Both;
  const clock = new TestClock(HALF_TERM);
  beforeEach(async () => {
    clock.set(HALF_TERM);
    both = await startBoth(clock.now);
  });
  afterEach(() => both.close());

  let trig = 0;
  const slackClick = (user: string, verb: string, data: Record<string, string>) =>
    interaction({
      type: 'block_actions',
      team: { id: 'T0SWIS0001' },
      user: { id: user, team_id: 'T0SWIS0001' },
      trigger_id: `trig.x.${++trig}`,
      container: { type: 'message', channel_id: `D${user.slice(1)}`, message_ts: '1.1' },
      channel: { id: `D${user.slice(1)}` },
      message: { ts: '1.1', type: 'message', text: 'card' },
      state: { values: {} },
      actions: [{ type: 'button', action_id: `${verb}#0`, block_id: 'b1', value: JSON.stringify({ verb, data }), action_ts: '1.2' }],
    });

  it('s.47 and a double-click Send on Teams reach Amira on Slack once; refusals, a change of advice, danger words and out of hours cross over', async () => {
    const { connector, fake, postTeams, postSlack } = both;
    const slack = { idle: both.idle };
    const activities = new ActivityBuilder(() => connector.url);
    const priya: TeamsUser = { id: '29:priya', aadObjectId: '00000000-0000-4000-8000-000000000010', name: 'Priya Shah', tenantId: '11111111-2222-4333-8444-555555555555' };
    await postSlack(eventCallback({ type: 'message', channel: 'D0SWIS0004', channel_type: 'im', user: AMIRA, text: 'hello', ts: `${Date.now() / 1000}` }));
    await postSlack(eventCallback({ type: 'message', channel: 'D0SWIS0021', channel_type: 'im', user: NURSE, text: 'hello', ts: `${Date.now() / 1000}` }));
    await slack.idle();

    await postTeams(activities.personal(priya, 'can I get some advice'));
    const [question] = await connector.waitForSent(1);
    const no = cardActions(question).find((a) => a.verb === 'consult.danger.no')!;
    await postTeams(activities.submit(priya, no.verb, no.data));
    const form = (await connector.waitForSent(2))[1];
    const next = cardActions(form).find((a) => a.verb === 'consult.submit')!;
    await Promise.all([0, 1].map(() => postTeams(activities.submit(priya, next.verb, next.data, { ...GOOD_FORM, urgency: 'green' }))));
    const steps = (await connector.waitForSent(4)).slice(2);
    const send = cardActions(steps[0]).find((a) => a.verb === 'consult.indicators')!;
    await Promise.all([0, 1].map(() => postTeams(activities.submit(priya, send.verb, send.data, { ind_neglect: 'neglect-home-alone' }))));
    await until(() => postsTo(fake, AMIRA).some((p) => /New consultation/.test(p.params.text)), 'the consultation to reach Amira on Slack');
    await until(() => /Already sent as #1/.test(teamsSaid(connector, priya)), 'the second Send to be answered');
    expect(teamsSaid(connector, priya)).toMatch(/Call the MASH now on 0161 496 0100/);
    const cards = postsTo(fake, AMIRA).filter((p) => /New consultation/.test(p.params.text));
    expect(cards).toHaveLength(1);
    expect(cards[0].params.text).toMatch(/URGENT, s\.47 level/);
    const monitor = slackButtons(cards[0]).find((b) => b.verb === 'consult.answer' && b.data.answer === 'monitor')!;
    const id = monitor.data.id;

    await postSlack(slackClick(NURSE, 'consult.close', { id }));
    await slack.idle();
    await until(() => postsTo(fake, NURSE).some((p) => /can't find that consultation/.test(p.params.text)), 'the nurse to be refused');

    await postSlack(slackClick(AMIRA, monitor.verb, monitor.data));
    await postSlack(slackClick(AMIRA, 'consult.answer', { id, answer: 'mash' }));
    await slack.idle();
    await until(() => /Already answered by Amira/.test(slackSaid(fake, AMIRA)), 'the second answer to be refused');
    await until(() => /Amira answered/.test(teamsSaid(connector, priya)), 'the first answer to reach Priya on Teams');
    expect(teamsTo(connector, priya).filter((a) => /Amira answered/.test(adaptiveText(a)))).toHaveLength(1);
    // The change of advice, submitted from the Slack modal.
    await postSlack(slackClick(AMIRA, 'consult.change.form', { id, outcome: 'mash_referral_advised' }));
    await slack.idle();
    const [opened] = await fake.waitFor('views.open');
    const view = opened.params.view;
    await postSlack(
      interaction({
        type: 'view_submission',
        team: { id: 'T0SWIS0001' },
        user: { id: AMIRA, team_id: 'T0SWIS0001' },
        view: { id: 'V1', type: 'modal', callback_id: view.callback_id, hash: 'h1', private_metadata: view.private_metadata, state: { values: modalState(view, { outcome: 'mash_referral_advised', reason: 'Police have since called the school.' }) } },
      }),
    );
    await slack.idle();
    await until(() => /changed the advice on consultation #1 from Advice – school to monitor to MASH referral advised: Police have since called/.test(teamsSaid(connector, priya)), 'Priya on Teams to hear of the change');

    // Danger words on Teams alert Amira on Slack.
    await postTeams(activities.personal(priya, 'a Y8 boy is going to hurt himself tonight'));
    await until(() => /Danger words in a message/.test(slackSaid(fake, AMIRA)), 'Amira on Slack to be alerted');
    await until(() => /Call 999 now\. Then call the MASH on 0161 496 0100\./.test(teamsSaid(connector, priya)), 'Priya to be told to call 999');

    // Out of hours (Saturday): the danger answer adds the EDT.
    clock.set(SATURDAY);
    await postTeams(activities.personal(priya, 'threatened to kill his mum'));
    await until(() => /It's out of hours: the emergency duty team is on 0161 496 0999/.test(teamsSaid(connector, priya)), 'the EDT number');
  }, 120_000);
});
