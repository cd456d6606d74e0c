/**
 * Benchmark (not a test): the weekly digest for one team costs the same whatever the size of
 * the activity log. Loads 10k, 100k and 1M entries into a real Redis (pipelined writes in the
 * activity log's own key layout, under a unique prefix that is deleted afterwards), spread
 * over 1,000 teams and five years, with the measured team's own history growing too, and
 * prints how long one team's digest takes at each size. Exits 0; prints figures.
 *
 * @example
 *   REDIS_URL=redis://127.0.0.1:6379 npm run bench:digest
 *   BENCH_SIZES=10000,100000 npm run bench:digest
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createApp } from '../bot/app';
import { loadEnv, parseConfig, SAMPLE_CONFIG_PATH } from '../bot/config/load';
import { silentLogger } from '../bot/core/log';
import { buildDigest } from '../bot/features/digest/digest';
import { TokenFiles } from '../bot/features/digest/files';
import { lastCompleteWeek } from '../bot/features/digest/week';
import { ACTIVITY_TYPES, bucketFor, type ActivityEntry } from '../storage/activity-log';
import { RedisStore } from '../storage/redis/redis-store';

const URL = process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const NOW = new Date('2026-11-23T10:00:00Z');
const HISTORY_MS = 5 * 365 * 86_400_000;
const OTHER_TEAMS = 1000;
const BATCH = 5000;
const RUNS = 7;
const CHUNK = 50_000;
/** Share of the background history that belongs to the measured team (its history grows too). */
const OWN_SHARE = 0.01;

const config = parseConfig(fs.readFileSync(SAMPLE_CONFIG_PATH, 'utf8'), SAMPLE_CONFIG_PATH);
const team = config.teams[0];
const schools = config.schools.map((s) => s.id);

let seq = 0;
function entry(teamId: string, workerId: string, schoolId: string, at: number): ActivityEntry {
  const minutes = 5 + (seq % 55);
  return {
    id: `a-${randomUUID()}`,
    occurredAt: new Date(at).toISOString(),
    schoolId,
    teamId,
    workerId,
    raisedBy: { role: 'dsl' },
    query: 'Benchmark entry',
    response: 'Advice given',
    activityType: ACTIVITY_TYPES[seq++ % ACTIVITY_TYPES.length],
    outcome: 'advice_and_monitor',
    timeSpent: bucketFor(minutes),
    minutes,
    consent: 'consented',
    source: { kind: 'bench', id: String(seq) },
    recordedBy: workerId,
    recordedAt: new Date(at).toISOString(),
    holding: false,
  };
}

/** Writes entries exactly as ActivityLog.append and RedisStore lay them out, pipelined. */
async function write(store: RedisStore, entries: ActivityEntry[]): Promise<void> {
  const p = store.prefix;
  for (let i = 0; i < entries.length; i += BATCH) {
    const pipe = store.redis.pipeline();
    for (const e of entries.slice(i, i + BATCH)) {
      const score = Date.parse(e.occurredAt);
      pipe.set(`${p}doc:activity:${e.id}`, JSON.stringify(e));
      pipe.zadd(`${p}idx:activity:all`, score, e.id);
      pipe.zadd(`${p}idx:activity:school:${e.schoolId}`, score, e.id);
      pipe.zadd(`${p}idx:activity:worker:${e.workerId}`, score, e.id);
      pipe.zadd(`${p}idx:activity:team:${e.teamId}`, score, e.id);
    }
    await pipe.exec();
  }
}

/** The measured team's last two weeks: the same 300 entries whatever the size. */
function recentOwn(from: number, to: number): ActivityEntry[] {
  return Array.from({ length: 300 }, (_, i) => {
    const worker = team.members[i % team.members.length];
    return entry(team.id, worker, schools[i % schools.length], from + ((to - from) * (i + 0.5)) / 300);
  });
}

/** Older history of the measured team and other teams' entries at any time. */
function background(n: number, before: number): ActivityEntry[] {
  const out: ActivityEntry[] = [];
  for (let i = 0; i < n; i++) {
    if (Math.random() < OWN_SHARE) {
      out.push(entry(team.id, team.members[i % team.members.length], schools[i % schools.length], before - 1 - Math.random() * HISTORY_MS));
    } else {
      const t = i % OTHER_TEAMS;
      out.push(entry(`bench-team-${t}`, `bench-worker-${t}-${i % 8}`, `bench-school-${t}-${i % 4}`, NOW.getTime() - Math.random() * HISTORY_MS));
    }
  }
  return out;
}

async function deletePrefix(store: RedisStore): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await store.redis.scan(cursor, 'MATCH', `${store.prefix}*`, 'COUNT', 10_000);
    cursor = next;
    if (keys.length) await store.redis.unlink(...keys);
  } while (cursor !== '0');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const prefix = `bench:${randomUUID().slice(0, 8)}:`;
  const store = new RedisStore({ url: URL, prefix });
  const app = createApp({ settings: { env: loadEnv({ LOG_LEVEL: 'silent' }), config, source: SAMPLE_CONFIG_PATH }, store, log: silentLogger(), now: () => NOW, prefix });
  const services = app.services;
  const files = new TokenFiles(services);
  const week = lastCompleteWeek(services.calendar, NOW);
  const reportedFrom = week.from.getTime() - 7 * 86_400_000;
  console.log(`Redis ${URL}, prefix ${prefix}; digest for ${team.id}, w/c ${week.start}; median of ${RUNS} runs`);
  console.log('entries in log | load time | digest time (median) | (fastest) | entries read for the team');
  try {
    await write(store, recentOwn(reportedFrom, week.to.getTime()));
    let loaded = 300;
    for (const size of SIZES) {
      const started = Date.now();
      // In chunks, so the process never holds a million entries at once.
      for (let left = size - loaded; left > 0; left -= CHUNK) await write(store, background(Math.min(CHUNK, left), reportedFrom));
      loaded = size;
      const loadMs = Date.now() - started;
      const times: number[] = [];
      let read = 0;
      for (let i = 0; i < RUNS; i++) {
        const t0 = process.hrtime.bigint();
        await buildDigest(services, files, { kind: 'team', team }, week, team.manager, 'bench');
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        read = (await services.activityLog.accessRecords(new Date(0), new Date(NOW.getTime() + 1))).at(-1)?.entries ?? 0;
      }
      const cells = [String(size).padStart(14), `${(loadMs / 1000).toFixed(1).padStart(7)} s`, `${median(times).toFixed(1).padStart(17)} ms`, `${Math.min(...times).toFixed(1).padStart(10)} ms`, String(read)];
      console.log(cells.join(' | '));
    }
  } finally {
    await deletePrefix(store);
    await app.services.scheduler.stop();
    await store.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
