/**
 * TAS storage on the store primitives: series (one per school), meetings (one per series and
 * date) and actions, with sorted indexes so every read is bounded: a school's open actions,
 * an owner's open actions (scored by when they become overdue) and an owner's completed
 * actions (scored by completion time, for the digest's date range). Nothing is ever deleted.
 *
 * @example
 *   const repo = new TasRepository(store);
 *   const id = await repo.nextActionId();           // "A1"
 *   await repo.createAction({ id, ... });
 *   const open = await repo.openForOwner('sw.amira');
 */
import type { ConversationRef } from '../../core/events';
import type { Store } from '../../../storage/store';
import type { TasAction, TasMeeting, TasSeries } from './model';
import { TAS_ACTION_DOC, TAS_CHAT_DOC, TAS_MEETING_DOC, TAS_SERIES_DOC } from './documents';

const idx = {
  series: 'tas:series:all',
  schoolOpen: (schoolId: string) => `tas:action:school-open:${schoolId}`,
  schoolAll: (schoolId: string) => `tas:action:school:${schoolId}`,
  ownerOpen: (personId: string) => `tas:action:owner-open:${personId}`,
  ownerDone: (personId: string) => `tas:action:owner-done:${personId}`,
  chairOpen: (chairId: string) => `tas:action:chair-open:${chairId}`,
};

export function seriesIdFor(schoolId: string): string {
  return `S-${schoolId}`;
}

export class TasRepository {
  constructor(
    private readonly store: Store,
    /** When an action's due date has passed (ms), the score of the open indexes. */
    private readonly overdueFrom: (due: string) => number,
  ) {}

  // Series ------------------------------------------------------------------------------

  series(id: string): Promise<TasSeries | undefined> {
    return TAS_SERIES_DOC.get(this.store, id);
  }

  async saveSeries(s: TasSeries): Promise<void> {
    await TAS_SERIES_DOC.put(this.store, s.id, s);
    await this.store.indexAdd(idx.series, s.id, Date.parse(s.createdAt));
  }

  updateSeries(id: string, fn: (s: TasSeries) => TasSeries | undefined): Promise<TasSeries | undefined> {
    return TAS_SERIES_DOC.update(this.store, id, (s) => s && fn(s));
  }

  /** Every series (one per school at most, so this stays small). */
  async allSeries(): Promise<TasSeries[]> {
    const ids = await this.store.indexRange(idx.series, -Infinity, Infinity);
    return (await TAS_SERIES_DOC.getMany(this.store, ids)).filter((s): s is TasSeries => !!s);
  }

  /** A group chat or channel becomes a series' meeting chat. */
  async bindChat(ref: ConversationRef, seriesId: string): Promise<void> {
    await TAS_CHAT_DOC.put(this.store, `${ref.platform}:${ref.id}`, { seriesId });
  }

  async seriesForChat(ref: ConversationRef): Promise<TasSeries | undefined> {
    const bound = await TAS_CHAT_DOC.get(this.store, `${ref.platform}:${ref.id}`);
    return bound && this.series(bound.seriesId);
  }

  // Meetings ----------------------------------------------------------------------------

  meeting(id: string): Promise<TasMeeting | undefined> {
    return TAS_MEETING_DOC.get(this.store, id);
  }

  /** The meeting document, created on first use. */
  async ensureMeeting(m: TasMeeting): Promise<TasMeeting> {
    await TAS_MEETING_DOC.create(this.store, m.id, m);
    return (await this.meeting(m.id))!;
  }

  updateMeeting(id: string, fn: (m: TasMeeting) => TasMeeting | undefined): Promise<TasMeeting | undefined> {
    return TAS_MEETING_DOC.update(this.store, id, (m) => m && fn(m));
  }

  // Actions -----------------------------------------------------------------------------

  async nextActionId(): Promise<string> {
    return `A${await this.store.increment('tas:action-seq')}`;
  }

  action(id: string): Promise<TasAction | undefined> {
    return TAS_ACTION_DOC.get(this.store, id.toUpperCase());
  }

  async createAction(a: TasAction): Promise<void> {
    if (!(await TAS_ACTION_DOC.create(this.store, a.id, a))) throw new Error(`TAS action ${a.id} already exists`);
    const score = this.overdueFrom(a.due);
    await Promise.all([
      this.store.indexAdd(idx.schoolAll(a.schoolId), a.id, Date.parse(a.createdAt)),
      this.store.indexAdd(idx.schoolOpen(a.schoolId), a.id, score),
      this.store.indexAdd(idx.chairOpen(a.chairId), a.id, score),
      ...(a.owner.personId ? [this.store.indexAdd(idx.ownerOpen(a.owner.personId), a.id, score)] : []),
    ]);
  }

  /**
   * Atomic change of an action, then the indexes follow the new state. `fn` must be pure
   * (it may run again on conflict); returning undefined changes nothing.
   */
  async updateAction(id: string, fn: (a: TasAction) => TasAction | undefined): Promise<{ before: TasAction; after: TasAction } | undefined> {
    let before: TasAction | undefined;
    const after = await TAS_ACTION_DOC.update(this.store, id.toUpperCase(), (a) => {
      before = a;
      return a && fn(a);
    });
    if (!after || !before) return undefined;
    await this.reindex(before, after);
    return { before, after };
  }

  private async reindex(before: TasAction, after: TasAction): Promise<void> {
    const ops: Promise<void>[] = [];
    if (before.owner.personId && (before.owner.personId !== after.owner.personId || after.status === 'done'))
      ops.push(this.store.indexRemove(idx.ownerOpen(before.owner.personId), before.id));
    if (after.status === 'done') {
      ops.push(this.store.indexRemove(idx.schoolOpen(after.schoolId), after.id));
      ops.push(this.store.indexRemove(idx.chairOpen(after.chairId), after.id));
      if (after.owner.personId && after.completedAt) ops.push(this.store.indexAdd(idx.ownerDone(after.owner.personId), after.id, Date.parse(after.completedAt)));
    } else {
      const score = this.overdueFrom(after.due);
      ops.push(this.store.indexAdd(idx.schoolOpen(after.schoolId), after.id, score));
      ops.push(this.store.indexAdd(idx.chairOpen(after.chairId), after.id, score));
      if (after.owner.personId) ops.push(this.store.indexAdd(idx.ownerOpen(after.owner.personId), after.id, score));
    }
    await Promise.all(ops);
  }

  private async load(ids: string[]): Promise<TasAction[]> {
    return (await TAS_ACTION_DOC.getMany(this.store, ids)).filter((a): a is TasAction => !!a);
  }

  /** Open actions of a school, soonest due first. */
  async openForSchool(schoolId: string): Promise<TasAction[]> {
    return this.load(await this.store.indexRange(idx.schoolOpen(schoolId), -Infinity, Infinity));
  }

  /** Open actions a person owns, soonest due first. */
  async openForOwner(personId: string): Promise<TasAction[]> {
    return this.load(await this.store.indexRange(idx.ownerOpen(personId), -Infinity, Infinity));
  }

  /** Actions a person completed in a time range (by completion time). */
  async doneByOwner(personId: string, from: number, to: number): Promise<TasAction[]> {
    return this.load(await this.store.indexRange(idx.ownerDone(personId), from, to));
  }

  async countDoneByOwner(personId: string, from: number, to: number): Promise<number> {
    return this.store.indexCount(idx.ownerDone(personId), from, to);
  }

  /** Every action of a school created in a range, done or not (history). */
  async forSchool(schoolId: string, from: number, to: number): Promise<TasAction[]> {
    return this.load(await this.store.indexRange(idx.schoolAll(schoolId), from, to));
  }
}
