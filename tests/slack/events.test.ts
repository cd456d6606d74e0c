/**
 * Events API end to end: DMs and @mentions reach the core and the answers reach Slack where
 * the person asked; retries are handled once, and a turn that failed after the ack is run again
 * from storage by the bot itself (Slack does not retry an event it had a 200 for).
 */
import type { MessageEvent } from '../../bot/core/events';
import { MemoryStore } from '../../storage/memory/memory-store';
import type { PutOptions } from '../../storage/store';
import { addProbe } from '../helpers/probe';
import { BOT_TOKEN, startSlack, type SlackTest } from './harness';

/** A memory store whose next writes of one collection fail, as a storage outage would. */
class FailingWrites extends MemoryStore {
  failures = 0;
  override async put<T>(collection: string, id: string, doc: T, opts?: PutOptions): Promise<void> {
    if (collection === 'conversation-person' && this.failures > 0) {
      this.failures--;
      throw new Error('storage unavailable');
    }
    return super.put(collection, id, doc, opts);
  }
}

describe('Slack events', () => {
  let s: SlackTest;
  afterEach(() => s.close());

  it('answers the url_verification challenge', async () => {
    s = await startSlack();
    const body = JSON.stringify({ token: 't', challenge: 'ch4llenge-xyz', type: 'url_verification' });
    const res = await s.send({ contentType: 'application/json', body });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ challenge: 'ch4llenge-xyz' });
  });

  it('answers a DM in the DM, as a Block Kit card with a notification text, using the bot token', async () => {
    s = await startSlack();
    const res = await s.send(s.dm('U0SWIS0004', 'help'));
    expect(res.status).toBe(200);
    const [post] = await s.fake.waitFor('chat.postMessage');
    expect(post.token).toBe(BOT_TOKEN);
    expect(post.params.channel).toBe('D0SWIS0004');
    expect(post.params.thread_ts).toBeUndefined();
    expect(post.params.text).toMatch(/link social worker/);
    expect(post.params.blocks[0]).toMatchObject({ type: 'header', text: { text: 'What I can do for you, Amira' } });
    // The DM is remembered, so later reminders reach Amira there without opening anything.
    expect((await s.app.services.conversations.forPerson('sw.amira')).map((r) => r.id)).toEqual(['D0SWIS0004']);
    await s.app.services.notifier.toPerson('sw.amira', { text: 'Reminder: drop-in at 10:00' });
    const posts = await s.fake.waitFor('chat.postMessage', 2);
    expect(posts[1].params).toMatchObject({ channel: 'D0SWIS0004', text: 'Reminder: drop-in at 10:00' });
    expect(s.fake.of('conversations.open')).toEqual([]);
  });

  it('answers an @mention in a channel in its thread, without the mention in the text the core sees', async () => {
    let seen: ReturnType<typeof addProbe> = [];
    s = await startSlack({ setup: (app) => void (seen = addProbe(app)) });
    await s.send(s.mention('U0SWIS0004', 'probe echo hello team'));
    const [post] = await s.fake.waitFor('chat.postMessage');
    expect(post.params).toMatchObject({ channel: 'C0SWISTAS', thread_ts: '1700000000.000200', text: 'echo: hello team' });
    expect((seen[0] as MessageEvent).text).toBe('probe echo hello team');
    expect(seen[0].conversation).toMatchObject({ kind: 'channel', id: 'C0SWISTAS' });

    await s.send(s.mention('U0SWIS0004', 'probe echo again', 'C0SWISTAS', { ts: '1700000000.000900', thread_ts: '1700000000.000500' }));
    const posts = await s.fake.waitFor('chat.postMessage', 2);
    expect(posts[1].params.thread_ts).toBe('1700000000.000500');
  });

  it('writes other people mentioned as @Name and tells the core who they are', async () => {
    let seen: ReturnType<typeof addProbe> = [];
    s = await startSlack({ setup: (app) => void (seen = addProbe(app)) });
    await s.send(s.dm('U0SWIS0010', 'probe echo ask <@U0SWIS0004> &amp; <@U0SWIS0005|ben> about <https://example.org|the plan>'));
    await s.fake.waitFor('chat.postMessage');
    const event = seen[0] as MessageEvent;
    expect(event.text).toBe('probe echo ask @Amira Hassan & @Ben Carter about the plan');
    expect(event.mentions?.map((m) => [m.user.userId, m.text])).toEqual([
      ['U0SWIS0004', '@Amira Hassan'],
      ['U0SWIS0005', '@Ben Carter'],
    ]);
  });

  it('ignores edits, bot messages (its own included) and other subtypes', async () => {
    s = await startSlack();
    await s.send(s.dm('U0SWIS0004', 'help', { subtype: 'message_changed' }));
    await s.send(s.dm('U0SWIS0004', 'help', { bot_id: 'B0SWISBOT' }));
    await s.send(s.dm('U0SWISBOT', 'help'));
    await s.send(s.dm('U0SWIS0004', 'help', { subtype: 'file_share' }));
    await s.idle();
    expect(s.fake.of('chat.postMessage')).toEqual([]);
  });

  it('handles a retried event once, whether the retry comes after or alongside the first delivery', async () => {
    s = await startSlack();
    const first = s.dm('U0SWIS0004', 'help', {}, { eventId: 'EvOnce1' });
    expect((await s.send(first)).status).toBe(200);
    expect((await s.send(first, { retryNum: 1 })).status).toBe(200);
    expect((await s.send(first, { retryNum: 2 })).status).toBe(200);

    const second = s.dm('U0SWIS0004', 'help', {}, { eventId: 'EvOnce2' });
    const statuses = await Promise.all([s.send(second), s.send(second, { retryNum: 1 }), s.send(second, { retryNum: 2 })]);
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 200]);
    await s.idle();
    expect(s.fake.of('chat.postMessage')).toHaveLength(2);
  });

  it('does not lose an event whose handling failed after the ack: the person is told, the bot runs it again from storage, once', async () => {
    const store = new FailingWrites();
    let at = Date.parse('2026-11-30T10:00:00Z');
    s = await startSlack({ store, now: () => new Date(at) });
    store.failures = 1;
    const req = s.dm('U0SWIS0004', 'help', {}, { eventId: 'EvFlaky1' });
    expect((await s.send(req)).status).toBe(200);
    const [sorry] = await s.fake.waitFor('chat.postMessage');
    expect(sorry.params.text).toMatch(/couldn't finish that just now. I'll try again by myself/);
    await s.idle();

    // Slack does not retry an event it had a 200 for; if a copy comes anyway it is not a second turn.
    expect((await s.send(req, { retryNum: 1 })).status).toBe(200);
    await s.idle();
    expect(s.fake.of('chat.postMessage')).toHaveLength(1);

    // The event was stored before the ack: after the back-off the bot runs it again itself.
    at += 60_000;
    expect(await s.app.recovery.sweep()).toEqual(['done']);
    const posts = await s.fake.waitFor('chat.postMessage', 2);
    expect(posts[1].params.channel).toBe('D0SWIS0004');
    expect(posts[1].params.blocks[0].text.text).toBe('What I can do for you, Amira');
    at += 60_000;
    expect(await s.app.recovery.sweep()).toEqual([]);
    await s.send(req, { retryNum: 2 });
    await s.idle();
    expect(s.fake.of('chat.postMessage')).toHaveLength(2);
  });

  it('asks the person to try again once the tries run out, and stops', async () => {
    const store = new FailingWrites();
    let at = Date.parse('2026-11-30T10:00:00Z');
    s = await startSlack({ store, now: () => new Date(at) });
    store.failures = 10;
    expect((await s.send(s.dm('U0SWIS0004', 'help', {}, { eventId: 'EvBroken1' }))).status).toBe(200);
    await s.fake.waitFor('chat.postMessage');
    await s.idle();
    for (let i = 0; i < 2; i++) {
      at += 10 * 60_000;
      await s.app.recovery.sweep();
    }
    const posts = await s.fake.waitFor('chat.postMessage', 2);
    expect(posts[1].params.text).toMatch(/couldn't finish that just now. Please try again in a minute/);
    expect(posts[1].params.text).toContain('999');
    at += 10 * 60_000;
    expect(await s.app.recovery.sweep()).toEqual([]);
    expect(s.fake.of('chat.postMessage')).toHaveLength(2);
  });
});
