/**
 * Forged Bot Framework tokens are refused with 401 without fetching any key (alg none, HS256)
 * or after one look (a self-signed RS256 key); when Microsoft's signing keys cannot be fetched
 * the answer is 503 with Retry-After, logged once; botbuilder's console output (which prints the
 * signing key) never reaches the console. A connection that drips its body is closed by the
 * server, and /readyz tells its reasons only to this machine or to OPS_TOKEN.
 */
import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import net from 'node:net';
import pino from 'pino';
import { createApp } from '../../bot/app';
import { DEFAULT_TIMEOUTS } from '../../bot/http-timeouts';
import { MemoryStore } from '../../storage/memory/memory-store';
import { freePort } from '../helpers/redis-server';
import { sampleConfigData, settingsFrom } from '../helpers/app';
import { startTeams } from '../teams/harness';

jest.setTimeout(90_000);

const APP_ID = '6b1f5c1e-0000-4000-8000-00000000b0b2';
const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const claims = () => {
  const now = Math.floor(Date.now() / 1000);
  return { iss: 'https://api.botframework.com', aud: APP_ID, nbf: now - 60, iat: now - 60, exp: now + 3600 };
};

function forged(kind: 'none' | 'hs256' | 'self-signed', kid = 'test-kid'): string {
  const payload = enc(claims());
  if (kind === 'none') return `${enc({ alg: 'none', typ: 'JWT', kid })}.${payload}.`;
  if (kind === 'hs256') {
    const head = enc({ alg: 'HS256', typ: 'JWT', kid });
    return `${head}.${payload}.${createHmac('sha256', 'guessed').update(`${head}.${payload}`).digest('base64url')}`;
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const head = enc({ alg: 'RS256', typ: 'JWT', kid: 'made-up-key' });
  return `${head}.${payload}.${createSign('RSA-SHA256').update(`${head}.${payload}`).sign(privateKey).toString('base64url')}`;
}

describe('forged Bot Framework tokens', () => {
  it('refuses alg none and HS256 with 401 before fetching any key, and a self-signed RS256 token with 401', async () => {
    const t = await startTeams({ appId: APP_ID, auth: true });
    try {
      const activity = t.activities.personal(t.person('dsl.werneth'), 'help');
      for (const kind of ['none', 'hs256'] as const) {
        const res = await t.post(activity, { token: forged(kind, t.auth!.identity.kid) });
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ code: 'Unauthorized', message: 'a valid Bot Framework token is needed' });
      }
      expect(t.auth!.identity.fetched).toEqual([]);
      expect((await t.post(activity, { token: forged('self-signed') })).status).toBe(401);
      expect(t.connector.requests).toHaveLength(0);
    } finally {
      await t.close();
    }
  });

  it("keeps botbuilder's console output (the signing key, the token error) off the console", async () => {
    const printed: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void printed.push(args);
    try {
      const t = await startTeams({ appId: APP_ID, auth: true });
      try {
        const res = await t.post(t.activities.personal(t.person('dsl.werneth'), 'help'), { token: t.auth!.mint({ wrongKey: true }) });
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ code: 'Unauthorized', message: 'a valid Bot Framework token is needed' });
      } finally {
        await t.close();
      }
      expect(printed).toEqual([]);
    } finally {
      console.error = original;
    }
  });
});

describe("Microsoft's signing keys unreachable", () => {
  it('answers 503 with Retry-After (never 500), and says so in the log once', async () => {
    const lines: Record<string, any>[] = [];
    const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    const nowhere = `http://127.0.0.1:${await freePort()}/v1/.well-known/openidconfiguration`;
    const t = await startTeams({ appId: APP_ID, auth: true, log, teams: { endpoints: { ToBotFromChannelOpenIdMetadataUrl: nowhere, ToBotFromEmulatorOpenIdMetadataUrl: nowhere } } });
    try {
      for (let i = 0; i < 3; i++) {
        const res = await t.post(t.activities.personal(t.person('dsl.werneth'), 'help'), { token: t.auth!.mint() });
        expect(res.status).toBe(503);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(lines.filter((l) => /signing keys cannot be fetched/.test(l.msg))).toHaveLength(1);
      expect(t.connector.requests).toHaveLength(0);
    } finally {
      await t.close();
    }
  });
});

describe('the HTTP server', () => {
  it(`closes a connection that drips its body (limits: request ${DEFAULT_TIMEOUTS.requestMs / 1000} s, checked every ${DEFAULT_TIMEOUTS.checkEveryMs / 1000} s), and keeps serving`, async () => {
    expect(DEFAULT_TIMEOUTS.requestMs + DEFAULT_TIMEOUTS.checkEveryMs).toBeLessThanOrEqual(30_000);
    const t = await startTeams();
    try {
      const { port } = new URL(t.url);
      const socket = net.connect(Number(port), '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      socket.write('POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{');
      let sent = 1;
      const drip = setInterval(() => {
        if (!socket.destroyed) socket.write(' ');
        sent++;
      }, 1000);
      let answer = '';
      socket.on('data', (d) => (answer += String(d)));
      socket.on('error', () => undefined);
      await new Promise((r) => socket.once('close', r));
      clearInterval(drip);
      // Closed by the server long before the body could have been finished at this rate.
      expect(sent).toBeLessThan(100_000);
      expect(answer === '' || /^HTTP\/1\.1 408/.test(answer)).toBe(true);
      expect((await t.post(t.activities.personal(t.person('dsl.werneth'), 'help'))).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('/readyz: the status code to anyone, the reasons only to this machine or with OPS_TOKEN', async () => {
    const token = 'ops-token-0123456789abcdef0123';
    const app = createApp({ settings: settingsFrom(sampleConfigData(), { OPS_TOKEN: token }), store: new MemoryStore(), log: pino({ level: 'silent' }) });
    const port = await app.start(0);
    try {
      const url = `http://127.0.0.1:${port}/readyz`;
      const local = await fetch(url);
      expect(local.status).toBe(200);
      expect(await local.json()).toMatchObject({ ok: true, details: { storage: 'memory' } });
      // Relayed by a proxy: not this machine, whatever the socket says.
      const relayed = await fetch(url, { headers: { 'X-Forwarded-For': '203.0.113.9' } });
      expect(relayed.status).toBe(200);
      expect(await relayed.text()).toBe('');
      const wrong = await fetch(url, { headers: { 'X-Forwarded-For': '203.0.113.9', Authorization: 'Bearer not-the-token-000000000000' } });
      expect(await wrong.text()).toBe('');
      const withToken = await fetch(url, { headers: { 'X-Forwarded-For': '203.0.113.9', Authorization: `Bearer ${token}` } });
      expect(await withToken.json()).toMatchObject({ ok: true, details: { storage: 'memory' } });
    } finally {
      await app.stop();
    }
  });
});
