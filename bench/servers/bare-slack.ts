/**
 * The baseline for the Slack turn benchmark: a bare Bolt app with its own HTTP receiver,
 * echoing direct messages through the (fake) Web API at SLACK_API_URL.
 *
 * @example
 *   PORT=4002 SLACK_SIGNING_SECRET=s SLACK_BOT_TOKEN=xoxb-1 SLACK_API_URL=http://127.0.0.1:4003/api/ node --import tsx bench/servers/bare-slack.ts
 */
import { App, LogLevel } from '@slack/bolt';

const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET!,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  tokenVerificationEnabled: false,
  logLevel: LogLevel.ERROR,
});
app.message(async ({ message, say }) => {
  if ('text' in message) await say(`echo: ${message.text}`);
});
void app.start(Number(process.env.PORT));
process.on('SIGTERM', () => void app.stop().then(() => process.exit(0)));
