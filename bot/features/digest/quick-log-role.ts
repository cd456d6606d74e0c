/**
 * The enquirer role a worker last gave for a school in the quick log ("who raised it?": a DSL,
 * a head of year...), offered again next time so a quick log stays one line. It is about the
 * worker and the school, so it is personal data: kept with when it was given (retention counts
 * from then), found by a subject access request for the worker, and erasable
 * (`role:<worker>:<school>`). Older records were the bare role; they read the same. Stored as
 * QUICK_LOG_ROLE_DOC (documents.ts).
 *
 * @example
 *   await rememberRole(services.store, 'sw.amira', 'werneth', 'head_or_year_head', now);
 *   await rememberedRole(services.store, 'sw.amira', 'werneth'); // 'head_or_year_head'
 */
import type { EnquirerRole } from '../../../storage/activity-log';
import type { Store } from '../../../storage/store';
import { QUICK_LOG_ROLE_DOC } from './documents';

/** As stored: the role with when it was given (a bare role from before that was kept). */
export type StoredRole = { role: EnquirerRole; at: string } | EnquirerRole;

export const roleKey = (workerId: string, schoolId: string) => `${workerId}:${schoolId}`;

export function roleOf(r: StoredRole | undefined): EnquirerRole | undefined {
  return typeof r === 'string' ? r : r?.role;
}

export async function rememberedRole(store: Store, workerId: string, schoolId: string): Promise<EnquirerRole | undefined> {
  return roleOf(await QUICK_LOG_ROLE_DOC.get(store, roleKey(workerId, schoolId)));
}

export async function rememberRole(store: Store, workerId: string, schoolId: string, role: EnquirerRole, at: Date): Promise<void> {
  await QUICK_LOG_ROLE_DOC.put(store, roleKey(workerId, schoolId), { role, at: at.toISOString() });
}
