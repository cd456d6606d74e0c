/**
 * The bot as it runs in production, for benchmarks: configuration from the environment
 * (REDIS_URL, REDIS_PREFIX, PORT, Slack credentials), Teams and Slack mounted on one server.
 *
 * @example
 *   PORT=4000 REDIS_URL=redis://127.0.0.1:6379 node --import tsx bench/servers/swis.ts
 */
import { mountPlatforms } from '../../adapters/mount';
import { createApp } from '../../bot/app';
import { loadSettings } from '../../bot/config/load';

async function main() {
  const app = createApp({ settings: loadSettings(process.env) });
  await mountPlatforms(app);
  await app.start(Number(process.env.PORT));
  process.on('SIGTERM', () => void app.stop().then(() => process.exit(0)));
}
void main();
