/**
 * Proactive messages through Teams: the stored reference and its serviceUrl, retries that honour
 * Retry-After, and refusals that stop retrying.
 */
import { PermanentFailure, RetryLater } from '../../bot/scheduling/scheduler';
import { retryAfterMs, sendFailure } from '../../adapters/teams/channel';
import { messageReaches } from '../helpers/bot-server';
import { startTeams, type TeamsTest, shownText } from './harness';

describe('Teams proactive messages', () => {
  let t: TeamsTest;
  beforeEach(async () => {
    t = await startTeams();
    await t.post(t.activities.personal(t.person('sw.amira'), 'help'));
    await t.connector.waitForSent(1);
    t.connector.clear();
  });
  afterEach(() => t.close());

  it('retries after a 429, waiting as long as Retry-After says, then delivers', async () => {
    t.connector.failNext({ status: 429, headers: { 'Retry-After': '1' } });
    const id = await t.app.services.notifier.toPerson('sw.amira', { text: 'Reminder: drop-in at 10:00' });
    const msg = await messageReaches(t.app, id, 'sent');
    expect(msg.status).toBe('sent');
    const attempts = t.connector.requests.filter((r) => r.method === 'POST');
    expect(attempts).toHaveLength(2);
    expect(attempts.map((a) => shownText(a))).toEqual(['Reminder: drop-in at 10:00', 'Reminder: drop-in at 10:00']);
  });

  it('retries after a 5xx and delivers once the connector is back', async () => {
    t.connector.failNext({ status: 502, headers: { 'Retry-After': '0' } });
    const id = await t.app.services.notifier.toPerson('sw.amira', { text: 'Escalated to you' });
    await messageReaches(t.app, id, 'sent');
    expect(t.connector.texts()).toEqual(['Escalated to you']);
  });

  it('gives up at once when Teams says the conversation is gone (404) and tells whoever asked', async () => {
    await t.post(t.activities.personal(t.person('dsl.werneth'), 'help'));
    await t.connector.waitForSent(1);
    t.connector.clear();
    t.connector.failNext({ status: 404 });
    const id = await t.app.services.notifier.toPerson('sw.amira', { text: 'Your answer' }, { tellOnFailure: 'dsl.werneth', describe: 'Your message to Amira' });
    const msg = await messageReaches(t.app, id, 'failed');
    expect(msg.failure).toMatch(/404/);
    await t.connector.waitForSent(1);
    expect(t.connector.texts()[0]).toMatch(/^Your message to Amira could not be delivered/);
  });
});

describe('how a failed Teams send is classified', () => {
  const failure = (status: number | undefined, retryAfter?: string) =>
    sendFailure(status === undefined ? { code: 'ECONNREFUSED' } : { statusCode: status, response: { status, headers: { get: (n: string) => (n === 'retry-after' ? retryAfter : undefined) } } });

  it('asks for another try on 429, 5xx and no answer, carrying Retry-After in ms', () => {
    const throttled = failure(429, '7');
    expect(throttled).toBeInstanceOf(RetryLater);
    expect((throttled as RetryLater).retryAfterMs).toBe(7000);
    expect(failure(503)).toBeInstanceOf(RetryLater);
    expect(failure(undefined)).toBeInstanceOf(RetryLater);
  });

  it('stops on 400, 401, 403 and 404', () => {
    for (const s of [400, 401, 403, 404]) expect(failure(s)).toBeInstanceOf(PermanentFailure);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(Date.parse('2026-01-01T00:00:30Z')).toUTCString(), Date.parse('2026-01-01T00:00:00Z'))).toBe(30_000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});

describe('Teams: reaching someone who has not talked to the bot yet', () => {
  let t: TeamsTest;
  beforeEach(async () => {
    t = await startTeams();
  });
  afterEach(() => t.close());

  it('opens a 1:1 chat by their Entra object id, in the tenant someone else reached the bot from, and delivers', async () => {
    // Priya (same tenant) has talked to the bot; Amira never has.
    await t.post(t.activities.personal(t.person('dsl.werneth'), 'help'));
    await t.connector.waitForSent(1);
    t.connector.clear();
    const amira = t.app.services.directory.person('sw.amira')!;
    expect(await t.app.services.conversations.forPerson('sw.amira')).toEqual([]);

    const id = await t.app.services.notifier.toPerson('sw.amira', { text: 'New consultation from Werneth School' });
    await messageReaches(t.app, id, 'sent');
    const [create] = t.connector.created;
    expect(create.body).toMatchObject({ isGroup: false, members: [{ id: amira.teams!.aadObjectId }], tenantId: amira.teams!.tenantId });
    expect(t.connector.sent.map((s) => [s.conversationId, shownText(s)])).toEqual([[`a:created-${amira.teams!.aadObjectId}`, 'New consultation from Werneth School']]);
    // Remembered: the next message goes straight to that chat.
    expect((await t.app.services.conversations.forPerson('sw.amira')).map((r) => r.id)).toEqual([`a:created-${amira.teams!.aadObjectId}`]);
  });

  it('keeps the message waiting (not failed) when nobody in their tenant has reached the bot yet', async () => {
    const id = await t.app.services.notifier.toPerson('sw.amira', { text: 'New consultation' });
    const msg = await messageReaches(t.app, id, 'waiting');
    expect(msg.failure).toBeUndefined();
    expect(t.connector.created).toHaveLength(0);
  });
});
