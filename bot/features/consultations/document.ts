/**
 * How a consultation is stored: collection `consultation`, version 1, validated on every read
 * and write through storage/documents.ts. The schema holds the fields everything else relies
 * on (ids, status, people, times, messages) and lets the optional rest through, so documents
 * stored before it read as they are; a change of shape is version 2 with a migration.
 *
 * @example
 *   const c = await CONSULTATION_DOC.get(store, 'c-1b2c'); // DocumentInvalid when it does not fit
 */
import { z } from 'zod';
import { defineDocument } from '../../../storage/documents';
import type { Consultation } from './model';

export const CONSULTATION_DOC = defineDocument<Consultation>(
  'consultation',
  1,
  z.looseObject({
    id: z.string().min(1),
    number: z.number().int(),
    schoolId: z.string().min(1),
    raisedBy: z.string().min(1),
    status: z.enum(['draft', 'open', 'closed']),
    immediateDanger: z.boolean(),
    categories: z.array(z.string()),
    indicators: z.array(z.string()),
    urgency: z.enum(['red', 'amber', 'green']),
    linkWorkerId: z.string().min(1),
    holderId: z.string().min(1),
    escalations: z.array(z.unknown()),
    createdAt: z.string().min(1),
    messages: z.array(z.looseObject({ at: z.string(), by: z.string(), kind: z.string() })),
    participants: z.array(z.string()),
  }),
);
