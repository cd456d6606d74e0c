import { createApp } from '../../bot/app';
import { SchoolCalendar } from '../../bot/core/calendar';
import { silentLogger } from '../../bot/core/log';
import type { Channel } from '../../bot/core/notifier';
import type { ConversationRef } from '../../bot/core/events';
import type { Reply } from '../../bot/core/reply';
import { EmbeddedScheduler } from '../../bot/scheduling/embedded';
import { RetryLater } from '../../bot/scheduling/scheduler';
import { MemoryStore } from '../../storage/memory/memory-store';
import { consoleRef, RecordingChannel, sampleConfigData, settingsFrom } from '../helpers/app';

/** A platform that is down for the first `failures` sends, answering 429 with Retry-After. */
class FlakyChannel implements Channel {
  readonly platform = 'console' as const;
  calls = 0;
  readonly delivered: Reply[] = [];
  readonly waits: number[] = [];
  private last = 0;
  constructor(private failures: number) {}
  async send(_ref: ConversationRef, reply: Reply): Promise<void> {
    const now = Date.now();
    if (this.last) this.waits.push(now - this.last);
    this.last = now;
    this.calls++;
    if (this.failures-- > 0) throw new RetryLater('429 from platform', 30);
    this.delivered.push(reply);
  }
}

function build(channel: Channel) {
  const settings = settingsFrom(sampleConfigData());
  const calendar = new SchoolCalendar(settings.config.authority);
  const scheduler = new EmbeddedScheduler({ calendar, log: silentLogger(), baseBackoffMs: 5 });
  const app = createApp({ settings, log: silentLogger(), store: new MemoryStore(), scheduler });
  app.services.notifier.addChannel(channel);
  return app;
}

async function until(cond: () => boolean | Promise<boolean>, ms = 5000) {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('notifier: proactive messages by person', () => {
  it('stores the message, then delivers it to where the person last talked to the bot', async () => {
    const channel = new RecordingChannel('console');
    const app = build(channel);
    await app.services.scheduler.start();
    await app.services.conversations.saveForPerson('sw.amira', consoleRef('sw.amira'));
    const id = await app.services.notifier.toPerson('sw.amira', { text: 'New consultation from Werneth School' });
    await until(() => channel.sent.length === 1);
    expect(channel.to('sw.amira')[0].text).toBe('New consultation from Werneth School');
    await until(async () => (await app.services.notifier.status(id))?.status === 'sent');
    await app.services.scheduler.stop();
  });

  it('retries a platform that answers 429, waiting as it asked, and loses nothing', async () => {
    const channel = new FlakyChannel(2);
    const app = build(channel);
    await app.services.scheduler.start();
    await app.services.conversations.saveForPerson('sw.amira', consoleRef('sw.amira'));
    await app.services.notifier.toPerson('sw.amira', { text: 'reminder' });
    await until(() => channel.delivered.length === 1);
    expect(channel.calls).toBe(3);
    expect(Math.min(...channel.waits)).toBeGreaterThanOrEqual(25);
    await app.services.scheduler.stop();
  });

  it('after the last try marks the message failed, counts it, and tells whoever sent it', async () => {
    const channel = new FlakyChannel(1000);
    const app = build(channel);
    await app.services.scheduler.start();
    await app.services.conversations.saveForPerson('sw.amira', consoleRef('sw.amira'));
    const id = await app.services.notifier.toPerson('sw.amira', { text: 'answer' }, { tellOnFailure: 'dsl.werneth', describe: 'Your message to Amira' });
    await until(async () => (await app.services.notifier.status(id))?.status === 'failed');
    expect((await app.services.scheduler.health()).failed).toBeGreaterThanOrEqual(1);
    // The failure notice goes to the DSL (on the same, still failing, platform it is stored and retried too).
    await app.services.scheduler.stop();
  });

  it('keeps the message waiting, and says so kindly, when the person has no chat with the bot yet; sends it when they next talk', async () => {
    const channel = new RecordingChannel('console');
    const app = build(channel);
    await app.services.scheduler.start();
    await app.services.conversations.saveForPerson('dsl.werneth', consoleRef('dsl.werneth'));
    const id = await app.services.notifier.toPerson('sw.ben', { text: 'hello' }, { tellOnFailure: 'dsl.werneth', describe: 'Your message to Ben' });
    await until(async () => (await app.services.notifier.status(id))?.status === 'waiting');
    await until(() => channel.to('dsl.werneth').length === 1);
    expect(channel.to('dsl.werneth')[0].text).toBe('Your message to Ben is saved and waiting: Ben will see it when they next open the chat with me.');
    expect(channel.to('dsl.werneth')[0].text).not.toMatch(/could not be delivered/);
    expect(await app.services.notifier.reachable('sw.ben')).toBe(false);
    expect(await app.services.notifier.reachable('dsl.werneth')).toBe(true);
    // Ben opens the chat: what waited for him arrives.
    await app.bot.handle({ id: 'e1', platform: 'console', user: { platform: 'console', userId: 'sw.ben' }, conversation: consoleRef('sw.ben'), receivedAt: new Date(), type: 'message', text: 'hello' }, { personId: 'sw.ben' });
    await until(async () => (await app.services.notifier.status(id))?.status === 'sent');
    expect(channel.to('sw.ben').map((r) => r.text)).toContain('hello');
    await app.services.scheduler.stop();
  });
});
