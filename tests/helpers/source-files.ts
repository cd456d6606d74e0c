/**
 * The project's own TypeScript sources under a folder, read as text, for tests that check a
 * rule holds across the code (a verb declared once, no handler reading raw form values, no
 * collection read without its declaration). Each hit is reported as `file:line: text`.
 *
 * @example
 *   const hits = grepSources(['bot'], /turn\.values\./);
 *   expect(hits).toEqual([]);
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Lines matching `pattern` in the sources under `dirs` (relative to the project's root), except files in `except`. */
export function grepSources(dirs: string[], pattern: RegExp, except: string[] = []): string[] {
  const hits: string[] = [];
  for (const dir of dirs) {
    for (const file of sourceFiles(join(ROOT, dir))) {
      const rel = relative(ROOT, file);
      if (except.includes(rel)) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (pattern.test(line)) hits.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
  }
  return hits;
}
