/**
 * Whole-collection reads for the records officer's rare jobs (retention, subject access,
 * erasure): every document of a collection, in batches, read through the store's scan.
 *
 * @example
 *   for await (const batch of docsIn<Consultation>(store, 'consultation')) for (const c of batch) ...
 */
import type { Store } from '../../../storage/store';

export async function* docsIn<T>(store: Store, collection: string): AsyncIterable<T[]> {
  const seen = new Set<string>();
  for await (const ids of store.scanIds(collection)) {
    // Redis' SCAN may return an id twice; each document is handed out once.
    const fresh = ids.filter((id) => !seen.has(id) && seen.add(id));
    const docs = await store.getMany<T>(collection, fresh);
    yield docs.filter((d): d is NonNullable<typeof d> => d !== undefined) as T[];
  }
}

/** Every document of a collection that passes `keep`. */
export async function findIn<T>(store: Store, collection: string, keep: (doc: T) => boolean): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of docsIn<T>(store, collection)) out.push(...batch.filter(keep));
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
