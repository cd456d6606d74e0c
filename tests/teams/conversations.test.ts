/**
 * Teams end to end in Emulator mode (no app id, so no tokens): the real server, a fake Bot
 * Connector on loopback, Teams-shaped activities in, the activities Teams would show out.
 */
import { MemoryStore } from '../../storage/memory/memory-store';
import type { PutOptions } from '../../storage/store';
import { z } from 'zod';
import { defineAction } from '../../bot/core/actions';
import { startTeams, type TeamsTest, shownText } from './harness';

/** A memory store whose next writes of where to reach a person fail, as a broken step in a turn would. */
class FailingWrites extends MemoryStore {
  failures = 0;
  override async put<T>(collection: string, id: string, doc: T, opts?: PutOptions): Promise<void> {
    if (collection === 'conversation-person' && this.failures > 0) {
      this.failures--;
      throw new Error('the write broke');
    }
    return super.put(collection, id, doc, opts);
  }
}

describe('Teams conversations', () => {
  let t: TeamsTest;
  beforeEach(async () => {
    t = await startTeams({ redis: true, teams: { lockWaitMs: 1500 } });
  });
  afterEach(() => t.close());

  it('answers a 1:1 message with a reply in that chat carrying an Adaptive Card', async () => {
    const dsl = t.person('dsl.werneth');
    const activity = t.activities.personal(dsl, 'help');
    const res = await t.post(activity);
    expect(res.status).toBe(200);
    const [reply] = await t.connector.waitForSent(1);
    expect(reply.conversationId).toBe(activity.conversation.id);
    expect(reply.replyToId).toBe(activity.id);
    expect(shownText(reply)).toMatch(/Designated Safeguarding Lead/);
    const [attachment] = reply.body.attachments;
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment.content).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(JSON.stringify(attachment.content)).toContain('What I can do for you, Priya');
  });

  it('remembers the 1:1 conversation so proactive messages reach the person later', async () => {
    const amira = t.person('sw.amira');
    await t.post(t.activities.personal(amira, 'help'));
    t.connector.clear();
    const id = await t.app.services.notifier.toPerson('sw.amira', { text: 'New consultation from Werneth School' });
    await t.settle();
    const [sent] = await t.connector.waitForSent(1);
    expect(sent.conversationId).toBe(`a:personal-${amira.aadObjectId}`);
    expect(sent.replyToId).toBeUndefined();
    expect(shownText(sent)).toBe('New consultation from Werneth School');
    expect((await t.app.services.notifier.status(id))?.status).toBe('sent');
  });

  it('understands a channel message that @mentions the bot and answers in the same thread', async () => {
    const dsl = t.person('dsl.werneth');
    const activity = t.activities.channel(dsl, 'help');
    expect(activity.text).toBe('<at>SWIS</at> help');
    await t.post(activity);
    const [reply] = await t.connector.waitForSent(1);
    expect(reply.conversationId).toBe('19:werneth-tas@thread.tacv2;messageid=1700000000001');
    expect(shownText(reply)).toMatch(/Designated Safeguarding Lead/);
    const saved = await t.app.services.conversations.conversation('teams', '19:werneth-tas@thread.tacv2');
    expect(saved?.kind).toBe('channel');
    expect((saved?.address as any).reference.serviceUrl).toBe(t.connector.url);
  });

  it('hands the core other people mentioned in a channel message, and nobody else', async () => {
    const seen: { text: string; mentions: string[] }[] = [];
    t.app.router.command({ name: 'assign', summary: 'test' }, async (turn) => {
      if (turn.event.type === 'message') seen.push({ text: turn.event.text, mentions: (turn.event.mentions ?? []).map((m) => m.user.userId) });
      turn.reply('ok');
    });
    const chair = t.person('tas.leon');
    const amira = t.person('sw.amira');
    await t.post(t.activities.channel(chair, 'assign', { mentions: [amira] }));
    await t.connector.waitForSent(1);
    expect(seen).toEqual([{ text: `assign @${amira.name}`, mentions: [amira.aadObjectId] }]);
  });

  it('answers in a group chat when mentioned', async () => {
    await t.post(t.activities.groupChat(t.person('sw.amira'), 'help'));
    const [reply] = await t.connector.waitForSent(1);
    expect(reply.conversationId).toBe('19:group-chat@thread.v2');
    expect(shownText(reply)).toMatch(/link social worker/);
  });

  it('answers an Action.Execute invoke with a non-empty invoke response and sends the replies', async () => {
    const dsl = t.person('dsl.werneth');
    const res = await t.post(t.activities.execute(dsl, 'help.show', { swis: { verb: 'help.show', data: {} } }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect(res.body.value).toMatch(/Designated Safeguarding Lead/);
    const [reply] = await t.connector.waitForSent(1);
    expect(JSON.stringify(reply.body.attachments[0].content)).toContain('What I can do for you, Priya');
  });

  it('gives an invoke it does not handle a non-empty answer instead of an error', async () => {
    const dsl = t.person('dsl.werneth');
    const res = await t.post({ ...t.activities.execute(dsl, 'x'), name: 'composeExtension/query', value: { commandId: 'search' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: expect.any(String) });
    const stale = await t.post(t.activities.execute(dsl, 'no.such.verb'));
    expect(stale.status).toBe(200);
    expect(stale.body.value).toMatch(/older version of this card/);
  });

  it('greets a known person once on install with a welcome card for their roles, and saves the chat', async () => {
    const dsl = t.person('dsl.werneth');
    expect((await t.post(t.activities.installation(dsl))).status).toBe(200);
    expect((await t.post(t.activities.botAdded(dsl))).status).toBe(200);
    const sent = await t.connector.waitForSent(1);
    await t.settle();
    expect(t.connector.sent).toHaveLength(1);
    expect(shownText(sent[0])).toMatch(/^Welcome to the SWIS assistant/);
    expect(JSON.stringify(sent[0].body.attachments[0].content)).toContain('Welcome, Priya');
    const [ref] = await t.app.services.conversations.forPerson('dsl.werneth');
    expect(ref).toMatchObject({ platform: 'teams', kind: 'personal', id: `a:personal-${dsl.aadObjectId}` });
  });

  it('makes a second quick click wait for the first, so only one gets the last place', async () => {
    const order: string[] = [];
    t.app.router.action(defineAction('test.take-last', z.object({})), async (turn) => {
      const taken = await t.store.get<{ by: string }>('test-slot', 'last');
      order.push(`start ${turn.event.id}`);
      await new Promise((r) => setTimeout(r, 150));
      if (taken) return turn.reply('Sorry, that place has just gone.');
      await t.store.put('test-slot', 'last', { by: turn.event.id });
      order.push(`end ${turn.event.id}`);
      turn.reply('Booked.');
    });
    const dsl = t.person('dsl.werneth');
    const a = t.activities.submit(dsl, 'test.take-last');
    const b = t.activities.submit(dsl, 'test.take-last');
    const [ra, rb] = await Promise.all([t.post(a), t.post(b)]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    expect(t.connector.texts().sort()).toEqual(['Booked.', 'Sorry, that place has just gone.']);
    expect(order[1]).toMatch(/^end /);
  });

  it('tells the person when the conversation is still busy, and answers once the turn before is done, from storage', async () => {
    await t.close();
    let at = Date.now();
    t = await startTeams({ redis: true, teams: { lockWaitMs: 1500 }, now: () => new Date(at) });
    const dsl = t.person('dsl.werneth');
    const activity = t.activities.personal(dsl, 'help');
    let release!: () => void;
    const held = t.store.withLock(`turn:teams:${activity.conversation.id}`, () => new Promise<void>((r) => (release = r)));
    const busy = await t.post(activity);
    expect(busy.status).toBe(200);
    const [told] = await t.connector.waitForSent(1);
    expect(shownText(told)).toMatch(/still working on what you sent just before/);
    expect(shownText(told)).toContain('999');
    release();
    await held;
    // Teams sending the same activity again is not a second turn.
    expect((await t.post(activity)).status).toBe(200);
    at += 60_000;
    expect(await t.app.recovery.sweep()).toEqual(['done']);
    const sent = await t.connector.waitForSent(2);
    expect(shownText(sent[1])).toMatch(/Designated Safeguarding Lead/);
    expect(sent[1].conversationId).toBe(activity.conversation.id);
  });

  it('tells the person in words when a turn fails (not a bare 500), and answers it from storage afterwards', async () => {
    await t.close();
    let at = Date.now();
    const store = new FailingWrites();
    t = await startTeams({ store, now: () => new Date(at) });
    store.failures = 1;
    const dsl = t.person('dsl.werneth');
    const activity = t.activities.personal(dsl, 'help');
    const res = await t.post(activity);
    expect(res.status).toBe(200);
    const [told] = await t.connector.waitForSent(1);
    expect(shownText(told)).toMatch(/couldn't finish that just now. I'll try again by myself/);
    expect(shownText(told)).toContain('999');
    at += 60_000;
    expect(await t.app.recovery.sweep()).toEqual(['done']);
    const sent = await t.connector.waitForSent(2);
    expect(shownText(sent[1])).toMatch(/Designated Safeguarding Lead/);
  });
});
