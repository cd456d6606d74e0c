/**
 * The baseline for the fan-out benchmark: a bare BullMQ worker that sends each job's message
 * the way the SDKs' samples do (botbuilder's CloudAdapter.continueConversationAsync, Bolt's
 * WebClient chat.postMessage), with no outbox, no pacing and BullMQ's own retry on a 429
 * (Retry-After: 1 s). What the same machine does without the bot's bookkeeping and pacing.
 *
 * @example
 *   REDIS_URL=redis://127.0.0.1:6379 BULL_PREFIX=bench:x SLACK_API_URL=http://127.0.0.1:4003/api/ \
 *     node --import tsx bench/servers/bare-fanout.ts
 */
import { WebClient } from '@slack/web-api';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { Worker } from 'bullmq';
import http from 'node:http';
import Redis from 'ioredis';
import { BARE_QUEUE, type BareJob } from '../lib/bare-job';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const slack = new WebClient('xoxb-fake', { slackApiUrl: process.env.SLACK_API_URL, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });

const worker = new Worker(
  BARE_QUEUE,
  async (job) => {
    const data = job.data as BareJob;
    if (data.platform === 'teams') {
      await adapter.continueConversationAsync('', data.reference, async (context) => {
        await context.sendActivity(data.text);
      });
    } else {
      await slack.chat.postMessage({ channel: data.channel, text: data.text });
    }
  },
  {
    connection: new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null }),
    prefix: process.env.BULL_PREFIX,
    concurrency: 64,
  },
);
worker.on('error', () => undefined);

// Listens only so the benchmark knows the worker is up.
const server = http.createServer((_, res) => res.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => void worker.close().then(() => server.close(() => process.exit(0))));
