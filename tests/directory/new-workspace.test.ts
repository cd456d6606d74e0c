/**
 * A Slack workspace that nobody in the directory was in is refused (403) until business support
 * adds someone there from chat; from then on, without a restart, that person's DMs are answered.
 * (The adapters ask the directory in use, not a list made at start-up.)
 */
import { consoleEvent } from '../helpers/app';
import { startSlack, type SlackTest } from '../slack/harness';

const NEW_TEAM = 'T0SWIS0NEW';
const NEW_USER = 'U0SWIS0NEW';

describe('a workspace gained from chat', () => {
  let s: SlackTest;
  afterEach(() => s.close());

  it('is refused before business support adds someone there, and served at once after', async () => {
    s = await startSlack();
    const before = await s.send(s.dm(NEW_USER, 'help', {}, { team: NEW_TEAM, eventId: 'Ev0NEW0001' }));
    expect(before.status).toBe(403);

    const bs = (verb: string, inputs: Record<string, string> = {}) => s.app.bot.handle(consoleEvent('bs.mo', { type: 'action', verb, data: {}, inputs }));
    await bs('directory.add.form');
    const [done] = await bs('directory.add.save', {
      id: 'dsl3.werneth',
      name: 'Pat Newcomer',
      title: 'Deputy DSL',
      roles: 'deputy_dsl',
      schools: 'werneth',
      teamsUser: '',
      teamsTenant: '',
      slackUser: NEW_USER,
      slackTeam: NEW_TEAM,
    });
    expect(done.text).toMatch(/They can use the bot now/);

    const after = await s.send(s.dm(NEW_USER, 'help', {}, { team: NEW_TEAM, eventId: 'Ev0NEW0002' }));
    expect(after.status).toBe(200);
    await s.idle();
    const answered = s.fake.calls.filter((c) => c.method === 'chat.postMessage');
    expect(answered.length).toBeGreaterThan(0);
    expect(JSON.stringify(answered.at(-1)?.params)).not.toMatch(/don't have you in my directory/);
  });
});
