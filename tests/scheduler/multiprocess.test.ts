/**
 * Several bot processes on one queue (real child processes on the real Redis): each due job is
 * delivered exactly once; a process killed with SIGKILL while holding a job does not lose it;
 * after every process stops and new ones start, the jobs still pending fire.
 */
import Redis from 'ioredis';
import { silentLogger } from '../../bot/core/log';
import { BullMQScheduler } from '../../bot/scheduling/bullmq';
import { deletePrefix, testRedisUrl, uniquePrefix } from '../helpers/app';
import { sampleCalendar, sleep, waitFor } from './helpers';
import { startWorker, type WorkerProcess } from './processes';

jest.setTimeout(60_000);

const url = testRedisUrl();
let prefix: string;
let redis: Redis;
let producer: BullMQScheduler;
let children: WorkerProcess[] = [];

const list = async (name: string) => (await redis.lrange(`${prefix}t:${name}`, 0, -1)).map((e) => {
  const [id, by] = e.split('|');
  return { id, by };
});

async function spawnWorkers(names: string[], env: Record<string, string> = {}): Promise<WorkerProcess[]> {
  const started = await Promise.all(names.map((name) => startWorker({ name, prefix, env })));
  children.push(...started);
  return started;
}

beforeEach(() => {
  prefix = uniquePrefix();
  redis = new Redis(url);
  // The producer only schedules (no worker), like a process handling a chat turn.
  producer = new BullMQScheduler({ redisUrl: url, prefix, calendar: sampleCalendar(), log: silentLogger() });
  children = [];
});

afterEach(async () => {
  await Promise.all(children.map((c) => c.kill()));
  await producer.stop();
  redis.disconnect();
  await deletePrefix(url, prefix);
});

test('three processes on one queue deliver 60 due jobs exactly once each, and share one weekly digest job', async () => {
  await spawnWorkers(['p1', 'p2', 'p3'], { CONCURRENCY: '3' });
  const ids: string[] = [];
  for (let i = 0; i < 60; i++) {
    ids.push(await producer.schedule({ kind: 'record', runAt: new Date(Date.now() + 200), owner: `booking:b-${i}`, data: { bookingId: `b-${i}`, holdMs: 30 } }));
  }
  await waitFor('60 deliveries', async () => (await list('delivered')).length >= 60, 30_000);
  await sleep(500);
  const delivered = await list('delivered');
  expect(delivered.map((d) => d.id).sort()).toEqual([...ids].sort());
  expect(new Set(delivered.map((d) => d.by)).size).toBeGreaterThanOrEqual(2);
  // Each process registered the Monday digest at start-up: still one job for the next Monday.
  const weekly = await producer.pending('weekly:digest');
  expect(weekly).toHaveLength(1);
  expect(weekly[0].id).toBe(`weekly:digest:${weekly[0].runAt.toISOString()}`);
});

test('a process killed with SIGKILL while holding a job does not lose it: another process completes it', async () => {
  const workers = await spawnWorkers(['p1', 'p2'], { LOCK_MS: '1000', STALLED_MS: '500' });
  const id = await producer.schedule({ kind: 'record', runAt: new Date(), owner: 'consultation:c-1', data: { consultationId: 'c-1', holdMs: 1500 } });
  await waitFor('a process to take the job', async () => (await list('started')).length === 1);
  const [holder] = await list('started');
  const victim = workers.find((w) => w.name === holder.by)!;
  await victim.kill();
  expect(victim.child.signalCode).toBe('SIGKILL');
  await waitFor('the job to be completed by the other process', async () => (await list('delivered')).length === 1, 20_000);
  await sleep(500);
  const delivered = await list('delivered');
  expect(delivered).toEqual([{ id, by: workers.find((w) => w !== victim)!.name }]);
  expect((await list('started')).map((s) => s.by)).toEqual([victim.name, workers.find((w) => w !== victim)!.name]);
  expect((await producer.health()).failed).toBe(0);
});

test('after every process stops, pending jobs fire when new processes start', async () => {
  const first = await spawnWorkers(['p1', 'p2']);
  const early: string[] = [];
  const late: string[] = [];
  for (let i = 0; i < 5; i++) {
    early.push(await producer.schedule({ kind: 'record', runAt: new Date(Date.now() + 100), owner: `tas:t-${i}`, data: { tasId: `t-${i}` } }));
  }
  const lateAt = Date.now() + 2500;
  for (let i = 0; i < 5; i++) {
    late.push(await producer.schedule({ kind: 'record', runAt: new Date(lateAt), owner: `tas:late-${i}`, data: { tasId: `late-${i}` } }));
  }
  await waitFor('the early jobs', async () => (await list('delivered')).length === 5, 20_000);
  await Promise.all(first.map((w) => w.stop()));
  expect(first.every((w) => w.child.exitCode === 0)).toBe(true);
  // No process is running when the late jobs fall due.
  await waitFor('the late jobs to fall due', () => Date.now() > lateAt + 300, 20_000);
  expect((await list('delivered')).map((d) => d.id).sort()).toEqual([...early].sort());
  const stillPending = await Promise.all([0, 1, 2, 3, 4].map((i) => producer.pending(`tas:late-${i}`)));
  expect(stillPending.flat().map((j) => j.id).sort()).toEqual([...late].sort());

  await spawnWorkers(['p3', 'p4']);
  await waitFor('the late jobs after the restart', async () => (await list('delivered')).length >= 10, 20_000);
  await sleep(300);
  const delivered = await list('delivered');
  expect(delivered.map((d) => d.id).sort()).toEqual([...early, ...late].sort());
  expect(delivered.filter((d) => late.includes(d.id)).every((d) => d.by === 'p3' || d.by === 'p4')).toBe(true);
});
