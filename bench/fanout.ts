/**
 * Fan-out benchmark: 5,000 reminders due in the same minute to 1,000 people, half on Teams
 * (one tenant per school) and half on Slack, delivered by bot processes sharing one Redis
 * (BullMQ) to a fake Bot Connector and a fake Slack Web API that enforce the platforms'
 * documented limits (429 with Retry-After past them). Prints the time until the last is
 * delivered, the time the limits allow, the number of 429s, and the count delivered.
 *
 * @example
 *   npm run bench:fanout
 *   BENCH_PEOPLE=200 BENCH_MESSAGES=1000 BENCH_PROCESSES=1 npm run bench:fanout
 */
import { createHmac, randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { createApp } from '../bot/app';
import { loadSettings } from '../bot/config/load';
import { silentLogger } from '../bot/core/log';
import { deletePrefix } from '../tests/helpers/app';
import { writeBenchConfig, type BenchPerson } from './lib/config';
import { freePort, machineCpu, startServer, type ServerProcess } from './lib/process';
import { BARE_QUEUE, type BareJob } from './lib/bare-job';

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 1000);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 5000);
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 2);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SIGNING_SECRET = 'bench-signing-secret';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The first message from each person, so the bot knows where to reach them. */
function hello(p: BenchPerson, serviceUrl: string): { body: string; headers?: Record<string, string> } {
  if (p.platform === 'teams') {
    return {
      body: JSON.stringify({
        id: `hello-${randomUUID()}`,
        type: 'message',
        channelId: 'msteams',
        serviceUrl,
        from: { id: `29:${p.aadObjectId}`, aadObjectId: p.aadObjectId },
        recipient: { id: '28:swis-bot' },
        conversation: { id: `a:personal-${p.aadObjectId}`, conversationType: 'personal', tenantId: p.tenantId },
        channelData: { tenant: { id: p.tenantId } },
        text: 'home',
      }),
    };
  }
  const body = JSON.stringify({
    type: 'event_callback',
    team_id: p.teamId,
    event_id: `Ev${randomUUID().replace(/-/g, '')}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'message', channel_type: 'im', channel: `D${p.userId}`, user: p.userId, text: 'home', ts: `${Date.now() / 1000}`, team: p.teamId },
  });
  const ts = String(Math.floor(Date.now() / 1000));
  return { body, headers: { 'x-slack-request-timestamp': ts, 'x-slack-signature': `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}` } };
}

async function stats(url: string): Promise<{ delivered: number; teams: number; slack: number; refused: number; firstAt: number; lastAt: number }> {
  return (await fetch(`${url}/stats`)).json() as never;
}

async function main() {
  const { file, people } = writeBenchConfig(PEOPLE);
  const prefix = `bench:${randomUUID().slice(0, 8)}:`;
  const fakePort = await freePort();
  const fake = await startServer('bench/servers/limited-platforms.ts', { PORT: String(fakePort) }, fakePort);
  const fakeUrl = `http://127.0.0.1:${fakePort}`;
  const env = { REDIS_URL, REDIS_PREFIX: prefix, BOT_CONFIG: file, TEAMS_EMULATOR: 'true', SLACK_BOT_TOKEN: 'xoxb-fake', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${fakeUrl}/api/` };
  const bots: ServerProcess[] = [];
  const ports: number[] = [];
  for (let i = 0; i < PROCESSES; i++) {
    const port = await freePort();
    ports.push(port);
    bots.push(await startServer('bench/servers/swis.ts', { ...env, PORT: String(port) }, port));
  }

  // Everyone says hello once (Teams through the connector, Slack through events).
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < people.length) {
        const p = people[next++];
        const { body, headers } = hello(p, fakeUrl);
        const path = p.platform === 'teams' ? '/api/messages' : '/slack/events';
        await fetch(`http://127.0.0.1:${ports[next % ports.length]}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
      }
    }),
  );
  console.log('(hello round done; waiting for replies to settle)');
  await sleep(5000);
  await fetch(`${fakeUrl}/reset`, { method: 'POST' });

  // 5,000 reminders due at the same moment, queued through the notifier like any feature does.
  const producer = createApp({ settings: loadSettings({ ...process.env, ...env, LOG_LEVEL: 'silent' }), log: silentLogger() });
  const due = new Date(Date.now() + 15_000);
  for (let i = 0; i < MESSAGES; i += 250) {
    await Promise.all(
      Array.from({ length: Math.min(250, MESSAGES - i) }, (_, j) =>
        producer.services.notifier.toPerson(people[(i + j) % people.length].id, { text: `Reminder ${i + j + 1}: drop-in tomorrow at 10:00` }, { at: due }),
      ),
    );
  }
  console.log(`${MESSAGES} reminders queued for ${due.toISOString()} to ${people.length} people (${PROCESSES} bot processes)`);

  const redis = new Redis(REDIS_URL);
  const teamsTenants = new Set(people.filter((p) => p.platform === 'teams').map((p) => p.tenantId)).size;
  const teamsMessages = Math.ceil(MESSAGES / 2);
  const slackPerChannel = Math.ceil(MESSAGES / people.length);
  const allowed = Math.max(teamsMessages / (50 * teamsTenants), Math.max(0, slackPerChannel - 3));
  console.log(`limits allow         ${allowed.toFixed(1)} s (Teams: ${teamsMessages} over ${teamsTenants} tenants at 50/s; Slack: ${slackPerChannel} per channel at 1/s after a burst of 3)`);

  console.log('');
  console.log(`The bot (${PROCESSES} processes: outbox, BullMQ, shared pacing)`);
  await watch({ redis, fakeUrl, due, workers: bots, fake, allowed, teamsTenants });

  // The same reminders through bare BullMQ workers sending as the SDK samples do, without pacing.
  // BENCH_BARE=0 leaves them out (when trying a change to the bot several times over).
  const bare: ServerProcess[] = [];
  if (process.env.BENCH_BARE !== '0') await runBare();

  redis.disconnect();
  await producer.services.store.close();
  await producer.services.scheduler.stop();
  for (const b of [...bots, ...bare]) await b.stop();
  await fake.stop();
  await deletePrefix(REDIS_URL, prefix);
  process.exit(0);

  async function runBare() {
    await fetch(`${fakeUrl}/reset`, { method: 'POST' });
    const bullPrefix = `${prefix}bare`;
    for (let i = 0; i < PROCESSES; i++) {
      const port = await freePort();
      bare.push(await startServer('bench/servers/bare-fanout.ts', { REDIS_URL, BULL_PREFIX: bullPrefix, SLACK_API_URL: `${fakeUrl}/api/`, PORT: String(port) }, port));
  }
  const queue = new Queue(BARE_QUEUE, { connection: redis, prefix: bullPrefix });
  const bareDue = new Date(Date.now() + 10_000);
  const jobs = Array.from({ length: MESSAGES }, (_, i) => {
    const p = people[i % people.length];
    const text = `Reminder ${i + 1}: drop-in tomorrow at 10:00`;
    const data: BareJob =
      p.platform === 'teams'
        ? { platform: 'teams', text, reference: { channelId: 'msteams', serviceUrl: fakeUrl, conversation: { id: `a:personal-${p.aadObjectId}`, tenantId: p.tenantId } as never, bot: { id: '28:swis-bot', name: 'SWIS' }, user: { id: `29:${p.aadObjectId}`, name: '' } } }
        : { platform: 'slack', text, channel: `D${p.userId}` };
    return { name: 'send', data, opts: { delay: bareDue.getTime() - Date.now(), attempts: 20, backoff: { type: 'fixed', delay: 1000 }, removeOnComplete: true } };
  });
  for (let i = 0; i < jobs.length; i += 500) await queue.addBulk(jobs.slice(i, i + 500));
  console.log('');
  console.log(`Bare BullMQ workers (${PROCESSES} processes, the SDKs' own send calls, no pacing, BullMQ retrying a 429 after 1 s)`);
  await watch({ redis, fakeUrl, due: bareDue, workers: bare, fake, allowed, teamsTenants });
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  }
}

