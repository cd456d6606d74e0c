/**
 * How the digest feature's stored documents look, each version 1 and validated on every read
 * and write through storage/documents.ts: files served behind a token (`served-file`: CSV
 * exports, the digest chart), the enquirer role the quick log remembers per worker and school
 * (`quick-log-role`: `{ role, at }`, or the bare role kept before roles were dated) and a quick
 * log waiting for the school or who raised it (`quick-log-draft`, an hour at most). The schemas
 * hold what serving, the quick log and the records officer's jobs rely on and let the optional
 * rest through; a change of shape is version 2 with a migration.
 *
 * @example
 *   const file = await SERVED_FILE_DOC.get(store, token); // DocumentInvalid when it does not fit
 */
import { z } from 'zod';
import { ACTIVITY_TYPES, ENQUIRER_ROLES } from '../../../storage/activity-log';
import { defineDocument } from '../../../storage/documents';
import type { StoredFile } from './files';
import type { Draft } from './quick-log-handlers';
import type { StoredRole } from './quick-log-role';

export const SERVED_FILE_DOC = defineDocument<StoredFile>(
  'served-file',
  1,
  z.looseObject({ contentType: z.string().min(1), body: z.string(), filename: z.string().optional(), expiresAt: z.number(), singleUse: z.boolean().optional() }),
);

const role = z.enum(ENQUIRER_ROLES);
export const QUICK_LOG_ROLE_DOC = defineDocument<StoredRole>('quick-log-role', 1, z.union([z.looseObject({ role, at: z.string().min(1) }), role]));

export const QUICK_LOG_DRAFT_DOC = defineDocument<Draft>(
  'quick-log-draft',
  1,
  z.looseObject({
    workerId: z.string().min(1),
    minutes: z.number(),
    activityType: z.enum(ACTIVITY_TYPES),
    child: z.looseObject({}).optional(),
    note: z.string(),
    fields: z.looseObject({}),
    schoolId: z.string().optional(),
  }),
);
