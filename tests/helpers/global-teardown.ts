/** Jest global teardown: stop a redis-server the setup started (none when one was running). */
import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const file = process.env.TEST_REDIS_PID_FILE;
  if (!file || !fs.existsSync(file)) return;
  const pid = Number(fs.readFileSync(file, 'utf8'));
  fs.unlinkSync(file);
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
}
