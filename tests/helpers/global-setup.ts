/** Jest global setup: make sure a real Redis is there for every test file (TEST_REDIS_URL). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureRedis } from './redis-server';

export const PID_FILE = path.join(os.tmpdir(), `swis-test-redis-${process.pid}.pid`);

export default async function globalSetup(): Promise<void> {
  const handle = await ensureRedis();
  process.env.TEST_REDIS_URL = handle.url;
  if (handle.child?.pid) {
    fs.writeFileSync(PID_FILE, String(handle.child.pid));
    process.env.TEST_REDIS_PID_FILE = PID_FILE;
  }
}
