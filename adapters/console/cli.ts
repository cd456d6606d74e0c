/**
 * The terminal channel: `npm run chat -- --as <person id>` talks to the bot started by
 * `npm start` (through its loopback console channel, so the DSL in one terminal and the link
 * worker in another see each other's messages), or starts one in this process if none is
 * running, which other terminals then join. `as <person id>` switches person; Ctrl+D leaves.
 *
 * @example
 *   npm run chat -- --as dsl.werneth
 *   npm run chat                       # lists the people you can act as
 */
import readline from 'node:readline';
import { createApp, type App } from '../../bot/app';
import { ConfigError, loadSettings, type Settings } from '../../bot/config/load';
import { silentLogger } from '../../bot/core/log';
import { loadSampleData, sampleDataWanted } from '../../bot/config/sample-data';
import { mountPlatforms } from '../mount';
import { consoleReady } from '.';
import { ConsoleSession } from './console-session';
import { RemoteLink } from './link';
import { readConsoleSecret, type ConsoleSecret } from './secret';

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

function loadOrExit(): Settings {
  try {
    return loadSettings(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error:\n${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

/** Starts a whole bot here (HTTP server, platforms, console channel); other terminals join it. */
async function host(settings: Settings): Promise<{ app: App; secret: ConsoleSecret }> {
  const app = createApp({ settings, log: process.env.LOG_LEVEL ? undefined : silentLogger() });
  await mountPlatforms(app);
  try {
    await app.start(settings.env.PORT);
  } catch (err) {
    throw new Error(`no bot with a console channel is running, and port ${settings.env.PORT} is taken (${(err as Error).message}). Stop what uses it, or set PORT.`, { cause: err });
  }
  if (sampleDataWanted(process.env)) await loadSampleData(app);
  const hub = await consoleReady(app);
  if (!hub) throw new Error('the console channel could not start (see CONSOLE_CHANNEL in the README)');
  return { app, secret: readConsoleSecret(process.env, settings.env.PORT)! };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--as');
  const personId = i >= 0 ? argv[i + 1] : undefined;
  const settings = loadOrExit();
  const people = settings.config.people;
  if (!personId || !people.some((p) => p.id === personId)) {
    if (personId) out(`"${personId}" is not in the directory.`);
    out('Usage: npm run chat -- --as <person id>\nPeople you can act as:');
    for (const p of people) out(`  ${p.id.padEnd(24)} ${p.name} (${p.roles.join(', ')})`);
    process.exit(personId ? 1 : 0);
  }

  // Filled in once connected; a message can arrive as soon as the bot says welcome.
  const ui: { session?: ConsoleSession; rl?: readline.Interface } = {};
  const arrived = (reply: Parameters<ConsoleSession['arrived']>[0]) => {
    ui.session?.arrived(reply);
    ui.rl?.prompt(true);
  };
  let leaving = false;
  const closed = (why: string) => {
    if (leaving) return;
    out(`\nThe bot has gone (${why}). Start it again with npm start, then npm run chat.`);
    process.exit(1);
  };

  let hosted: App | undefined;
  let link: RemoteLink | undefined;
  const running = readConsoleSecret(process.env, settings.env.PORT);
  if (running) {
    link = await RemoteLink.connect(running, personId, arrived, closed).catch(() => undefined);
  }
  if (!link) {
    try {
      const h = await host(settings);
      hosted = h.app;
      link = await RemoteLink.connect(h.secret, personId, arrived, closed);
      out(`No bot was running, so this terminal started one on http://localhost:${settings.env.PORT} (memory storage unless REDIS_URL is set).`);
      out('Other terminals (npm run chat -- --as sw.amira) join it; leaving this terminal stops it.');
    } catch (err) {
      process.stderr.write(`The chat could not start: ${(err as Error).message}\n`);
      process.exit(1);
    }
  } else {
    out(`Connected to the bot running on port ${settings.env.PORT}.`);
  }

  const session = new ConsoleSession(link, personId, out);
  ui.session = session;
  out(`You are ${link.person.name} (${link.person.roles.join(', ')}). Type help, "as <person id>" to be someone else, or Ctrl+D to leave.`);
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  ui.rl = rl;
  const ask = () => {
    rl.setPrompt(session.prompt() ?? '> ');
    rl.prompt();
  };
  ask();
  // Lines are handled one at a time, in order, even when pasted together.
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    queue = queue.then(async () => {
      await session.input(line).catch((err: Error) => out(`(not sent: ${err.message})`));
      ask();
    });
  });
  rl.on('close', () => {
    leaving = true;
    void queue.then(async () => {
      link!.close();
      if (hosted) await hosted.stop();
      process.exit(0);
    });
  });
}

void main();
