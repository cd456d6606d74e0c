/**
 * Where consultations are kept, on the shared storage primitives: one document per
 * consultation changed only by atomic `update`, and sorted indexes so every question
 * ("my open consultations", "this child before?", "this worker's week") reads only what it needs.
 *
 * @example
 *   const repo = new ConsultationRepository(services.store);
 *   const c = await repo.create({ ... });
 *   await repo.update(c.id, (x) => ({ ...x, status: 'closed' }));
 *   const open = await repo.openFor('sw.amira');
 */
import { createHash } from 'node:crypto';
import type { Store } from '../../../storage/store';
import type { Consultation } from './model';

const COLLECTION = 'consultation';
const PENDING = 'consultation-pending-reply';

export interface PendingReply {
  id: string;
  personId: string;
  text: string;
}

export class ConsultationRepository {
  constructor(private readonly store: Store) {}

  async nextNumber(): Promise<number> {
    return this.store.increment('consultation:number');
  }

  async create(c: Consultation): Promise<void> {
    if (!(await this.store.create(COLLECTION, c.id, c))) throw new Error(`consultation ${c.id} already exists`);
  }

  get(id: string): Promise<Consultation | undefined> {
    return /^c\d+$/.test(id) ? this.store.get<Consultation>(COLLECTION, id) : Promise.resolve(undefined);
  }

  /** Atomic change; `fn` returns undefined to leave it alone (then this returns undefined). */
  update(id: string, fn: (c: Consultation) => Consultation | undefined): Promise<Consultation | undefined> {
    return this.store.update<Consultation>(COLLECTION, id, (c) => (c ? fn(c) : undefined));
  }

  async addOpen(personId: string, c: Consultation): Promise<void> {
    await this.store.indexAdd(`consultation:open:${personId}`, c.id, Date.parse(c.createdAt));
  }

  async removeOpen(personId: string, id: string): Promise<void> {
    await this.store.indexRemove(`consultation:open:${personId}`, id);
  }

  /** This person's open consultations, oldest first. */
  async openFor(personId: string): Promise<Consultation[]> {
    const ids = await this.store.indexRange(`consultation:open:${personId}`, 0, Number.MAX_SAFE_INTEGER);
    const docs = await this.store.getMany<Consultation>(COLLECTION, ids);
    return docs.filter((c): c is Consultation => !!c && c.status === 'open');
  }

  /** Records that a child reference was consulted on (the reference is hashed, not kept in a key). */
  async indexChild(schoolId: string, reference: string, id: string, at: number): Promise<void> {
    await this.store.indexAdd(childKey(schoolId, reference), id, at);
  }

  async childHistory(schoolId: string, reference: string, from: number, to: number): Promise<Consultation[]> {
    const ids = await this.store.indexRange(childKey(schoolId, reference), from, to);
    return (await this.store.getMany<Consultation>(COLLECTION, ids)).filter((c): c is Consultation => !!c);
  }

  /** A worker received this consultation at `at` (routed to them, or escalated to them). */
  async indexForWorker(workerId: string, id: string, at: number): Promise<void> {
    await this.store.indexAdd(`consultation:worker:${workerId}`, id, at);
  }

  async forWorker(workerId: string, from: number, to: number): Promise<Consultation[]> {
    const ids = await this.store.indexRange(`consultation:worker:${workerId}`, from, to);
    return (await this.store.getMany<Consultation>(COLLECTION, ids)).filter((c): c is Consultation => !!c);
  }

  /** Text typed before saying which consultation it is for; held a day at most. */
  async holdReply(p: PendingReply): Promise<void> {
    await this.store.put(PENDING, p.id, p, { ttlMs: 86_400_000 });
  }

  async takeReply(id: string, personId: string): Promise<PendingReply | undefined> {
    const p = await this.store.get<PendingReply>(PENDING, id);
    if (!p || p.personId !== personId) return undefined;
    await this.store.delete(PENDING, id);
    return p;
  }
}

export function childKey(schoolId: string, reference: string): string {
  const normal = reference.replace(/[\s.\-/]+/g, '').toUpperCase();
  return `consultation:child:${createHash('sha256').update(`${schoolId}\u0000${normal}`).digest('hex').slice(0, 32)}`;
}
