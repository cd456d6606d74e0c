/**
 * Nothing acknowledged is lost, across a crash: a real bot process on the real Redis takes a
 * Slack DM (200 to Slack), is killed with SIGKILL while its reply is on the way (the fake Slack
 * never answers that call, so Slack never showed it), and a second process started on the same
 * Redis runs the stored event again and the reply reaches the DM once. A copy of the event
 * Slack might send afterwards is not a second turn.
 */
import { RedisStore } from '../../storage/redis/redis-store';
import { INBOUND_EVENT_DOC } from '../../bot/core/pipeline/inbound-events';
import { BOT_TOKEN, eventCallback, FakeSlackApi, SIGNING_SECRET, signedHeaders } from '../slack/harness';
import { deletePrefix, testRedisUrl, uniquePrefix } from '../helpers/app';
import { startBot, waitUntil, type BotProcess } from './bot-process';

jest.setTimeout(240_000);

describe('a process killed between the ack and the reply', () => {
  const prefix = uniquePrefix();
  const url = testRedisUrl();
  let fake: FakeSlackApi;
  const bots: BotProcess[] = [];
  afterAll(async () => {
    for (const b of bots) await b.stop('SIGKILL');
    await fake?.close();
    await deletePrefix(url, prefix);
  });

  it('is answered once by the next process, from storage', async () => {
    fake = await new FakeSlackApi().start();
    const env = {
      REDIS_URL: url,
      REDIS_PREFIX: prefix,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      CONSOLE_CHANNEL: 'false',
      INBOUND_RETRY_GRACE_SECONDS: '1',
    };
    const dm = eventCallback({ type: 'message', channel: 'D0SWIS0004', channel_type: 'im', user: 'U0SWIS0004', text: 'help', ts: '1700000000.000100' }, { eventId: 'EvCrash1' });
    const post = (bot: BotProcess, retry?: number) =>
      fetch(`${bot.url}/slack/events`, {
        method: 'POST',
        headers: { 'Content-Type': dm.contentType, ...signedHeaders(dm.body), ...(retry ? { 'X-Slack-Retry-Num': String(retry) } : {}) },
        body: dm.body,
      });

    // The first process acknowledges, then dies while its reply is in flight.
    fake.failNext('chat.postMessage', { hang: true });
    const first = await startBot({ env });
    bots.push(first);
    await first.ready();
    expect((await post(first)).status).toBe(200);
    await fake.waitFor('chat.postMessage', 1, 60_000);
    await first.stop('SIGKILL');

    // The next process takes the stored event up again and answers it.
    const second = await startBot({ env });
    bots.push(second);
    await second.ready();
    const posts = await fake.waitFor('chat.postMessage', 2, 120_000);
    expect(posts[1].params.channel).toBe('D0SWIS0004');
    expect(posts[1].params.blocks[0].text.text).toBe('What I can do for you, Amira');

    const store = new RedisStore({ url, prefix });
    try {
      await waitUntil(async () => (await INBOUND_EVENT_DOC.get(store, 'slack:EvCrash1'))?.status === 'done', 'the event to be marked done');
      const record = await INBOUND_EVENT_DOC.get(store, 'slack:EvCrash1');
      // Its content is gone once done: only the key, the status and the times are kept.
      expect(record).toMatchObject({ status: 'done', attempts: 2 });
      expect(record?.event).toBeUndefined();
    } finally {
      await store.close();
    }

    // Slack's copy of the event (had it not had its 200) is answered and not handled again.
    expect((await post(second, 1)).status).toBe(200);
    expect(fake.of('chat.postMessage')).toHaveLength(2);
    // The first call never got an answer: the person saw exactly one reply.
    expect(second.output()).toMatch(/inbound event taken up again from storage/);
  });
});
