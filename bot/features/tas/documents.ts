/**
 * How TAS is stored: meeting series (`tas-series`), meetings (`tas-meeting`), actions
 * (`tas-action`) and the group chat bound to a series (`tas-chat`), each version 1 and validated on every read and write through
 * storage/documents.ts. The schemas hold what reminders, answers and the activity log rely on
 * and let the optional rest through; a change of shape is version 2 with a migration.
 *
 * @example
 *   const a = await TAS_ACTION_DOC.get(store, 'A7'); // DocumentInvalid when it does not fit
 */
import { z } from 'zod';
import { defineDocument } from '../../../storage/documents';
import type { TasAction, TasMeeting, TasSeries } from './model';

/** A group chat or channel bound to a series, keyed `<platform>:<conversation id>`. */
export interface TasChat {
  seriesId: string;
}

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

export const TAS_SERIES_DOC = defineDocument<TasSeries>(
  'tas-series',
  1,
  z.looseObject({
    id: z.string().min(1),
    schoolId: z.string().min(1),
    chairId: z.string().min(1),
    weekday: z.string().min(1),
    time: z.string().min(1),
    everyWeeks: z.number().int(),
    firstDate: z.string().min(1),
    durationMinutes: z.number(),
    attendees: z.array(z.looseObject({ name: z.string() })),
    createdAt: z.string().min(1),
  }),
);

export const TAS_MEETING_DOC = defineDocument<TasMeeting>(
  'tas-meeting',
  1,
  z.looseObject({
    id: z.string().min(1),
    seriesId: z.string().min(1),
    schoolId: z.string().min(1),
    date: z.string().min(1),
    startsAt: z.string().min(1),
    agenda: z.array(z.looseObject({ id: z.string(), text: z.string() })),
    apologies: z.array(z.string()),
  }),
);

export const TAS_CHAT_DOC = defineDocument<TasChat>('tas-chat', 1, z.looseObject({ seriesId: z.string().min(1) }));
