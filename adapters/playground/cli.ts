/**
 * `npm run playground`: starts the bot in Teams Emulator mode on loopback (TEAMS_EMULATOR=true,
 * HOST=127.0.0.1), unless one already answers on PORT, then Microsoft's 365 Agents Playground
 * (a local Teams-like client from npm) against it, and says which URL to open. Ctrl+C stops both.
 *
 * @example
 *   npm run playground                      # then open http://localhost:56150
 *   PLAYGROUND_PORT=56200 PORT=3979 npm run playground
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const PORT = Number(process.env.PORT ?? 3978);
const PLAYGROUND_PORT = Number(process.env.PLAYGROUND_PORT ?? 56150);
const children: ChildProcess[] = [];

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function botAnswers(): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${PORT}/healthz`)).ok;
  } catch {
    return false;
  }
}

function stopAll(code: number): void {
  for (const c of children) if (c.exitCode === null && c.pid) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 200).unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined))).then(() => process.exit(code), () => process.exit(code));
}

async function startBot(): Promise<void> {
  say(`Starting the bot in Teams Emulator mode on http://127.0.0.1:${PORT} (TEAMS_EMULATOR=true, loopback only)…`);
  const bot = spawn(process.execPath, ['--no-deprecation', '--import', 'tsx', path.join(ROOT, 'bot', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(PORT), TEAMS_EMULATOR: 'true', HOST: process.env.HOST ?? '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(bot);
  bot.once('exit', (code) => {
    say(`The bot stopped (exit ${code}).`);
    stopAll(code ?? 1);
  });
  for (let i = 0; i < 600; i++) {
    if (await botAnswers()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the bot did not answer on http://127.0.0.1:${PORT}/healthz`);
}

async function main(): Promise<void> {
  if (await botAnswers()) say(`Using the bot already running on port ${PORT} (it must have been started with TEAMS_EMULATOR=true).`);
  else await startBot();
  const bin = path.join(ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  const endpoint = `http://127.0.0.1:${PORT}/api/messages`;
  const playground = spawn(process.execPath, [bin, '--app-endpoint', endpoint, '--channel-id', 'msteams', '--port', String(PLAYGROUND_PORT), '--disable-telemetry'], {
    cwd: ROOT,
    env: process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(playground);
  playground.once('error', (err) => {
    process.stderr.write(`The Playground could not start: ${err.message}. Run npm install (it is a devDependency: @microsoft/m365agentsplayground).\n`);
    stopAll(1);
  });
  playground.once('exit', (code) => {
    say(`The Playground stopped (exit ${code}).`);
    stopAll(code ?? 1);
  });
  playground.stdout!.on('data', (d: Buffer) => {
    const text = d.toString();
    process.stdout.write(text.replace(/^/gm, '[playground] '));
    const m = /Listening on (\d+)/.exec(text);
    if (m) {
      say('');
      say(`Open http://localhost:${m[1]} in your browser: Microsoft 365 Agents Playground, talking to the bot at ${endpoint}.`);
      say('You are not in the directory there: pick a person on the card (or type "as dsl.werneth"), then type help.');
      say('Ctrl+C stops the Playground and the bot.');
    }
  });
  process.once('SIGINT', () => stopAll(0));
  process.once('SIGTERM', () => stopAll(0));
}

main().catch((err: Error) => {
  process.stderr.write(`npm run playground could not start: ${err.message}\n`);
  stopAll(1);
});
