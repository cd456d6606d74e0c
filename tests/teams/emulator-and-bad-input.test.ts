/**
 * Emulator mode (no app id): choosing whom to act as. And what the route does with input that
 * is not a proper activity: a 4xx or a quiet ignore, never a crash or a stack trace.
 */
import { startTeams, type TeamsTest, shownText } from './harness';

/** What the Bot Framework Emulator sends: no aadObjectId, no tenant. */
function emulatorMessage(t: TeamsTest, text: string, userId = 'emulator-user-1') {
  return {
    type: 'message',
    id: `emu-${Math.random().toString(36).slice(2)}`,
    channelId: 'emulator',
    serviceUrl: t.connector.url,
    from: { id: userId, name: 'User', role: 'user' },
    recipient: { id: 'bot-1', name: 'Bot', role: 'bot' },
    conversation: { id: `conv-${userId}` },
    text,
  };
}

describe('Teams in Emulator mode', () => {
  let t: TeamsTest;
  beforeEach(async () => {
    t = await startTeams();
  });
  afterEach(() => t.close());

  it('asks someone not in the directory whom to act as, listing the sample people', async () => {
    await t.post(emulatorMessage(t, 'hello'));
    const [reply] = await t.connector.waitForSent(1);
    expect(shownText(reply)).toMatch(/as <person id>/);
    expect(shownText(reply)).toContain('dsl.werneth');
    expect(shownText(reply)).toContain('sw.amira');
    expect(JSON.stringify(reply.body.attachments[0].content)).toContain('Input.ChoiceSet');
  });

  it('says when the chosen id is not a person, then acts as a real one and remembers it', async () => {
    await t.post(emulatorMessage(t, 'as nobody.here'));
    await t.post(emulatorMessage(t, 'as dsl.werneth'));
    await t.post(emulatorMessage(t, 'help'));
    const texts = (await t.connector.waitForSent(3)).map((r) => shownText(r));
    expect(texts[0]).toMatch(/"nobody.here" is not a person/);
    expect(texts[1]).toMatch(/You are now Priya Shah/);
    expect(texts[2]).toMatch(/Designated Safeguarding Lead/);
    expect((await t.app.services.conversations.forPerson('dsl.werneth')).map((r) => r.platform)).toEqual(['teams']);
  });

  it('switches with the picker card too', async () => {
    await t.post({ ...emulatorMessage(t, ''), text: undefined, value: { swis: { verb: 'teams.emulator.as', data: {} }, personId: 'tm.grace' } });
    await t.post(emulatorMessage(t, 'help'));
    const texts = (await t.connector.waitForSent(2)).map((r) => shownText(r));
    expect(texts[0]).toMatch(/You are now Grace/);
    expect(texts[1]).toMatch(/team manager/);
  });
});

describe('bad input on /api/messages', () => {
  let t: TeamsTest;
  beforeAll(async () => {
    t = await startTeams({ teams: { maxBodyBytes: 64 * 1024 } });
  });
  afterAll(() => t.close());

  const noStack = (text: string) => expect(text).not.toMatch(/\bat .+:\d+:\d+|node_modules|Error:/);

  it('answers malformed JSON with 400', async () => {
    const res = await t.post(undefined, { raw: '{"type": "message", ' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 'BadRequest', message: 'body is not JSON' });
  });

  it.each([
    ['an array', []],
    ['a number', 42],
    ['no type', { channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9', conversation: { id: 'c' }, from: { id: 'u' }, recipient: { id: 'b' } }],
    ['no serviceUrl', { type: 'message', channelId: 'msteams', conversation: { id: 'c' }, from: { id: 'u' }, recipient: { id: 'b' } }],
    ['a serviceUrl that is not http', { type: 'message', channelId: 'msteams', serviceUrl: 'file:///etc/passwd', conversation: { id: 'c' }, from: { id: 'u' }, recipient: { id: 'b' } }],
    ['no conversation', { type: 'message', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9', from: { id: 'u' }, recipient: { id: 'b' } }],
  ])('answers an activity with %s with 400 naming what is missing', async (_name, body) => {
    const res = await t.post(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('BadRequest');
    noStack(res.text);
  });

  it('answers an oversized body with 413 and keeps serving', async () => {
    const dsl = t.person('dsl.werneth');
    const huge = { ...t.activities.personal(dsl, 'help'), padding: 'x'.repeat(200 * 1024) };
    const res = await t.post(huge);
    expect(res.status).toBe(413);
    noStack(res.text);
    expect((await t.post(t.activities.personal(dsl, 'help'))).status).toBe(200);
  });

  it('ignores activity types it has no use for, with a 200 and nothing sent', async () => {
    const dsl = t.person('dsl.werneth');
    t.connector.clear();
    for (const type of ['typing', 'messageReaction', 'event', 'endOfConversation', 'somethingNew']) {
      const res = await t.post({ ...t.activities.personal(dsl, ''), type });
      expect(res.status).toBe(200);
    }
    expect((await t.post({ ...t.activities.personal(dsl, ''), type: 'conversationUpdate', membersRemoved: [{ id: 'x' }] })).status).toBe(200);
    expect((await t.post(t.activities.personal(dsl, '   '))).status).toBe(200);
    await t.settle();
    expect(t.connector.requests).toHaveLength(0);
  });

  it('survives odd shapes inside a valid activity (non-object value, bad entities, missing action)', async () => {
    const dsl = t.person('dsl.werneth');
    const odd = [
      { ...t.activities.personal(dsl, 'help'), entities: [{ type: 'mention' }, { type: 'mention', mentioned: 'x' }, null].filter(Boolean) },
      { ...t.activities.submit(dsl, 'x'), value: 'not an object' },
      { ...t.activities.execute(dsl, 'x'), value: null },
      { ...t.activities.execute(dsl, 'x'), value: { action: { verb: 42 } } },
    ];
    for (const a of odd) {
      const res = await t.post(a);
      expect(res.status).toBeLessThan(500);
      noStack(res.text);
    }
    expect((await fetch(t.url.replace('/api/messages', '/healthz'))).status).toBe(200);
  });

  it('refuses other methods without a stack', async () => {
    const res = await fetch(t.url, { method: 'GET' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    noStack(await res.text());
  });
});
