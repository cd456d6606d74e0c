/**
 * What the processes under test left in Redis and on the fake Bot Connector: the consultations
 * stored under a prefix, and how many "New consultation" messages each reached its worker.
 *
 * @example
 *   const stored = await storedConsultations(url, prefix);   // Map "dsl.werneth/AB" -> status
 */
import Redis from 'ioredis';
import type { FakeConnector } from '../teams/harness';

export async function storedConsultations(redisUrl: string, prefix: string): Promise<Map<string, string>> {
  const r = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  r.on('error', () => undefined);
  const out = new Map<string, string>();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}doc:consultation:c*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const doc = JSON.parse((await r.get(key)) ?? '{}');
        if (doc.child?.reference) out.set(`${doc.raisedBy}/${doc.child.reference}`, doc.status);
      }
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
  return out;
}

/** How many "New consultation" messages about this child reference the connector received. */
export function workerNotices(connector: FakeConnector, reference: string): number {
  return connector.sent.filter((s) => {
    const text = JSON.stringify(s.body ?? {});
    return text.includes('New consultation') && new RegExp(` Y\\d ${reference}\\b`).test(text);
  }).length;
}

/** Distinct two-letter child references: AA, AB, ... */
export function reference(n: number): string {
  const A = 'A'.charCodeAt(0);
  return String.fromCharCode(A + Math.floor(n / 26) % 26) + String.fromCharCode(A + (n % 26));
}
