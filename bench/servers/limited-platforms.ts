/**
 * Plays Teams' Bot Connector and Slack's Web API with their documented rate limits, for the
 * fan-out benchmark: Teams, 7 messages per second per conversation and 50 requests per second
 * per app per tenant; Slack chat.postMessage, 1 message per second per channel with a short
 * burst. Past a limit it answers 429 with Retry-After, as the platforms do. GET /stats reports.
 *
 * @example
 *   PORT=4003 node --import tsx bench/servers/limited-platforms.ts
 *   curl http://127.0.0.1:4003/stats   # {"delivered":..., "refused":..., "lastAt":...}
 */
import http from 'node:http';

/** Sliding one-second windows of send times per key. */
const windows = new Map<string, number[]>();
function allow(key: string, perSecond: number, now: number): boolean {
  const w = (windows.get(key) ?? []).filter((t) => t > now - 1000);
  if (w.length >= perSecond) {
    windows.set(key, w);
    return false;
  }
  w.push(now);
  windows.set(key, w);
  return true;
}

/** Slack: a token bucket of 1 per second per channel with room for a burst of 3. */
const buckets = new Map<string, { tokens: number; at: number }>();
function allowSlack(channel: string, now: number): boolean {
  const b = buckets.get(channel) ?? { tokens: 3, at: now };
  b.tokens = Math.min(3, b.tokens + (now - b.at) / 1000);
  b.at = now;
  buckets.set(channel, b);
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

const stats = { delivered: 0, teams: 0, slack: 0, refused: 0, firstAt: 0, lastAt: 0 };
/** Delivery times per platform, for the benchmark's per-second timeline. */
let times: { teams: number[]; slack: number[] } = { teams: [], slack: [] };

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const url = req.url ?? '';
    const now = Date.now();
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (url === '/stats') return json(200, stats);
    if (url === '/times') return json(200, times);
    if (url === '/reset') {
      Object.assign(stats, { delivered: 0, teams: 0, slack: 0, refused: 0, firstAt: 0, lastAt: 0 });
      windows.clear();
      times = { teams: [], slack: [] };
      buckets.clear();
      return json(200, stats);
    }
    const delivered = (platform: 'teams' | 'slack') => {
      stats.delivered++;
      stats[platform]++;
      stats.firstAt ||= now;
      stats.lastAt = now;
      times[platform].push(now);
    };
    if (url.startsWith('/api/')) {
      const method = url.slice(5).split('?')[0];
      const body = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      if (method === 'auth.test') return json(200, { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0SWIS0001' });
      if (method === 'conversations.open') return json(200, { ok: true, channel: { id: `D${body.get('users') ?? 'X'}` } });
      if (method === 'chat.postMessage') {
        let channel = body.get('channel');
        if (!channel) {
          try {
            channel = JSON.parse(Buffer.concat(chunks).toString('utf8')).channel;
          } catch {
            channel = 'unknown';
          }
        }
        if (!allowSlack(String(channel), now)) {
          stats.refused++;
          return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
        }
        delivered('slack');
        return json(200, { ok: true, ts: `${now / 1000}`, channel });
      }
      return json(200, { ok: true });
    }
    // Bot Connector: /v3/conversations/{id}/activities[/{replyToId}]
    const m = /^\/v3\/conversations\/([^/]+)\/activities/.exec(url);
    if (m) {
      let tenant = 'unknown';
      try {
        const a = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        tenant = a.conversation?.tenantId ?? a.channelData?.tenant?.id ?? 'unknown';
      } catch {
        // counted under "unknown"
      }
      const conversation = decodeURIComponent(m[1]);
      if (!allow(`tenant:${tenant}`, 50, now) || !allow(`conv:${conversation}`, 7, now)) {
        stats.refused++;
        return json(429, { error: { code: 'TooManyRequests' } }, { 'retry-after': '1' });
      }
      delivered('teams');
      return json(200, { id: `m-${stats.delivered}` });
    }
    json(404, { error: 'not here' });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
