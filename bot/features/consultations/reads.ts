/**
 * The read audit of consultations, like the activity log's: every time a consultation is
 * shown to someone (a card sent or opened, a list, the home tab) a record says who, which
 * consultation, why and when. Records hold ids only, never what was said.
 *
 * @example
 *   await reads.record('dsl.werneth', [c.id], 'view');
 *   (await reads.of(c.id)).map((r) => r.personId); // ['dsl.werneth', ...]
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../../../storage/store';
import { CONSULTATION_READ_DOC } from './document';

export interface ConsultationRead {
  id: string;
  at: string;
  personId: string;
  consultationId: string;
  /** 'card', 'view', 'list', 'home', 'action' */
  purpose: string;
}

const KEEP_MS = 2 * 365 * 86_400_000;

export class ConsultationReads {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  async record(personId: string, consultationIds: string[], purpose: string): Promise<void> {
    const at = this.now();
    await Promise.all(
      consultationIds.map(async (consultationId) => {
        const r: ConsultationRead = { id: `cr-${randomUUID()}`, at: at.toISOString(), personId, consultationId, purpose };
        await CONSULTATION_READ_DOC.put(this.store, r.id, r, { ttlMs: KEEP_MS });
        await this.store.indexAdd(`consultation-read:of:${consultationId}`, r.id, at.getTime());
        await this.store.indexAdd('consultation-read:all', r.id, at.getTime());
      }),
    );
  }

  /** Every recorded read of one consultation, oldest first. */
  async of(consultationId: string): Promise<ConsultationRead[]> {
    const ids = await this.store.indexRange(`consultation-read:of:${consultationId}`, 0, Number.MAX_SAFE_INTEGER);
    return (await CONSULTATION_READ_DOC.getMany(this.store, ids)).filter((r): r is ConsultationRead => !!r);
  }

  /** Removes every read record of one consultation (erasure; the erasure keeps its own trail). */
  async forget(consultationId: string): Promise<void> {
    const ids = await this.store.indexRange(`consultation-read:of:${consultationId}`, 0, Number.MAX_SAFE_INTEGER);
    for (const id of ids) {
      await CONSULTATION_READ_DOC.delete(this.store, id);
      await this.store.indexRemove('consultation-read:all', id);
    }
    for (const id of ids) await this.store.indexRemove(`consultation-read:of:${consultationId}`, id);
  }

  /** Every read in a time range (for a data protection officer's audit). */
  async between(from: Date, to: Date): Promise<ConsultationRead[]> {
    const ids = await this.store.indexRange('consultation-read:all', from.getTime(), to.getTime());
    return (await CONSULTATION_READ_DOC.getMany(this.store, ids)).filter((r): r is ConsultationRead => !!r);
  }
}
