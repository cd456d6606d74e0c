/**
 * With an app id set: Bot Framework tokens checked against OpenID metadata served on loopback,
 * replies sent with the bot's own token, and only the configured tenant served.
 */
import Redis from 'ioredis';
import pino from 'pino';
import { testRedisUrl } from '../helpers/app';
import { startTeams, type TeamsTest, shownText } from './harness';

const APP_ID = '6b1f5c1e-0000-4000-8000-00000000b0b0';

describe('Teams with an app id', () => {
  let t: TeamsTest;
  beforeEach(async () => {
    t = await startTeams({ appId: APP_ID, auth: true, redis: true });
  });
  afterEach(() => t.close());

  it('lets a valid token through and replies with the bot\'s own token', async () => {
    const dsl = t.person('dsl.werneth');
    const res = await t.post(t.activities.personal(dsl, 'help'), { token: t.auth!.mint() });
    expect(res.status).toBe(200);
    const [reply] = await t.connector.waitForSent(1);
    expect(shownText(reply)).toMatch(/Designated Safeguarding Lead/);
    expect(reply.authorization).toBe(`Bearer ${t.auth!.credentials.token}`);
  });

  const refused: [string, () => string | undefined][] = [
    ['no token', () => undefined],
    ['an expired token', () => t.auth!.mint({ expiresIn: -3600 })],
    ['a token for another app', () => t.auth!.mint({ aud: 'someone-elses-app' })],
    ['a token signed with a key the metadata does not publish', () => t.auth!.mint({ wrongKey: true })],
    ['a token from an unknown issuer', () => t.auth!.mint({ iss: 'https://evil.example' })],
    ['a token for another serviceUrl', () => t.auth!.mint({ serviceUrl: 'http://127.0.0.1:9/' })],
  ];
  it.each(refused)('refuses %s with 401 before the core sees anything', async (_name, token) => {
    const dsl = t.person('dsl.werneth');
    const activity = t.activities.personal(dsl, 'help');
    const res = await t.post(activity, { token: token() });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 'Unauthorized', message: 'a valid Bot Framework token is needed' });
    await t.settle();
    expect(t.connector.requests).toHaveLength(0);
    expect(await t.app.services.conversations.forPerson('dsl.werneth')).toEqual([]);
  });

  it('refuses a tenant it does not serve, logs it by id and stores nothing from it', async () => {
    const outsider = t.stranger('99999999-9999-4999-8999-999999999999');
    const res = await t.post(t.activities.personal(outsider, 'help'), { token: t.auth!.mint() });
    expect(res.status).toBe(403);
    await t.settle();
    expect(t.connector.requests).toHaveLength(0);
    const redis = new Redis(testRedisUrl());
    try {
      const keys = await redis.keys(`${(t.app.services.store as unknown as { prefix: string }).prefix ?? ''}*`);
      expect(keys.filter((k) => k.includes('99999999') || k.includes(outsider.aadObjectId) || k.includes('teams:'))).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });

  it('answers someone in the tenant who is not in the directory politely, and does not offer "as"', async () => {
    const stranger = t.stranger();
    await t.post(t.activities.personal(stranger, 'as dsl.werneth'), { token: t.auth!.mint() });
    const [reply] = await t.connector.waitForSent(1);
    expect(shownText(reply)).toMatch(/don't have you in my directory/);
    expect(await t.app.services.conversations.forPerson('dsl.werneth')).toEqual([]);
  });

  it('treats "as" from a known person as ordinary text', async () => {
    await t.post(t.activities.personal(t.person('sw.amira'), 'as dsl.werneth'), { token: t.auth!.mint() });
    const [reply] = await t.connector.waitForSent(1);
    expect(shownText(reply)).toMatch(/didn't understand/);
  });
});

describe('Teams refusing a tenant it does not serve', () => {
  it('writes a log line with ids only', async () => {
    const lines: any[] = [];
    const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    const t = await startTeams({ appId: APP_ID, auth: true, log });
    try {
      const outsider = t.stranger('99999999-9999-4999-8999-999999999999');
      const activity = t.activities.personal(outsider, 'my pupil in Year 9 told me something');
      expect((await t.post(activity, { token: t.auth!.mint() })).status).toBe(403);
      const refusal = lines.find((l) => /tenant this authority does not serve/.test(l.msg));
      expect(refusal).toMatchObject({ tenantId: outsider.tenantId, activityId: activity.id, type: 'message' });
      expect(JSON.stringify(lines)).not.toContain('Year 9');
      expect(JSON.stringify(lines)).not.toContain(outsider.name);
    } finally {
      await t.close();
    }
  });
});
