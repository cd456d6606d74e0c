/**
 * Drop-in storage on the core's store primitives: series, slots and bookings as documents,
 * sorted indexes by school, worker, series and person (scored by slot start) so every read
 * covers only the dates asked for, and one capacity set per slot so taking a place is atomic
 * across processes (a Lua script on Redis).
 *
 * @example
 *   const repo = new DropInRepository(store);
 *   const result = await repo.reserve(slot, 'dsl.werneth'); // 'ok' | 'full' | 'already'
 *   const week = await repo.slotsForSchool('werneth', from, to);
 */
import type { Store } from '../../../storage/store';
import type { ReserveResult } from '../../../storage/store';
import { BOOKING_DOC, SERIES_DOC, SLOT_DOC } from './documents';
import type { DropInBooking, DropInSeries, DropInSlot } from './model';

const ix = {
  seriesBySchool: (schoolId: string) => `dropin:series:school:${schoolId}`,
  slotsBySchool: (schoolId: string) => `dropin:slots:school:${schoolId}`,
  slotsByWorker: (workerId: string) => `dropin:slots:worker:${workerId}`,
  slotsBySeries: (seriesId: string) => `dropin:slots:series:${seriesId}`,
  bookingsByPerson: (personId: string) => `dropin:bookings:person:${personId}`,
  bookingsByWorker: (workerId: string) => `dropin:bookings:worker:${workerId}`,
  bookingsBySlot: (slotId: string) => `dropin:bookings:slot:${slotId}`,
  places: (slotId: string) => `dropin:slot:${slotId}`,
};

const BATCH = 50;

export class DropInRepository {
  constructor(private readonly store: Store) {}

  async createSeries(series: DropInSeries, slots: DropInSlot[]): Promise<void> {
    // Slots first: a series only becomes visible in the school's list once its slots exist.
    for (let i = 0; i < slots.length; i += BATCH) {
      await Promise.all(slots.slice(i, i + BATCH).map((s) => this.putSlot(s)));
    }
    await SERIES_DOC.put(this.store, series.id, series);
    await this.store.indexAdd(ix.seriesBySchool(series.schoolId), series.id, Date.parse(series.createdAt));
  }

  private async putSlot(s: DropInSlot): Promise<void> {
    const score = Date.parse(s.startsAt);
    await SLOT_DOC.put(this.store, s.id, s);
    await Promise.all([
      this.store.indexAdd(ix.slotsBySchool(s.schoolId), s.id, score),
      this.store.indexAdd(ix.slotsByWorker(s.workerId), s.id, score),
      this.store.indexAdd(ix.slotsBySeries(s.seriesId), s.id, score),
    ]);
  }

  series(id: string): Promise<DropInSeries | undefined> {
    return SERIES_DOC.get(this.store, id);
  }

  async seriesForSchool(schoolId: string): Promise<DropInSeries[]> {
    const ids = await this.store.indexRange(ix.seriesBySchool(schoolId), 0, Number.MAX_SAFE_INTEGER);
    return present(await SERIES_DOC.getMany(this.store, ids));
  }

  updateSeries(id: string, fn: (s: DropInSeries) => DropInSeries | undefined): Promise<DropInSeries | undefined> {
    return SERIES_DOC.update(this.store, id, (s) => s && fn(s));
  }

  slot(id: string): Promise<DropInSlot | undefined> {
    return SLOT_DOC.get(this.store, id);
  }

  updateSlot(id: string, fn: (s: DropInSlot) => DropInSlot | undefined): Promise<DropInSlot | undefined> {
    return SLOT_DOC.update(this.store, id, (s) => s && fn(s));
  }

  async slotsForSchool(schoolId: string, from: Date, to: Date): Promise<DropInSlot[]> {
    return this.slotsIn(ix.slotsBySchool(schoolId), from, to);
  }

  async slotsForWorker(workerId: string, from: Date, to: Date): Promise<DropInSlot[]> {
    return this.slotsIn(ix.slotsByWorker(workerId), from, to);
  }

  async slotsForSeries(seriesId: string, from: Date, to: Date): Promise<DropInSlot[]> {
    return this.slotsIn(ix.slotsBySeries(seriesId), from, to);
  }

  private async slotsIn(index: string, from: Date, to: Date): Promise<DropInSlot[]> {
    const ids = await this.store.indexRange(index, from.getTime(), to.getTime());
    return present(await SLOT_DOC.getMany(this.store, ids));
  }

  /** Takes one place on the slot for this person, atomically; 'already' when they hold one. */
  reserve(slot: DropInSlot, personId: string): Promise<ReserveResult> {
    return this.store.reserve(ix.places(slot.id), personId, slot.capacity);
  }

  release(slotId: string, personId: string): Promise<boolean> {
    return this.store.unreserve(ix.places(slotId), personId);
  }

  async placesTaken(slotId: string): Promise<number> {
    return (await this.store.members(ix.places(slotId))).length;
  }

  async addBooking(b: DropInBooking): Promise<void> {
    const created = await BOOKING_DOC.create(this.store, b.id, b);
    if (!created) throw new Error('drop-in booking id collision');
    const score = Date.parse(b.startsAt);
    await Promise.all([
      this.store.indexAdd(ix.bookingsByPerson(b.personId), b.id, score),
      this.store.indexAdd(ix.bookingsByWorker(b.workerId), b.id, score),
      this.store.indexAdd(ix.bookingsBySlot(b.slotId), b.id, Date.parse(b.createdAt)),
    ]);
  }

  booking(id: string): Promise<DropInBooking | undefined> {
    return BOOKING_DOC.get(this.store, id);
  }

  updateBooking(id: string, fn: (b: DropInBooking) => DropInBooking | undefined): Promise<DropInBooking | undefined> {
    return BOOKING_DOC.update(this.store, id, (b) => b && fn(b));
  }

  async bookingsForSlot(slotId: string): Promise<DropInBooking[]> {
    const ids = await this.store.indexRange(ix.bookingsBySlot(slotId), 0, Number.MAX_SAFE_INTEGER);
    return present(await BOOKING_DOC.getMany(this.store, ids));
  }

  async bookingsForPerson(personId: string, from: Date, to: Date): Promise<DropInBooking[]> {
    const ids = await this.store.indexRange(ix.bookingsByPerson(personId), from.getTime(), to.getTime());
    return present(await BOOKING_DOC.getMany(this.store, ids));
  }

  async bookingsForWorker(workerId: string, from: Date, to: Date): Promise<DropInBooking[]> {
    const ids = await this.store.indexRange(ix.bookingsByWorker(workerId), from.getTime(), to.getTime());
    return present(await BOOKING_DOC.getMany(this.store, ids));
  }
}

function present<T>(docs: (T | undefined)[]): T[] {
  return docs.filter((d): d is T => !!d);
}
