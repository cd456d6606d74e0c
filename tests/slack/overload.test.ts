import { until } from '../helpers/until';
import { startSlack, type SlackTest } from './harness';

/**
 * Under a sustained overload, Slack work that has been acknowledged but not yet done must not
 * pile up in memory without bound: past SLACK_MAX_IN_FLIGHT the bot answers 503 before claiming
 * anything, so Slack retries later and the event is handled then; nothing is lost.
 */
describe('Slack: too much work in hand', () => {
  let s: SlackTest;
  const waiting: (() => void)[] = [];

  beforeAll(async () => {
    s = await startSlack({
      env: { SLACK_MAX_IN_FLIGHT: '2' },
      setup(app) {
        app.router.command({ name: 'slow', summary: 'test: waits until released' }, async (turn) => {
          await new Promise<void>((release) => waiting.push(release));
          turn.reply('done slow');
        });
      },
    });
  });
  afterAll(() => s.close());

  it('refuses with 503 past the limit, then handles the retry once there is room', async () => {
    expect((await s.send(s.dm('U0SWIS0001', 'slow'))).status).toBe(200);
    expect((await s.send(s.dm('U0SWIS0002', 'slow'))).status).toBe(200);
    await until(() => waiting.length === 2, 'both slow turns to be in hand');
    expect(waiting).toHaveLength(2);

    const third = s.dm('U0SWIS0003', 'slow', undefined, { eventId: 'EvOVERLOAD1' });
    const refused = await s.send(third);
    expect(refused.status).toBe(503);
    expect(waiting).toHaveLength(2);

    waiting.splice(0).forEach((release) => release());
    await s.idle();
    const retried = await s.send(s.dm('U0SWIS0003', 'slow', undefined, { eventId: 'EvOVERLOAD1' }), { retryNum: 1 });
    expect(retried.status).toBe(200);
    await until(() => waiting.length === 1, 'the retried turn to be in hand');
    waiting.splice(0).forEach((release) => release());
    await s.idle();
    const posts = await s.fake.waitFor('chat.postMessage', 3);
    expect(posts.filter((p) => p.params.text === 'done slow')).toHaveLength(3);
  });
});
