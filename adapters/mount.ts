/**
 * Mounts every platform adapter onto the app's server. Each adapter decides from the
 * environment whether it is on (Slack needs its token and signing secret).
 *
 * @example
 *   await mountPlatforms(app);
 */
import type { App } from '../bot/app';
import { mountConsole } from './console';
import { mountSlack } from './slack';
import { mountTeams } from './teams';

export async function mountPlatforms(app: App): Promise<void> {
  await mountTeams(app);
  await mountSlack(app);
  mountConsole(app);
}
