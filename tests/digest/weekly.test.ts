import { sendWeeklyDigest } from '../../bot/features/digest/digest';
import { TokenFiles } from '../../bot/features/digest/files';
import { nextWeekly } from '../../bot/scheduling/weekly';
import { makeApp, TestClock, type TestApp } from '../helpers/app';

describe('the weekly digest job', () => {
  let t: TestApp;
  afterEach(() => t.close());

  const titles = () => t.channel.to('tm.grace').map((r) => r.card?.title);

  it('fires at 08:00 London time on Monday when the clocks have just gone forward (08:00 BST = 07:00 UTC)', async () => {
    t = await makeApp({ clock: new TestClock('2027-03-26T12:00:00Z') }); // Friday, GMT
    await t.say('tm.grace', 'help'); // the bot can now reach Grace
    const { calendar, config } = t.app.services;
    expect(nextWeekly(calendar, config.limits.digest, t.clock.now()).toISOString()).toBe('2027-03-29T07:00:00.000Z');

    await t.advance(Date.parse('2027-03-29T06:59:59Z') - t.clock.now().getTime());
    expect(titles()).toEqual([]);
    await t.advance(1000);
    expect(titles()).toEqual(['Workload digest: Werneth SWIS team, w/c Mon 22 Mar 2027']);

    // And again the next Monday, still 08:00 local.
    await t.advance(Date.parse('2027-04-05T06:59:00Z') - t.clock.now().getTime());
    expect(titles()).toHaveLength(1);
    await t.advance(60_000);
    expect(titles()).toEqual(['Workload digest: Werneth SWIS team, w/c Mon 22 Mar 2027', 'Workload digest: Werneth SWIS team, w/c Mon 29 Mar 2027']);
  });

  it('fires at 08:00 GMT on the Monday after the clocks go back', async () => {
    t = await makeApp({ clock: new TestClock('2026-10-23T12:00:00Z') }); // Friday, BST
    await t.say('tm.grace', 'help');
    await t.advance(Date.parse('2026-10-26T07:59:59Z') - t.clock.now().getTime());
    expect(titles()).toEqual([]);
    await t.advance(1000);
    expect(titles()).toEqual(['Workload digest: Werneth SWIS team, w/c Mon 19 Oct 2026']);
    const [digest] = t.channel.to('tm.grace');
    expect(digest.card?.body.some((el) => el.type === 'image')).toBe(true);
  });

  it('sends a team one digest per week even when the job runs twice', async () => {
    t = await makeApp();
    await t.say('tm.grace', 'help');
    const files = new TokenFiles(t.app.services);
    await sendWeeklyDigest(t.app.services, files, 'werneth-swis');
    await sendWeeklyDigest(t.app.services, files, 'werneth-swis');
    await t.settle();
    expect(titles()).toEqual(['Workload digest: Werneth SWIS team, w/c Mon 16 Nov 2026']);
    await expect(sendWeeklyDigest(t.app.services, files, 'no-such-team')).rejects.toThrow(/no longer in the directory/);
  });
});
