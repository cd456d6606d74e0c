/**
 * Slack adapter: the only place that imports @slack/*. Mounts its own thin receiver on the
 * shared server at POST /slack/events (signature, shape, workspace and overload checks), hands
 * every request to the core's turn pipeline through a Slack transport, and registers the Slack
 * channel for proactive messages. Off (one log line saying how to turn it on) unless
 * SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set; SLACK_API_URL points the Web API client
 * elsewhere (tests).
 *
 * Start-up never waits for Slack: the bot's own user id comes with every event in
 * `authorizations`, and one auth.test runs in the background only to log whether the token
 * works and which workspace it belongs to.
 *
 * @example
 *   const app = createApp({ settings });
 *   await mountSlack(app);
 *   await app.start(3978);
 */
import type { App } from '../../bot/app';
import { slackOff } from '../platforms-on';
import { SlackApi } from './api';
import { SlackChannel } from './channel';
import { SlackReceiver, SLACK_EVENTS_PATH } from './receiver';
import { SlackTurns } from './turns';

export { SLACK_EVENTS_PATH } from './receiver';
export { SLACK_BOT_EVENTS } from './turns';

/** The running adapter, for shutdown and tests. */
export interface SlackAdapter {
  api: SlackApi;
  receiver: SlackReceiver;
  /** Waits until every turn received so far has been handled. */
  idle(): Promise<void>;
}

export async function mountSlack(app: App): Promise<SlackAdapter | undefined> {
  const { env, log, store } = app.services;
  const token = env?.SLACK_BOT_TOKEN;
  const signingSecret = env?.SLACK_SIGNING_SECRET;
  const off = slackOff(env);
  if (off || !token || !signingSecret) {
    log.info({ platform: 'slack' }, off);
    return undefined;
  }

  const { directory } = app.services;
  const api = new SlackApi({ token, slackApiUrl: env?.SLACK_API_URL, store, log });
  const turns = new SlackTurns({ app, api });
  const receiver = new SlackReceiver({
    server: app.server,
    signingSecret,
    log,
    serves: (teamId) => directory.servesSlackWorkspace(teamId),
    maxInFlight: env?.SLACK_MAX_IN_FLIGHT ?? 500,
    onRequest: (body, answer) => turns.request(body, answer),
  });
  app.services.notifier.addChannel(new SlackChannel(api));
  receiver.mount();
  app.onStop(async () => receiver.stop());

  log.info({ platform: 'slack', path: SLACK_EVENTS_PATH, workspaces: directory.slackWorkspaceCount() }, 'Slack is on');
  if (!directory.slackWorkspaceCount()) log.warn({ platform: 'slack' }, 'no person in the configuration has a slack teamId: every Slack request will be refused');
  void api
    .whoAmI()
    .then((me) => {
      if (me.teamId && !directory.servesSlackWorkspace(me.teamId)) log.warn({ platform: 'slack', teamId: me.teamId }, 'the Slack token belongs to a workspace not in the configuration');
      else log.info({ platform: 'slack', teamId: me.teamId, botUserId: me.botUserId }, 'Slack token checked');
    })
    .catch((err) => log.warn({ platform: 'slack', err }, 'Slack token could not be checked (the bot keeps running)'));

  return { api, receiver, idle: () => receiver.idle() };
}
