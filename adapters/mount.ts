/**
 * Mounts every platform adapter onto the app's server. Each adapter decides from the
 * environment whether it is on (Slack needs its token and signing secret).
 *
 * @example
 *   await mountPlatforms(app);
 */
import type { App } from '../bot/app';

export async function mountPlatforms(_app: App): Promise<void> {
  // Teams and Slack adapters are added here as they are built.
}
