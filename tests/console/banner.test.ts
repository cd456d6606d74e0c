/**
 * What a newcomer sees on `npm start` at a terminal: readable log lines and a banner naming
 * where the bot listens, the channels that are on and the next steps. JSON when not a terminal.
 */
import { bannerLines } from '../../adapters/banner';
import { prettyLine, wantsPretty } from '../../bot/core/log-pretty';
import { makeApp } from '../helpers/app';

describe('start-up for a person at a terminal', () => {
  it('logs readable lines on a TTY and JSON otherwise', () => {
    expect(wantsPretty({}, { isTTY: true })).toBe(true);
    expect(wantsPretty({}, { isTTY: false })).toBe(false);
    expect(wantsPretty({ LOG_FORMAT: 'json' }, { isTTY: true })).toBe(false);
    const line = prettyLine(JSON.stringify({ level: 40, time: Date.UTC(2026, 10, 30, 9, 4, 12), app: 'swis-bot', personId: 'dsl.werneth', msg: 'refused: role' }));
    expect(line).toMatch(/^\d\d:\d\d:\d\d WARN {2}refused: role {2}personId=dsl\.werneth\n$/);
  });

  it('says where it listens, which channels are on, and what to do next', async () => {
    const t = await makeApp();
    const text = (await bannerLines(t.app, 3978)).join('\n');
    expect(text).toContain('SWIS bot is running on http://localhost:3978');
    expect(text).toMatch(/Slack: off/);
    expect(text).toMatch(/Terminal: off/);
    expect(text).toContain('npm run chat -- --as dsl.werneth');
    expect(text).toContain('npm run playground');
    expect(text).toMatch(/Type help/);
    await t.close();
  });
});
