/**
 * The embedded default's sample data: after loading it, `book`, `tas`, `digest` and `export`
 * show something on the first try, and it is labelled as sample data. Never with a real
 * configuration or Redis.
 */
import { loadSampleData, sampleDataWanted } from '../../bot/config/sample-data';
import { actions, shown } from '../consultations/flow';
import { makeApp, TestClock } from '../helpers/app';

describe('sample data for the embedded default', () => {
  it('is only for the embedded default', () => {
    expect(sampleDataWanted({})).toBe(true);
    expect(sampleDataWanted({ BOT_CONFIG: '/etc/swis/authority.yaml' })).toBe(false);
    expect(sampleDataWanted({ REDIS_URL: 'redis://127.0.0.1:6379' })).toBe(false);
    // Redis found through Sentinels is Redis too: an authority's data is never mixed with the sample.
    expect(sampleDataWanted({ REDIS_SENTINELS: '127.0.0.1:26379', REDIS_SENTINEL_NAME: 'swis' })).toBe(false);
    expect(sampleDataWanted({ SAMPLE_DATA: 'false' })).toBe(false);
  });

  it('gives book, tas, digest and export something to show, labelled as sample', async () => {
    const t = await makeApp({ clock: new TestClock('2026-11-24T10:00:00Z') });
    await loadSampleData(t.app);
    await t.settle();
    const [book] = await t.say('dsl.werneth', 'book');
    expect(shown(book)).toMatch(/13:00/);
    const tas = (await t.say('dsl.werneth', 'tas')).map(shown).join('\n');
    expect(tas).toMatch(/Werneth/);
    expect(tas).toMatch(/Wed 25 Nov|25 Nov/);
    const digest = (await t.say('tm.grace', 'digest')).map(shown).join('\n');
    expect(digest).toMatch(/Amira/);
    expect(digest).not.toMatch(/no activity recorded/i);
    const [form] = await t.say('tm.grace', 'export');
    const button = actions(form)[0];
    const exported = await t.press('tm.grace', button.verb, button.data, { from: '2026-11-02', to: '2026-11-23' });
    const links = exported.flatMap((r) => r.card?.actions ?? []).filter((a) => a.type === 'link');
    expect(`${exported.map(shown).join('\n')} ${JSON.stringify(links)}`).toMatch(/http:\/\/localhost/);
    expect(exported.map(shown).join('\n')).not.toMatch(/no entries|nothing to export/i);
    const [mine] = await t.say('sw.ben', 'consultations');
    expect(shown(mine)).toMatch(/Harrytown/);
    await t.close();
  });
});
