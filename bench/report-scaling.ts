/**
 * How long the service report takes (figures + the printed tables), on a generated term like
 * the pilots' logs (1,500 entries across 10 schools, see bench/lib/activity-term.ts):
 *   1. the term alone;
 *   2. the same term with nine more terms of history before it (ten times the data; the report
 *      reads only its range, so this should stay flat);
 *   3. a term with ten times the entries (the report's own work grows with its range).
 * Memory store by default; BENCH_STORE=redis uses the real Redis (its own key prefix, removed
 * afterwards). Prints the median of 7 runs. Figures go in bench/RESULTS.md.
 *
 * @example
 *   npm run bench:report
 *   BENCH_STORE=redis npm run bench:report
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createApp, type App } from '../bot/app';
import { loadEnv, parseConfig, SAMPLE_CONFIG_PATH } from '../bot/config/load';
import { SchoolCalendar } from '../bot/core/calendar';
import { silentLogger } from '../bot/core/log';
import { serviceFigures } from '../bot/features/evidence/figures';
import { reportText } from '../bot/features/evidence/report';
import { EmbeddedScheduler } from '../bot/scheduling/embedded';
import { MemoryStore } from '../storage/memory/memory-store';
import { RedisStore } from '../storage/redis/redis-store';
import type { Store } from '../storage/store';
import fs from 'node:fs';
import { generateTerm } from './lib/activity-term';
import { deletePrefix } from '../tests/helpers/app';

const RUNS = 7;
const YEAR = 365 * 86_400_000;
const TERM = { from: new Date('2026-09-02T00:00:00Z'), to: new Date('2026-12-18T23:59:59Z') };
const useRedis = process.env.BENCH_STORE === 'redis';
const URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function appWith(store: Store, prefix: string): App {
  const config = parseConfig(fs.readFileSync(SAMPLE_CONFIG_PATH, 'utf8'), SAMPLE_CONFIG_PATH);
  const log = silentLogger();
  const now = () => new Date('2026-12-19T10:00:00Z');
  const scheduler = new EmbeddedScheduler({ calendar: new SchoolCalendar(config.authority), log, now });
  return createApp({ settings: { env: loadEnv({ LOG_LEVEL: 'silent' }), config, source: 'bench' }, store, log, now, scheduler, prefix });
}

async function measure(app: App): Promise<{ ms: number; lines: number; entries: number }> {
  const times: number[] = [];
  let lines = 0;
  let entries = 0;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const f = await serviceFigures(app.services, TERM, { personId: 'bench', purpose: 'bench' });
    const text = reportText(app.services, f, 'Autumn 2026');
    times.push(performance.now() - t0);
    lines = text.split('\n').length;
    entries = f.total.entries;
  }
  times.sort((a, b) => a - b);
  return { ms: Math.round(times[Math.floor(RUNS / 2)]), lines, entries };
}

async function scenario(name: string, fill: (app: App) => Promise<void>): Promise<void> {
  const prefix = `bench:report:${randomUUID().slice(0, 8)}:`;
  const store: Store = useRedis ? new RedisStore({ url: URL, prefix }) : new MemoryStore();
  const app = appWith(store, prefix);
  try {
    const t0 = performance.now();
    await fill(app);
    const filled = Math.round((performance.now() - t0) / 1000);
    const m = await measure(app);
    process.stdout.write(`${name.padEnd(52)} ${String(m.entries).padStart(6)} in range  report ${String(m.ms).padStart(5)} ms (median of ${RUNS})  ${m.lines} lines  [filled in ${filled}s]\n`);
  } finally {
    await store.close();
    if (useRedis) await deletePrefix(URL, prefix);
  }
}

async function main(): Promise<void> {
  process.stdout.write(`report bench, ${useRedis ? 'Redis' : 'memory'} store, Node ${process.version}\n`);
  await scenario('1 term, 1,500 entries', (app) => generateTerm(app.services, 1500, 10));
  await scenario('same term + 9 terms of history (15,000 entries)', async (app) => {
    await generateTerm(app.services, 1500, 10);
    for (let k = 1; k <= 9; k++) await generateTerm(app.services, 1500, 10, 200, -k * YEAR);
  });
  await scenario('1 term, 15,000 entries (10x in range)', (app) => generateTerm(app.services, 15000, 100));
  process.exit(0);
}

void main();
