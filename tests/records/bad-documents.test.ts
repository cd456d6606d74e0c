/**
 * A stored document that no longer fits its schema, met by the records officer's whole-store
 * jobs (issue 16 point 5): subject access leaves it out, says how many records it did find,
 * and logs a warning naming the collection and id (never its content); retention and erasure
 * stop with the DocumentInvalid rather than skip it, because skipping would keep data past its
 * period or leave words an erasure was asked to remove.
 */
import { Writable } from 'node:stream';
import { createLogger } from '../../bot/core/log';
import { runRetention } from '../../bot/features/records/retention';
import { DocumentInvalid } from '../../storage/documents';
import { consultApp } from '../consultations/flow';
import type { TestApp } from '../helpers/app';
import { seedEveryKind, seedStaffRecords } from './seed';

jest.setTimeout(60_000);

describe('one stored document that no longer fits', () => {
  let t: TestApp;
  let lines: string[];
  beforeEach(async () => {
    t = await consultApp();
    lines = [];
    t.app.services.log = createLogger('info', new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
  });
  afterEach(() => t.close());
  const logged = () => lines.map((l) => JSON.parse(l) as Record<string, any>);

  it('is left out of a subject access export, with a warning naming it, and the rest is exported', async () => {
    const js = await seedEveryKind(t.app.services, { at: '2026-11-20T10:00:00Z', child: 'JS', tag: 'quokkamarker' });
    const [before] = await t.say('bs.mo', 'subject access child werneth JS');
    const found = Number(/Subject access export: (\d+) records/.exec(before.text)?.[1]);
    expect(found).toBeGreaterThan(1);

    await t.store.update<Record<string, unknown>>('tas-action', js.tasAction, (a) => a && { ...a, status: 'lost' });
    const [after] = await t.say('bs.mo', 'subject access child werneth JS');
    expect(after.text).toMatch(new RegExp(`Subject access export: ${found - 1} records about child JS at Werneth School`));
    const warning = logged().find((l) => l.msg === 'stored document does not fit its schema; left out');
    expect(warning).toMatchObject({ level: 40, collection: 'tas-action', id: js.tasAction, err: { type: 'DocumentInvalid', code: 'document_invalid' } });
    expect(lines.join('\n')).not.toMatch(/quokkamarker/i);
  });

  it('stops the retention run with the error, naming collection and id, rather than keep it past its period', async () => {
    const staff = await seedStaffRecords(t.app.services, { at: '2026-11-20T10:00:00Z', tag: 'old' });
    await t.store.put('caseload', staff.caseload, { count: 'fourteen', at: '2026-11-20T10:00:00Z' });
    const err = await runRetention(t.app.services).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentInvalid);
    expect((err as Error).message).toBe(`stored caseload ${staff.caseload} does not fit its schema: count`);
  });

  it('stops an erasure before it changes anything, rather than leave a copy of the words behind; the person hears something went wrong', async () => {
    const js = await seedEveryKind(t.app.services, { at: '2026-11-20T10:00:00Z', child: 'JS', tag: 'quokkamarker' });
    // A served file that no longer fits: whether it quotes the consultation cannot be checked.
    await t.store.put('served-file', 'f'.repeat(43), { contentType: 'text/csv', body: 'Q29uY2VybiBxdW9ra2FtYXJrZXI=' });
    const [asked] = await t.say('ro.jade', `erase ${js.consultation} court order 123`);
    const requestId = /erase approve (e-[0-9a-f]{8})/.exec(asked.text)?.[1];
    const [done] = await t.say('dpo.ravi', `erase approve ${requestId}`);
    expect(done.text).toMatch(/^Sorry, something went wrong/);
    const failed = logged().find((l) => l.msg === 'handler failed');
    // The file's token is a secret: the log names the collection and the field, never the token.
    expect(failed?.err).toMatchObject({ type: 'DocumentInvalid', message: 'stored served-file [redacted] does not fit its schema: expiresAt' });
    expect(lines.join('\n')).not.toMatch(/quokkamarker|f{43}/i);

    // Nothing was erased half-way: once the file is dealt with, the same request is carried out.
    expect(await t.store.get('consultation', js.consultation)).toBeDefined();
    await t.store.delete('served-file', 'f'.repeat(43));
    const [again] = await t.say('dpo.ravi', `erase approve ${requestId}`);
    expect(again.text).not.toMatch(/Sorry|already/);
    expect(await t.store.get('consultation', js.consultation)).toBeUndefined();
  });
});
