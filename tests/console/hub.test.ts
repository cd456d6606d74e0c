/**
 * The running bot's console channel, in process: loopback only, a fresh secret in a 0600 file,
 * anything without the secret refused; `as` switches person; a proactive message for someone
 * with no terminal open waits and arrives when they connect.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ConsoleHub } from '../../adapters/console/hub';
import { RemoteLink } from '../../adapters/console/link';
import { ConsoleSession } from '../../adapters/console/console-session';
import { readConsoleSecret } from '../../adapters/console/secret';
import type { Reply } from '../../bot/core/reply';
import { makeApp } from '../helpers/app';

async function rawExchange(port: number, line: string): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => s.write(line));
    let out = '';
    s.on('data', (d) => (out += d));
    s.on('close', () => resolve(out));
    s.on('error', () => resolve(out));
  });
}

describe('console channel of a running bot', () => {
  it('listens on loopback only with a per-start secret, refuses strangers, switches person, and delivers what waited', async () => {
    const t = await makeApp();
    const env = { SWIS_RUN_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'swis-hub-')) };
    const hub = await ConsoleHub.start(t.app, { botPort: 4999, env });
    const secret = readConsoleSecret(env, 4999)!;
    expect(fs.statSync(hub.secretFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(env.SWIS_RUN_DIR).mode & 0o777).toBe(0o700);
    expect(secret.token).toMatch(/^[0-9a-f]{64}$/);

    // Not on any other interface.
    const other = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (other) await expect(new Promise((res, rej) => net.connect({ host: other.address, port: hub.port }).on('connect', res).on('error', rej))).rejects.toThrow();

    expect(await rawExchange(hub.port, `${JSON.stringify({ type: 'hello', token: 'f'.repeat(64), personId: 'sw.amira' })}\n`)).toMatch(/"refused".*wrong or missing secret/);
    expect(await rawExchange(hub.port, `${JSON.stringify({ type: 'input', seq: 1, input: { type: 'message', text: 'as tm.grace' } })}\n`)).toMatch(/"refused"/);
    expect(await rawExchange(hub.port, 'not json\n')).toMatch(/malformed line/);
    await expect(RemoteLink.connect({ ...secret, token: 'x' }, 'sw.amira', () => undefined, () => undefined)).rejects.toThrow(/refused/);

    // A message for Amira before she has a terminal: it waits, and the sender is told kindly.
    const id = await t.app.services.notifier.toPerson('sw.amira', { text: 'New consultation from Werneth School' }, { tellOnFailure: 'dsl.werneth', describe: 'Your consultation #1 to Amira' });
    await t.settle();
    expect((await t.app.services.notifier.status(id))?.status).toBe('waiting');

    const arrived: Reply[] = [];
    const link = await RemoteLink.connect(secret, 'sw.amira', (r) => arrived.push(r), () => undefined);
    await t.settle();
    for (let i = 0; i < 100 && !arrived.length; i++) await new Promise((r) => setTimeout(r, 20));
    expect(arrived.map((r) => r.text)).toEqual(['New consultation from Werneth School']);
    expect((await t.app.services.notifier.status(id))?.status).toBe('sent');

    const lines: string[] = [];
    const session = new ConsoleSession(link, 'sw.amira', (l) => lines.push(l));
    await session.input('as tm.grace');
    expect(lines.at(-1)).toMatch(/You are now Grace Mensah \(team_manager\)/);
    await session.input('help');
    expect(lines.join('\n')).toContain('What I can do for you, Grace');
    await session.input('as nobody.here');
    expect(lines.join('\n')).toMatch(/"nobody.here" is not in the directory\. People you can act as:/);

    link.close();
    await hub.close();
    await t.close();
  });
});
