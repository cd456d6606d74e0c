/**
 * The few storage primitives the core needs. Every repository (activity log, conversation
 * references, consultations, drop-ins, TAS) is written once on top of these, and the two
 * implementations (memory, Redis) pass one contract suite (tests/storage/contract.ts).
 *
 * All operations are atomic with respect to each other: `update` is a compare-and-set retried
 * on conflict, `reserve` takes a place only while capacity remains, `claim` is SET NX.
 *
 * @example
 *   await store.put('consultation', id, doc);
 *   await store.update<Consultation>('consultation', id, (c) => c && { ...c, status: 'closed' });
 *   await store.indexAdd('consultation:by-school:werneth', id, Date.now());
 *   const ok = await store.reserve('dropin:slot:s1', personId, 1); // 'ok' | 'full' | 'already'
 */
import { SwisError } from '../bot/core/errors';

export type ReserveResult = 'ok' | 'full' | 'already';

export interface PaceSlot {
  key: string;
  /** Time between sends; fractional (1000 / 47.5 = 21.05 ms), kept to the microsecond. */
  intervalMs: number;
  burst?: number;
}

export interface PaceRequest {
  /** The longest the caller will wait for a slot now. */
  maxWaitMs: number;
  /** Who is asking when the caller can come back later (a delivery's id): gets a place in line. */
  holder?: string;
  /**
   * The caller's clock in ms (a test's controllable clock); by default the store's own
   * (Redis TIME, or Date.now() in memory), which every process shares.
   */
  nowMs?: number;
}

export interface PaceResult {
  /** A slot is booked: send after `waitMs`. */
  reserved: boolean;
  waitMs: number;
  /** Not booked, but the holder has a place in line: come back in about `waitMs`. */
  queued?: boolean;
}

export interface PutOptions {
  /** Expire the document after this many milliseconds (tokens, dedupe marks). */
  ttlMs?: number;
  /**
   * Also puts the document's id in this sorted index, in the same atomic write (for `create`,
   * only when it was created): a crash never leaves the document without its index entry, and
   * it is one round trip, not two.
   */
  index?: { name: string; score: number };
  /** Also takes the document's id out of this sorted index, in the same atomic write. */
  unindex?: string;
}

export interface LockOptions {
  /** The lock frees itself this long after its holder stops renewing it (a crash). */
  ttlMs?: number;
  /** Longest wait for the lock (default 10 s), then LockTimeoutError. */
  waitMs?: number;
  /** Stops waiting (LockAbandonedError) once aborted: the caller no longer needs the lock. */
  signal?: AbortSignal;
}

/** A lock taken with `Store.lock`. */
export interface HeldLock {
  /** Frees it (only if still this holder's); never throws. */
  release(): Promise<void>;
}

export interface RangeOptions {
  limit?: number;
  /** Newest (highest score) first. */
  reverse?: boolean;
}

export interface Store {
  /** Which implementation, for logs and /readyz. */
  readonly kind: 'memory' | 'redis';

  get<T>(collection: string, id: string): Promise<T | undefined>;
  getMany<T>(collection: string, ids: string[]): Promise<(T | undefined)[]>;
  put<T>(collection: string, id: string, doc: T, opts?: PutOptions): Promise<void>;
  /** Writes only when absent; false when a document with that id exists. */
  create<T>(collection: string, id: string, doc: T, opts?: PutOptions): Promise<boolean>;
  /**
   * Atomic read-modify-write. `fn` may run more than once (on conflict), so it must be pure.
   * Returning undefined leaves the document as it was and returns undefined.
   */
  update<T>(collection: string, id: string, fn: (current: T | undefined) => T | undefined): Promise<T | undefined>;
  delete(collection: string, id: string): Promise<void>;
  /**
   * Every id in a collection, in batches (order unspecified). For the rare whole-store jobs
   * only (retention, subject access, erasure); features read through indexes.
   */
  scanIds(collection: string): AsyncIterable<string[]>;

