/**
 * The small things people noticed in the Playground and in recorded payloads, each fixed and
 * kept fixed: Teams dropping words in angle brackets and running bullets together, the worker's
 * "Open #N" view without "School has done", a personal welcome card posted into a team's
 * channel, and routine reply pacing logged as a warning. (An unknown Action.Execute verb
 * answered twice is in updates.test.ts.)
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { teamsMarkdown, toActivity } from '../../adapters/teams/outbound';
import { action, askAdvice, consultApp } from '../consultations/flow';
import { startSlack, type SlackTest } from '../slack/harness';
import { BOT_ID, startTeams, shownText, type TeamsTest } from '../teams/harness';

describe('Teams plain text', () => {
  it('keeps words in angle brackets and shows each line and bullet on its own', () => {
    const text = teamsMarkdown('Type "as <person id>" to switch.\nTry:\n• tas agenda <one line>\n• help');
    expect(text).toBe('Type "as &lt;person id&gt;" to switch.\n\nTry:\n\n- tas agenda &lt;one line&gt;\n- help');
    expect(toActivity({ text: 'Fish & chips <3' }).text).toBe('Fish &amp; chips &lt;3');
  });

  describe('through the real adapter', () => {
    let t: TeamsTest;
    beforeEach(async () => {
      t = await startTeams();
    });
    afterEach(() => t.close());

    it('sends "as <person id>" with its words kept (Emulator mode)', async () => {
      const user = { id: '29:emulator-user', name: 'Someone', aadObjectId: '', tenantId: '' } as any;
      const a = t.activities.personal(user, 'as dsl.werneth');
      await t.post({ ...a, from: { id: 'emulator-user-1', name: 'User' }, conversation: { id: 'emulator-conv-1' }, channelData: {} });
      const [reply] = await t.connector.waitForSent(1);
      expect(shownText(reply)).toContain('"as &lt;person id&gt;" to switch');
    });

    it('greets a team once, in words for everyone, when the app is added to it: no personal welcome card', async () => {
      const grace = t.person('tm.grace');
      const post = t.activities.channel(grace, 'x');
      await t.post({ ...post, type: 'conversationUpdate', text: undefined, entities: undefined, membersAdded: [{ id: BOT_ID }] });
      const [reply] = await t.connector.waitForSent(1);
      expect(reply.body.attachments).toBeUndefined();
      expect(shownText(reply)).toMatch(/Nothing about a child is discussed here/);
      expect(shownText(reply)).not.toMatch(/Welcome, Grace/);
    });
  });
});

describe("the worker's Open #N view", () => {
  it('shows what happened and what the school has done, as the notification card did', async () => {
    const t = await consultApp();
    const { id } = await askAdvice(t);
    const [view] = await t.press('sw.amira', 'consult.view', { id });
    const texts = view.card!.body.flatMap((el) => (el.type === 'text' ? [el.text] : []));
    expect(texts).toContain('School has done: Breakfast club; spoke to the child with the form tutor.');
    expect(texts).toContain('Came in hungry again and said there is no food at home since the weekend.');
    expect(action(view, 'consult.close')).toBeDefined();
    await t.close();
  });
});

describe('reply pacing', () => {
  let s: SlackTest;
  const lines: { level: number; msg: string }[] = [];
  beforeEach(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    });
    s = await startSlack({ log: pino({ level: 'debug' }, sink) });
  });
  afterEach(() => s.close());

  it('is routine: a burst of replies waits its turn with no warning logged', async () => {
    for (let i = 0; i < 5; i++) await s.send(s.dm('U0SWIS0001', 'help'));
    await s.idle();
    await s.fake.waitFor('chat.postMessage', 5);
    expect(lines.some((l) => /paced/.test(l.msg))).toBe(true); // the burst did wait
    expect(lines.filter((l) => l.level >= 40).map((l) => l.msg)).toEqual([]);
  });
});
