/**
 * Production storage on Redis (ioredis). Many bot processes can share one Redis: every
 * read-modify-write is a compare-and-set in Lua, capacity reservations are one Lua script,
 * claims are SET NX PX, locks are SET NX PX with a token, renewed and released only by their
 * holder (a crashed holder's lock expires within LOCK_TTL_MS). A command fails quickly while
 * Redis is away (see COMMAND_TIMEOUT_MS), so callers learn it at once.
 *
 * @example
 *   const store = new RedisStore({ url: 'redis://127.0.0.1:6379', prefix: 'swis:' });
 *   await store.ping();
 */
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { newRedisClient, urlConnection, type RedisConnection } from './connection';
import { LockAbandonedError, LockTimeoutError, underLock, type HeldLock, type LockOptions, type PaceRequest, type PaceResult, type PaceSlot, type PutOptions, type RangeOptions, type ReserveResult, type Store } from '../store';

const CAS = `
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if current then return 0 end
elseif current ~= ARGV[2] then
  return 0
end
if ARGV[4] ~= '' then
  redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
else
  redis.call('SET', KEYS[1], ARGV[3], 'KEEPTTL')
end
return 1`;

const RESERVE = `
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 'already' end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 'full' end
redis.call('SADD', KEYS[1], ARGV[1])
return 'ok'`;

// KEYS: the holder's place, then per rule its booked-until time and its line's tail.
// ARGV: maxWaitMs, '1' when there is a holder, the caller's clock in ms ('' for Redis TIME), then
// interval (ms, fractional) and burst per rule.
// Times are microseconds, so fractional intervals keep the rate exact. Keys outlive the moment
// they hold by a minute, so a caller's clock that runs apart from Redis's loses nothing.
// Returns {1, wait}: booked; {0, wait}: nothing booked; {2, wait}: the holder has a place.
const PACE = `
local now
if ARGV[3] ~= '' then now = tonumber(ARGV[3]) * 1000 else
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local maxWait = tonumber(ARGV[1]) * 1000
local holder = ARGV[2] == '1'
local n = (#KEYS - 1) / 2
local iv, burst, tat, line = {}, {}, {}, {}
local lineAhead = false
for i = 1, n do
  iv[i] = tonumber(ARGV[2 + 2 * i]) * 1000
  burst[i] = tonumber(ARGV[3 + 2 * i])
  tat[i] = math.max(tonumber(redis.call('GET', KEYS[2 * i]) or now), now)
  line[i] = tonumber(redis.call('GET', KEYS[2 * i + 1]) or 0)
  if line[i] > now then lineAhead = true end
end
local function ms(us) if us <= 0 then return 0 end return math.ceil(us / 1000) end
local function keep(key, at, extra) redis.call('SET', key, math.floor(at), 'PX', ms(at - now) + extra) end
local at = now
for i = 1, n do at = math.max(at, tat[i] - burst[i] * iv[i]) end
local wait = at - now
local function book(moveLine)
  for i = 1, n do
    keep(KEYS[2 * i], math.max(tat[i], at) + iv[i], 60000)
    if moveLine and line[i] > at then keep(KEYS[2 * i + 1], line[i] + iv[i], 60000) end
  end
end
if not holder then
  if wait > maxWait then return {0, ms(wait)} end
  book(true)
  return {1, ms(wait)}
end
local place = redis.call('GET', KEYS[1])
if place or not lineAhead then
  if wait <= maxWait then
    if place then redis.call('DEL', KEYS[1]) end
    book(false)
    return {1, ms(wait)}
  end
  if place then return {2, ms(wait)} end
end
local own, p = {}, now
for i = 1, n do
  own[i] = math.max(now, line[i], tat[i] - burst[i] * iv[i])
  p = math.max(p, own[i])
end
-- Only the rules that decide the place move their line on (a tenant's line must not jump ahead
-- by one conversation's spacing, leaving slots nobody is given).
for i = 1, n do if own[i] >= p then keep(KEYS[2 * i + 1], p + iv[i], 60000) end end
keep(KEYS[1], p, 60000)
return {2, ms(p - now)}`;

/**
 * A write with its index changes, as one command (one round trip, all or nothing, and the same
 * errors as any command when Redis is away): SET, NX when ARGV[6] is '1', with an expiry when
 * ARGV[2] is not empty; then, only when it was set, KEYS[2] gets ARGV[4] at score ARGV[3] and
 * KEYS[3] loses it.
 */
