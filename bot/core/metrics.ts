/**
 * The bot's Prometheus metrics (prom-client, one registry per app so tests and several apps in
 * one process never share counters). Served at `GET /metrics` to loopback or an `OPS_TOKEN`
 * bearer. Gauges that need a look at storage (outbox depth, consultations past their target)
 * are computed when scraped, by collectors features add.
 *
 * @example
 *   metrics.turns.inc({ platform: 'teams', outcome: 'ok' });
 *   metrics.addCollector(async () => metrics.outboxDepth.set(await count()));
 *   res.end(await metrics.render());
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type TurnOutcome = 'ok' | 'error' | 'refused_role' | 'not_in_directory' | 'ignored';

export class Metrics {
  readonly registry = new Registry();
  private readonly collectors: (() => Promise<void>)[] = [];

  readonly turns = new Counter({ name: 'swis_turns_total', help: 'Turns handled, by platform and outcome', labelNames: ['platform', 'outcome'] as const, registers: [this.registry] });
  readonly turnSeconds = new Histogram({
    name: 'swis_turn_duration_seconds',
    help: 'Time from a turn reaching the core to its replies being ready',
    labelNames: ['platform'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly outboxDepth = new Gauge({ name: 'swis_outbox_depth', help: 'Messages stored and not yet delivered or failed', registers: [this.registry] });
  readonly outboxOldestSeconds = new Gauge({ name: 'swis_outbox_oldest_age_seconds', help: 'Age of the oldest message not yet delivered (0 when none)', registers: [this.registry] });
  readonly jobLagSeconds = new Histogram({
    name: 'swis_scheduled_job_lag_seconds',
    help: 'How late a scheduled job started against its due time (first attempt)',
    labelNames: ['kind'] as const,
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers: [this.registry],
  });
  readonly deliveriesRefused = new Counter({ name: 'swis_deliveries_refused_total', help: 'Deliveries a platform refused with 429 (rate limited)', labelNames: ['platform'] as const, registers: [this.registry] });
  readonly deliveriesRetried = new Counter({ name: 'swis_deliveries_retried_total', help: 'Delivery attempts that failed and will be tried again', registers: [this.registry] });
  readonly consultationsPastTarget = new Gauge({ name: 'swis_consultations_past_target', help: 'Open consultations not yet answered whose response target has passed', registers: [this.registry] });
  readonly ready = new Gauge({ name: 'swis_ready', help: '1 when this process is ready (storage and scheduler reachable, not stopping)', registers: [this.registry] });

  constructor(opts: { processMetrics?: boolean } = {}) {
    if (opts.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'swis_' });
  }

  /** Runs before each scrape; a failing collector leaves its gauge as it was. */
  addCollector(fn: () => Promise<void>): void {
    this.collectors.push(fn);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    await Promise.all(this.collectors.map((fn) => fn().catch(() => undefined)));
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
