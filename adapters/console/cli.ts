/**
 * The terminal channel: talk to the same core as any person of the configuration.
 *
 * @example
 *   npm run chat -- --as dsl.werneth
 *   npm run chat                       # lists the people you can act as
 */
import readline from 'node:readline';
import { createApp } from '../../bot/app';
import { ConfigError, loadSettings } from '../../bot/config/load';
import { silentLogger } from '../../bot/core/log';
import { ConsoleSession } from './console-session';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--as');
  const personId = i >= 0 ? argv[i + 1] : undefined;
  let settings;
  try {
    settings = loadSettings({ ...process.env, REDIS_URL: process.env.REDIS_URL });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error:\n${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const people = settings.config.people;
  if (!personId || !people.some((p) => p.id === personId)) {
    if (personId) process.stdout.write(`"${personId}" is not in the directory.\n`);
    process.stdout.write('Usage: npm run chat -- --as <person id>\nPeople you can act as:\n');
    for (const p of people) process.stdout.write(`  ${p.id.padEnd(24)} ${p.name} (${p.roles.join(', ')})\n`);
    process.exit(personId ? 1 : 0);
  }
  const app = createApp({ settings, log: process.env.LOG_LEVEL ? undefined : silentLogger() });
  const session = new ConsoleSession(app, personId, (line) => process.stdout.write(`${line}\n`));
  app.services.notifier.addChannel(session);
  await app.services.scheduler.start();

  const person = people.find((p) => p.id === personId)!;
  process.stdout.write(`You are ${person.name} (${person.roles.join(', ')}). Type help, or Ctrl+D to leave.\n`);
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const ask = () => {
    rl.setPrompt(session.prompt() ?? '> ');
    rl.prompt();
  };
  ask();
  // Lines are handled one at a time, in order, even when pasted together.
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    queue = queue.then(async () => {
      await session.input(line);
      ask();
    });
  });
  rl.on('close', () => {
    void queue.then(async () => {
      await app.services.scheduler.stop();
      await app.services.store.close();
      process.exit(0);
    });
  });
}

void main();
