/**
 * Safe by default (issue 15, point 1): Teams without an app id is off unless the Emulator is
 * asked for, the Emulator only on loopback, the server on 127.0.0.1 unless HOST says otherwise,
 * and a serviceUrl must be on the allow-list before anything is stored or sent to it, so a stored
 * conversation reference cannot be redirected.
 */
import { spawnSync } from 'node:child_process';
import pino from 'pino';
import { mountTeams } from '../../adapters/teams';
import { createApp } from '../../bot/app';
import { loadEnv } from '../../bot/config/load';
import { PermanentFailure } from '../../bot/scheduling/scheduler';
import { MemoryStore } from '../../storage/memory/memory-store';
import { sampleConfigData, settingsFrom } from '../helpers/app';
import { FakePlatform } from '../helpers/fake-platform';
import { startTeams, type TeamsTest } from './harness';

const APP_ID = '6b1f5c1e-0000-4000-8000-00000000b0b1';

/** A server that records anything POSTed to it: where an attacker would want the bot's messages. */
async function attackerServer(): Promise<FakePlatform<{ path: string }>> {
  return new FakePlatform<{ path: string }>({ record: (req) => ({ path: req.url }), answer: () => ({ body: { id: 'x' } }) }).start();
}

describe('Teams is off unless asked for', () => {
  it('without an app id or TEAMS_EMULATOR: /api/messages is 404, the log says how to turn it on, no Teams channel', async () => {
    const lines: any[] = [];
    const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    const app = createApp({ settings: settingsFrom(sampleConfigData()), store: new MemoryStore(), log });
    expect(await mountTeams(app)).toBeUndefined();
    const port = await app.start(0);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"type":"message","text":"as sw.amira"}' });
      expect(res.status).toBe(404);
      expect(app.services.notifier.hasChannel('teams')).toBe(false);
      expect(lines.find((l) => l.platform === 'teams')?.msg).toMatch(/Teams is off: set MicrosoftAppId .* or TEAMS_EMULATOR=true/);
    } finally {
      await app.stop();
    }
  });

  it('listens on 127.0.0.1 unless HOST is set', async () => {
    const app = createApp({ settings: settingsFrom(sampleConfigData()), store: new MemoryStore(), log: pino({ level: 'silent' }) });
    await app.start(0);
    try {
      expect(app.server.address().address).toBe('127.0.0.1');
    } finally {
      await app.stop();
    }
  });

  it('refuses the Emulator on a server others can reach, or beside an app id, naming the field', () => {
    expect(() => loadEnv({ TEAMS_EMULATOR: 'true', HOST: '0.0.0.0' })).toThrow(/field "TEAMS_EMULATOR": .*needs HOST to be loopback .*not "0.0.0.0"/);
    expect(() => loadEnv({ TEAMS_EMULATOR: 'true', MicrosoftAppId: APP_ID })).toThrow(/field "TEAMS_EMULATOR": .*unset it when MicrosoftAppId is set/);
    expect(() => loadEnv({ TEAMS_EMULATOR: 'yes' })).toThrow(/field "TEAMS_EMULATOR": must be true or false/);
    expect(loadEnv({ TEAMS_EMULATOR: 'true' })).toMatchObject({ TEAMS_EMULATOR: true, HOST: '127.0.0.1' });
    expect(loadEnv({ TEAMS_EMULATOR: 'true', HOST: '::1' }).TEAMS_EMULATOR).toBe(true);
  });

  it('npm start refuses to start with one line when the Emulator is asked for on 0.0.0.0', () => {
    const run = spawnSync(process.execPath, ['--no-deprecation', '--import', 'tsx', 'bot/main.ts'], {
      env: { ...process.env, TEAMS_EMULATOR: 'true', HOST: '0.0.0.0', PORT: '0', REDIS_URL: '' },
      encoding: 'utf8',
      // Start-up is slow on a busy machine; the refusal comes before anything listens.
      timeout: 150_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Configuration error, the bot did not start:\nenvironment: field "TEAMS_EMULATOR": .*loopback/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 170_000);
});

describe('Emulator mode (TEAMS_EMULATOR=true)', () => {
  let t: TeamsTest;
  beforeAll(async () => {
    t = await startTeams();
  });
  afterAll(() => t.close());

  it('refuses an activity whose serviceUrl is not loopback: 403, nothing sent there, nothing stored', async () => {
    const dsl = t.person('dsl.werneth');
    for (const serviceUrl of ['https://attacker.example/', 'http://169.254.169.254/latest/', 'https://smba.trafficmanager.net.attacker.example/', 'http://user:pw@127.0.0.1:9/']) {
      const res = await t.post({ ...t.activities.personal(dsl, 'help'), serviceUrl });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ code: 'Forbidden', message: 'this serviceUrl is not served' });
    }
    expect(await t.app.services.conversations.forPerson('dsl.werneth')).toEqual([]);
  });
});