  /** Sorted index: member with a numeric score (usually a time in ms). */
  indexAdd(index: string, member: string, score: number): Promise<void>;
  indexRemove(index: string, member: string): Promise<void>;
  /** Members with min <= score <= max, oldest first unless reverse. */
  indexRange(index: string, min: number, max: number, opts?: RangeOptions): Promise<string[]>;
  indexCount(index: string, min?: number, max?: number): Promise<number>;
  /** Names of the (non-empty) indexes starting with `prefix`, so an erasure can leave no member behind. */
  indexNames(prefix: string): Promise<string[]>;

  /** SET NX with expiry: true for the first caller only, until it expires or is released. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  release(key: string): Promise<void>;

  /** Takes one place in a capacity-limited set; atomic across processes. */
  reserve(key: string, member: string, capacity: number): Promise<ReserveResult>;
  unreserve(key: string, member: string): Promise<boolean>;
  members(key: string): Promise<string[]>;

  /**
   * Paces sends across processes (GCRA, one slot per `intervalMs` for each rule's key, plus
   * `burst` extra after a quiet spell). Reserves, atomically and for every rule at once, the
   * earliest moment all rules allow, and returns how long the caller must wait before sending
   * then. Reserving (rather than "try again later") means waiting senders never stampede and
   * the limit is used to the full. When that moment is more than `maxWaitMs` away nothing is
   * reserved and `reserved` is false.
   *
   * Queued work (a scheduled delivery) passes a `holder` id. Instead of competing again and
   * again for the next free slot, it is given a place in a line per rule (`queued`, with
   * `waitMs` until its place) and books its slot when it comes back then; slots are only ever
   * booked `maxWaitMs` ahead, so a reply without a holder (someone waiting in a chat) goes
   * straight in and the line moves back by one slot behind it.
   */
  pace(rules: PaceSlot[], request: PaceRequest): Promise<PaceResult>;

  /** Counts up by one and returns the new value (reference numbers). */
  increment(key: string): Promise<number>;

  /**
   * Runs fn while holding a lock on key, so handling per conversation is serialised across
   * processes. Waits up to waitMs for the lock (default 10 s), then throws LockTimeoutError.
   */
  withLock<T>(key: string, fn: () => Promise<T>, opts?: LockOptions): Promise<T>;

  /**
   * Takes the lock `withLock` takes, for a caller that releases it itself. The first try goes
   * out at once, so it shares a round trip with whatever the caller sends next (the turn
   * pipeline stores the event in the same one).
   */
  lock(key: string, opts?: LockOptions): Promise<HeldLock>;

  /**
   * Waits (briefly) until the writes made so far have reached a replica, where the deployment
   * has one (Redis Sentinel): the core calls it before a turn is acknowledged, so a record the
   * platform was told about survives the loss of the primary. Without replicas it does nothing.
   */
  replicated?(): Promise<void>;

  /** Throws when the store cannot be reached (used by /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class LockTimeoutError extends SwisError {
  constructor(key: string) {
    super('lock_timeout', `timed out waiting for lock ${key}`);
  }
}

/**
 * Runs fn holding the lock once it is taken, and releases it after, however fn ends: `withLock`
 * in both stores, and the turn pipeline's lock asked for ahead of time.
 *
 * @example
 *   const locking = store.lock('turn:teams:a:1'); // first try goes out now
 *   await underLock(locking, async () => handle());
 */
export async function underLock<T>(locking: Promise<HeldLock>, fn: () => Promise<T>): Promise<T> {
  const held = await locking;
  try {
    return await fn();
  } finally {
    await held.release();
  }
}

/** A wait for a lock that its caller gave up (LockOptions.signal). */
export class LockAbandonedError extends SwisError {
  constructor(key: string) {
    super('lock_abandoned', `stopped waiting for lock ${key}`);
  }
}
