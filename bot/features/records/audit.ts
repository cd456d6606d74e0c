/**
 * The records officer's own trail: every legal hold, subject-access export, redaction,
 * erasure and retention run, and every directory change business support made from chat,
 * with who, when and what (ids and counts, never the removed text).
 *
 * @example
 *   await audit.add({ action: 'redaction', by: 'ro.jade', record: 'consultation:c12', reason: 'name typed by mistake' });
 *   const all = await audit.list();
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../../../storage/store';
import { RECORDS_AUDIT_DOC } from './documents';

const INDEX = 'records-audit:all';

export type RecordsAction = 'hold' | 'hold-released' | 'subject-access' | 'redaction' | 'erasure-requested' | 'erasure' | 'retention' | 'directory-change';

export interface RecordsAuditInput {
  action: RecordsAction;
  /** Who did it; 'system' for the retention job. */
  by: string;
  /** What it was about: "consultation:c12", a child key, "person:sw.amira". */
  record?: string;
  reason?: string;
  approvedBy?: string;
  /** Counts only: records exported, places redacted, records removed by kind. */
  counts?: Record<string, number>;
  /** A directory change, in ids and role words only: "added roles dsl; schools werneth". */
  change?: string;
}

export interface RecordsAuditEntry extends RecordsAuditInput {
  id: string;
  at: string;
}

export class RecordsAudit {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  async add(input: RecordsAuditInput): Promise<RecordsAuditEntry> {
    const at = this.now();
    const entry: RecordsAuditEntry = { ...input, id: `ra-${randomUUID()}`, at: at.toISOString() };
    await RECORDS_AUDIT_DOC.put(this.store, entry.id, entry);
    await this.store.indexAdd(INDEX, entry.id, at.getTime());
    return entry;
  }

  async list(from = -Infinity, to = Infinity): Promise<RecordsAuditEntry[]> {
    const ids = await this.store.indexRange(INDEX, from, to);
    return (await RECORDS_AUDIT_DOC.getMany(this.store, ids)).filter((e): e is RecordsAuditEntry => !!e);
  }

  /** Entries about any of these record names. */
  async about(records: Set<string>): Promise<RecordsAuditEntry[]> {
    return (await this.list()).filter((e) => e.record !== undefined && records.has(e.record));
  }
}
