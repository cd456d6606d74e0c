/**
 * A terminal closed while its turn was still running: the answer is not lost with the socket,
 * it waits in the outbox for the person and arrives at the next terminal they open.
 *
 * @example
 *   node --no-deprecation node_modules/jest/bin/jest.js tests/console/terminal-gone
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConsoleHub, consoleRef } from '../../adapters/console/hub';
import { RemoteLink } from '../../adapters/console/link';
import { readConsoleSecret } from '../../adapters/console/secret';
import { WaitingForPerson } from '../../bot/core/notifier';
import type { Reply } from '../../bot/core/reply';
import { until } from '../helpers/until';
import { makeApp } from '../helpers/app';

describe('a terminal that goes while its turn runs', () => {
  it('keeps the answer in the outbox and delivers it when the person opens a terminal again', async () => {
    const t = await makeApp({ realTime: true });
    const env = { SWIS_RUN_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'swis-gone-')) };
    const hub = await ConsoleHub.start(t.app, { botPort: 4998, env });
    const secret = readConsoleSecret(env, 4998)!;
    let left!: () => void;
    const personLeft = new Promise<void>((r) => (left = r));
    t.app.router.command({ name: 'slow answer', summary: 'test: answers after the terminal has gone' }, async (turn) => {
      await personLeft;
      turn.reply('Here is your answer');
    });

    const first = await RemoteLink.connect(secret, 'dsl.werneth', () => undefined, () => undefined);
    const pending = first.handle('dsl.werneth', { type: 'message', text: 'slow answer' }).catch((err: Error) => err);
    first.close();
    // The hub has let go of the terminal once a message for Priya has nowhere to go.
    await until(() => hub.send(consoleRef('dsl.werneth'), { text: 'ping' }).then(() => false, (err) => err instanceof WaitingForPerson), 'the hub to let the terminal go');
    left();
    await pending;
    await t.settle();

    const arrived: Reply[] = [];
    const second = await RemoteLink.connect(secret, 'dsl.werneth', (r) => arrived.push(r), () => undefined);
    await until(() => arrived.some((r) => r.text === 'Here is your answer'), 'the answer to reach the new terminal');
    expect(arrived.filter((r) => r.text === 'Here is your answer')).toHaveLength(1);
    second.close();
    await hub.close();
    await t.close();
    fs.rmSync(env.SWIS_RUN_DIR, { recursive: true, force: true });
  }, 60_000);
});
