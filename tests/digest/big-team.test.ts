/**
 * The digest for a big team stays readable and within Slack's limits: 15 workers and 30
 * schools, every worker with recorded time and a few flags, give one message within 50 blocks
 * (the summary, one line per kind of flag, the chart, "Show details"), with nothing cut off,
 * and the per-worker detail in second messages that are each within the limit too.
 */
import { toAdaptiveCard } from '../../cards/adaptive';
import { toBlockKit, SLACK_LIMITS } from '../../cards/blockkit';
import { makeApp, sampleConfigData, settingsFrom, TestClock, type TestApp } from '../helpers/app';
import { adaptiveCardProblems, blockKitProblems } from '../cards/validate';
import { entryInput } from './seed';

const WORKERS = 15;
const SCHOOLS = 30;

function bigTeam(): Record<string, any> {
  const data = sampleConfigData();
  const team = data.teams[0];
  const names = ['Amira', 'Ben', 'Chloe', 'Dan', 'Olu', 'Kate', 'Femi', 'Gita', 'Hugh', 'Isla', 'Jon', 'Lena', 'Milo', 'Nadia', 'Owen'];
  for (let i = team.members.length; i < WORKERS; i++) {
    const id = `sw.extra${i}`;
    data.people.push({ id, name: `${names[i]} Worker${i}`, roles: ['social_worker'], title: 'Link social worker' });
    team.members.push(id);
  }
  for (let i = data.schools.length; i < SCHOOLS; i++) {
    data.schools.push({ id: `school${i}`, name: `Extra School ${i}`, phase: 'primary', linkWorkers: [team.members[i % WORKERS]], dsls: [], tasChairs: [], staff: [] });
  }
  return data;
}

describe(`the digest for ${WORKERS} workers and ${SCHOOLS} schools`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp({ clock: new TestClock('2026-11-23T10:00:00Z'), settings: settingsFrom(bigTeam()) });
    const members: string[] = t.app.services.directory.team('werneth-swis')!.members;
    expect(members).toHaveLength(WORKERS);
    const schools = t.app.services.directory.allSchools().map((s) => s.id);
    expect(schools).toHaveLength(SCHOOLS);
    // Every worker but two recorded time in several schools last week; nobody booked a drop-in.
    for (const [i, worker] of members.entries()) {
      if (i % 7 === 3) continue;
      for (let k = 0; k < 4; k++) {
        await t.app.services.activityLog.append(entryInput({ worker, school: schools[(i + k * 7) % SCHOOLS], type: k % 2 ? 'direct_work' : 'advice_or_information', minutes: 30 + 15 * k + i, at: `2026-11-1${7 + (k % 3)}T10:00:00Z` }));
      }
    }
  });
  afterAll(() => t.close());

  it('is one Slack message within 50 blocks, summary first, flags one line per kind, nothing cut off', async () => {
    const [r] = await t.say('tm.grace', 'digest');
    const { blocks } = toBlockKit(r.card!);
    expect(blockKitProblems(blocks, 'message')).toEqual([]);
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.messageBlocks);
    expect(JSON.stringify(blocks)).not.toMatch(/more not shown|full view/);
    const texts = r.card!.body.flatMap((el) => (el.type === 'text' ? [el] : []));
    expect(texts[0].text).toMatch(/^Recorded time /);
    const warnings = texts.filter((el) => el.style === 'warning').map((el) => el.text);
    expect(warnings).toContain('No time recorded: Dan, Jon');
    expect(warnings).toContain(`No drop-ins booked for 3 weeks: ${SCHOOLS} schools`);
    expect(warnings.filter((w) => w.startsWith('No drop-ins booked'))).toHaveLength(1);
    expect(warnings.length).toBeLessThanOrEqual(7);
    expect(blocks.some((b: any) => b.type === 'image')).toBe(true);
    expect(adaptiveCardProblems(toAdaptiveCard(r.card!))).toEqual([]);
  });

  it('gives every worker\'s detail behind Show details, in messages each within the limit', async () => {
    const [r] = await t.say('tm.grace', 'digest');
    const details = r.card!.body.find((el) => el.type === 'details');
    expect(details?.type === 'details' && details.title).toBe('Show details');
    if (details?.type !== 'details') throw new Error('no details');
    const replies = await t.press('tm.grace', details.verb, details.data);
    const all = JSON.stringify(replies);
    for (const id of t.app.services.directory.team('werneth-swis')!.members) expect(all).toContain(t.app.services.directory.person(id)!.name);
    for (const reply of replies) {
      const { blocks } = toBlockKit(reply.card!);
      expect(blockKitProblems(blocks, 'message')).toEqual([]);
      expect(JSON.stringify(blocks)).not.toMatch(/more not shown/);
    }
  });
});
