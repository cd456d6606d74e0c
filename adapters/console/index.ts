/**
 * Mounts the console channel on a bot: once the HTTP server listens, a loopback-only hub opens
 * for `npm run chat` terminals. On by default for the embedded default; with Teams or Slack
 * credentials set it stays off unless `CONSOLE_CHANNEL=true`; `CONSOLE_CHANNEL=false` turns it
 * off always.
 *
 * @example
 *   mountConsole(app);              // from mountPlatforms
 *   await consoleReady(app);        // the hub, once listening (undefined when off)
 */
import type { App } from '../../bot/app';
import { ConsoleHub } from './hub';

const hubs = new WeakMap<App, Promise<ConsoleHub | undefined>>();

export function consoleWanted(env: NodeJS.ProcessEnv | Record<string, unknown>): boolean {
  const setting = String(env.CONSOLE_CHANNEL ?? '').toLowerCase();
  if (setting === 'false') return false;
  if (setting === 'true') return true;
  return !env.MicrosoftAppId && !env.SLACK_BOT_TOKEN;
}

export function mountConsole(app: App, env: NodeJS.ProcessEnv = process.env): void {
  const { log } = app.services;
  if (!consoleWanted(env)) {
    log.info('console: off (platform credentials are set; CONSOLE_CHANNEL=true turns it on)');
    hubs.set(app, Promise.resolve(undefined));
    return;
  }
  hubs.set(
    app,
    new Promise((resolve) => {
      app.server.server.once('listening', () => {
        const botPort = (app.server.address() as { port: number }).port;
        ConsoleHub.start(app, { botPort: Number(env.PORT ?? botPort) || botPort, env }).then(
          (hub) => {
            log.info({ port: hub.port }, 'console: terminals can connect on loopback (npm run chat)');
            resolve(hub);
          },
          (err: Error) => {
            log.warn({ err }, 'console: off, the terminal channel could not start');
            resolve(undefined);
          },
        );
      });
    }),
  );
}

export function consoleReady(app: App): Promise<ConsoleHub | undefined> {
  return hubs.get(app) ?? Promise.resolve(undefined);
}
