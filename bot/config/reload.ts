/**
 * Reloads the authority's configuration file without a restart (SIGHUP): the file is read and
 * validated exactly as at start-up; a bad file is refused with the same message naming the
 * file and field, and the directory in use is kept. A good one replaces the directory (people,
 * schools, links, teams, covers) at once, with business support's changes from chat (the
 * directory overlay) applied over it again. Other sections (limits, thresholds, hours) still need a
 * restart, and the log line says so when they changed.
 *
 * @example
 *   process.on('SIGHUP', () => reloadDirectory(settings.source, app.services));
 */
import { isDeepStrictEqual } from 'node:util';
import type { Services } from '../core/services';
import { ConfigError, loadConfigFile } from './load';

export interface ReloadResult {
  ok: boolean;
  /** The configuration error, word for word, when the file was refused. */
  error?: string;
  /** Sections other than the directory that differ and need a restart. */
  needsRestart?: string[];
}

const DIRECTORY = new Set(['people', 'schools', 'teams', 'covers']);

export function reloadDirectory(file: string, services: Pick<Services, 'directory' | 'config' | 'log'>): ReloadResult {
  let next;
  try {
    next = loadConfigFile(file);
  } catch (err) {
    const error = err instanceof ConfigError ? err.message : (err as Error).message;
    services.log.error({ file, error }, 'configuration reload refused: the configuration in use is kept');
    return { ok: false, error };
  }
  const current = services.config as unknown as Record<string, unknown>;
  const needsRestart = Object.keys(next).filter((k) => !DIRECTORY.has(k) && !isDeepStrictEqual(current[k], (next as unknown as Record<string, unknown>)[k]));
  // The changes business support made from chat stay applied over the new file (the directory
  // puts the sections in use into services.config too); one that no longer fits is left out.
  const skipped = services.directory.replace(next);
  for (const s of skipped) services.log.warn({ file, changeId: s.id, fields: s.issues.map((i) => i.path.join('.')) }, 'a directory change made from chat no longer fits the new file and is left out');
  services.log.info({ file, people: next.people.length, schools: next.schools.length, needsRestart }, 'configuration reloaded: directory in use now');
  return { ok: true, needsRestart };
}
