/**
 * End to end: the scheduler runs the weekly digest job and the digest reaches the team
 * manager through each real adapter (Teams via a local Bot Connector, Slack via a local Web
 * API), with the chart as an Adaptive Card Image and as a Slack image block, served by the bot.
 */
import { WEEKLY_DIGEST_JOB } from '../../bot/features/digest/digest';
import { startSlack, type SlackTest } from '../slack/harness';
import { startTeams, type TeamsTest } from '../teams/harness';

async function fetchPng(url: string, base: string): Promise<Response> {
  return fetch(url.replace(/^http:\/\/localhost:\d+/, base));
}

describe('the weekly digest delivered by the scheduler through each platform', () => {
  let teams: TeamsTest | undefined;
  let slack: SlackTest | undefined;
  afterEach(async () => {
    await teams?.close();
    await slack?.close();
    teams = slack = undefined;
  });

  it('Teams: an Adaptive Card with the flags, the chart image and the workers behind Show details', async () => {
    teams = await startTeams({ redis: true });
    const grace = teams.person('tm.grace');
    expect((await teams.post(teams.activities.personal(grace, 'help'))).status).toBe(200);
    await teams.connector.waitForSent(1);
    teams.connector.clear();

    await teams.app.services.scheduler.schedule({ kind: WEEKLY_DIGEST_JOB.kind, runAt: new Date(), owner: 'test', data: { teamId: 'werneth-swis' } });
    const [sent] = await teams.connector.waitForSent(1);
    expect(sent.conversationId).toBe(`a:personal-${grace.aadObjectId}`);
    const cardJson = sent.body.attachments[0].content;
    expect(cardJson.type).toBe('AdaptiveCard');
    expect(cardJson.body[0].text).toMatch(/^Workload digest: Werneth SWIS team, w\/c /);
    const image = cardJson.body.find((b: any) => b.type === 'Image');
    expect(image.altText).toBe('Recorded time per worker by activity type');
    expect(cardJson.body.some((b: any) => b.text === 'Amira Hassan')).toBe(false);
    const details = cardJson.body.find((b: any) => b.type === 'ActionSet' && b.actions[0].type === 'Action.ShowCard').actions[0];
    expect(details.title).toBe('Show details');
    expect(details.card.body.some((b: any) => b.text === 'Amira Hassan')).toBe(true);
    expect(cardJson.body).toContainEqual(expect.objectContaining({ text: expect.stringMatching(/^No time recorded: .*Amira/), color: 'Attention' }));
    const port = (teams.app.server.address() as { port: number }).port;
    const res = await fetchPng(image.url, `http://127.0.0.1:${port}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
  });

  it('Slack: a message with the digest blocks and an image block the bot serves', async () => {
    slack = await startSlack({ redis: true });
    await slack.send(slack.dm('U0SWIS0001', 'help'));
    await slack.idle();
    await slack.fake.waitFor('chat.postMessage');
    const before = slack.fake.calls.filter((c) => c.method === 'chat.postMessage').length;

    await slack.app.services.scheduler.schedule({ kind: WEEKLY_DIGEST_JOB.kind, runAt: new Date(), owner: 'test', data: { teamId: 'werneth-swis' } });
    const posts = await slack.fake.waitFor('chat.postMessage', before + 1);
    const post = posts[before];
    expect(post.params.channel).toBe('D0SWIS0001');
    expect(post.params.text).toMatch(/^Workload digest: Werneth SWIS team, w\/c /);
    const blocks: any[] = post.params.blocks;
    expect(blocks.length).toBeLessThanOrEqual(50);
    const image = blocks.find((b) => b.type === 'image');
    expect(image.alt_text).toBe('Recorded time per worker by activity type');
    const res = await fetchPng(image.image_url, slack.baseUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');

    // "Show details" on Slack: a button whose click sends the per-worker detail as a second message.
    const button = blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])).find((e: any) => e.text.text === 'Show details');
    const { verb, data } = JSON.parse(button.value);
    await slack.send(slack.click('U0SWIS0001', verb, data));
    await slack.idle();
    const detail = (await slack.fake.waitFor('chat.postMessage', before + 2))[before + 1];
    expect(detail.params.text).toMatch(/details/);
    expect(JSON.stringify(detail.params.blocks)).toMatch(/Amira Hassan/);
  });
});
