/**
 * Weekly rollups of the activity log: for one index (a school, a worker or a team) and one
 * week (Monday 00:00 UTC to Sunday 23:59:59.999 UTC), the summaries of the entries current
 * that week (corrections applied), packed. A year's figures read 53 small documents per index
 * instead of every entry and its correction marker.
 *
 * Built lazily on first read and kept in the store, so every process shares them. Each
 * (index, week) has a generation number in the store; a write that changes what the week holds
 * (an append, a correction, and the entry it supersedes, a removal, a redaction) bumps the
 * generation and deletes the rollup. A rollup is used only when it carries the current
 * generation, and a builder reads the generation before the entries, so a rollup built while an
 * entry was being written is never used. A builder that finds the generation moved on after it
 * wrote deletes its own rollup, so nothing of an erased entry stays behind.
 *
 * Each process also keeps the rollups it has decoded (up to KEEP_SUMMARIES summaries), keyed by
 * generation: every read still asks the store for the current generations, so a week another
 * process changed is read again from the store, and a changed week's old copy is dropped.
 *
 * Rollups are declared documents (`ROLLUP_DOC`) and generations declared values (`GENERATION`).
 * A rollup that does not fit is logged by id and built again, like a missing one.
 *
 * @example
 *   const rollups = new ActivityRollups(store, (index, from, to) => currentEntries(index, from, to));
 *   const summaries = await rollups.read('team:werneth-swis', from.getTime(), to.getTime());
 *   await rollups.invalidate(entry); // after an append, correction, removal or redaction
 */
import { z } from 'zod';
import type { Logger } from '../bot/core/log';
import type { ActivityEntry } from './activity-log';
import { packSummaries, unpackSummaries, type ActivitySummary, type PackedSummaries } from './activity-summary';
import { defineDocument, defineValue, getManyFitting } from './documents';
import type { Store } from './store';
const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** 1970-01-05 was a Monday. */
const FIRST_MONDAY = 4 * DAY;

/** The packing's version: a rollup stored by an older version is built again, not misread. */
const FORMAT = 1;

interface Rollup extends PackedSummaries {
  gen: number;
  format: number;
}

/** One (index, week)'s packed summaries; its rows are not checked one by one (a year's view reads 53 of these per index). */
export const ROLLUP_DOC = defineDocument<Rollup>(
  'activity-rollup',
  1,
  z.looseObject({ gen: z.number().int(), format: z.number().int(), dict: z.array(z.string()), rows: z.array(z.unknown()) }),
);

/** (index, week) -> how many times what the week holds has changed. */
export const GENERATION = defineValue<number>('activity-rollup-gen', z.number().int().min(0));

/** The week an instant falls in (weeks since 5 January 1970, Mondays UTC). */
export function weekNumber(ms: number): number {
  return Math.floor((ms - FIRST_MONDAY) / WEEK);
}

function weekStart(week: number): number {
  return FIRST_MONDAY + week * WEEK;
}

const rollupId = (index: string, week: number) => `${index}@${week}`;

/** The current entries of one index (e.g. 'team:x') with from <= occurredAt <= to. */
export type CurrentEntries = (index: string, from: number, to: number) => Promise<ActivityEntry[]>;

/** Decoded rollups a process keeps, at most this many summaries (about 100 MB at most; a year of 100 schools is 60,000). */
const KEEP_SUMMARIES = 300_000;

interface Decoded {
  gen: number;
  summaries: ActivitySummary[];
}

export class ActivityRollups {
  /** (index, week) -> its decoded rollup, used only while the store's generation is still the same. Oldest first. */
  private readonly decoded = new Map<string, Decoded>();
  private kept = 0;

  constructor(
    private readonly store: Store,
    private readonly current: CurrentEntries,
    private readonly log?: Logger,
  ) {}

  /**
   * Summaries of the index's current entries with from <= occurredAt <= to, oldest week first.
   * The objects may be shared with other reads in this process: read them, never change them.
   */
  async read(index: string, from: number, to: number): Promise<ActivitySummary[]> {
    if (!(from <= to) || !Number.isFinite(from) || !Number.isFinite(to)) return [];
    const weeks: number[] = [];
    for (let w = weekNumber(from); w <= weekNumber(to); w++) weeks.push(w);
    const ids = weeks.map((w) => rollupId(index, w));
    // The generation is always the store's: a week changed by any process is never read from memory.
    const gens = (await GENERATION.getMany(this.store, ids)).map((g) => g ?? 0);
    const found = ids.map((id, i) => {
      const d = this.decoded.get(id);
      return d && d.gen === gens[i] ? d.summaries : undefined;
    });
    const missing = ids.flatMap((_, i) => (found[i] ? [] : [i]));
    if (missing.length) {
      const docs = await getManyFitting(ROLLUP_DOC, this.store, missing.map((i) => ids[i]), (err) =>
        this.log?.warn({ err, collection: err.collection, id: err.id }, 'a weekly rollup does not fit its schema and is built again'),
      );
      await Promise.all(
        missing.map(async (i, k) => {
          const doc = docs[k];
          const rollup = doc && doc.gen === gens[i] && doc.format === FORMAT ? doc : await this.build(index, weeks[i], gens[i]);
          found[i] = this.keep(ids[i], rollup);
        }),
      );
    }
    const out: ActivitySummary[] = [];
    found.forEach((summaries, i) => {
      const start = weekStart(weeks[i]);
      const whole = from <= start && start + WEEK - 1 <= to;
      for (const s of summaries!) if (whole || (s.at >= from && s.at <= to)) out.push(s);
    });
    return out;
  }

  /** After a write that changes what the entry's weeks hold, for its school, worker and team. */
  async invalidate(e: Pick<ActivityEntry, 'occurredAt' | 'schoolId' | 'workerId' | 'teamId'>): Promise<void> {
    const week = weekNumber(Date.parse(e.occurredAt));
    const ids = [`school:${e.schoolId}`, `worker:${e.workerId}`, `team:${e.teamId}`].map((index) => rollupId(index, week));
    await Promise.all(
      ids.map(async (id) => {
        this.forget(id);
        await GENERATION.update(this.store, id, (n) => (n ?? 0) + 1);
        await ROLLUP_DOC.delete(this.store, id);
      }),
    );
  }

  private keep(id: string, rollup: Rollup): ActivitySummary[] {
    const summaries = unpackSummaries(rollup);
    this.forget(id);
    this.decoded.set(id, { gen: rollup.gen, summaries });
    this.kept += summaries.length + 1;
    for (const [oldest, d] of this.decoded) {
      if (this.kept <= KEEP_SUMMARIES) break;
      this.decoded.delete(oldest);
      this.kept -= d.summaries.length + 1;
    }
    return summaries;
  }

  private forget(id: string): void {
    const d = this.decoded.get(id);
    if (!d) return;
    this.decoded.delete(id);
    this.kept -= d.summaries.length + 1;
  }

  private async build(index: string, week: number, gen: number): Promise<Rollup> {
    const from = weekStart(week);
    const entries = await this.current(index, from, from + WEEK - 1);
    const id = rollupId(index, week);
    const rollup: Rollup = { gen, format: FORMAT, ...packSummaries(entries) };
    // An empty week is not stored (a wide range would leave thousands); it costs one index read to find again.
    if (!entries.length) return rollup;
    await ROLLUP_DOC.put(this.store, id, rollup);
    // Changed while building: this copy may hold what was just removed; the next read builds again.
    if (((await GENERATION.get(this.store, id)) ?? 0) !== gen) await ROLLUP_DOC.delete(this.store, id);
    return rollup;
  }
}
