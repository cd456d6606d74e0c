/**
 * What `npm start` says once it listens, for a person at a terminal: where the bot is, which
 * channels are on, and what to try next. Printed only with readable logs (a TTY, or
 * LOG_FORMAT=pretty); production keeps its JSON lines.
 *
 * @example
 *   await announce(app, port);   // from bot/main.ts, after app.start
 */
import type { App } from '../bot/app';
import { wantsPretty } from '../bot/core/log-pretty';
import { consoleReady } from './console';

export async function bannerLines(app: App, port: number): Promise<string[]> {
  const { config, store, notifier } = app.services;
  const env: Partial<NonNullable<App['services']['env']>> = app.services.env ?? {};
  const base = `http://localhost:${port}`;
  const sample = !env.BOT_CONFIG && !env.REDIS_URL;
  const hub = await consoleReady(app);
  const teams = !notifier.hasChannel('teams')
    ? 'off'
    : env.MicrosoftAppId
      ? `on (${base}/api/messages, Bot Framework authentication)`
      : `Emulator mode, no sign-in: for this machine only (${base}/api/messages)`;
  const slack = notifier.hasChannel('slack') ? `on (${base}/slack/events)` : 'off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET)';
  const terminal = hub ? 'on (npm run chat, this machine only)' : 'off';
  const first = config.people.find((p) => p.roles.includes('dsl'))?.id ?? config.people[0].id;
  const worker = config.schools.find((s) => s.dsls.includes(first))?.linkWorkers[0] ?? 'sw.amira';
  return [
    '',
    `SWIS bot is running on ${base}  ·  ${config.authority.name}${sample ? ' (sample data)' : ''}  ·  ${store.kind} storage`,
    `  Teams: ${teams}`,
    `  Slack: ${slack}`,
    `  Terminal: ${terminal}`,
    'Next steps:',
    `  1. See both sides of a consultation: npm run chat -- --as ${first}   and in another terminal:   npm run chat -- --as ${worker}`,
    '  2. Open the Teams-like client (Microsoft 365 Agents Playground): npm run playground',
    '  3. Type help (or consult, book, tas, digest as a team manager: npm run chat -- --as tm.grace)',
    '',
  ];
}

export async function announce(app: App, port: number, out: { write(s: string): unknown } = process.stdout): Promise<void> {
  if (!wantsPretty()) return;
  out.write(`${(await bannerLines(app, port)).join('\n')}\n`);
}
