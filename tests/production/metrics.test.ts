/**
 * /metrics in Prometheus text format: turns by platform and outcome, turn latency, outbox depth
 * and oldest age, scheduled-job lag, deliveries refused and retried, consultations past their
 * response target. Readable from this machine (loopback) or with the OPS_TOKEN bearer only.
 */
import type { IncomingMessage } from 'node:http';
import { opsAccess } from '../../bot/core/ops-access';
import { RetryLater } from '../../bot/scheduling/scheduler';
import { makeApp, type TestApp } from '../helpers/app';
import { askAdvice, consultApp, MINUTE } from '../consultations/flow';

function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    // Stops the server, the scheduler and the store.
    await t?.app.stop({ graceMs: 2000 });
    t = undefined;
  });

  it('counts turns by platform and outcome and times them', async () => {
    t = await makeApp();
    await t.say('dsl.werneth', 'help');
    await t.say('dsl.werneth', 'digest export');
    const port = await t.app.start(0);
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(value(text, 'swis_turns_total{platform="console",outcome="ok"}')).toBe(1);
    expect(value(text, 'swis_turns_total{platform="console",outcome="refused_role"}')).toBe(1);
    expect(value(text, 'swis_turn_duration_seconds_count{platform="console"}')).toBe(2);
    expect(value(text, 'swis_ready')).toBe(1);
    for (const name of ['swis_outbox_depth', 'swis_outbox_oldest_age_seconds', 'swis_consultations_past_target', 'swis_deliveries_retried_total']) expect(text).toContain(`# TYPE ${name} `);
  });

  it('shows the outbox, job lag, refusals, retries and consultations past their target', async () => {
    t = await consultApp();
    // Teams refuses the first delivery with 429: refused and retried are counted.
    let calls = 0;
    const send = t.channel.send.bind(t.channel);
    t.channel.send = async (ref, reply) => {
      if (calls++ === 0) throw new RetryLater('Teams connector answered 429', 60_000);
      return send(ref, reply);
    };
    await askAdvice(t, 'dsl.werneth', { urgency: 'red' });
    const port = await t.app.start(0);
    const before = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(value(before, 'swis_outbox_depth')).toBeGreaterThanOrEqual(1);
    await t.advance(11 * MINUTE);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(value(text, 'swis_deliveries_refused_total{platform="console"}')).toBe(1);
    expect(value(text, 'swis_deliveries_retried_total')).toBe(1);
    expect(value(text, 'swis_consultations_past_target')).toBe(1);
    expect(value(text, 'swis_scheduled_job_lag_seconds_count{kind="deliver"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'swis_outbox_oldest_age_seconds')).toBe(0);
  });

  it('is for this machine or an OPS_TOKEN bearer only', () => {
    const caller = (remoteAddress: string, authorization?: string) => ({ socket: { remoteAddress }, headers: authorization ? { authorization } : {} }) as unknown as IncomingMessage;
    const token = 'a-long-ops-token-for-tests';
    expect(opsAccess(caller('127.0.0.1'), undefined)).toBe(true);
    expect(opsAccess(caller('::ffff:127.0.0.1'), undefined)).toBe(true);
    expect(opsAccess(caller('10.1.2.3'), undefined)).toBe(false);
    expect(opsAccess(caller('10.1.2.3', `Bearer ${token}`), undefined)).toBe(false);
    expect(opsAccess(caller('10.1.2.3', 'Bearer wrong-token-of-some-length'), token)).toBe(false);
    expect(opsAccess(caller('10.1.2.3', `Bearer ${token}`), token)).toBe(true);
  });
});
