/**
 * A process loads only the platform SDKs it serves: with Slack on and Teams off, botbuilder is
 * never loaded (about 45 MB at rest), and with Teams on and Slack off, nothing of Slack's is.
 * Checked in a real child process (mountPlatforms as bot/main.ts calls it), by the modules the
 * process actually loaded. Likewise restify's plugins, which the bot does not use (about 7 MB).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/** Mounts the platforms with this environment and prints the node_modules packages loaded. */
function loadedPackages(env: Record<string, string>): string[] {
  const code = `
    const { createApp } = require('./bot/app');
    const { loadSettings } = require('./bot/config/load');
    const { mountPlatforms } = require('./adapters/mount');
    const { silentLogger } = require('./bot/core/log');
    const app = createApp({ settings: loadSettings(), log: silentLogger() });
    mountPlatforms(app).then(() => {
      const pkgs = new Set(Object.keys(require.cache).flatMap((f) => {
        const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f);
        return m ? [m[1]] : [];
      }));
      process.stdout.write(JSON.stringify([...pkgs]));
      process.exit(0);
    });`;
  const r = spawnSync(process.execPath, ['--no-deprecation', '--require', 'tsx/cjs', '-e', code], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as string[];
}

describe('platform SDKs are loaded only when their platform is on', () => {
  it('Slack on, Teams off: no botbuilder', () => {
    const pkgs = loadedPackages({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789abcdef', SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    expect(pkgs).toContain('@slack/web-api');
    expect(pkgs.filter((p) => p.startsWith('botbuilder'))).toEqual([]);
  });

  it('Teams on (Emulator mode), Slack off: nothing of Slack', () => {
    const pkgs = loadedPackages({ TEAMS_EMULATOR: 'true' });
    expect(pkgs).toContain('botbuilder');
    expect(pkgs.filter((p) => p.startsWith('@slack/'))).toEqual([]);
  });
});

describe('the HTTP server is restify without its plugins', () => {
  it('no body parser, upload or CSV plugin is loaded (bot/restify-server.ts)', () => {
    const pkgs = loadedPackages({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789abcdef', SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    expect(pkgs).toContain('restify');
    expect(pkgs.filter((p) => ['formidable', 'csv', 'ewma'].includes(p))).toEqual([]);
  });
});
