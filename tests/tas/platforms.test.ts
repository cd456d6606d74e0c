/**
 * The issue's end-to-end run through each adapter: a chair posts two actions in a channel,
 * the owners get them in their own chats, one is done, the other goes overdue and the chair
 * hears of it. The real server with the adapter mounted, a local Bot Connector / Slack Web API
 * on 127.0.0.1, and a test clock (so "overdue" needs no waiting) built from the harnesses' parts.
 */
import { mountSlack, type SlackAdapter } from '../../adapters/slack';
import { mountTeams } from '../../adapters/teams';
import { createApp, type App } from '../../bot/app';
import { silentLogger } from '../../bot/core/log';
import { MemoryStore } from '../../storage/memory/memory-store';
import { sampleConfigData, settingsFrom, TestClock } from '../helpers/app';
import { BOT_TOKEN, BOT_USER, eventCallback, FakeSlackApi, interaction, signedHeaders, SIGNING_SECRET, TEAM, type SlackRequest, modalState } from '../slack/harness';
import { ActivityBuilder, FakeConnector, type TeamsUser, shownText } from '../teams/harness';

const SETUP = { school: 'werneth', weekday: 'tue', time: '09:00', every: '2', first: '2026-11-30', length: '60', attendees: 'sw.amira,sw.ben' };

async function settle(app: App): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if ((await app.services.scheduler.health()).waiting === 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Waits (in real time, up to 5 s) until `check` passes: a send the pacer holds back (Slack allows
 * about one message a second into a DM) goes out a moment later, not at once.
 */
async function eventually(check: () => void): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      return check();
    } catch (err) {
      if (i >= 100) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function advanceTo(app: App, clock: TestClock, iso: string): Promise<void> {
  clock.set(iso);
  (app.services.scheduler as { poke?: () => void }).poke?.();
  await settle(app);
}

describe('TAS end to end on Teams', () => {
  let app: App;
  let connector: FakeConnector;
  let clock: TestClock;
  let url: string;
  let activities: ActivityBuilder;

  const person = (id: string): TeamsUser => {
    const p = app.services.directory.person(id)!;
    return { id: `29:${p.teams!.aadObjectId}`, aadObjectId: p.teams!.aadObjectId, name: p.name, tenantId: p.teams!.tenantId };
  };
  const post = async (activity: unknown) => {
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(activity) });
    expect(res.status).toBeLessThan(300);
    await settle(app);
  };
  /** A channel post with the bot and the owner @mentioned where the chair typed them. */
  const channelPost = (from: TeamsUser, before: string, owner: TeamsUser, after: string) => {
    const a = activities.channel(from, '', { mentions: [owner] });
    return { ...a, text: `<at>SWIS</at> ${before} <at>${owner.name}</at> ${after}` };
  };
  const personalOf = (u: TeamsUser) => `a:personal-${u.aadObjectId}`;
  const textsTo = (conversationId: string) => connector.sent.filter((r) => r.conversationId === conversationId).map((r) => shownText(r));

  beforeEach(async () => {
    clock = new TestClock(); // Mon 23 Nov 2026, 10:00 London
    const settings = settingsFrom(sampleConfigData(), { TEAMS_EMULATOR: 'true' });
    app = createApp({ settings, store: new MemoryStore(), log: silentLogger(), now: clock.now });
    connector = await new FakeConnector().start();
    activities = new ActivityBuilder(() => connector.url);
    await mountTeams(app);
    url = `http://127.0.0.1:${await app.start(0)}/api/messages`;
  });
  afterEach(async () => {
    await app.stop();
    await connector.close();
  });

  it('two actions posted in a channel: the owners get them, one is done, the other goes overdue and the chair hears of it', async () => {
    const leon = person('tas.leon');
    const amira = person('sw.amira');
    const ben = person('sw.ben');
    for (const u of [leon, amira, ben]) await post(activities.installation(u));
    await post(activities.submit(leon, 'tas.setup.submit', {}, SETUP));
    expect(textsTo(personalOf(leon)).join('\n')).toContain('TAS for Werneth School set up');
    connector.clear();

    await post(channelPost(leon, 'action werneth', amira, 'call mum about attendance by Friday'));
    await post(channelPost(leon, 'action', ben, 'share the early help plan by Friday'));
    const inChannel = connector.sent.filter((r) => r.conversationId.startsWith('19:werneth-tas@thread.tacv2'));
    expect(inChannel.map((r) => shownText(r))).toEqual([
      "A1 for Amira Hassan at Werneth School: call mum about attendance, due Fri 27 Nov 2026. I've sent it to Amira.",
      "A2 for Ben Carter at Werneth School: share the early help plan, due Fri 27 Nov 2026. I've sent it to Ben.",
    ]);
    const toAmira = connector.sent.find((r) => r.conversationId === personalOf(amira))!;
    const card = toAmira.body.attachments[0].content;
    expect(card.type).toBe('AdaptiveCard');
    expect(card.actions.map((a: any) => a.title)).toEqual(['Got it', 'Done', 'Update']);
    expect(textsTo(personalOf(ben)).join('\n')).toContain('New TAS action: A2 for Ben Carter');

    // Amira presses Done on the card, fills in the note and submits.
    const done = card.actions.find((a: any) => a.title === 'Done');
    connector.clear();
    await post(activities.submit(amira, done.data.swis.verb, done.data.swis.data));
    const form = connector.sent.find((r) => r.conversationId === personalOf(amira))!.body.attachments[0].content;
    const submit = form.actions.find((a: any) => a.type === 'Action.Execute');
    await post(activities.submit(amira, submit.data.swis.verb, submit.data.swis.data, { note: 'Spoke to mum, plan agreed' }));
    expect(textsTo(personalOf(amira))).toContain("Thanks, A1 is closed. I've let the chair know.");
    expect(textsTo(personalOf(leon)).join('\n')).toContain('A1 done by Amira Hassan (Werneth School): call mum about attendance. Note: Spoke to mum, plan agreed');
    expect(connector.texts()).toContain('A1 is done (Amira Hassan): call mum about attendance.');

    // Ben's goes overdue: he is nudged at the start of the next school day and Leon is told.
    connector.clear();
    await advanceTo(app, clock, '2026-11-30T08:30:00Z');
    expect(textsTo(personalOf(ben)).join('\n')).toMatch(/^Overdue TAS action: A2 for Ben Carter/m);
    expect(textsTo(personalOf(leon))).toContain("A2 for Ben Carter at Werneth School is overdue (due Fri 27 Nov 2026): share the early help plan. I've nudged Ben.");
    expect(textsTo(personalOf(amira)).join('\n')).not.toContain('Overdue');
  });
});

