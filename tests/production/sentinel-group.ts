/**
 * A real Redis Sentinel group on loopback for failover tests: a password-protected primary
 * (appendonly, as compose.yaml runs it), one replica and three Sentinels (Debian's
 * redis-server and redis-sentinel), each on a free port with its own directory. Every process
 * is ended by its own pid.
 *
 * @example
 *   const g = await startSentinelGroup();
 *   env = g.botEnv();                       // REDIS_SENTINELS, REDIS_SENTINEL_NAME, REDIS_PASSWORD
 *   await g.killPrimary();                  // SIGKILL; a Sentinel promotes the replica
 *   await g.waitForNewPrimary();
 *   await g.stop();
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { freePort } from '../helpers/redis-server';
import { waitUntil } from './bot-process';

export const MASTER = 'swis';
export const PASSWORD = 'sentinel-test-password';

export interface SentinelGroup {
  primaryPort: number;
  replicaPort: number;
  sentinelPorts: number[];
  botEnv(): Record<string, string>;
  /** The port the Sentinels currently name as primary. */
  currentPrimary(): Promise<number>;
  killPrimary(): Promise<void>;
  stop(): Promise<void>;
}

function need(binary: string): void {
  if (spawnSync('sh', ['-c', `command -v ${binary}`]).status !== 0) {
    throw new Error(`${binary} is not installed: the Sentinel failover test needs it (Debian/Ubuntu: apt-get install redis-server redis-sentinel).`);
  }
}

async function answers(port: number): Promise<boolean> {
  const r = new Redis({ port, host: '127.0.0.1', password: PASSWORD, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

async function sentinel<T>(port: number, ...args: string[]): Promise<T> {
  const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.call('SENTINEL', ...args)) as T;
  } finally {
    r.disconnect();
  }
}

export async function startSentinelGroup(): Promise<SentinelGroup> {
  need('redis-server');
  need('redis-sentinel');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swis-sentinel-'));
  const children: ChildProcess[] = [];
  const primaryPort = await freePort();
  const replicaPort = await freePort();
  const sentinelPorts = [await freePort(), await freePort(), await freePort()];
  const server = (port: number, extra: string[]) => {
    const data = path.join(dir, String(port));
    fs.mkdirSync(data);
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', data, '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction', '--requirepass', PASSWORD, '--masterauth', PASSWORD, ...extra], { stdio: 'ignore' });
    children.push(child);
    return child;
  };
  let primary = server(primaryPort, []);
  server(replicaPort, ['--replicaof', '127.0.0.1', String(primaryPort)]);
  await waitUntil(async () => (await answers(primaryPort)) && (await answers(replicaPort)), 'the primary and the replica to answer', 20_000);
  for (const port of sentinelPorts) {
    const conf = path.join(dir, `sentinel-${port}.conf`);
    fs.writeFileSync(
      conf,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${MASTER} 127.0.0.1 ${primaryPort} 2`,
        `sentinel auth-pass ${MASTER} ${PASSWORD}`,
        `sentinel down-after-milliseconds ${MASTER} 1000`,
        `sentinel failover-timeout ${MASTER} 5000`,
        `sentinel parallel-syncs ${MASTER} 1`,
      ].join('\n') + '\n',
    );
    children.push(spawn('redis-sentinel', [conf], { stdio: 'ignore' }));
  }
  // Ready when every Sentinel sees the replica and a quorum of its peers.
  await waitUntil(async () => {
    try {
      for (const port of sentinelPorts) {
        const replicas = await sentinel<unknown[]>(port, 'REPLICAS', MASTER);
        if (!replicas.length) return false;
        if (!String(await sentinel<string>(port, 'CKQUORUM', MASTER)).startsWith('OK 3 usable')) return false;
      }
      return true;
    } catch {
      return false;
    }
  }, 'the Sentinels to see the replica and each other', 60_000);

  const group: SentinelGroup = {
    primaryPort,
    replicaPort,
    sentinelPorts,
    botEnv: () => ({
      REDIS_SENTINELS: sentinelPorts.map((p) => `127.0.0.1:${p}`).join(','),
      REDIS_SENTINEL_NAME: MASTER,
      REDIS_PASSWORD: PASSWORD,
    }),
    async currentPrimary() {
      const [, port] = await sentinel<[string, string]>(sentinelPorts[0], 'GET-MASTER-ADDR-BY-NAME', MASTER);
      return Number(port);
    },
    async killPrimary() {
      primary.kill('SIGKILL');
      await new Promise<void>((r) => (primary.exitCode !== null || primary.signalCode !== null ? r() : primary.once('exit', () => r())));
      primary = undefined as unknown as ChildProcess;
    },
    async stop() {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return group;
}
