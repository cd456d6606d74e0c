/**
 * A worker's statutory caseload (children they hold outside their schools), recorded with
 * `caseload 14` or taken from configuration (`people[].caseload`), so the weekly digest can
 * show it beside school time: carried-over caseloads crowding out school time was the pilots'
 * most-cited problem.
 *
 * @example
 *   // worker: "caseload 14"  -> "Recorded: your caseload is 14 children."
 *   await caseloadOf(services, 'sw.amira'); // { count: 14, at: '2026-11-23T10:00:00.000Z', source: 'recorded' }
 *   await recordCaseload(services.store, 'sw.amira', 14, now);
 */
import type { Router } from '../../core/router';
import type { Services } from '../../core/services';
import type { Store } from '../../../storage/store';
import { CASELOAD_DOC } from './documents';

/** Stored by worker id (CASELOAD_DOC), about the worker (retention `records.retention.caseload`, from `at`). */
const MAX = 200;

export interface Caseload {
  count: number;
  /** When it was recorded (undefined when it comes from configuration). */
  at?: string;
  source: 'recorded' | 'config';
}

export async function caseloadOf(services: Services, workerId: string): Promise<Caseload | undefined> {
  const rec = await CASELOAD_DOC.get(services.store, workerId);
  if (rec) return { ...rec, source: 'recorded' };
  const fromConfig = services.directory.person(workerId)?.caseload;
  return fromConfig === undefined ? undefined : { count: fromConfig, source: 'config' };
}

export interface RecordedCaseload {
  count: number;
  at: string;
}

export async function recordCaseload(store: Store, workerId: string, count: number, at: Date): Promise<void> {
  await CASELOAD_DOC.put(store, workerId, { count, at: at.toISOString() });
}

export function registerCaseload(router: Router, services: Services): void {
  router.command(
    { name: 'caseload', roles: ['social_worker', 'senior_practitioner'], summary: 'Record your statutory caseload for the weekly digest', usage: 'caseload 14' },
    async (turn) => {
      const text = turn.args.trim();
      if (!text) {
        const c = await caseloadOf(services, turn.person.id);
        return void turn.reply(
          c ? `Your caseload is ${c.count} ${c.count === 1 ? 'child' : 'children'}${c.at ? ` (recorded ${services.calendar.formatDate(services.calendar.dateOf(new Date(c.at)))})` : ' (from the directory)'}. Type caseload and a number to change it.` : 'No caseload recorded yet. Type caseload and the number of children you hold, e.g. caseload 14.',
        );
      }
      if (!/^\d{1,3}$/.test(text) || Number(text) > MAX) return void turn.reply(`Type caseload and a whole number from 0 to ${MAX}, e.g. caseload 14.`);
      const count = Number(text);
      await recordCaseload(services.store, turn.person.id, count, turn.now);
      services.log.info({ personId: turn.person.id }, 'caseload recorded');
      turn.reply(`Recorded: your caseload is ${count} ${count === 1 ? 'child' : 'children'}. Your team manager sees it in the weekly digest.`);
    },
  );
}
