/**
 * Start-up: Slack is off without its credentials (one log line saying how to turn it on),
 * start-up never waits for Slack, and log lines carry ids, never what people wrote.
 */
import pino from 'pino';
import { Writable } from 'node:stream';
import { createApp } from '../../bot/app';
import { mountSlack } from '../../adapters/slack';
import { MemoryStore } from '../../storage/memory/memory-store';
import { sampleConfigData, settingsFrom } from '../helpers/app';
import { until } from '../helpers/until';
import { BOT_TOKEN, signedHeaders, startSlack } from './harness';

function capture() {
  const lines: Record<string, any>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

describe('Slack start-up', () => {
  it('is off without SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, says how to turn it on, and serves no Slack route', async () => {
    const { log, lines } = capture();
    const app = createApp({ settings: settingsFrom(sampleConfigData(), { SLACK_BOT_TOKEN: BOT_TOKEN }), store: new MemoryStore(), log });
    expect(await mountSlack(app)).toBeUndefined();
    const port = await app.start(0);
    try {
      const slackLines = lines.filter((l) => l.platform === 'slack');
      expect(slackLines).toHaveLength(1);
      expect(slackLines[0].msg).toMatch(/Slack is off: set SLACK_SIGNING_SECRET .*manifest\/slack\/manifest\.yml/);
      const body = '{"type":"url_verification","challenge":"c"}';
      const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...signedHeaders(body) }, body });
      expect(res.status).toBe(404);
      expect(app.services.notifier.hasChannel('slack')).toBe(false);
    } finally {
      await app.stop();
    }
  });

  it('starts and acks events while Slack itself is unreachable, and logs that the token could not be checked', async () => {
    const { log, lines } = capture();
    const s = await startSlack({ env: { SLACK_API_URL: 'http://127.0.0.1:9/api/' }, log });
    try {
      const res = await s.send(s.dm('U0SWIS0004', 'help'));
      expect(res.status).toBe(200);
      await s.idle();
      await until(() => lines.some((l) => /Slack token could not be checked/.test(l.msg)), 'the log line saying the token could not be checked');
    } finally {
      await s.close();
    }
  });

  it('checks the token once in the background (auth.test) and never on the request path', async () => {
    const s = await startSlack();
    try {
      await s.fake.waitFor('auth.test');
      await s.send(s.dm('U0SWIS0004', 'help'));
      await s.send(s.command('U0SWIS0004', 'help'));
      await s.fake.waitFor('response_url');
      await s.fake.waitFor('chat.postMessage');
      expect(s.fake.of('auth.test')).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  it('writes ids to the log, never what a person wrote', async () => {
    const { log, lines } = capture();
    const s = await startSlack({ log });
    try {
      s.fake.failNext('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
      await s.send(s.dm('U0SWIS0004', 'Is this a MASH referral for Jane Doe born 01/02/2015?'));
      await s.send(s.dm('U0SWIS0004', 'Jane Doe again'), { secret: 'forged' });
      await s.idle();
      const all = JSON.stringify(lines);
      expect(lines.length).toBeGreaterThan(0);
      expect(all).not.toMatch(/Jane|Doe|01\/02\/2015/);
    } finally {
      await s.close();
    }
  });
});
