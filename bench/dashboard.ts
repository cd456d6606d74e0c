/**
 * Benchmark (not a test): how long one dashboard page view takes, from reading the records
 * (audited) to the finished HTML, exactly as `GET /dashboard` does it (renderDashboard).
 *
 * - A: a 20-school authority (one team, 5 workers), a term of ~3,000 entries, with two earlier
 *   years of history that the view must not pay for. Views: this term, one school, one worker.
 * - B: a 100-school authority (5 teams of 20 schools, one area manager), a year of ~60,000
 *   entries. Views of 1, 3, 6 and 12 months, to show cost grows with the entries in range and
 *   no faster.
 *
 * Runs on the memory store (the embedded default) and, unless BENCH_REDIS=0, on the real
 * Redis at REDIS_URL under a unique prefix deleted afterwards. Prints figures; exits 0.
 * "First view" is the warm-up: the first view after loading, which also builds the activity
 * log's weekly rollups for its range (later views, and every other process, reuse them).
 *
 * @example
 *   npm run bench:dashboard
 *   BENCH_REDIS=0 npm run bench:dashboard
 */
import fs from 'node:fs';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import YAML from 'yaml';
import { createApp, type App } from '../bot/app';
import { loadEnv, parseConfig, SAMPLE_CONFIG_PATH } from '../bot/config/load';
import { silentLogger } from '../bot/core/log';
import { dashboardScope } from '../bot/features/dashboard/access';
import { renderDashboard } from '../bot/features/dashboard/routes';
import { ACTIVITY_TYPES, bucketFor, OUTCOMES, type ActivityEntryInput } from '../storage/activity-log';
import { MemoryStore } from '../storage/memory/memory-store';
import { RedisStore } from '../storage/redis/redis-store';
import type { Store } from '../storage/store';

const URL = process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const NOW = new Date('2026-12-18T17:00:00Z');
const DAY = 86_400_000;

interface Authority {
  schools: number;
  managerId: string;
}

function configFor(a: Authority): string {
  const data = YAML.parse(fs.readFileSync(SAMPLE_CONFIG_PATH, 'utf8'));
  data.authority.terms = [
    { name: 'Spring 2026', from: '2026-01-05', to: '2026-03-27' },
    { name: 'Summer 2026', from: '2026-04-13', to: '2026-07-22' },
    ...data.authority.terms,
  ];
  const teams = Math.max(1, a.schools / 20);
  data.teams = [];
  data.schools = [];
  data.people = [{ id: a.managerId, name: 'Bench Manager', roles: ['team_manager'] }];
  for (let t = 0; t < teams; t++) {
    const members = Array.from({ length: 5 }, (_, w) => `sw.t${t}w${w}`);
    data.teams.push({ id: `team-${t}`, name: `Team ${t}`, manager: a.managerId, members, cover: [members[0]] });
    for (const id of members) data.people.push({ id, name: `Worker ${id}`, roles: ['social_worker'] });
    for (let s = 0; s < 20; s++) {
      const id = `school-${t}-${s}`;
      data.people.push({ id: `dsl.${id}`, name: `DSL ${id}`, roles: ['dsl'] });
      data.schools.push({ id, name: `School ${t}-${s}`, phase: 'primary', linkWorkers: [members[s % 5]], dsls: [`dsl.${id}`] });
    }
  }
  return YAML.stringify(data);
}

function entriesFor(app: App, perSchool: number, from: number, to: number): ActivityEntryInput[] {
  const out: ActivityEntryInput[] = [];
  const schools = app.services.directory.allSchools();
  let n = 0;
  for (const s of schools) {
    const workerId = s.linkWorkers[0];
    const teamId = app.services.directory.teamForSchool(s.id)!.id;
    for (let i = 0; i < perSchool; i++, n++) {
      const minutes = 5 + (n % 55);
      out.push({
        occurredAt: new Date(from + ((to - from) * (i + 0.5)) / perSchool).toISOString(),
        schoolId: s.id,
        teamId,
        workerId,
        raisedBy: { role: 'dsl' },
        query: 'Benchmark entry',
        response: 'Advice given',
        activityType: ACTIVITY_TYPES[n % ACTIVITY_TYPES.length],
        outcome: OUTCOMES[n % (OUTCOMES.length - 1)],
        timeSpent: bucketFor(minutes),
        minutes,
        consent: 'consented',
        source: { kind: n % 4 ? 'quick-log' : 'consultation', id: String(n) },
        recordedBy: workerId,
      });
    }
  }
  return out;
}

async function load(app: App, entries: ActivityEntryInput[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 500) await Promise.all(entries.slice(i, i + 500).map((e) => app.services.activityLog.append(e)));
}

interface Timing {
  /** The warm-up: the first view after loading, which builds the weekly rollups it reads. */
  first: number;
  median: number;
  max: number;
  /** Median CPU time of this process (user + system): less inflated than wall time on a busy machine. */
  cpu: number;
  entries: number;
}

async function time(app: App, managerId: string, query: Record<string, string>): Promise<Timing> {
  const scope = dashboardScope(app.services, managerId)!;
  const w0 = process.hrtime.bigint();
  await renderDashboard(app.services, scope, query); // warm-up
  const first = Number(process.hrtime.bigint() - w0) / 1e6;
  const ms: number[] = [];
  const cpu: number[] = [];
  let entries = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    entries = (await renderDashboard(app.services, scope, query)).entries;
    const c = process.cpuUsage(c0);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    cpu.push((c.user + c.system) / 1000);
  }
  ms.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const mid = Math.floor(ms.length / 2);
  return { first, median: ms[mid], max: ms[ms.length - 1], cpu: cpu[mid], entries };
}

