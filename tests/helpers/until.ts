/**
 * Waiting for something a test expects to happen, without a bound on elapsed time: polls the
 * condition every 10 ms and fails naming what never came (after about 30 s of polling, far
 * beyond any honest wait, so only a wedged run fails, never a slow machine).
 *
 * @example
 *   await until(() => fake.of('chat.postMessage').length > 1, 'the second post');
 *   await until(async () => (await app.services.scheduler.health()).waiting === 0, 'the outbox to drain');
 */
export async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}
