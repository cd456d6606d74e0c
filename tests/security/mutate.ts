/**
 * Fuzz-style variants of a valid payload: every field (to a few levels deep) replaced in turn by
 * values of the wrong type, sampled with a fixed seed so a failure can be replayed.
 *
 * @example
 *   for (const v of variants(validActivity, 200, 7)) expect((await post(v)).status).toBeLessThan(500);
 */

export const ODD_VALUES: unknown[] = [null, -1, '', {}, [], [null], 'x', true, [1, 2], { id: {} }];

type Json = Record<string, unknown>;

/** Paths to every field, objects and arrays included, up to `depth` levels. */
export function paths(value: unknown, depth = 4, prefix: (string | number)[] = []): (string | number)[][] {
  if (depth === 0 || !value || typeof value !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...paths(v, depth - 1, [...prefix, k])]);
}

/** A deep copy with the value at `path` replaced. */
export function setAt<T>(value: T, path: (string | number)[], replacement: unknown): T {
  const copy = JSON.parse(JSON.stringify(value)) as Json;
  let node: Json = copy;
  for (const key of path.slice(0, -1)) node = node[key as string] as Json;
  node[path[path.length - 1] as string] = replacement;
  return copy as T;
}

/** `count` variants of `base`, each with one field given an odd value; the same every run for a seed. */
export function variants<T>(base: T, count: number, seed: number): { path: string; value: unknown; body: T }[] {
  let state = seed >>> 0 || 1;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const all = paths(base);
  const out: { path: string; value: unknown; body: T }[] = [];
  for (let i = 0; i < count; i++) {
    const path = all[Math.floor(random() * all.length)];
    const value = ODD_VALUES[Math.floor(random() * ODD_VALUES.length)];
    out.push({ path: path.join('.'), value, body: setAt(base, path, value) });
  }
  return out;
}
