/**
 * How the records officer's own records are stored, each version 1 and validated on every read
 * and write through storage/documents.ts: legal holds (`legal-hold`, by hold key), the records
 * audit trail (`records-audit`), erasure requests (`records-erasure`), tombstones of erased
 * records (`records-tombstone`, by `<kind>:<id>`) and, when configured, sealed copies of
 * redacted text (`records-sealed`). The schemas hold what holds, erasure and subject access rely
 * on and let the optional rest through; a change of shape is version 2 with a migration.
 *
 * The activity log, the outbox and inbound events are declared by their owners
 * (storage/activity-log.ts, bot/core/notifier.ts, bot/core/pipeline/inbound-events.ts); the
 * records jobs read them through those declarations.
 *
 * @example
 *   const req = await ERASURE_REQUEST_DOC.get(store, 'e-1a2b3c4d'); // DocumentInvalid when it does not fit
 */
import { z } from 'zod';
import { defineDocument } from '../../../storage/documents';
import type { RecordsAuditEntry } from './audit';
import type { ErasureRequest, Tombstone } from './erasure';
import type { LegalHold } from './holds';
import type { SealedRedaction } from './redaction';

const id = z.string().min(1);
const at = z.string().min(1);

export const LEGAL_HOLD_DOC = defineDocument<LegalHold>(
  'legal-hold',
  1,
  z.looseObject({
    key: id,
    target: z.discriminatedUnion('kind', [z.looseObject({ kind: z.literal('child'), schoolId: id, reference: id }), z.looseObject({ kind: z.literal('consultation'), id })]),
    reason: z.string(),
    placedBy: id,
    placedAt: at,
  }),
);

export const RECORDS_AUDIT_DOC = defineDocument<RecordsAuditEntry>(
  'records-audit',
  1,
  z.looseObject({
    id,
    at,
    action: z.enum(['hold', 'hold-released', 'subject-access', 'redaction', 'erasure-requested', 'erasure', 'retention', 'directory-change']),
    by: id,
    record: z.string().optional(),
    counts: z.record(z.string(), z.number()).optional(),
  }),
);

export const ERASURE_REQUEST_DOC = defineDocument<ErasureRequest>(
  'records-erasure',
  1,
  z.looseObject({
    id,
    record: z.looseObject({ kind: z.string().min(1), id }),
    reason: z.string(),
    requestedBy: id,
    requestedAt: at,
    status: z.enum(['pending', 'done']),
    erased: z.array(z.string()).optional(),
  }),
);

export const TOMBSTONE_DOC = defineDocument<Tombstone>('records-tombstone', 1, z.looseObject({ record: id, erasedAt: at, requestId: id, requestedBy: id, approvedBy: id }));

export const SEALED_REDACTION_DOC = defineDocument<SealedRedaction>('records-sealed', 1, z.looseObject({ id, record: id, text: z.string(), at, by: id }));