/** Waits for every message to arrive at the fake platforms, then prints what it took. */
async function watch(o: { redis: Redis; fakeUrl: string; due: Date; workers: ServerProcess[]; fake: ServerProcess; allowed: number; teamsTenants: number }) {
  const redisCpu = async () => {
    const info = await o.redis.info('cpu');
    return Number(/used_cpu_user:([\d.]+)/.exec(info)?.[1] ?? 0) + Number(/used_cpu_sys:([\d.]+)/.exec(info)?.[1] ?? 0);
  };
  const commandCounts = async () => {
    const counts = new Map<string, number>();
    for (const m of (await o.redis.info('commandstats')).matchAll(/cmdstat_([\w|]+):calls=(\d+)/g)) counts.set(m[1], Number(m[2]));
    return counts;
  };
  await sleep(Math.max(0, o.due.getTime() - Date.now()));
  const commandsBefore = await commandCounts();
  const cpuBefore = { workers: o.workers.map((b) => b.cpuSeconds()), fake: o.fake.cpuSeconds(), redis: await redisCpu() };
  // The whole machine's CPU, sampled each 250 ms: shows whether the cores were the limit.
  const busy: { at: number; busy: number; total: number }[] = [{ at: Date.now(), ...machineCpu() }];
  const sampler = setInterval(() => busy.push({ at: Date.now(), ...machineCpu() }), 250);
  let s = await stats(o.fakeUrl);
  const deadline = o.due.getTime() + 300_000;
  while (s.delivered < MESSAGES && Date.now() < deadline) {
    await sleep(250);
    s = await stats(o.fakeUrl);
  }
  clearInterval(sampler);
  const took = (s.lastAt - o.due.getTime()) / 1000;
  console.log(`delivered            ${s.delivered} of ${MESSAGES} (Teams ${s.teams}, Slack ${s.slack})`);
  console.log(`429s                 ${s.refused}`);
  console.log(`first delivered after ${((s.firstAt - o.due.getTime()) / 1000).toFixed(2)} s, last after ${took.toFixed(1)} s from the due time`);
  console.log(`over the limit bound ${(((took - o.allowed) / o.allowed) * 100).toFixed(0)}%`);
  console.log(
    `CPU seconds used     senders ${o.workers.map((b, i) => (b.cpuSeconds() - cpuBefore.workers[i]).toFixed(1)).join(' + ')}, fake platforms ${(o.fake.cpuSeconds() - cpuBefore.fake).toFixed(1)}, Redis ${((await redisCpu()) - cpuBefore.redis).toFixed(1)} (2 cores for ${took.toFixed(1)} s is ${(2 * took).toFixed(1)})`,
  );
  const commandsAfter = await commandCounts();
  const perMessage = [...commandsAfter]
    .map(([name, n]) => [name, (n - (commandsBefore.get(name) ?? 0)) / MESSAGES] as const)
    .filter(([, n]) => n >= 0.05)
    .sort((a, b) => b[1] - a[1]);
  console.log(`Redis per message    ${perMessage.reduce((a, [, n]) => a + n, 0).toFixed(1)} commands (${perMessage.map(([name, n]) => `${name} ${n.toFixed(1)}`).join(', ')})`);
  const times = (await (await fetch(`${o.fakeUrl}/times`)).json()) as { teams: number[]; slack: number[] };
  const perSecond = (ts: number[]) => {
    const counts: number[] = [];
    for (const t of ts) {
      const second = Math.floor((t - o.due.getTime()) / 1000);
      counts[second] = (counts[second] ?? 0) + 1;
    }
    return Array.from(counts, (c) => c ?? 0).join(' ');
  };
  console.log(`Teams per second     ${perSecond(times.teams)}  (the limits allow ${50 * o.teamsTenants})`);
  console.log(`Slack per second     ${perSecond(times.slack)}`);
  const busyPerSecond: string[] = [];
  for (let second = 0; o.due.getTime() + second * 1000 < s.lastAt; second++) {
    const from = busy.find((b) => b.at >= o.due.getTime() + second * 1000);
    const to = [...busy].reverse().find((b) => b.at <= o.due.getTime() + (second + 1) * 1000);
    if (from && to && to.total > from.total) busyPerSecond.push(`${Math.round(((to.busy - from.busy) / (to.total - from.total)) * 100)}%`);
  }
  console.log(`machine CPU busy     ${busyPerSecond.join(' ')}  (both cores, each second)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
