/**
 * Starts the bot: validates configuration (a bad file or variable stops start-up with one
 * line naming the field), builds the app, mounts Teams and Slack, listens on PORT.
 *
 * @example
 *   npm start                     # sample authority, memory storage, port 3978
 *   REDIS_URL=redis://127.0.0.1:6379 BOT_CONFIG=./my-authority.yaml npm start
 */
// First: the garbage collector's setting, before anything is loaded (see heap-growth.ts).
import './heap-growth';
import { announce } from '../adapters/banner';
import { loadSampleData, sampleDataWanted } from './config/sample-data';
import { mountPlatforms } from '../adapters/mount';
import { createApp } from './app';
import { ConfigError, loadSettings, type Settings } from './config/load';
import { logStartupWarnings } from './startup-warnings';
import { reloadDirectory } from './config/reload';

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
  const app = createApp({ settings, processMetrics: true });
  const { log } = app.services;
  // Signals are handled from the start: a stop while Redis is still awaited is graceful too.
  // A second signal while stopping (npm and a container runtime both forward SIGTERM, a person
  // presses Ctrl-C twice) must not cut the graceful stop short: it is noted and ignored.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return void log.info({ signal }, 'already stopping');
    stopping = true;
    log.info({ signal }, 'stopping');
    await app.stop();
    log.info({ signal }, 'stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // `kill -HUP <pid>`: reload the configuration file's directory; a bad file is refused, the old kept.
  process.on('SIGHUP', () => void reloadDirectory(settings.source, app.services));
  await mountPlatforms(app);
  const port = await app.listen(settings.env.PORT);
  log.info(
    { port, storage: app.services.store.kind, config: settings.source, authority: settings.config.authority.name },
    `SWIS bot listening on http://${settings.env.HOST}:${port}`,
  );
  await app.start(port);
  await logStartupWarnings(app);
  // After the signal handlers, so a stop during these is still a clean one.
  // The sample is a convenience on the embedded default: a failure loading it is told, never fatal.
  if (app.services.store.kind === 'memory' && sampleDataWanted(process.env)) {
    await loadSampleData(app).catch((err: unknown) => log.warn({ err }, 'the sample data could not be loaded; the bot runs without it'));
  }
  await announce(app, port);
}

main().catch((err) => {
  process.stderr.write(`The bot could not start: ${(err as Error).message}\n`);
  process.exit(1);
});