const WRITE_INDEXED = `
local args = {'SET', KEYS[1], ARGV[1]}
if ARGV[2] ~= '' then table.insert(args, 'PX'); table.insert(args, ARGV[2]) end
if ARGV[6] == '1' then table.insert(args, 'NX') end
if not redis.call(unpack(args)) then return 0 end
if ARGV[3] ~= '' then redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4]) end
if ARGV[5] == '1' then redis.call('ZREM', KEYS[3], ARGV[4]) end
return 1`;

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

const UNLOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

interface Scripts {
  swisWriteIndexed(doc: string, addTo: string, removeFrom: string, json: string, ttlMs: string, score: string, member: string, remove: '0' | '1', onlyNew: '0' | '1'): Promise<number>;
  swisCas(key: string, absent: string, expected: string, next: string, ttl: string): Promise<number>;
  swisReserve(key: string, member: string, capacity: string): Promise<ReserveResult>;
  swisUnlock(key: string, token: string): Promise<number>;
  swisRenew(key: string, token: string, ttlMs: string): Promise<number>;
  swisPace(numberOfKeys: number, ...args: (string | number)[]): Promise<[number, number]>;
}

export interface RedisStoreOptions {
  url?: string;
  /** Sentinel, ACL and TLS settings (from the environment); `url` alone is a plain server. */
  connection?: RedisConnection;
  /** Every key starts with this; lets tests and deployments share a server. */
  prefix?: string;
  /** How long one command may wait for Redis (default COMMAND_TIMEOUT_MS). */
  commandTimeoutMs?: number;
  /** With Sentinels: how long `replicated()` waits for a replica to have the writes (default 1 s). */
  replicaWaitMs?: number;
  /** Told when a replica did not confirm the writes in time (the primary still has them). */
  onReplicaLag?: (waitedMs: number) => void;
}

/**
 * A Redis that is stopped or restarting is noticed by ioredis within a second (two reconnect
 * attempts, maxRetriesPerRequest); this is for one that hangs without closing the connection. It
 * is generous so that a saturated machine does not time out healthy commands; 0 turns it off.
 */
export const COMMAND_TIMEOUT_MS = 2500;
/** A lock lives this long unless its holder renews it, so a dead process's lock is free within seconds. */
export const LOCK_TTL_MS = 6000;

