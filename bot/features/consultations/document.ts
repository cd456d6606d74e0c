/**
 * How a consultation is stored: collection `consultation`, version 1, validated on every read
 * and write through storage/documents.ts. The schema holds the fields everything else relies
 * on (ids, status, people, times, messages) and lets the optional rest through, so documents
 * stored before it read as they are; a change of shape is version 2 with a migration.
 *
 * Beside it, the same way: who read which consultation (`consultation-read`), who is away until
 * when (`consultation-away`), text held until its consultation is named
 * (`consultation-pending-reply`), a card instance's claim (`consultation-form`) and the form
 * claimed for a consultation (`consultation-form-of`, the bare form id), and the id behind a
 * short number (`consultation-number`, the bare consultation id).
 *
 * @example
 *   const c = await CONSULTATION_DOC.get(store, 'c-1b2c'); // DocumentInvalid when it does not fit
 */
import { z } from 'zod';
import { defineDocument } from '../../../storage/documents';
import type { Consultation } from './model';
import type { ConsultationRead } from './reads';
import type { FormClaim, PendingReply } from './repository';

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

const id = z.string().min(1);

export const CONSULTATION_READ_DOC = defineDocument<ConsultationRead>(
  'consultation-read',
  1,
  z.looseObject({ id, at: z.string().min(1), personId: id, consultationId: id, purpose: z.string() }),
);

export const AWAY_DOC = defineDocument<{ personId: string; until: string }>(
  'consultation-away',
  1,
  z.looseObject({ personId: id, until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
);

export const PENDING_REPLY_DOC = defineDocument<PendingReply>('consultation-pending-reply', 1, z.looseObject({ id, personId: id, text: z.string() }));

export const FORM_CLAIM_DOC = defineDocument<FormClaim>('consultation-form', 1, z.looseObject({ formId: id, personId: id, consultationId: id }));

/** The form id claimed for a consultation, stored bare. */
export const FORM_OF_DOC = defineDocument<string>('consultation-form-of', 1, id);

/** The consultation id behind a short number ("#12"), stored bare. */
export const NUMBER_DOC = defineDocument<string>('consultation-number', 1, id);
