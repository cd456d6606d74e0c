/**
 * Starts the bot: validates configuration (a bad file or variable stops start-up with one
 * line naming the field), builds the app, mounts Teams and Slack, listens on PORT.
 *
 * @example
 *   npm start                     # sample authority, memory storage, port 3978
 *   REDIS_URL=redis://127.0.0.1:6379 BOT_CONFIG=./my-authority.yaml npm start
 */
import { announce } from '../adapters/banner';
import { loadSampleData, sampleDataWanted } from './config/sample-data';
import { mountPlatforms } from '../adapters/mount';
import { createApp } from './app';
import { ConfigError, loadSettings, type Settings } from './config/load';

async function main(): Promise<void> {
  let settings: Settings;
  try {
    settings = loadSettings(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error, the bot did not start:\n${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const app = createApp({ settings });
  const { log } = app.services;
  await mountPlatforms(app);
  const port = await app.start(settings.env.PORT);
  log.info(
    { port, storage: app.services.store.kind, config: settings.source, authority: settings.config.authority.name },
    `SWIS bot listening on http://localhost:${port} (Bot Framework Emulator: http://localhost:${port}/api/messages)`,
  );
  const stop = async (signal: string) => {
    log.info({ signal }, 'stopping');
    await app.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  // After the signal handlers, so a stop during these is still a clean one.
  if (sampleDataWanted(process.env)) await loadSampleData(app);
  await announce(app, port);
}

main().catch((err) => {
  process.stderr.write(`The bot could not start: ${(err as Error).message}\n`);
  process.exit(1);
});
