/**
 * Memory of server variants side by side, in the same run: each variant (a server script and
 * Node flags) is started in its own process, answers the turn benchmark's closed loop, and its
 * resident memory at rest (one second after it listens) and at its peak (VmHWM) are printed
 * with its requests/s. Rounds alternate the variants, so a machine that gets busier or quieter
 * during the run touches them all alike. Compare a variant with the bare SDK of the same round.
 *
 * A variant is `label|script|node flags|platform` (platform `teams`, the default, or `slack`),
 * variants separated by `;`. A script ending in `.js` runs under plain node (run
 * `npm run build` first for `dist/`), a `.ts` one through tsx.
 *
 * @example
 *   npx tsx bench/memory.ts                  # the bot (compiled) against bare botbuilder and bare Bolt
 *   BENCH_ROUNDS=2 BENCH_VARIANTS='bot|dist/bot/main.js;bot, heap grows 1.5x|dist/bot/main.js|--heap-growing-percent=50;bare|bench/servers/bare-teams.ts' npx tsx bench/memory.ts
 *   BENCH_NODE_FLAGS=--heapsnapshot-signal=SIGUSR2 ...   # flags for every variant (kill -USR2 <pid> for a snapshot)
 *   BENCH_RATE=200 npx tsx bench/memory.ts   # a fixed offered rate (open loop) instead of as fast as answered
 *
 * Peak memory follows how fast a server makes garbage, so in the closed loop a variant that
 * happens to answer faster (a quieter moment on a shared machine) also peaks higher. At a fixed
 * offered rate that every variant keeps up with, each does the same number of turns a second,
 * and the peaks compare like with like.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { deletePrefix } from '../tests/helpers/app';
import { writeBenchConfig } from './lib/config';
import { runLoad } from './lib/load';
import { freePort, startServer } from './lib/process';
import { SIGNING_SECRET, slackEvent, teamsActivity } from './lib/turn-requests';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
/** Offered requests/s (open loop); unset: the closed loop, as fast as answered. */
const RATE = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : undefined;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const VARIANTS =
  process.env.BENCH_VARIANTS ??
  'SWIS bot|dist/bot/main.js;bare botbuilder|bench/servers/bare-teams.ts;SWIS bot|dist/bot/main.js||slack;bare Bolt|bench/servers/bare-slack.ts||slack';
// Teams people each in a tenant of their own, so Teams' per-tenant limit (which the bot keeps) is not what is measured.
const teamsPeople = writeBenchConfig(2000, 1000);
const slackPeople = writeBenchConfig(2000);

interface Variant {
  label: string;
  script: string;
  flags: string;
  platform: 'teams' | 'slack';
}

function parseVariants(text: string): Variant[] {
  return text.split(';').map((v) => {
    const [label, script, flags = '', platform = 'teams'] = v.split('|');
    if (!script || (platform !== 'teams' && platform !== 'slack')) throw new Error(`BENCH_VARIANTS: "${v}" is not label|script|flags|teams-or-slack`);
    return { label, script, flags, platform };
  });
}

function residentMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

async function main() {
  const variants = parseVariants(VARIANTS);
  const fakePort = await freePort();
  const fake = await startServer('bench/servers/fake-platforms.ts', { PORT: String(fakePort) }, fakePort);
  const serviceUrl = `http://127.0.0.1:${fakePort}`;
  const prefix = `bench:memory:${randomUUID().slice(0, 8)}:`;
  const slackEnv = { SLACK_BOT_TOKEN: 'xoxb-fake', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${serviceUrl}/api/` };
  const commonFlags = process.env.BENCH_NODE_FLAGS ?? '';
  const loop = RATE ? `open loop at ${RATE} requests/s` : 'closed loop';
  console.log(`Memory: ${SECONDS}s ${loop} at ${CONNECTIONS} connections per variant after a 2 s warm-up, ${ROUNDS} round(s)`);
  console.log(`${'round'.padEnd(6)} ${'variant'.padEnd(40)} ${'req/s'.padStart(6)} ${'p99 ms'.padStart(8)} ${'at rest MB'.padStart(10)} ${'peak MB'.padStart(8)}`);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const v of variants) {
      const slack = v.platform === 'slack';
      // The bot serves the variant's platform only (it then loads only that platform's SDK), as an authority on one platform runs it.
      const bot = { REDIS_URL, REDIS_PREFIX: prefix, ...(slack ? slackEnv : { TEAMS_EMULATOR: 'true' }), BOT_CONFIG: (slack ? slackPeople : teamsPeople).file };
      const env = v.script.includes('bare-') ? (slack ? slackEnv : {}) : bot;
      process.env.BENCH_NODE_FLAGS = `${commonFlags} ${v.flags}`;
      const port = await freePort();
      const srv = await startServer(v.script, { ...env, PORT: String(port) }, port);
      await new Promise((r) => setTimeout(r, 1000));
      const atRest = residentMb(srv.child.pid!);
      const url = `http://127.0.0.1:${port}${slack ? '/slack/events' : '/api/messages'}`;
      const request = slack ? (i: number) => slackEvent(slackPeople.people, i) : (i: number) => ({ body: teamsActivity(teamsPeople.people, i, serviceUrl) });
      await runLoad({ url, connections: CONNECTIONS, durationMs: 2000, request, rate: RATE });
      const r = await runLoad({ url, connections: CONNECTIONS, durationMs: SECONDS * 1000, request, rate: RATE });
      const peak = srv.peakRssMb();
      await srv.stop();
      const label = `${v.label}, ${v.platform}${v.flags ? ` (${v.flags})` : ''}`;
      console.log(`${String(round).padEnd(6)} ${label.padEnd(40)} ${r.rps.toFixed(0).padStart(6)} ${r.p99.toFixed(1).padStart(8)} ${atRest.toFixed(0).padStart(10)} ${peak.toFixed(0).padStart(8)}`);
    }
  }
  process.env.BENCH_NODE_FLAGS = commonFlags;
  await fake.stop();
  await deletePrefix(REDIS_URL, prefix);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
