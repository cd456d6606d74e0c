/**
 * The action registry (issue 16 point 5): a card verb is declared once with a zod schema of its
 * data; its buttons and its handler derive from that declaration. A press whose data does not
 * fit is refused briefly and logged by verb and field names, never values; the wire format
 * (`{ verb, data }`) is what it always was, so cards already sent keep working.
 *
 * @example
 *   node --no-deprecation node_modules/jest/bin/jest.js tests/core/actions
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { z } from 'zod';
import { actionId, defineAction } from '../../bot/core/actions';
import { createLogger } from '../../bot/core/log';
import { BAD_ACTION_DATA } from '../../bot/core/router';
import { CONSULT } from '../../bot/features/consultations/verbs';
import { card } from '../../cards/tree';
import { makeApp, type TestApp } from '../helpers/app';
import { ROOT, sourceFiles } from '../helpers/source-files';

describe('a declared card verb', () => {
  let t: TestApp;
  const lines: string[] = [];

  beforeEach(async () => {
    t = await makeApp();
    lines.length = 0;
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    t.app.services.log = createLogger('info', sink);
  });
  afterEach(() => t.close());

  it('builds its button in the wire format cards have always carried, and its handler gets the parsed data', async () => {
    const pin = defineAction('probe.pin', z.object({ id: actionId, colour: z.enum(['red', 'blue']).optional() }));
    const got: unknown[] = [];
    t.app.router.action(pin, async (turn, data) => {
      got.push(data);
      turn.reply(`pinned ${data.id}`);
    });
    const built = card('Pins').action(pin.button('Pin it', { id: 'p1', colour: 'red' }, 'primary')).build();
    expect(built.actions).toEqual([{ type: 'submit', verb: 'probe.pin', title: 'Pin it', data: { id: 'p1', colour: 'red' }, style: 'primary' }]);
    const [r] = await t.press('dsl.werneth', 'probe.pin', { id: 'p1', colour: 'red', extra: 'ignored' });
    expect(r.text).toBe('pinned p1');
    expect(got).toEqual([{ id: 'p1', colour: 'red' }]);

    // A misspelt field or a missing one is a compile error where the button is built.
    // @ts-expect-error: "idd" is not a field of probe.pin
    pin.button('Pin it', { idd: 'p1' });
    // @ts-expect-error: probe.pin needs an id
    pin.button('Pin it');
  });

  it('refuses a press whose data does not fit, briefly, and logs the verb and field names but not the values', async () => {
    // An older or altered card: the id under another key, carrying a made-up name.
    const [r] = await t.press('dsl.werneth', CONSULT.view.verb, { idd: 'Zephyrine Quigley' });
    expect(r).toEqual({ text: BAD_ACTION_DATA, brief: true });
    const refused = lines.map((l) => JSON.parse(l)).find((l) => l.msg.startsWith('card action refused'));
    expect(refused).toMatchObject({ verb: 'consult.view', fields: ['id'], personId: 'dsl.werneth' });
    expect(lines.join('\n')).not.toMatch(/Zephyrine|Quigley/);
  });

  it('still answers a press whose data fits with what the feature says', async () => {
    const [r] = await t.press('sw.amira', CONSULT.view.verb, { id: 'c999' });
    expect(r.text).not.toBe(BAD_ACTION_DATA);
  });
});

describe('every card verb', () => {
  it('is written once in the code: where it is declared', () => {
    const files = ['bot', 'adapters', 'cards'].flatMap((d) => sourceFiles(join(ROOT, d)));
    const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    const verbs = [...text.matchAll(/defineAction\('([^']+)'/g)].map((m) => m[1]);
    expect(verbs.length).toBeGreaterThan(50);
    const repeated = verbs.filter((v) => text.split(`'${v}'`).length - 1 !== 1);
    expect(repeated).toEqual([]);
  });
});
