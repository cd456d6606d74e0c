/**
 * `npm run report -- --from 2026-09-02 --to 2026-12-18 [--school werneth] [--term "Autumn 2026"]`:
 * prints the service's figures as the 2020 report's tables, for evaluators, from the same data
 * as the bot and its export (the configuration in BOT_CONFIG or the sample, the store in
 * REDIS_URL with REDIS_PREFIX). Reads only: it starts no server and runs no scheduled work;
 * the read is recorded in the activity log's access audit as "evaluator-report".
 *
 * @example
 *   REDIS_URL=redis://127.0.0.1:6379 npm run report -- --term "Autumn 2026"
 */
import { createApp } from '../../app';
import { ConfigError, loadSettings } from '../../config/load';
import { silentLogger } from '../../core/log';
import { SchoolCalendar } from '../../core/calendar';
import { EmbeddedScheduler } from '../../scheduling/embedded';
import { NO_SCHOOL } from '../../../storage/activity-log';
import { serviceFigures } from './figures';
import { reportText } from './report';
import { reportRange } from './range';

function args(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument "${argv[i]}"`);
    out[m[1]] = m[2] ?? argv[++i] ?? '';
  }
  return out;
}

async function main(): Promise<number> {
  const a = args(process.argv.slice(2));
  const settings = loadSettings(process.env);
  const log = silentLogger();
  const scheduler = new EmbeddedScheduler({ calendar: new SchoolCalendar(settings.config.authority), log });
  const app = createApp({ settings: { ...settings, env: { ...settings.env, LOG_LEVEL: 'silent' } }, log, scheduler });
  try {
    const services = app.services;
    const spec = a.term ?? (a.from && a.to ? `${a.from} ${a.to}` : a.from ? a.from : 'this term');
    const range = reportRange(services, `${spec}${a.school ? ` ${a.school}` : ''}`, new Date());
    if (!range) {
      process.stderr.write('Which period? Use --from YYYY-MM-DD --to YYYY-MM-DD, or --term "<term name from the configuration>".\n');
      return 2;
    }
    if (a.school && !range.schoolId) {
      process.stderr.write(`No school "${a.school}" in the configuration.\n`);
      return 2;
    }
    const schoolIds = range.schoolId ? [range.schoolId] : [...services.directory.allSchools().map((s) => s.id), NO_SCHOOL];
    const f = await serviceFigures(services, { from: range.from, to: range.to, schoolIds }, { personId: process.env.USER ?? 'evaluator', purpose: 'evaluator-report' });
    process.stdout.write(`${reportText(services, f, range.label)}\n`);
    if (!f.total.entries && !settings.env.REDIS_URL) process.stderr.write('No entries: set REDIS_URL (and REDIS_PREFIX) to the bot\'s Redis to report on its records.\n');
    return 0;
  } finally {
    await scheduler.stop();
    await app.services.store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `report failed: ${err.message}\n`);
    process.exit(1);
  },
);
