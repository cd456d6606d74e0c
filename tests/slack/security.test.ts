/**
 * The gate in front of /slack/events: only genuine, fresh, well-formed Slack requests reach
 * the bot. Everything else is refused with a 4xx and nothing is handled or stored.
 */
import http from 'node:http';
import { eventCallback, signedHeaders, startSlack, type SlackTest, type SlackRequest } from './harness';

describe('Slack request gate', () => {
  let s: SlackTest;
  beforeEach(async () => {
    s = await startSlack();
  });
  afterEach(() => s.close());

  /** Nothing reached the core: no Web API call, no conversation stored for Amira. */
  async function nothingHandled() {
    await s.idle();
    expect(s.fake.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
    expect(await s.app.services.conversations.forPerson('sw.amira')).toEqual([]);
  }

  const now = () => Math.floor(Date.now() / 1000);

  it('refuses a forged signature, a missing one, and a body changed after signing with 401', async () => {
    const req = s.dm('U0SWIS0004', 'help');
    expect((await s.send(req, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await s.send(req, { unsigned: true })).status).toBe(401);
    const tampered: SlackRequest = { ...req, headers: { 'X-Slack-Signature': 'v0=' + '0'.repeat(64) } };
    expect((await s.send(tampered)).status).toBe(401);
    const other = s.dm('U0SWIS0004', 'consult');
    const signedForOther = await fetch(`${s.baseUrl}/slack/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...signedHeaders(other.body) },
      body: req.body,
    });
    expect(signedForOther.status).toBe(401);
    await nothingHandled();
  });

  it('refuses a replayed request older than five minutes, and one from the future', async () => {
    const req = s.dm('U0SWIS0004', 'help');
    expect((await s.send(req, { timestamp: now() - 6 * 60 })).status).toBe(401);
    expect((await s.send(req, { timestamp: now() + 6 * 60 })).status).toBe(401);
    expect((await s.send(req, { timestamp: 'soon' as unknown as number })).status).toBe(401);
    await nothingHandled();
  });

  it('does not answer the url_verification challenge without a valid signature', async () => {
    const body = JSON.stringify({ token: 't', challenge: 'c-123', type: 'url_verification' });
    const res = await s.send({ contentType: 'application/json', body }, { secret: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('c-123');
  });

  it('refuses malformed bodies, even signed, with 400 or 415', async () => {
    const bad: [SlackRequest, number][] = [
      [{ contentType: 'application/json', body: '{"type":"event_callback",' }, 400],
      [{ contentType: 'application/json', body: '[1,2,3]' }, 400],
      [{ contentType: 'application/x-www-form-urlencoded', body: 'payload=%7Bnot-json' }, 400],
      [{ contentType: 'application/x-www-form-urlencoded', body: 'hello=world' }, 400],
      [{ contentType: 'text/plain', body: 'help' }, 415],
    ];
    for (const [req, status] of bad) expect([(await s.send(req)).status, req.body]).toEqual([status, req.body]);
    await nothingHandled();
  });

  it('refuses an oversized body with 413 before reading it all', async () => {
    const huge = eventCallback({ type: 'message', channel: 'D0SWIS0004', channel_type: 'im', user: 'U0SWIS0004', text: 'x'.repeat(1024 * 1024 + 10) });
    const res = await s.send(huge);
    expect(res.status).toBe(413);
    await nothingHandled();
  });

  it('refuses an oversized body sent without a length (chunked) with 413', async () => {
    const { port } = new URL(s.baseUrl);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/slack/events', method: 'POST', headers: { 'Content-Type': 'application/json', ...signedHeaders('{}') } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < 20 && req.write(chunk)) sent++;
        if (sent < 20) req.once('drain', () => (sent++, pump()));
        else req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    await nothingHandled();
  });

  it('refuses a workspace that is not in the configuration: 403, told not to retry, nothing stored', async () => {
    const req = s.dm('U0SWIS0004', 'help', {}, { team: 'T0STRANGER', eventId: 'EvStranger1' });
    const res = await fetch(`${s.baseUrl}/slack/events`, {
      method: 'POST',
      headers: { 'Content-Type': req.contentType, ...signedHeaders(req.body) },
      body: req.body,
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-slack-no-retry')).toBe('1');
    await nothingHandled();
    // No dedupe mark or claim was written for it either.
    expect(await s.store.get('slack-handled', 'event:EvStranger1')).toBeUndefined();
    expect(await s.store.claim('slack:handling:event:EvStranger1', 1000)).toBe(true);
  });
});
