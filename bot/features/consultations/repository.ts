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
import { createHash, randomUUID } from 'node:crypto';
import type { Store } from '../../../storage/store';
import { CONSULTATION_DOC, FORM_CLAIM_DOC, FORM_OF_DOC, NUMBER_DOC, PENDING_REPLY_DOC } from './document';
import type { Consultation } from './model';

/** A new consultation id: random, so knowing one tells nothing about another ("#12" is for people). */
export function newConsultationId(): string {
  return `c-${randomUUID()}`;
}

/** Well-formed ids only (older consultations were numbered "c12"; they are still found). */
export function isConsultationId(id: string): boolean {
  return /^c-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id) || /^c\d{1,9}$/.test(id);
}

/** One card instance (a form or a danger question) and the consultation it became. */
export interface FormClaim {
  formId: string;
  personId: string;
  consultationId: string;
}

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
    if (!(await CONSULTATION_DOC.create(this.store, c.id, c))) throw new Error(`consultation ${c.id} already exists`);
    await NUMBER_DOC.put(this.store, String(c.number), c.id);
  }

  /** The id behind a short number ("#12"), for people who only know the number. */
  async idForNumber(n: number): Promise<string | undefined> {
    return NUMBER_DOC.get(this.store, String(n));
  }

  get(id: string): Promise<Consultation | undefined> {
    return isConsultationId(id) ? CONSULTATION_DOC.get(this.store, id) : Promise.resolve(undefined);
  }

  /** Atomic change; `fn` returns undefined to leave it alone (then this returns undefined). */
  update(id: string, fn: (c: Consultation) => Consultation | undefined): Promise<Consultation | undefined> {
    return CONSULTATION_DOC.update(this.store, id, (c) => (c ? fn(c) : undefined));
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
    const docs = await CONSULTATION_DOC.getMany(this.store, ids);
    return docs.filter((c): c is Consultation => !!c && c.status === 'open').sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.number - b.number);
  }

  /** Records that a child reference was consulted on (the reference is hashed, not kept in a key). */
  async indexChild(schoolId: string, reference: string, id: string, at: number): Promise<void> {
    await this.store.indexAdd(childKey(schoolId, reference), id, at);
  }

  async childHistory(schoolId: string, reference: string, from: number, to: number): Promise<Consultation[]> {
    const ids = await this.store.indexRange(childKey(schoolId, reference), from, to);
    return (await CONSULTATION_DOC.getMany(this.store, ids)).filter((c): c is Consultation => !!c);
  }

  /** A worker received this consultation at `at` (routed to them, or escalated to them). */
  async indexForWorker(workerId: string, id: string, at: number): Promise<void> {
    await this.store.indexAdd(`consultation:worker:${workerId}`, id, at);
  }

  async forWorker(workerId: string, from: number, to: number): Promise<Consultation[]> {
    const ids = await this.store.indexRange(`consultation:worker:${workerId}`, from, to);
    return (await CONSULTATION_DOC.getMany(this.store, ids)).filter((c): c is Consultation => !!c);
  }

  /**
   * Claims a card instance for one consultation, atomically across processes: undefined for the
   * first caller; every later caller gets the first claim (the card was already sent).
   */
  async claimForm(claim: FormClaim): Promise<FormClaim | undefined> {
    if (await FORM_CLAIM_DOC.create(this.store, claim.formId, claim, { ttlMs: 30 * 86_400_000 })) {
      await FORM_OF_DOC.put(this.store, claim.consultationId, claim.formId, { ttlMs: 30 * 86_400_000 });
      return undefined;
    }
    return (await FORM_CLAIM_DOC.get(this.store, claim.formId)) ?? claim;
  }

  /** Removes what this repository keeps beside a consultation (its number and form claim), for erasure. */
  async forgetExtras(c: Consultation): Promise<void> {
    const formId = await FORM_OF_DOC.get(this.store, c.id);
    if (formId) await FORM_CLAIM_DOC.delete(this.store, formId);
    await FORM_OF_DOC.delete(this.store, c.id);
    if ((await NUMBER_DOC.get(this.store, String(c.number))) === c.id) await NUMBER_DOC.delete(this.store, String(c.number));
  }

  /** Text typed before saying which consultation it is for; held a day at most. */
  async holdReply(p: PendingReply): Promise<void> {
    await PENDING_REPLY_DOC.put(this.store, p.id, p, { ttlMs: 86_400_000 });
  }

  async takeReply(id: string, personId: string): Promise<PendingReply | undefined> {
    const p = await PENDING_REPLY_DOC.get(this.store, id);
    if (!p || p.personId !== personId) return undefined;
    await PENDING_REPLY_DOC.delete(this.store, id);
    return p;
  }
}

export function childKey(schoolId: string, reference: string): string {
  const normal = reference.replace(/[\s.\-/]+/g, '').toUpperCase();
  return `consultation:child:${createHash('sha256').update(`${schoolId}\u0000${normal}`).digest('hex').slice(0, 32)}`;
}
