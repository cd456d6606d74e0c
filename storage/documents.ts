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
 * value that is not an object is version 1 and its schema says whether it fits (a collection
 * of nothing but single values can use `defineValue`).
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

export interface DocumentOptions {
  /**
   * For collections read in thousands (the activity log): a read returns the stored document
   * itself once the schema accepts it, not the schema's copy, so the schema can be a plain
   * `z.object` of the fields the code relies on (cheapest to check) and the rest still comes
   * back. The schema must then not transform or default anything.
   */
  asStored?: boolean;
}

type Check = (value: unknown) => boolean;

/**
 * For an `asStored` schema of flat fields (strings with at most a minimum length, enums,
 * booleans, plain numbers, each maybe optional): a check, derived from the schema, that passes
 * only documents the schema accepts, without building the schema's copy; a document it does not
 * pass goes through the schema, which says why. Undefined for any other schema.
 */
function flatCheck(schema: z.ZodType): ((doc: Raw) => boolean) | undefined {
  if (!(schema instanceof z.ZodObject)) return undefined;
  const fields: [string, Check][] = [];
  for (const [key, declared] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const optional = declared instanceof z.ZodOptional;
    const f = optional ? (declared.unwrap() as z.ZodType) : declared;
    const checks = (f.def as { checks?: unknown[] }).checks ?? [];
    let check: Check;
    if (f instanceof z.ZodString && f.maxLength === null && checks.length <= (f.minLength ? 1 : 0)) {
      const min = f.minLength ?? 0;
      check = (v) => typeof v === 'string' && v.length >= min;
    } else if (f instanceof z.ZodEnum) {
      const values = new Set<unknown>(f.options);
      check = (v) => values.has(v);
    } else if (f instanceof z.ZodBoolean) check = (v) => typeof v === 'boolean';
    else if (f instanceof z.ZodNumber && !checks.length) check = (v) => typeof v === 'number' && Number.isFinite(v);
    else return undefined;
    fields.push([key, optional ? (v) => v === undefined || check(v) : check]);
  }
  return (doc) => {
    for (const [key, check] of fields) if (!check(doc[key])) return false;
    return true;
  };
}

/**
 * @param migrate turns a document of an older version (`from`, 1 when unstamped) into one of
 *   this version; needed once version is above 1.
 */
export function defineDocument<T>(
  collection: string,
  version: number,
  schema: z.ZodType,
  migrate?: (old: Raw, from: number) => Raw,
  options: DocumentOptions = {},
): DocumentDef<T> {
  if (version > 1 && !migrate) throw new Error(`document ${collection} version ${version} needs a migration from older versions`);
  const quick = options.asStored ? flatCheck(schema) : undefined;
  const fieldsOf = (error: z.ZodError) => [...new Set(error.issues.map((i) => i.path.join('.') || '(document)'))];

  const read = (id: string, raw: unknown): T | undefined => {
    if (raw === undefined || raw === null) return undefined;
    // A bare value (not an object) is version 1: its schema decides whether it fits.
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw new DocumentInvalid(collection, id, fieldsOf(parsed.error));
      return parsed.data as T;
    }
    const stamped = (raw as Raw)[VERSION_KEY];
    let unstamped = raw as Raw;
    // Copied without the stamp only when there is one (unstamped documents are read in thousands).
    if (VERSION_KEY in unstamped) {
      const { [VERSION_KEY]: _v, ...rest } = unstamped;
      unstamped = rest;
    }
    const from = typeof stamped === 'number' ? stamped : 1;
    if (from > version) throw new DocumentInvalid(collection, id, [`${VERSION_KEY} ${from} is newer than ${version}`]);
    const current = from < version ? migrate!(unstamped, from) : unstamped;
    if (quick?.(current)) return current as T;
    const parsed = schema.safeParse(current);
    if (!parsed.success) throw new DocumentInvalid(collection, id, fieldsOf(parsed.error));
    return (options.asStored ? current : parsed.data) as T;
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

/**
 * For range and whole-store reads (the dashboard, the digest, a recovery sweep): `getMany`, but
 * a document that does not fit is handed to `invalid` (to log by collection and id) and reads
 * as missing, so one bad document does not stop the read. Jobs that must not leave data behind
 * (erasure, retention) read with `get`/`getMany` and fail on it.
 *
 * @example
 *   const entries = await getManyFitting(ENTRY_DOC, store, ids, (err) => log.warn({ err }, 'left out'));
 */
export async function getManyFitting<T>(def: DocumentDef<T>, store: Store, ids: string[], invalid: (err: DocumentInvalid) => void): Promise<(T | undefined)[]> {
  const raws = await store.getMany<unknown>(def.collection, ids);
  return raws.map((raw, i) => {
    try {
      return def.read(ids[i], raw);
    } catch (err) {
      if (!(err instanceof DocumentInvalid)) throw err;
      invalid(err);
      return undefined;
    }
  });
}

type Scalar = string | number | boolean;

/** A collection of single values (a pointer, a counter): a document declaration whose schema is a scalar's. */
export type ValueDef<T extends Scalar> = DocumentDef<T>;

/**
 * A stored single value, declared as a document of version 1 (a value that changes shape is a
 * new collection): `defineDocument` reads a bare value against its schema, so this only narrows
 * the schema to a scalar's. A value that does not fit is DocumentInvalid.
 *
 * @example
 *   const GENERATION = defineValue<number>('probe-generation', z.number().int());
 *   await GENERATION.update(store, 'week-1', (n) => (n ?? 0) + 1);
 */
export function defineValue<T extends Scalar>(collection: string, schema: z.ZodType<T>): ValueDef<T> {
  return defineDocument<T>(collection, 1, schema);
}
