/**
 * How TAS actions are stored: collection `tas-action`, version 1, validated on every read and
 * write through storage/documents.ts. The schema holds what reminders, answers and the
 * activity log rely on and lets the optional rest through; a change of shape is version 2
 * with a migration.
 *
 * @example
 *   const a = await TAS_ACTION_DOC.get(store, 'A7'); // DocumentInvalid when it does not fit
 */
import { z } from 'zod';
import { defineDocument } from '../../../storage/documents';
import type { TasAction } from './model';

export const TAS_ACTION_DOC = defineDocument<TasAction>(
  'tas-action',
  1,
  z.looseObject({
    id: z.string().min(1),
    schoolId: z.string().min(1),
    chairId: z.string().min(1),
    owner: z.looseObject({ name: z.string() }),
    what: z.string(),
    due: z.string().min(1),
    status: z.enum(['open', 'done']),
    createdAt: z.string().min(1),
    createdBy: z.string().min(1),
    activityEntries: z.array(z.looseObject({ workerId: z.string(), entryId: z.string() })),
    history: z.array(z.unknown()),
  }),
);