export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  readonly redis: Redis & Scripts;
  readonly prefix: string;

  /** True with Sentinels: there is a replica to wait for before acknowledging. */
  private readonly hasReplicas: boolean;
  private readonly replicaWaitMs: number;
  /** The primary had no replica attached when last looked (at replicasCheckedAt). */
  private replicasGone = false;
  private replicasCheckedAt = 0;
  private readonly onReplicaLag?: (waitedMs: number) => void;

  constructor(opts: RedisStoreOptions) {
    this.prefix = opts.prefix ?? 'swis:';
    this.hasReplicas = !!opts.connection?.sentinels?.length;
    this.replicaWaitMs = opts.replicaWaitMs ?? 1000;
    this.onReplicaLag = opts.onReplicaLag;
    const client = newRedisClient(opts.connection ?? urlConnection(opts.url ?? 'redis://127.0.0.1:6379'), {
      maxRetriesPerRequest: 2,
      connectTimeout: 3000,
      // While Redis is away a command fails quickly (see COMMAND_TIMEOUT_MS), so a request is
      // answered (Teams 503, Slack acked) inside Slack's 3 s.
      commandTimeout: (opts.commandTimeoutMs ?? COMMAND_TIMEOUT_MS) || undefined,
      retryStrategy: (times) => Math.min(times * 200, 2000),
      lazyConnect: false,
      // Commands issued in the same tick go out in one write: with many deliveries and turns in
      // flight this saves a system call per command (see bench/RESULTS.md).
      enableAutoPipelining: true,
    });
    // Connection errors surface through the failing command and /readyz, not as crashes.
    client.on('error', () => undefined);
    client.defineCommand('swisCas', { numberOfKeys: 1, lua: CAS });
    client.defineCommand('swisWriteIndexed', { numberOfKeys: 3, lua: WRITE_INDEXED });
    client.defineCommand('swisReserve', { numberOfKeys: 1, lua: RESERVE });
    client.defineCommand('swisUnlock', { numberOfKeys: 1, lua: UNLOCK });
    client.defineCommand('swisRenew', { numberOfKeys: 1, lua: RENEW });
    client.defineCommand('swisPace', { lua: PACE });
    this.redis = client as Redis & Scripts;
  }

  private doc(collection: string, id: string): string {
    return `${this.prefix}doc:${collection}:${id}`;
  }

  async get<T>(collection: string, id: string): Promise<T | undefined> {
    const v = await this.redis.get(this.doc(collection, id));
    return v === null ? undefined : (JSON.parse(v) as T);
  }

  async getMany<T>(collection: string, ids: string[]): Promise<(T | undefined)[]> {
    if (!ids.length) return [];
    const out: (T | undefined)[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const values = await this.redis.mget(ids.slice(i, i + 500).map((id) => this.doc(collection, id)));
      for (const v of values) out.push(v === null ? undefined : (JSON.parse(v) as T));
    }
    return out;
  }

  async put<T>(collection: string, id: string, doc: T, opts?: PutOptions): Promise<void> {
    const k = this.doc(collection, id);
    if (opts?.index || opts?.unindex) await this.writeIndexed(k, id, doc, opts, false);
    else if (opts?.ttlMs) await this.redis.set(k, JSON.stringify(doc), 'PX', opts.ttlMs);
    else await this.redis.set(k, JSON.stringify(doc));
  }

  async create<T>(collection: string, id: string, doc: T, opts?: PutOptions): Promise<boolean> {
    const k = this.doc(collection, id);
    if (opts?.index || opts?.unindex) return this.writeIndexed(k, id, doc, opts, true);
    const r = opts?.ttlMs
      ? await this.redis.set(k, JSON.stringify(doc), 'PX', opts.ttlMs, 'NX')
      : await this.redis.set(k, JSON.stringify(doc), 'NX');
    return r === 'OK';
  }

  private async writeIndexed(k: string, id: string, doc: unknown, opts: PutOptions, onlyNew: boolean): Promise<boolean> {
    // An unused key slot names the document's own key (never touched: its flag is off).
    const idx = (name?: string) => (name ? `${this.prefix}idx:${name}` : k);
    const { index, unindex, ttlMs } = opts;
    const written = await this.redis.swisWriteIndexed(k, idx(index?.name), idx(unindex), JSON.stringify(doc), ttlMs ? String(ttlMs) : '', index ? String(index.score) : '', id, unindex ? '1' : '0', onlyNew ? '1' : '0');
    return written === 1;
  }

  async update<T>(collection: string, id: string, fn: (current: T | undefined) => T | undefined): Promise<T | undefined> {
    const k = this.doc(collection, id);
    for (let attempt = 0; attempt < 100; attempt++) {
      const raw = await this.redis.get(k);
      const next = fn(raw === null ? undefined : (JSON.parse(raw) as T));
      if (next === undefined) return undefined;
      const json = JSON.stringify(next);
      const ok = await this.redis.swisCas(k, raw === null ? '1' : '0', raw ?? '', json, '');
      if (ok === 1) return JSON.parse(json) as T;
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * (attempt + 1))));
    }
    throw new Error(`update of ${collection} kept conflicting`);
  }

  async delete(collection: string, id: string): Promise<void> {
    await this.redis.del(this.doc(collection, id));
  }

  async *scanIds(collection: string): AsyncIterable<string[]> {
    const head = this.doc(collection, '');
    for await (const keys of this.scanKeys(head)) yield keys.map((k) => k.slice(head.length));
  }

  /** SCAN over keys starting with `head` (glob characters in it are escaped). */
  private async *scanKeys(head: string): AsyncIterable<string[]> {
    const pattern = `${head.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length) yield keys;
    } while (cursor !== '0');
  }

  async indexAdd(index: string, member: string, score: number): Promise<void> {
    await this.redis.zadd(`${this.prefix}idx:${index}`, score, member);
  }

  async indexRemove(index: string, member: string): Promise<void> {
    await this.redis.zrem(`${this.prefix}idx:${index}`, member);
  }

  async indexRange(index: string, min: number, max: number, opts: RangeOptions = {}): Promise<string[]> {
    const k = `${this.prefix}idx:${index}`;
    const lo = Number.isFinite(min) ? String(min) : '-inf';
    const hi = Number.isFinite(max) ? String(max) : '+inf';
    const limit = opts.limit !== undefined ? (['LIMIT', 0, opts.limit] as const) : ([] as const);
    return opts.reverse
      ? this.redis.zrevrangebyscore(k, hi, lo, ...(limit as ['LIMIT', number, number]))
      : this.redis.zrangebyscore(k, lo, hi, ...(limit as ['LIMIT', number, number]));
  }

  async indexCount(index: string, min = -Infinity, max = Infinity): Promise<number> {
    return this.redis.zcount(
      `${this.prefix}idx:${index}`,
      Number.isFinite(min) ? String(min) : '-inf',
      Number.isFinite(max) ? String(max) : '+inf',
    );
  }

  async indexNames(prefix: string): Promise<string[]> {
    const head = `${this.prefix}idx:`;
    const names: string[] = [];
    for await (const keys of this.scanKeys(`${head}${prefix}`)) names.push(...keys.map((k) => k.slice(head.length)));
    return names;
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(`${this.prefix}claim:${key}`, '1', 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
  }

  async release(key: string): Promise<void> {
    await this.redis.del(`${this.prefix}claim:${key}`);
  }

  async reserve(key: string, member: string, capacity: number): Promise<ReserveResult> {
    return this.redis.swisReserve(`${this.prefix}set:${key}`, member, String(capacity));
  }

  async unreserve(key: string, member: string): Promise<boolean> {
    return (await this.redis.srem(`${this.prefix}set:${key}`, member)) === 1;
  }

  async members(key: string): Promise<string[]> {
    return this.redis.smembers(`${this.prefix}set:${key}`);
  }

  async pace(rules: PaceSlot[], request: PaceRequest): Promise<PaceResult> {
    const keys = [`${this.prefix}pace-place:${request.holder ?? ''}`, ...rules.flatMap((r) => [`${this.prefix}pace:${r.key}`, `${this.prefix}pace:${r.key}:line`])];
    const args = rules.flatMap((r) => [r.intervalMs, r.burst ?? 0]);
    const [status, waitMs] = await this.redis.swisPace(keys.length, ...keys, request.maxWaitMs, request.holder ? '1' : '0', request.nowMs ?? '', ...args);
    return status === 2 ? { reserved: false, waitMs, queued: true } : { reserved: status === 1, waitMs };
  }

  async increment(key: string): Promise<number> {
    return this.redis.incr(`${this.prefix}ctr:${key}`);
  }

  async withLock<T>(key: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
    return underLock(this.lock(key, opts), fn);
  }

  async lock(key: string, opts: LockOptions = {}): Promise<HeldLock> {
    const k = `${this.prefix}lock:${key}`;
    const token = randomUUID();
    const ttl = opts.ttlMs ?? LOCK_TTL_MS;
    const deadline = Date.now() + (opts.waitMs ?? 10_000);
    let delay = 5;
    while ((await this.redis.set(k, token, 'PX', ttl, 'NX')) !== 'OK') {
      if (opts.signal?.aborted) throw new LockAbandonedError(key);
      if (Date.now() >= deadline) throw new LockTimeoutError(key);
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 100);
    }
    // Renewed while held (only by its owner's token), so long work keeps it and a crash frees it.
    const renew = setInterval(() => void this.redis.swisRenew(k, token, String(ttl)).catch(() => undefined), Math.max(50, Math.floor(ttl / 3)));
    renew.unref();
    return {
      release: async () => {
        clearInterval(renew);
        await this.redis.swisUnlock(k, token).catch(() => undefined);
      },
    };
  }

  async replicated(): Promise<void> {
    // WAIT covers every write this connection sent before it, and holds the connection (every
    // turn of this process) while it waits, so the limit stays short (REDIS_REPLICA_WAIT_MS,
    // 1 s): a replica slower than that does not hold the turn up longer, the primary still has
    // the writes, and the lag is reported. The price: with both cores busy, a write answered after
    // a timed-out WAIT can die with a primary killed in that second (the failover test lost one
    // consultation once that way; with 5 s it timed out instead).
    // With no replica attached at all (just after a failover, until the old primary comes back
    // as a replica) there is nothing to wait for: that is looked up, at most once a second,
    // instead of making every turn wait the whole limit.
    if (!this.hasReplicas) return;
    if (this.replicasGone) {
      if (Date.now() < this.replicasCheckedAt + 1000) return;
      this.replicasCheckedAt = Date.now();
      if ((await this.connectedReplicas()) === 0) return;
      this.replicasGone = false;
    }
    const confirmed = await this.redis.wait(1, this.replicaWaitMs);
    if (confirmed >= 1) return;
    if ((await this.connectedReplicas()) === 0) {
      this.replicasGone = true;
      this.replicasCheckedAt = Date.now();
      return;
    }
    this.onReplicaLag?.(this.replicaWaitMs);
  }

  /** Replicas attached to the primary now (INFO replication); undefined when it cannot be read (an ACL user without INFO keeps waiting). */
  private async connectedReplicas(): Promise<number | undefined> {
    const info = await this.redis.info('replication').catch(() => '');
    const m = /^connected_slaves:(\d+)/m.exec(info);
    return m ? Number(m[1]) : undefined;
  }

  async ping(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Redis did not answer within 1s')), 1000);
    });
    try {
      await Promise.race([this.redis.ping(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.redis.status !== 'ready') {
      this.redis.disconnect();
      return;
    }
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
