/**
 * The embedded default: everything in this process's memory, nothing kept after it stops.
 * Operations complete synchronously inside one event-loop turn, which is what makes them
 * atomic here; locks are per-key promise chains.
 *
 * @example
 *   const store = new MemoryStore();
 *   await store.put('person-ref', 'sw.amira', ref);
 */
import { LockAbandonedError, LockTimeoutError, underLock, type HeldLock, type LockOptions, type PaceRequest, type PaceResult, type PaceSlot, type PutOptions, type RangeOptions, type ReserveResult, type Store } from '../store';

interface Entry {
  json: string;
  expiresAt?: number;
}

export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  private readonly docs = new Map<string, Entry>();
  private readonly indexes = new Map<string, Map<string, number>>();
  private readonly claims = new Map<string, number>();
  private readonly sets = new Map<string, Set<string>>();
  private readonly counters = new Map<string, number>();
  private readonly locks = new Map<string, Promise<void>>();
  private closed = false;

  private key(collection: string, id: string): string {
    return `${collection}\u0000${id}`;
  }

  private read<T>(k: string): T | undefined {
    const e = this.docs.get(k);
    if (!e) return undefined;
    if (e.expiresAt !== undefined && e.expiresAt <= Date.now()) {
      this.docs.delete(k);
      return undefined;
    }
    return JSON.parse(e.json) as T;
  }

  private write<T>(k: string, doc: T, opts?: PutOptions): void {
    this.docs.set(k, { json: JSON.stringify(doc), expiresAt: opts?.ttlMs ? Date.now() + opts.ttlMs : undefined });
  }

  /** The index changes a put or create asks for, made in the same step as the write. */
  private reindex(id: string, opts?: PutOptions): void {
    if (opts?.index) this.addToIndex(opts.index.name, id, opts.index.score);
    if (opts?.unindex) this.removeFromIndex(opts.unindex, id);
  }

  private addToIndex(index: string, member: string, score: number): void {
    let m = this.indexes.get(index);
    if (!m) this.indexes.set(index, (m = new Map()));
    m.set(member, score);
  }

  private removeFromIndex(index: string, member: string): void {
    const m = this.indexes.get(index);
    // An empty index goes, as an empty sorted set does in Redis, so short-lived ones do not pile up.
    if (m?.delete(member) && m.size === 0) this.indexes.delete(index);
  }

  async get<T>(collection: string, id: string): Promise<T | undefined> {
    return this.read<T>(this.key(collection, id));
  }

  async getMany<T>(collection: string, ids: string[]): Promise<(T | undefined)[]> {
    return ids.map((id) => this.read<T>(this.key(collection, id)));
  }

  async put<T>(collection: string, id: string, doc: T, opts?: PutOptions): Promise<void> {
    this.write(this.key(collection, id), doc, opts);
    this.reindex(id, opts);
  }

  async create<T>(collection: string, id: string, doc: T, opts?: PutOptions): Promise<boolean> {
    const k = this.key(collection, id);
    if (this.read(k) !== undefined) return false;
    this.write(k, doc, opts);
    this.reindex(id, opts);
    return true;
  }

  async update<T>(collection: string, id: string, fn: (current: T | undefined) => T | undefined): Promise<T | undefined> {
    const k = this.key(collection, id);
    const next = fn(this.read<T>(k));
    if (next === undefined) return undefined;
    const e = this.docs.get(k);
    this.docs.set(k, { json: JSON.stringify(next), expiresAt: e?.expiresAt });
    return JSON.parse(JSON.stringify(next)) as T;
  }

  async delete(collection: string, id: string): Promise<void> {
    this.docs.delete(this.key(collection, id));
  }

  async *scanIds(collection: string): AsyncIterable<string[]> {
    const head = `${collection}\u0000`;
    const ids: string[] = [];
    for (const k of [...this.docs.keys()]) if (k.startsWith(head) && this.read(k) !== undefined) ids.push(k.slice(head.length));
    for (let i = 0; i < ids.length; i += 500) yield ids.slice(i, i + 500);
  }

  async indexAdd(index: string, member: string, score: number): Promise<void> {
    this.addToIndex(index, member, score);
  }

  async indexRemove(index: string, member: string): Promise<void> {
    this.removeFromIndex(index, member);
  }

  async indexRange(index: string, min: number, max: number, opts: RangeOptions = {}): Promise<string[]> {
    const m = this.indexes.get(index);
    if (!m) return [];
    const rows = [...m.entries()].filter(([, s]) => s >= min && s <= max);
    rows.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    if (opts.reverse) rows.reverse();
    const members = rows.map(([k]) => k);
    return opts.limit !== undefined ? members.slice(0, opts.limit) : members;
  }

  async indexCount(index: string, min = -Infinity, max = Infinity): Promise<number> {
    const m = this.indexes.get(index);
    if (!m) return 0;
    let n = 0;
    for (const s of m.values()) if (s >= min && s <= max) n++;
    return n;
  }

  async indexNames(prefix: string): Promise<string[]> {
    return [...this.indexes.keys()].filter((k) => k.startsWith(prefix));
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const until = this.claims.get(key);
    if (until !== undefined && until > Date.now()) return false;
    this.claims.set(key, Date.now() + ttlMs);
    return true;
  }

  async release(key: string): Promise<void> {
    this.claims.delete(key);
  }

  async reserve(key: string, member: string, capacity: number): Promise<ReserveResult> {
    let s = this.sets.get(key);
    if (!s) this.sets.set(key, (s = new Set()));
    if (s.has(member)) return 'already';
    if (s.size >= capacity) return 'full';
    s.add(member);
    return 'ok';
  }

  async unreserve(key: string, member: string): Promise<boolean> {
    return this.sets.get(key)?.delete(member) ?? false;
  }

  async members(key: string): Promise<string[]> {
    return [...(this.sets.get(key) ?? [])];
  }

  private readonly tats = new Map<string, number>();
  private readonly lines = new Map<string, number>();
  private readonly places = new Map<string, number>();

  /** The same rules as the Redis script (see Store.pace), in fractional milliseconds. */
  async pace(rules: PaceSlot[], request: PaceRequest): Promise<PaceResult> {
    const now = request.nowMs ?? Date.now();
    const tat = rules.map((r) => Math.max(this.tats.get(r.key) ?? now, now));
    const line = rules.map((r) => this.lines.get(r.key) ?? 0);
    const at = rules.reduce((m, r, i) => Math.max(m, tat[i] - (r.burst ?? 0) * r.intervalMs), now);
    const waitMs = Math.max(0, Math.ceil(at - now));
    const book = (moveLine: boolean) =>
      rules.forEach((r, i) => {
        this.tats.set(r.key, Math.max(tat[i], at) + r.intervalMs);
        if (moveLine && line[i] > at) this.lines.set(r.key, line[i] + r.intervalMs);
      });
    if (request.holder === undefined) {
      if (at - now > request.maxWaitMs) return { reserved: false, waitMs };
      book(true);
      return { reserved: true, waitMs };
    }
    const place = this.places.get(request.holder);
    if (place !== undefined || !line.some((l) => l > now)) {
      if (at - now <= request.maxWaitMs) {
        this.places.delete(request.holder);
        book(false);
        return { reserved: true, waitMs };
      }
      if (place !== undefined) return { reserved: false, waitMs, queued: true };
    }
    const own = rules.map((r, i) => Math.max(now, line[i], tat[i] - (r.burst ?? 0) * r.intervalMs));
    const p = Math.max(...own);
    // Only the rules that decide the place move their line on: a tenant's line must not jump
    // ahead by a conversation's spacing, leaving slots nobody is given.
    rules.forEach((r, i) => {
      if (own[i] >= p) this.lines.set(r.key, p + r.intervalMs);
    });
    this.places.set(request.holder, p);
    // A holder that never comes back (its job was cancelled) must not be remembered for ever.
    if (this.places.size > 10_000) for (const [h, when] of this.places) if (when < now - 60_000) this.places.delete(h);
    return { reserved: false, waitMs: Math.max(0, Math.ceil(p - now)), queued: true };
  }

  async increment(key: string): Promise<number> {
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return n;
  }

  async withLock<T>(key: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
    return underLock(this.lock(key, opts), fn);
  }

  async lock(key: string, opts: LockOptions = {}): Promise<HeldLock> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const chained = previous.then(() => mine);
    this.locks.set(key, chained);
    const waitMs = opts.waitMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), waitMs)));
    const { signal } = opts;
    let onAbort: (() => void) | undefined;
    const abandoned = new Promise<'abandoned'>((resolve) => {
      onAbort = () => resolve('abandoned');
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
    const got = await Promise.race([previous.then(() => 'ok' as const), timedOut, abandoned]);
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    if (got !== 'ok') {
      // Let later waiters through once the holder finishes; we give up our turn.
      void previous.then(release);
      throw got === 'timeout' ? new LockTimeoutError(key) : new LockAbandonedError(key);
    }
    return {
      release: async () => {
        release();
        if (this.locks.get(key) === chained) this.locks.delete(key);
      },
    };
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('memory store is closed');
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
