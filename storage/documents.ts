/**
 * Stored documents declared once: a collection, its version, a zod schema and (from version 2)
 * a migration from older versions. Reads validate (and migrate) what the store holds; writes
 * validate what is about to be stored and stamp the version. A document that does not fit is a
 * typed error (`document_invalid`) naming the collection, the id and the fields, never content.
 *
 * The version lives in the document as `_v`, written only from version 2 on: a document without
 * it is version 1, so every document already stored reads as it is, and a collection's first
 * change of shape is a new version with a `migrate` from 1. A collection that stores a bare
 * value (an id behind a number, a role kept before it was dated) declares it the same way: a
 * value that is not an object is version 1 and its schema says whether it fits.
 *
 * @example
 *   const NOTES = defineDocument<Note>('probe-note', 2, z.looseObject({ id: z.string(), text: z.string() }), (old) => ({ ...old, text: old.body }));
 *   await NOTES.put(store, 'n1', { id: 'n1', text: 'hello' });
 *   const note = await NOTES.get(store, 'n1'); // validated, migrated from version 1 when needed
 */
import { z } from 'zod';
import { SwisError } from '../bot/core/errors';
import type { PutOptions, Store } from './store';

/** A stored document that does not fit its collection's schema (or a version newer than this code). */
export class DocumentInvalid extends SwisError {
  constructor(
    readonly collection: string,
    readonly id: string,
    readonly fields: string[],
  ) {
    super('document_invalid', `stored ${collection} ${id} does not fit its schema: ${fields.join(', ') || '(document)'}`);
  }
}

const VERSION_KEY = '_v';

type Raw = Record<string, unknown>;

export interface DocumentDef<T> {
  readonly collection: string;
  readonly version: number;
  readonly schema: z.ZodType;
  /** The stored document, migrated to this version and validated; throws DocumentInvalid. */
  read(id: string, raw: unknown): T | undefined;
  get(store: Store, id: string): Promise<T | undefined>;
  getMany(store: Store, ids: string[]): Promise<(T | undefined)[]>;
  put(store: Store, id: string, doc: T, opts?: PutOptions): Promise<void>;
  create(store: Store, id: string, doc: T, opts?: PutOptions): Promise<boolean>;
  /** Atomic read-modify-write of a validated document (see Store.update). */
  update(store: Store, id: string, fn: (current: T | undefined) => T | undefined): Promise<T | undefined>;
  delete(store: Store, id: string): Promise<void>;
  /** Every id in the collection, in batches (whole-store jobs only: retention, subject access, erasure). */
  scanIds(store: Store): AsyncIterable<string[]>;
}

/**
 * @param migrate turns a document of an older version (`from`, 1 when unstamped) into one of
 *   this version; needed once version is above 1.
 */
export function defineDocument<T>(collection: string, version: number, schema: z.ZodType, migrate?: (old: Raw, from: number) => Raw): DocumentDef<T> {
  if (version > 1 && !migrate) throw new Error(`document ${collection} version ${version} needs a migration from older versions`);
  const fieldsOf = (error: z.ZodError) => [...new Set(error.issues.map((i) => i.path.join('.') || '(document)'))];

  const read = (id: string, raw: unknown): T | undefined => {
    if (raw === undefined || raw === null) return undefined;
    // A bare value (not an object) is version 1: its schema decides whether it fits.
    const isObject = typeof raw === 'object' && !Array.isArray(raw);
    const { [VERSION_KEY]: stamped, ...body } = isObject ? (raw as Raw) : {};
    const value: unknown = isObject ? body : raw;
    const from = typeof stamped === 'number' ? stamped : 1;
    if (from > version) throw new DocumentInvalid(collection, id, [`${VERSION_KEY} ${from} is newer than ${version}`]);
    const current = from < version ? migrate!(value as Raw, from) : value;
    const parsed = schema.safeParse(current);
    if (!parsed.success) throw new DocumentInvalid(collection, id, fieldsOf(parsed.error));
    return parsed.data as T;
  };

  const stored = (id: string, doc: T): Raw => {
    const parsed = schema.safeParse(doc);
    if (!parsed.success) throw new DocumentInvalid(collection, id, fieldsOf(parsed.error));
    return version > 1 ? { ...(doc as Raw), [VERSION_KEY]: version } : (doc as Raw);
  };

  return {
    collection,
    version,
    schema,
    read,
    async get(store, id) {
      return read(id, await store.get<unknown>(collection, id));
    },
    async getMany(store, ids) {
      const raws = await store.getMany<unknown>(collection, ids);
      return raws.map((raw, i) => read(ids[i], raw));
    },
    async put(store, id, doc, opts) {
      await store.put(collection, id, stored(id, doc), opts);
    },
    async create(store, id, doc, opts) {
      return store.create(collection, id, stored(id, doc), opts);
    },
    async update(store, id, fn) {
      const after = await store.update<Raw>(collection, id, (raw) => {
        const next = fn(read(id, raw));
        return next === undefined ? undefined : stored(id, next);
      });
      return after === undefined ? undefined : read(id, after);
    },
    delete: (store, id) => store.delete(collection, id),
    scanIds: (store) => store.scanIds(collection),
  };
}
