/**
 * Stored documents declared once with a version, a schema and a migration (issue 16 point 5):
 * reads validate and migrate, writes validate, and a document that does not fit is a typed error
 * naming collection, id and fields, never content. Consultations are stored this way: a damaged
 * one is reported by id and the person is told something went wrong, with nothing of it shown.
 *
 * @example
 *   node --no-deprecation node_modules/jest/bin/jest.js tests/storage/documents
 */
import { Writable } from 'node:stream';
import { z } from 'zod';
import { isSwisError } from '../../bot/core/errors';
import { createLogger } from '../../bot/core/log';
import { DocumentInvalid, defineDocument } from '../../storage/documents';
import { MemoryStore } from '../../storage/memory/memory-store';
import { askAdvice, consultApp } from '../consultations/flow';

interface Note {
  id: string;
  text: string;
  pinned: boolean;
}

describe('a declared document', () => {
  const store = new MemoryStore();
  // Version 2 renamed `body` to `text` and added `pinned`.
  const NOTES = defineDocument<Note>('probe-note', 2, z.looseObject({ id: z.string(), text: z.string(), pinned: z.boolean() }), (old, from) =>
    from === 1 ? { id: old.id, text: old.body, pinned: false } : old,
  );

  it('reads a document stored before its version existed through the migration', async () => {
    await store.put('probe-note', 'n1', { id: 'n1', body: 'first note' });
    expect(await NOTES.get(store, 'n1')).toEqual({ id: 'n1', text: 'first note', pinned: false });
  });

  it('stamps what it writes with its version, and reads it back as written', async () => {
    await NOTES.put(store, 'n2', { id: 'n2', text: 'second', pinned: true });
    expect(await store.get('probe-note', 'n2')).toEqual({ id: 'n2', text: 'second', pinned: true, _v: 2 });
    expect(await NOTES.get(store, 'n2')).toEqual({ id: 'n2', text: 'second', pinned: true });
    const updated = await NOTES.update(store, 'n2', (n) => n && { ...n, pinned: false });
    expect(updated).toEqual({ id: 'n2', text: 'second', pinned: false });
  });

  it('refuses to write a document that does not fit, and to read one that does not, by collection, id and field only', async () => {
    await expect(NOTES.put(store, 'n3', { id: 'n3', text: 42 } as unknown as Note)).rejects.toThrow('stored probe-note n3 does not fit its schema: text, pinned');
    expect(await store.get('probe-note', 'n3')).toBeUndefined();
    await store.put('probe-note', 'n4', { id: 'n4', text: 'Zephyrine Quigley, born 01/02/2015', pinned: 'yes', _v: 2 });
    const err = await NOTES.get(store, 'n4').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentInvalid);
    expect(isSwisError(err, 'document_invalid')).toBe(true);
    expect((err as Error).message).toBe('stored probe-note n4 does not fit its schema: pinned');
    await store.put('probe-note', 'n5', { id: 'n5', text: 'from the future', pinned: true, _v: 3 });
    await expect(NOTES.get(store, 'n5')).rejects.toThrow('stored probe-note n5 does not fit its schema: _v 3 is newer than 2');
  });

  it('needs a migration once it is past version 1', () => {
    expect(() => defineDocument('probe-other', 2, z.object({}))).toThrow('document probe-other version 2 needs a migration from older versions');
  });
});

describe('a stored consultation', () => {
  it('that no longer fits is reported by id, and the person only hears that something went wrong', async () => {
    const t = await consultApp();
    try {
      const { id } = await askAdvice(t, 'dsl.werneth', { whatHappened: 'Quokka marker text: came in hungry again.' });
      const lines: string[] = [];
      t.app.services.log = createLogger('info', new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
      await t.store.update<Record<string, unknown>>('consultation', id, (c) => c && { ...c, status: 'lost' });
      const [r] = await t.press('sw.amira', 'consult.view', { id });
      expect(r.text).toMatch(/^Sorry, something went wrong/);
      expect(r.text).not.toMatch(/Quokka/);
      const failed = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'handler failed');
      expect(failed.err).toMatchObject({ type: 'DocumentInvalid', code: 'document_invalid', message: `stored consultation ${id} does not fit its schema: status` });
      expect(lines.join('\n')).not.toMatch(/Quokka/);
    } finally {
      await t.close();
    }
  });
});
