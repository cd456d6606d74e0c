/**
 * The list of common first names behind the gentle "is that a name?" warning on free text:
 * the shipped list (bot/core/data/first-names.txt) plus the authority's additions, minus what
 * it ignores. Matching is by whole word, case-insensitive, accents ignored.
 *
 * @example
 *   const names = firstNames({ add: ['Zebulon'], ignore: ['Bailey'] });
 *   namesIn('spoke to Jayden at lunch', names); // ['Jayden']
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ChildDataConfig } from '../config/schema';

const SHIPPED = path.join(__dirname, 'data', 'first-names.txt');
let shipped: string[] | undefined;

function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function shippedNames(): string[] {
  shipped ??= fs
    .readFileSync(SHIPPED, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  return shipped;
}

export function firstNames(cfg: Pick<ChildDataConfig['firstNames'], 'add' | 'ignore'>): Set<string> {
  const ignore = new Set(cfg.ignore.map(fold));
  return new Set([...shippedNames(), ...cfg.add].map(fold).filter((n) => !ignore.has(n)));
}

/** The words of `text` (as typed) that are on the list, in order, each once. */
export function namesIn(text: string, names: Set<string>): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/[\p{L}][\p{L}\p{M}'’-]*/gu)) {
    const word = m[0].replace(/['’]s$/i, '');
    if ((names.has(fold(word)) || names.has(fold(word.replace(/-.*/, '')))) && !found.includes(word)) found.push(word);
  }
  return found;
}
