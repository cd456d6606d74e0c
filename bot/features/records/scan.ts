/**
 * Whole-collection reads for the records officer's rare jobs (retention, subject access,
 * erasure): every document of a collection, in batches, read through its declaration. What a
 * document that does not fit its schema does is the job's choice: retention and erasure fail
 * with the DocumentInvalid (skipping would leave data behind); subject access logs it by
 * collection and id and goes on without it.
 *
 * @example
 *   for await (const batch of docsIn(store, CONSULTATION_DOC)) for (const c of batch) ...
 *   await findIn(store, TAS_ACTION_DOC, (a) => a.schoolId === 'werneth', skipLogged(services.log));
 */
import type { Logger } from '../../core/log';
import { DocumentInvalid, type DocumentDef } from '../../../storage/documents';
import type { Store } from '../../../storage/store';

/** 'fail' throws the DocumentInvalid; a function is told of it and the document is left out. */
export type OnInvalid = 'fail' | ((err: DocumentInvalid) => void);

/** For jobs that must not stop at one bad document: a warning naming collection and id, then on. */
export function skipLogged(log: Logger): OnInvalid {
  return (err) => log.warn({ err, collection: err.collection, id: err.id }, 'stored document does not fit its schema; left out');
}

/** These documents (undefined where missing, or left out as `onInvalid` says). */
export async function readMany<T>(store: Store, doc: DocumentDef<T>, ids: string[], onInvalid: OnInvalid = 'fail'): Promise<(T | undefined)[]> {
  try {
    return await doc.getMany(store, ids);
  } catch (err) {
    if (onInvalid === 'fail' || !(err instanceof DocumentInvalid)) throw err;
  }
  // One of the batch does not fit: read them one by one to leave out only that one.
  return Promise.all(
    ids.map(async (id) => {
      try {
        return await doc.get(store, id);
      } catch (err) {
        if (!(err instanceof DocumentInvalid)) throw err;
        onInvalid(err);
        return undefined;
      }
    }),
  );
}

/** Every document of a collection with its id, in batches. */
export async function* entriesIn<T>(store: Store, doc: DocumentDef<T>, onInvalid: OnInvalid = 'fail'): AsyncIterable<[string, T][]> {
  const seen = new Set<string>();
  for await (const ids of doc.scanIds(store)) {
    // Redis' SCAN may return an id twice; each document is handed out once.
    const fresh = ids.filter((id) => !seen.has(id) && seen.add(id));
    const docs = await readMany(store, doc, fresh, onInvalid);
    yield fresh.flatMap((id, i): [string, T][] => (docs[i] === undefined ? [] : [[id, docs[i]]]));
  }
}

export async function* docsIn<T>(store: Store, doc: DocumentDef<T>, onInvalid: OnInvalid = 'fail'): AsyncIterable<T[]> {
  for await (const batch of entriesIn(store, doc, onInvalid)) yield batch.map(([, d]) => d);
}

/** Every document of a collection that passes `keep`. */
export async function findIn<T>(store: Store, doc: DocumentDef<T>, keep: (doc: T) => boolean, onInvalid: OnInvalid = 'fail'): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of docsIn(store, doc, onInvalid)) out.push(...batch.filter(keep));
  return out;
}

/** Every string anywhere inside a value (object keys excluded). */
export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

/** The value with every occurrence of `find` in its strings replaced; `count` says how many. */
export function replaceIn<T>(value: T, find: string, replacement: string): { value: T; count: number } {
  let count = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const parts = v.split(find);
      count += parts.length - 1;
      return parts.join(replacement);
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return { value: walk(value) as T, count };
}
