/**
 * The requests of the turn benchmarks: a Teams message activity from a directory person, and a
 * signed Slack `message.im` event, each saying `help` (answered with the role's help card).
 * Shared by `bench/turns.ts` (speed) and `bench/memory.ts` (memory of variants side by side).
 *
 * @example
 *   const body = teamsActivity(bench.people, i, 'http://127.0.0.1:4003');
 *   const { body, headers } = slackEvent(bench.people, i, SIGNING_SECRET);
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { BenchPerson } from './config';

/** The Slack signing secret the bench servers are started with. */
export const SIGNING_SECRET = 'bench-signing-secret';

export function teamsActivity(people: BenchPerson[], i: number, serviceUrl: string): string {
  const teamsPeople = people.filter((p) => p.platform === 'teams');
  const p = teamsPeople[i % teamsPeople.length] as Required<Pick<(typeof teamsPeople)[number], 'aadObjectId' | 'tenantId'>>;
  return JSON.stringify({
    id: `bench-${randomUUID()}`,
    type: 'message',
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: `29:${p.aadObjectId}`, aadObjectId: p.aadObjectId, name: 'Bench' },
    recipient: { id: '28:swis-bot', name: 'SWIS' },
    conversation: { id: `a:personal-${p.aadObjectId}`, conversationType: 'personal', tenantId: p.tenantId },
    channelData: { tenant: { id: p.tenantId } },
    text: 'help',
  });
}

export function slackEvent(people: BenchPerson[], i: number, secret = SIGNING_SECRET): { body: string; headers: Record<string, string> } {
  const slackPeople = people.filter((p) => p.platform === 'slack');
  const p = slackPeople[i % slackPeople.length] as Required<Pick<(typeof slackPeople)[number], 'userId' | 'teamId'>>;
  const body = JSON.stringify({
    type: 'event_callback',
    team_id: p.teamId,
    api_app_id: 'A0BENCH',
    event_id: `Ev${randomUUID().replace(/-/g, '')}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'message', channel_type: 'im', channel: `D${p.userId}`, user: p.userId, text: 'help', ts: `${Date.now() / 1000}`, team: p.teamId },
  });
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return { body, headers: { 'x-slack-request-timestamp': ts, 'x-slack-signature': sig } };
}
