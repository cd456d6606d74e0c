/**
 * A closed-loop HTTP load generator: `connections` keep-alive clients each send one request,
 * wait for the answer, and send the next, for `durationMs`. Prints nothing; returns figures.
 *
 * @example
 *   const r = await runLoad({ url: 'http://127.0.0.1:3978/api/messages', connections: 50, durationMs: 20_000, request: (i) => ({ body }) });
 *   console.log(r.rps, r.p50, r.p99);
 *   // open loop at a fixed offered rate, to see latency when the machine is not saturated;
 *   // latency is counted from when each request was due, so a server that falls behind shows it:
 *   await runLoad({ ...same, rate: 200 });
 */
import http from 'node:http';

export interface LoadRequest {
  body: string;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  errors: number;
  statuses: Record<string, number>;
  rps: number;
  p50: number;
  p99: number;
  max: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function runLoad(opts: {
  url: string;
  connections: number;
  durationMs: number;
  request: (i: number) => LoadRequest;
  /** Offered load in requests/s across all connections (open loop); unset: as fast as answered. */
  rate?: number;
}): Promise<LoadResult> {
  const target = new URL(opts.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let n = 0;
  const start = performance.now();
  const end = start + opts.durationMs;

  /** `from`: when the request was meant to go; a late start counts against latency (no coordinated omission). */
  const one = (i: number, from?: number) =>
    new Promise<void>((resolve) => {
      const { body, headers } = opts.request(i);
      const t0 = from ?? performance.now();
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - t0);
            statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });

  const gap = opts.rate ? (1000 * opts.connections) / opts.rate : 0;
  await Promise.all(
    Array.from({ length: opts.connections }, async (_, c) => {
      let due = start + (gap * c) / opts.connections;
      while (performance.now() < end) {
        if (!gap) {
          await one(n++);
          continue;
        }
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        await one(n++, due);
        due += gap;
      }
    }),
  );
  agent.destroy();
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    statuses,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? 0,
  };
}
