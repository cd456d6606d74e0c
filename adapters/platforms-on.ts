/**
 * Which platforms this process serves, read from the environment without loading either
 * platform's SDK: mountPlatforms loads botbuilder only when Teams is on and Slack's modules only
 * when Slack is on, so a Slack-only authority's processes never carry botbuilder (about 45 MB
 * of memory at rest, bench/RESULTS.md) and a Teams-only one never carries Slack's. Each answer
 * is the one log line saying how to turn the platform on, or undefined when it is on.
 *
 * @example
 *   teamsOff({ TEAMS_EMULATOR: true });        // undefined: on (Emulator mode)
 *   slackOff({ SLACK_BOT_TOKEN: 'xoxb-…' });   // 'Slack is off: set SLACK_SIGNING_SECRET (…) to turn it on'
 */
import type { Env } from '../bot/config/schema';

type SomeEnv = Partial<Env> | undefined;

/** Teams is on with a Bot Framework app id, or in Emulator mode (no app id, TEAMS_EMULATOR=true). */
export function teamsOff(env: SomeEnv): string | undefined {
  if (env?.MicrosoftAppId || env?.TEAMS_EMULATOR) return undefined;
  return 'Teams is off: set MicrosoftAppId and MicrosoftAppPassword to connect real Teams, or TEAMS_EMULATOR=true to try it with the Bot Framework Emulator on this machine';
}

/** Slack is on with both its bot token and its signing secret. */
export function slackOff(env: SomeEnv): string | undefined {
  const missing = [!env?.SLACK_BOT_TOKEN && 'SLACK_BOT_TOKEN', !env?.SLACK_SIGNING_SECRET && 'SLACK_SIGNING_SECRET'].filter(Boolean);
  if (!missing.length) return undefined;
  return `Slack is off: set ${missing.join(' and ')} (from the Slack app created with manifest/slack/manifest.yml) to turn it on`;
}