describe('TAS end to end on Slack', () => {
  let app: App;
  let adapter: SlackAdapter;
  let fake: FakeSlackApi;
  let clock: TestClock;
  let baseUrl: string;
  const LEON = 'U0SWIS0008';
  const AMIRA = 'U0SWIS0004';
  const BEN = 'U0SWIS0005';
  const CHANNEL = 'C0SWISTAS';
  let n = 0;

  const send = async (req: SlackRequest) => {
    const res = await fetch(`${baseUrl}/slack/events`, { method: 'POST', headers: { 'Content-Type': req.contentType, ...signedHeaders(req.body) }, body: req.body });
    expect(res.status).toBe(200);
    await adapter.idle();
    await settle(app);
  };
  const dm = (user: string, text: string) => eventCallback({ type: 'message', channel: `D${user.slice(1)}`, channel_type: 'im', user, text, ts: `${1_700_000_000 + ++n}.000100` });
  const mention = (user: string, text: string) =>
    eventCallback({ type: 'app_mention', channel: CHANNEL, user, text: `<@${BOT_USER}> ${text}`, ts: `${1_700_000_000 + ++n}.000200` });
  const command = (user: string, text: string): SlackRequest => ({
    contentType: 'application/x-www-form-urlencoded',
    body: new URLSearchParams({
      team_id: TEAM, channel_id: `D${user.slice(1)}`, channel_name: 'directmessage', user_id: user, command: '/swis', text,
      api_app_id: 'A0SWIS', response_url: fake.responseUrl(), trigger_id: `trig.tas.${++n}`,
    }).toString(),
  });
  const click = (user: string, value: string) =>
    interaction({
      type: 'block_actions',
      team: { id: TEAM, domain: 'swis' },
      user: { id: user, team_id: TEAM },
      api_app_id: 'A0SWIS',
      trigger_id: `trig.tas.${++n}`,
      container: { type: 'message', message_ts: '1700000000.000300', channel_id: `D${user.slice(1)}`, is_ephemeral: false },
      channel: { id: `D${user.slice(1)}`, name: 'directmessage' },
      message: { ts: '1700000000.000300', type: 'message', text: 'card' },
      state: { values: {} },
      response_url: fake.responseUrl(),
      actions: [{ type: 'button', action_id: 'x#0', block_id: 'b1', value, action_ts: `${Date.now() / 1000}` }],
    });
  const submitView = (user: string, view: any, values: Record<string, string>) =>
    interaction({
      type: 'view_submission',
      team: { id: TEAM, domain: 'swis' },
      user: { id: user, team_id: TEAM },
      api_app_id: 'A0SWIS',
      trigger_id: `trig.tas.${++n}`,
      view: { id: `V${++n}`, type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata, hash: `h${n}`, state: { values: modalState(view, values) } },
    });
  const posts = (channel: string) => fake.of('chat.postMessage').filter((c) => c.params.channel === channel);
  const textsTo = (channel: string) => posts(channel).map((c) => String(c.params.text));
  const buttonsOf = (call: { params: Record<string, any> }) =>
    (call.params.blocks ?? []).flatMap((b: any) => (b.type === 'actions' ? b.elements : [])).map((e: any) => ({ text: e.text.text, value: e.value }));

  beforeEach(async () => {
    clock = new TestClock();
    fake = await new FakeSlackApi().start();
    const settings = settingsFrom(sampleConfigData(), { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl });
    app = createApp({ settings, store: new MemoryStore(), log: silentLogger(), now: clock.now });
    adapter = (await mountSlack(app))!;
    baseUrl = `http://127.0.0.1:${await app.start(0)}`;
  });
  afterEach(async () => {
    await adapter.idle().catch(() => undefined);
    await app.stop();
    await fake.close();
  });

  it('two actions posted in a channel: the owners get them, one is done, the other goes overdue and the chair hears of it', async () => {
    for (const u of [LEON, AMIRA, BEN]) await send(dm(u, 'hi'));
    // /swis tas setup: the form opens as a modal.
    await send(command(LEON, 'tas setup'));
    const view = (await fake.waitFor('views.open')).at(-1)!.params.view;
    expect(view.callback_id).toBe('tas.setup.submit');
    await send(submitView(LEON, view, SETUP));
    expect(textsTo(`D${LEON.slice(1)}`).join('\n')).toContain('TAS for Werneth School set up');

    await send(mention(LEON, `action werneth <@${AMIRA}> call mum about attendance by Friday`));
    await send(mention(LEON, `action <@${BEN}> share the early help plan by Friday`));
    const inChannel = posts(CHANNEL);
    expect(inChannel.map((c) => c.params.text)).toEqual([
      "A1 for Amira Hassan at Werneth School: call mum about attendance, due Fri 27 Nov 2026. I've sent it to Amira.",
      "A2 for Ben Carter at Werneth School: share the early help plan, due Fri 27 Nov 2026. I've sent it to Ben.",
    ]);
    expect(inChannel.every((c) => !!c.params.thread_ts)).toBe(true);

    const toAmira = posts(`D${AMIRA.slice(1)}`).find((c) => /New TAS action/.test(c.params.text))!;
    expect(buttonsOf(toAmira).map((b: any) => b.text)).toEqual(['Got it', 'Done', 'Update']);
    expect(textsTo(`D${BEN.slice(1)}`).join('\n')).toContain('New TAS action: A2 for Ben Carter');

    // Amira presses Done: the note form opens as a modal; she submits it.
    await send(click(AMIRA, buttonsOf(toAmira).find((b: any) => b.text === 'Done').value));
    const doneView = (await fake.waitFor('views.open', 2)).at(-1)!.params.view;
    expect(doneView.callback_id).toBe('tas.action.done.submit');
    await send(submitView(AMIRA, doneView, { note: 'Spoke to mum, plan agreed' }));
    expect(textsTo(`D${LEON.slice(1)}`).join('\n')).toContain('A1 done by Amira Hassan (Werneth School): call mum about attendance. Note: Spoke to mum, plan agreed');
    expect(textsTo(CHANNEL)).toContain('A1 is done (Amira Hassan): call mum about attendance.');

    await advanceTo(app, clock, '2026-11-30T08:30:00Z');
    await eventually(() => expect(textsTo(`D${BEN.slice(1)}`).join('\n')).toMatch(/Overdue TAS action: A2 for Ben Carter/));
    expect(textsTo(`D${LEON.slice(1)}`)).toContain("A2 for Ben Carter at Werneth School is overdue (due Fri 27 Nov 2026): share the early help plan. I've nudged Ben.");
    expect(textsTo(`D${AMIRA.slice(1)}`).join('\n')).not.toContain('Overdue');
  });
});


