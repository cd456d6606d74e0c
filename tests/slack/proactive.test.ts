/**
 * Proactive messages by person through Slack (reminders, escalations, digests), and dedupe
 * across two processes sharing one Redis.
 */
import { FakeSlackApi, startSlack, type SlackTest } from './harness';
import { deletePrefix, testRedisUrl, uniquePrefix } from '../helpers/app';
import { messageReaches } from '../helpers/bot-server';

describe('Slack proactive messages', () => {
  let s: SlackTest;
  afterEach(() => s.close());

  it("opens the person's DM when they have never talked to the bot, and remembers it", async () => {
    s = await startSlack();
    const id = await s.app.services.notifier.toPerson('sw.amira', { text: 'New consultation from Werneth School' });
    const [post] = await s.fake.waitFor('chat.postMessage');
    expect(s.fake.of('conversations.open')[0].params.users).toBe('U0SWIS0004');
    expect(post.params).toMatchObject({ channel: 'D0SWIS0004', text: 'New consultation from Werneth School' });
    await messageReaches(s.app, id, 'sent');
    expect((await s.app.services.conversations.forPerson('sw.amira'))[0]).toMatchObject({ platform: 'slack', id: 'D0SWIS0004' });
    expect(await s.app.services.notifier.reachable('sw.amira')).toBe(true);
  });

  it('honours a 429 with Retry-After and delivers afterwards', async () => {
    s = await startSlack();
    s.fake.failNext('chat.postMessage', { status: 429, headers: { 'Retry-After': '1' } });
    const id = await s.app.services.notifier.toPerson('sw.amira', { text: 'Drop-in reminder' });
    const posts = await s.fake.waitFor('chat.postMessage', 2);
    expect(posts.map((p) => p.params.text)).toEqual(['Drop-in reminder', 'Drop-in reminder']);
    await messageReaches(s.app, id, 'sent');
  });

  it('gives up at once on a hopeless error and tells whoever asked', async () => {
    s = await startSlack();
    s.fake.failNext('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    const id = await s.app.services.notifier.toPerson('sw.amira', { text: 'Your answer' }, { tellOnFailure: 'dsl.werneth', describe: 'Your message to Amira' });
    expect(await messageReaches(s.app, id, 'failed')).toMatchObject({ status: 'failed', failure: 'slack refused: channel_not_found' });
    const posts = await s.fake.waitFor('chat.postMessage', 2);
    expect(posts[1].params.text).toMatch(/^Your message to Amira could not be delivered/);
  });

  it('does not wait out a slow Slack: a 5xx becomes another try later', async () => {
    s = await startSlack();
    s.fake.failNext('chat.postMessage', { status: 503, body: { ok: false } });
    s.fake.failNext('chat.postMessage', { status: 503, body: { ok: false } });
    const id = await s.app.services.notifier.toPerson('sw.amira', { text: 'Digest ready' });
    await messageReaches(s.app, id, 'sent');
    expect(s.fake.of('chat.postMessage').length).toBeGreaterThanOrEqual(3);
  });
});

describe('Slack across two processes sharing Redis', () => {
  it('handles an event once when Slack retries it at the other process', async () => {
    const fake = await new FakeSlackApi().start();
    const prefix = uniquePrefix();
    const a = await startSlack({ redis: true, prefix, fake });
    const b = await startSlack({ redis: true, prefix, fake });
    try {
      const req = a.dm('U0SWIS0004', 'help', {}, { eventId: 'EvTwoProc1' });
      const [ra, rb] = await Promise.all([a.send(req), b.send(req, { retryNum: 1 })]);
      expect([ra.status, rb.status]).toEqual([200, 200]);
      await b.send(req, { retryNum: 2 });
      await Promise.all([a.idle(), b.idle()]);
      expect(fake.of('chat.postMessage')).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
      await fake.close();
      await deletePrefix(testRedisUrl(), prefix);
    }
  });
});
