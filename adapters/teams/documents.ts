/**
 * What the Teams adapter keeps in the store, declared once and validated on every read and
 * write (storage/documents.ts): each tenant's route (where Teams last reached the bot from, so
 * the bot can open a 1:1 chat there later) and, in Emulator mode only, whom each Emulator user
 * chose to act as. No botbuilder here: the records jobs may read these without loading it.
 *
 * @example
 *   await TENANT_ROUTE_DOC.put(store, tenantId, { serviceUrl, botId });
 *   const route = await TENANT_ROUTE_DOC.get(store, tenantId); // DocumentInvalid when it does not fit
 */
import { z } from 'zod';
import { defineDocument } from '../../storage/documents';

/** Per tenant (id in lower case): where Teams last reached the bot from, and the bot's id there. */
export interface TenantRoute {
  serviceUrl: string;
  botId: string;
}

export const TENANT_ROUTE_DOC = defineDocument<TenantRoute>('teams-tenant-route', 1, z.looseObject({ serviceUrl: z.string().min(1), botId: z.string().min(1) }));

/** Emulator mode: the directory person an Emulator user acts as, by Emulator user id. */
export interface ActingAs {
  personId: string;
}

export const ACTING_AS_DOC = defineDocument<ActingAs>('teams-emulator-as', 1, z.looseObject({ personId: z.string().min(1) }));