function row(label: string, r: Timing): void {
  const per = r.entries ? ((r.median / r.entries) * 1000).toFixed(1) : '–';
  console.log(`| ${label} | ${r.entries.toLocaleString('en-GB')} | ${r.median.toFixed(0)} | ${r.max.toFixed(0)} | ${r.cpu.toFixed(0)} | ${per} | ${r.first.toFixed(0)} |`);
}

async function authority(store: Store, a: Authority): Promise<App> {
  const settings = { env: loadEnv({ LOG_LEVEL: 'silent' }), config: parseConfig(configFor(a), 'bench'), source: 'bench' };
  return createApp({ settings, store, log: silentLogger(), now: () => NOW, prefix: `bench:${randomUUID().slice(0, 8)}:` });
}

async function run(kind: 'memory' | 'redis'): Promise<void> {
  const prefix = `bench-dash:${randomUUID().slice(0, 8)}:`;
  const makeStore = () => (kind === 'memory' ? new MemoryStore() : new RedisStore({ url: URL, prefix }));
  console.log(`\n### ${kind === 'memory' ? 'Memory store (embedded default)' : 'Redis'}\n`);
  console.log(`load average before: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} on ${os.cpus().length} CPUs`);
  console.log('| view | entries in range | median ms | max ms | median CPU ms | ms per 1,000 entries | first view ms |');
  console.log('|---|---|---|---|---|---|---|');

  const storeA = makeStore();
  const a = await authority(storeA, { schools: 20, managerId: 'tm.bench' });
  const termFrom = Date.parse('2026-09-02T00:00:00Z');
  await load(a, entriesFor(a, 150, termFrom, NOW.getTime()));
  await load(a, entriesFor(a, 300, termFrom - 2 * 365 * DAY, termFrom - DAY)); // earlier history, outside the view
  row('A: 20 schools, this term', await time(a, 'tm.bench', { range: 'this-term' }));
  row('A: 20 schools, this term, one school', await time(a, 'tm.bench', { range: 'this-term', school: 'school-0-3' }));
  row('A: 20 schools, this term, one worker', await time(a, 'tm.bench', { range: 'this-term', worker: 'sw.t0w1' }));
  await storeA.close();

  const storeB = kind === 'memory' ? makeStore() : new RedisStore({ url: URL, prefix: `${prefix}b:` });
  const b = await authority(storeB, { schools: 100, managerId: 'tm.area' });
  await load(b, entriesFor(b, 600, NOW.getTime() - 365 * DAY, NOW.getTime()));
  for (const months of [1, 3, 6, 12]) {
    const from = new Date(NOW.getTime() - months * 30.4 * DAY).toISOString().slice(0, 10);
    row(`B: 100 schools, ${months} month${months > 1 ? 's' : ''}`, await time(b, 'tm.area', { range: 'custom', from, to: '2026-12-18' }));
  }
  if (kind === 'redis') {
    // Another process (or this one after a restart): the rollups are in the store, not yet in its memory.
    const otherStore = new RedisStore({ url: URL, prefix: `${prefix}b:` });
    const other = await authority(otherStore, { schools: 100, managerId: 'tm.area' });
    const o0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const seen = await renderDashboard(other.services, dashboardScope(other.services, 'tm.area')!, { range: 'custom', from: '2025-12-18', to: '2026-12-18' });
    const oc = process.cpuUsage(c0);
    const oms = Number(process.hrtime.bigint() - o0) / 1e6;
    console.log(`| B: 12 months, first view in another process (rollups in Redis) | ${seen.entries.toLocaleString('en-GB')} | ${oms.toFixed(0)} | | ${((oc.user + oc.system) / 1000).toFixed(0)} | | |`);
    await otherStore.close();
  }
  // Where the time goes: the activity log's own audited reads of the same 12 months, alone:
  // whole entries (query: the export's read) and summaries (the weekly rollups the dashboard reads).
  const teams = b.services.directory.teamsManagedBy('tm.area').map((t) => t.id);
  const yearFrom = new Date(Date.parse('2025-12-18T00:00:00Z'));
  const reader = { personId: 'tm.area', purpose: 'bench' };
  for (const how of ['query', 'summaries'] as const) {
    const read = async () => (await Promise.all(teams.map((teamId) => b.services.activityLog[how]({ teamId, from: yearFrom, to: NOW }, reader)))).flat().length;
    await read();
    const ms: number[] = [];
    const cpu: number[] = [];
    let n = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = process.hrtime.bigint();
      const c0 = process.cpuUsage();
      n = await read();
      const c = process.cpuUsage(c0);
      ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
      cpu.push((c.user + c.system) / 1000);
    }
    ms.sort((x, y) => x - y);
    cpu.sort((x, y) => x - y);
    const mid = Math.floor(ms.length / 2);
    console.log(`| B: the activity log's ${how} alone, 12 months | ${n.toLocaleString('en-GB')} | ${ms[mid].toFixed(0)} | ${ms[ms.length - 1].toFixed(0)} | ${cpu[mid].toFixed(0)} | | |`);
  }
  await storeB.close();
  if (kind === 'redis') {
    const cleaner = new RedisStore({ url: URL, prefix });
    let cursor = '0';
    do {
      const [next, keys] = await cleaner.redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await cleaner.redis.del(...keys);
    } while (cursor !== '0');
    await cleaner.close();
  }
}

async function main(): Promise<void> {
  console.log(`Dashboard page view, ${RUNS} runs after a warm-up; Node ${process.version}`);
  await run('memory');
  if (process.env.BENCH_REDIS !== '0') await run('redis');
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