describe('with an app id: references only from authenticated activities on the allow-list', () => {
  let t: TeamsTest;
  let attacker: Awaited<ReturnType<typeof attackerServer>>;
  beforeEach(async () => {
    t = await startTeams({ appId: APP_ID, auth: true });
    attacker = await attackerServer();
  });
  afterEach(async () => {
    await t.close();
    await attacker.close();
  });

  it('a later unauthenticated, mismatched or off-list request cannot redirect a stored reference', async () => {
    const dsl = t.person('dsl.werneth');
    expect((await t.post(t.activities.personal(dsl, 'help'), { token: t.auth!.mint() })).status).toBe(200);
    const before = await t.app.services.conversations.forPerson('dsl.werneth');
    expect(before).toHaveLength(1);

    const redirected = { ...t.activities.personal(dsl, 'help'), serviceUrl: attacker.url };
    // No token; a token for the real connector on an activity naming another serviceUrl.
    expect((await t.post(redirected)).status).toBe(401);
    expect((await t.post(redirected, { token: t.auth!.mint() })).status).toBe(401);
    // A valid token for a serviceUrl that is not on the allow-list.
    const offList = { ...t.activities.personal(dsl, 'help'), serviceUrl: 'https://attacker.example/' };
    expect((await t.post(offList, { token: t.auth!.mint({ serviceUrl: 'https://attacker.example/' }) })).status).toBe(403);

    expect(await t.app.services.conversations.forPerson('dsl.werneth')).toEqual(before);
    await t.app.services.notifier.toPerson('dsl.werneth', { text: 'A consultation was answered' });
    await t.settle();
    await t.connector.waitForSent(2);
    expect(attacker.requests).toEqual([]);
  });

  it('never follows a stored reference whose serviceUrl is not on the allow-list', async () => {
    const dsl = t.person('dsl.werneth');
    await t.post(t.activities.personal(dsl, 'help'), { token: t.auth!.mint() });
    const [ref] = await t.app.services.conversations.forPerson('dsl.werneth');
    const tampered = { ...ref, address: { reference: { ...(ref.address as any).reference, serviceUrl: 'https://attacker.example/' } } };
    await expect(t.teams.channel.send(tampered, { text: 'hello' })).rejects.toBeInstanceOf(PermanentFailure);
  });

  it('uses Microsoft\'s Bot Connector hosts when no allow-list is configured', async () => {
    const strict = await startTeams({ appId: APP_ID, auth: true, env: { TEAMS_SERVICE_URL_ALLOWLIST: '' } });
    try {
      const allow = strict.teams.allowList;
      expect(allow.allows('https://smba.trafficmanager.net/uk/')).toBe(true);
      expect(allow.allows('https://europe.webchat.botframework.com/')).toBe(true);
      expect(allow.allows('https://botframework.com.attacker.example/')).toBe(false);
      expect(allow.allows('http://smba.trafficmanager.net/uk/')).toBe(false);
      const dsl = strict.person('dsl.werneth');
      const res = await strict.post(strict.activities.personal(dsl, 'help'), { token: strict.auth!.mint() });
      expect(res.status).toBe(403);
      expect(await strict.app.services.conversations.forPerson('dsl.werneth')).toEqual([]);
    } finally {
      await strict.close();
    }
  });
});
