/**
 * Legal holds: an authority marks a school reference (a child) or a consultation as held, and
 * neither retention nor erasure removes anything the hold covers until it is released.
 *
 * @example
 *   await holds.place({ kind: 'child', schoolId: 'werneth', reference: 'JS' }, 'ro.jade', 'litigation');
 *   (await holds.snapshot()).covers({ consultationId: 'c12', schoolId: 'werneth', reference: 'JS' }); // true
 */
import type { Store } from '../../../storage/store';
import { childKey } from '../consultations/repository';
import { LEGAL_HOLD_DOC } from './documents';

export type HoldTarget = { kind: 'child'; schoolId: string; reference: string } | { kind: 'consultation'; id: string };

export interface LegalHold {
  key: string;
  target: HoldTarget;
  reason: string;
  placedBy: string;
  placedAt: string;
}

/** What a record is about, for checking it against the holds. */
export interface HoldScope {
  consultationId?: string;
  schoolId?: string;
  references?: (string | undefined)[];
}

export function holdKey(t: HoldTarget): string {
  return t.kind === 'child' ? childKey(t.schoolId, t.reference) : `consultation:${t.id}`;
}

export class HoldSet {
  constructor(private readonly keys: Set<string>) {}

  covers(scope: HoldScope): boolean {
    if (scope.consultationId && this.keys.has(`consultation:${scope.consultationId}`)) return true;
    const { schoolId } = scope;
    return !!schoolId && (scope.references ?? []).some((r) => r !== undefined && this.keys.has(childKey(schoolId, r)));
  }
}

export class LegalHolds {
  constructor(private readonly store: Store) {}

  async place(target: HoldTarget, placedBy: string, reason: string, at: Date): Promise<LegalHold> {
    const hold: LegalHold = { key: holdKey(target), target, reason, placedBy, placedAt: at.toISOString() };
    await LEGAL_HOLD_DOC.put(this.store, hold.key, hold);
    return hold;
  }

  /** Returns false when there was no such hold. */
  async release(target: HoldTarget): Promise<boolean> {
    const key = holdKey(target);
    if (!(await LEGAL_HOLD_DOC.get(this.store, key))) return false;
    await LEGAL_HOLD_DOC.delete(this.store, key);
    return true;
  }

  async all(): Promise<LegalHold[]> {
    const out: LegalHold[] = [];
    for await (const ids of LEGAL_HOLD_DOC.scanIds(this.store)) {
      out.push(...(await LEGAL_HOLD_DOC.getMany(this.store, ids)).filter((h): h is LegalHold => !!h));
    }
    return [...new Map(out.map((h) => [h.key, h])).values()];
  }

  async snapshot(): Promise<HoldSet> {
    return new HoldSet(new Set((await this.all()).map((h) => h.key)));
  }
}
