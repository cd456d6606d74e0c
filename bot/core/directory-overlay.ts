/**
 * Business support's directory changes, stored once for every process: one document holds the
 * changes in order (written with the store's compare-and-set, so two changes made at the same
 * moment on two processes both land, each validated against the other), and a small version
 * document says when it moved. A process looks at the version at most once a second (before a
 * turn, and on a timer for scheduled work) and takes the changes when it moved: no extra Redis
 * round trip on every turn, and the same on the memory store.
 *
 * Both are one declared document collection (`OVERLAY_DOC`, ids `changes` and `version`),
 * validated on every read and write; each change inside is checked against its own schema
 * when it is put in use, as before.
 *
 * @example
 *   const overlay = new DirectoryOverlay(store, directory, log, now);
 *   const r = await overlay.commit({ kind: 'cover', cover: { worker: 'sw.amira', by: 'sp.olu', from, to } }, 'bs.mo');
 *   if ('issues' in r) ...;       // refused: nothing stored, the directory in use unchanged
 *   await overlay.fresh();         // another process's change, in use here now
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineDocument } from '../../storage/documents';
import type { Store } from '../../storage/store';
import type { Directory } from './directory';
import { applyChanges, DirectoryChangeSchema, tryChange, type DirectoryChange, type DirectoryChangeInput, type DirectoryIssue } from './directory-changes';
import type { Logger } from './log';

const CHANGES = 'changes';
const VERSION = 'version';
/** How often, at most, a process asks whether the changes moved. */
const CHECK_EVERY_MS = 1000;

/** `version`: how many changes are stored; `changes` (the document of that id only): every change, oldest first. */
interface OverlayDoc {
  version: number;
  changes?: DirectoryChange[];
}

export const OVERLAY_DOC = defineDocument<OverlayDoc>('directory-overlay', 1, z.looseObject({ version: z.number().int().min(0), changes: z.array(z.unknown()).optional() }));

export class DirectoryOverlay {
  private checkedAt = -Infinity;
  private checking?: Promise<void>;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly directory: Directory,
    private readonly log: Logger,
    private readonly now: () => Date,
  ) {}

  /** Takes the stored changes when another process moved them; asks the store at most once a second. */
  async fresh(): Promise<void> {
    const t = performance.now();
    if (t - this.checkedAt < CHECK_EVERY_MS) return this.checking;
    this.checkedAt = t;
    this.checking = this.check().catch((err) => this.log.warn({ err }, 'directory changes could not be checked; the directory in use is kept'));
    return this.checking;
  }

  private async check(): Promise<void> {
    const v = await OVERLAY_DOC.get(this.store, VERSION);
    if ((v?.version ?? 0) !== this.directory.version) await this.load();
  }

  /** Reads every stored change and puts them in use over the file's directory. */
  async load(): Promise<void> {
    const doc = await OVERLAY_DOC.get(this.store, CHANGES);
    if (!doc || doc.version === this.directory.version) return;
    const changes = (doc.changes ?? []).flatMap((c) => {
      const parsed = DirectoryChangeSchema.safeParse(c);
      return parsed.success ? [parsed.data] : [];
    });
    const skipped = this.directory.useChanges(changes, doc.version);
    this.log.info({ version: doc.version, changes: changes.length }, 'directory changes in use');
    for (const s of skipped) this.log.warn({ changeId: s.id, fields: s.issues.map((i) => i.path.join('.')) }, 'a directory change no longer fits the configuration file and is left out');
  }

  /**
   * Validates one change over the directory in use (file and every stored change) and stores
   * it; in use here at once. Refused with the schema's issues, and then nothing is stored.
   */
  async commit(input: DirectoryChangeInput, by: string): Promise<{ change: DirectoryChange } | { issues: DirectoryIssue[] }> {
    const parsed = DirectoryChangeSchema.safeParse({ ...input, id: `dc-${randomUUID().slice(0, 8)}`, by, at: this.now().toISOString() });
    if (!parsed.success) return { issues: parsed.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message })) };
    const change = parsed.data;
    let issues: DirectoryIssue[] = [];
    const stored = await OVERLAY_DOC.update(this.store, CHANGES, (doc) => {
      const before = { version: doc?.version ?? 0, changes: doc?.changes ?? [] };
      // Over the file as this process has it, with every change stored so far (maybe newer than ours).
      const r = tryChange(applyChanges(this.directory.fileData(), before.changes).data, change);
      issues = 'issues' in r ? r.issues : [];
      return 'issues' in r ? undefined : { version: before.version + 1, changes: [...before.changes, change] };
    });
    if (!stored) return { issues };
    // Only ever forward: two changes stored at once on two processes may write this in either order.
    await OVERLAY_DOC.update(this.store, VERSION, (v) => ((v?.version ?? 0) >= stored.version ? undefined : { version: stored.version }));
    this.directory.useChanges(stored.changes ?? [], stored.version);
    this.log.info({ changeId: change.id, kind: change.kind, by, version: stored.version }, 'directory changed from chat');
    return { change };
  }

  /** Every stored change, oldest first (business support's list of what was changed). */
  async changes(): Promise<DirectoryChange[]> {
    return (await OVERLAY_DOC.get(this.store, CHANGES))?.changes ?? [];
  }

  /** Checks every second in the background too, so scheduled work sees a change without a turn. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.fresh(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
