/**
 * Mounts every platform adapter onto the app's server. Whether a platform is on comes from the
 * environment (platforms-on.ts; Slack needs its token and signing secret), and a platform that
 * is off is one log line saying how to turn it on. A platform that is on is loaded here, when
 * needed: a process does not carry an SDK it will never use.
 *
 * @example
 *   await mountPlatforms(app);
 */
import type { App } from '../bot/app';
import { mountConsole } from './console';
import { slackOff, teamsOff } from './platforms-on';

export async function mountPlatforms(app: App): Promise<void> {
  const { env, log } = app.services;
  const teams = teamsOff(env);
  if (teams) log.info({ platform: 'teams' }, teams);
  else await loadTeams().mountTeams(app);
  const slack = slackOff(env);
  if (slack) log.info({ platform: 'slack' }, slack);
  else await loadSlack().mountSlack(app);
  mountConsole(app);
}

// Loaded on demand with require (the project compiles to CommonJS; tsx and Jest load it the same way).
/* eslint-disable @typescript-eslint/no-require-imports */
const loadTeams = () => require('./teams') as typeof import('./teams');
const loadSlack = () => require('./slack') as typeof import('./slack');
/* eslint-enable @typescript-eslint/no-require-imports */
