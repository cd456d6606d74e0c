/**
 * How the evidence feature's own records are stored, each version 1 and validated on every
 * read and write through storage/documents.ts: a worker's recorded caseload (`caseload`, by
 * worker id), a DSL's pulse answer (`pulse-answer`, by `<term>:<person>`), and beside each
 * consultation its referral follow-up (`evidence-referral`), re-referral links
 * (`evidence-rereferral`) and oversight flag (`evidence-oversight`). The schemas hold what the
 * figures, the digest and the records officer's jobs rely on and let the optional rest through;
 * a change of shape is version 2 with a migration.
 *
 * @example
 *   const f = await FOLLOW_UP_DOC.get(store, 'c-1b2c'); // DocumentInvalid when it does not fit
 */
import { z } from 'zod';
import { defineDocument } from '../../../storage/documents';
import type { RecordedCaseload } from './caseload';
import type { PulseAnswer } from './pulse';
import type { OversightFlag, ReferralFollowUp, ReReferral } from './records';

const id = z.string().min(1);
const at = z.string().min(1);

export const CASELOAD_DOC = defineDocument<RecordedCaseload>('caseload', 1, z.looseObject({ count: z.number().int().nonnegative(), at }));

export const PULSE_ANSWER_DOC = defineDocument<PulseAnswer>(
  'pulse-answer',
  1,
  z.looseObject({ term: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), personId: id, schoolIds: z.array(z.string()), score: z.number().int().min(1).max(5), at }),
);

export const FOLLOW_UP_DOC = defineDocument<ReferralFollowUp>(
  'evidence-referral',
  1,
  z.looseObject({
    consultationId: id,
    schoolId: id,
    teamId: id,
    workerId: id,
    advisedAt: at,
    entryId: id,
    asked: z.array(z.string()),
    answer: z.looseObject({ referred: z.boolean() }).optional(),
  }),
);

export const RE_REFERRAL_DOC = defineDocument<ReReferral>('evidence-rereferral', 1, z.looseObject({ consultationId: id, schoolId: id, earlier: z.array(z.string()), at }));

export const OVERSIGHT_DOC = defineDocument<OversightFlag>(
  'evidence-oversight',
  1,
  z.looseObject({ consultationId: id, number: z.number().int().optional(), schoolId: id, teamId: id, workerId: id, level: z.number().int(), at }),
);
