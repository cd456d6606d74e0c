/**
 * Logs carry ids, routes and error codes, never content (issue 15, point 4): a real `npm start`
 * process (Teams in Emulator mode, Slack on, trace-level logging) is sent payloads carrying a
 * marker and a made-up child's name and date of birth through every endpoint, well-formed and
 * not (bad JSON, wrong shapes, bad signatures, refused serviceUrls, unknown routes), and none of
 * it may appear in what the process writes to stdout or stderr.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { freePort } from '../helpers/redis-server';
import { sampleConfigData } from '../helpers/app';
import { BOT_TOKEN, eventCallback, FakeSlackApi, interaction, signedHeaders, SIGNING_SECRET, TEAM, type SlackRequest } from '../slack/harness';
import { ActivityBuilder, FakeConnector, type TeamsUser } from '../teams/harness';

// Starting a process is slow on a busy machine (tsx compiles the bot); nothing here is timed.
jest.setTimeout(240_000);

const MARKER = 'ZQXMARKER';
const CHILD = 'Zebulon Quixote born 19/07/2013';
const SECRETS = [MARKER, 'Zebulon', 'Quixote', '19/07/2013'];
const AMIRA = 'U0SWIS0004';

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 1500; i++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} never answered`);
}

describe('a running bot writes no request content to stdout or stderr', () => {
  let child: ChildProcessWithoutNullStreams;
  let output = '';
  let base: string;
  const slack = new FakeSlackApi();
  const connector = new FakeConnector();

  beforeAll(async () => {
    await slack.start();
    await connector.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const { REDIS_URL: _r, MicrosoftAppId: _a, ...env } = process.env;
    child = spawn(process.execPath, ['--no-deprecation', '--import', 'tsx', 'bot/main.ts'], {
      env: { ...env, PORT: String(port), LOG_LEVEL: 'trace', TEAMS_EMULATOR: 'true', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl },
    });
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    await waitFor(`${base}/healthz`);
  });

  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await slack.close();
    await connector.close();
  });

  const postTeams = (body: unknown, raw?: string) =>
    fetch(`${base}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${MARKER}` }, body: raw ?? JSON.stringify(body) });
  const postSlack = (req: SlackRequest, opts: { secret?: string } = {}) =>
    fetch(`${base}/slack/events`, { method: 'POST', headers: { 'Content-Type': req.contentType, ...signedHeaders(req.body, opts) }, body: req.body });

  it('through Teams, Slack, the file links and unknown routes', async () => {
    const p = sampleConfigData().people.find((x: any) => x.id === 'dsl.werneth');
    const dsl: TeamsUser = { id: `29:${p.teams.aadObjectId}`, aadObjectId: p.teams.aadObjectId, name: p.name, tenantId: p.teams.tenantId };
    const teams = new ActivityBuilder(() => connector.url);
    const said = `${MARKER} ${CHILD}`;
    const statuses: number[] = [];
    const record = async (r: Promise<Response>) => statuses.push((await r).status);

    await record(postTeams(teams.personal(dsl, said)));
    await record(postTeams(teams.personal(dsl, `ask ${said}`)));
    await record(postTeams(teams.submit(dsl, MARKER, { x: said }, { note: said })));
    await record(postTeams(teams.execute(dsl, `${MARKER}.verb`, { x: said })));
    await record(postTeams({ ...teams.personal(dsl, said), from: { id: `emu-${MARKER}`, name: CHILD } }));
    await record(postTeams({ ...teams.personal(dsl, `as ${MARKER}`), from: { id: 'emulator-user', name: 'User' } }));
    await record(postTeams(undefined, `{"type":"message","text":"${said}"`));
    await record(postTeams({ ...teams.personal(dsl, said), entities: { [MARKER]: CHILD } }));
    await record(postTeams({ ...teams.personal(dsl, said), serviceUrl: `https://${MARKER}.example/` }));
    await record(postTeams({ ...teams.personal(dsl, said), type: MARKER }));

    const dm = (text: string) => eventCallback({ type: 'message', channel: `D${AMIRA.slice(1)}`, channel_type: 'im', user: AMIRA, text, ts: '1700000000.1' });
    await record(postSlack(dm(said)));
    await record(postSlack(dm(`ask ${said}`)));
    await record(postSlack(dm(said), { secret: MARKER }));
    await record(postSlack({ contentType: 'application/json', body: `{"type":"event_callback","text":"${said}"` }));
    await record(postSlack(eventCallback({ type: 'message', channel: null, user: AMIRA, text: said } as never)));
    await record(postSlack({ contentType: 'application/json', body: JSON.stringify({ type: 'url_verification', challenge: said }) }));
    await record(
      postSlack({
        contentType: 'application/x-www-form-urlencoded',
        body: new URLSearchParams({ team_id: TEAM, user_id: AMIRA, command: '/swis', text: said, response_url: slack.responseUrl(), trigger_id: 't.cmd1' }).toString(),
      }),
    );
        // Ids (trigger_id, action_id, event ids) come from Slack in a signed request; content goes everywhere else.
    const click = { type: 'block_actions', team: { id: TEAM }, user: { id: AMIRA, team_id: TEAM }, trigger_id: 't.click1', channel: { id: `D${AMIRA.slice(1)}` }, container: { type: 'message', channel_id: `D${AMIRA.slice(1)}` }, actions: [{ type: 'button', action_id: 'a1', value: JSON.stringify({ verb: MARKER, data: { x: said } }) }] };
    await record(postSlack(interaction(click)));
    await record(postSlack(interaction({ ...click, trigger_id: 't.click2', actions: [{ type: 'button', action_id: 'a1', value: said }] })));
    await record(postSlack(interaction({ ...click, trigger_id: 't.click3', actions: null })));
    await record(postSlack(interaction({ type: 'view_submission', team: { id: TEAM }, user: { id: AMIRA }, view: { id: 'V1', callback_id: MARKER, private_metadata: said, state: { values: { b: { note: { type: 'plain_text_input', value: said } } } } } })));

    for (const path of [`/files/${MARKER}`, `/${MARKER}`, `/readyz?${MARKER}=${encodeURIComponent(CHILD)}`, `/api/${MARKER}`]) await record(fetch(`${base}${path}`));
    expect(statuses.every((s) => s < 500)).toBe(true);

    // Let the turns finish (replies reach the fake platforms), then read everything it wrote.
    await slack.waitFor('chat.postMessage', 2, 20_000);
    await connector.waitForSent(2, 20_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(output).toMatch(/teams: activity of the wrong shape/);
    expect(output).toMatch(/slack request refused/);
    for (const secret of SECRETS) expect(output).not.toContain(secret);
  });
});
