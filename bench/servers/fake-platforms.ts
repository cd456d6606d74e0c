/**
 * Plays Teams' Bot Connector and Slack's Web API for the turn benchmark, answering every call
 * at once (no limits): the benchmark measures the bots, not the platforms.
 *
 * @example
 *   PORT=4003 node --import tsx bench/servers/fake-platforms.ts
 */
import http from 'node:http';

let n = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const url = req.url ?? '';
    if (url.startsWith('/api/')) {
      const method = url.slice(5).split('?')[0];
      if (method === 'auth.test') return res.end(JSON.stringify({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0SWIS0001' }));
      if (method === 'conversations.open') return res.end(JSON.stringify({ ok: true, channel: { id: 'D0BENCH' } }));
      return res.end(JSON.stringify({ ok: true, ts: `${Date.now() / 1000}`, channel: 'D0BENCH' }));
    }
    res.end(JSON.stringify({ id: `reply-${++n}` }));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
