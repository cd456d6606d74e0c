/**
 * How the dashboard's sign-in is stored, each version 1 and validated on every read and write
 * through storage/documents.ts: a single-use link (`dashboard-link`) and a live session
 * (`dashboard-session`), both keyed by the SHA-256 of their token (never the token itself) and
 * both a grant of who and until when. A change of shape is version 2 with a migration.
 *
 * @example
 *   const grant = await SESSION_DOC.get(store, hash(token)); // DocumentInvalid when it does not fit
 */
import { z } from 'zod';
import { defineDocument } from '../../../storage/documents';

/** Who the link or session is for, and until when (epoch milliseconds). */
export interface Grant {
  personId: string;
  expiresAt: number;
}

const grant = z.looseObject({ personId: z.string().min(1), expiresAt: z.number() });

export const LINK_DOC = defineDocument<Grant>('dashboard-link', 1, grant);
export const SESSION_DOC = defineDocument<Grant>('dashboard-session', 1, grant);
