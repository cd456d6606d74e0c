/**
 * What the consultation platform tests share: waiting for something to arrive, what a person
 * sees of a Teams activity or a Slack post, and one process serving both platforms (the DSL on
 * Teams, the worker on Slack) with the Bot Connector and Slack's Web API played on loopback.
 *
 * @example
 *   const x = await startBoth(clock.now);
 *   await x.postTeams(activities.personal(priya, 'hello'));
 *   await until(() => postsTo(x.fake, AMIRA).length > 0, 'Amira to hear');
 *   await x.close();
 */
import { pressableBlocks } from '../cards/pressable';
import { mountSlack } from '../../adapters/slack';
import { mountTeams } from '../../adapters/teams';
import { createApp, type App } from '../../bot/app';
import { silentLogger } from '../../bot/core/log';
import { MemoryStore } from '../../storage/memory/memory-store';
import { sampleConfigData, settingsFrom } from '../helpers/app';
import { BOT_TOKEN, FakeSlackApi, SIGNING_SECRET, signedHeaders, type SlackRequest } from '../slack/harness';
import { FakeConnector, type TeamsUser } from '../teams/harness';

/** Polls until `check` holds; fails naming what never came (tests/helpers/until.ts). */
export { until } from '../helpers/until';

/** What a person sees of a Teams activity: its text or notification summary, and the card. */
export function adaptiveText(activity: any): string {
  const b = activity?.body ?? {};
  return [b.text ?? '', b.summary ?? '', JSON.stringify(b.attachments?.[0]?.content ?? {})].join('\n');
}

export function teamsTo(connector: FakeConnector, user: TeamsUser) {
  return connector.sent.filter((s) => s.conversationId === `a:personal-${user.aadObjectId}`);
}

export function slackButtons(post: any): { verb: string; data: Record<string, string>; text: string }[] {
  return pressableBlocks(post?.params?.blocks ?? []).map((p) => ({ ...p, text: p.title }));
}

export function postsTo(fake: FakeSlackApi, user: string) {
  return fake.of('chat.postMessage').filter((p) => p.params.channel === `D${user.slice(1)}`);
}

export interface Both {
  app: App;
  connector: FakeConnector;
  fake: FakeSlackApi;
  postTeams(activity: unknown): Promise<Response>;
  postSlack(req: SlackRequest): Promise<Response>;
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** One app with Teams and Slack mounted, on memory storage, with an optional clock. */
export async function startBoth(now?: () => Date): Promise<Both> {
  const connector = await new FakeConnector().start();
  const fake = await new FakeSlackApi().start();
  const settings = settingsFrom(sampleConfigData(), { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, TEAMS_EMULATOR: 'true' });
  const app = createApp({ settings, store: new MemoryStore(), log: silentLogger(), now });
  await mountTeams(app);
  const slack = (await mountSlack(app))!;
  const base = `http://127.0.0.1:${await app.start(0)}`;
  return {
    app,
    connector,
    fake,
    postTeams: (activity) => fetch(`${base}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(activity) }),
    postSlack: (req) => fetch(`${base}/slack/events`, { method: 'POST', headers: { 'Content-Type': req.contentType, ...signedHeaders(req.body) }, body: req.body }),
    idle: () => slack.idle(),
    async close() {
      await slack.idle().catch(() => undefined);
      await app.stop();
      await connector.close();
      await fake.close();
    },
  };
}
