import { makeApp, type TestApp } from '../helpers/app';

describe('help and people outside the directory', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeApp();
  });
  afterEach(() => t.close());

  it('tailors help to the person: a DSL, a social worker and a team manager see different things', async () => {
    const [dsl] = await t.say('dsl.werneth', 'help');
    const [worker] = await t.say('sw.amira', 'help');
    const [manager] = await t.say('tm.grace', 'help');
    expect(dsl.text).toMatch(/Designated Safeguarding Lead/);
    expect(worker.text).toMatch(/link social worker you can answer consultations/);
    expect(manager.text).toMatch(/team manager you get the weekly workload digest/);
    expect(new Set([dsl.text, worker.text, manager.text]).size).toBe(3);
    expect(dsl.card?.title).toContain('Priya');
  });

  it('answers someone not in the directory politely, with the emergency numbers, and stores nothing', async () => {
    const replies = await t.app.bot.handle({
      id: 'x1',
      platform: 'slack',
      user: { platform: 'slack', userId: 'UNKNOWN', tenantId: 'T0SWIS0001' },
      conversation: { platform: 'slack', id: 'D123', kind: 'personal', address: { channel: 'D123' } },
      receivedAt: new Date(),
      type: 'message',
      text: 'is this a MASH referral?',
    });
    expect(replies).toHaveLength(1);
    expect(replies[0].text).toMatch(/don't have you in my directory/);
    expect(replies[0].text).toContain('999');
    expect(await t.app.services.conversations.conversation('slack', 'D123')).toBeUndefined();
  });

  it('remembers where to reach a known person for proactive messages', async () => {
    await t.say('sw.amira', 'help');
    const refs = await t.app.services.conversations.forPerson('sw.amira');
    expect(refs.map((r) => r.id)).toEqual(['console:sw.amira']);
  });

  it('replies kindly to text it does not understand', async () => {
    const [r] = await t.say('dsl.werneth', 'blah blah');
    expect(r.text).toMatch(/didn't understand/);
  });
});
