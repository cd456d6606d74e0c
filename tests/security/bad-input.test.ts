/**
 * Bad input gets a 4xx and a clear word, never a 500 (issue 15, point 2), through the real
 * adapters: the shapes the issue found 500s with, then a few hundred generated variants of valid
 * Teams activities and signed Slack requests (each field in turn given a value of the wrong
 * type). A Slack event of the wrong shape is answered 200 with nothing done, so Slack does not
 * retry it; other Slack requests get 400 with X-Slack-No-Retry.
 */
import pino from 'pino';
import { eventCallback, interaction, startSlack, TEAM, type SlackRequest, type SlackTest } from '../slack/harness';
import { startTeams, type TeamsTest } from '../teams/harness';
import { variants } from './mutate';

jest.setTimeout(120_000);

const AMIRA = 'U0SWIS0004';

function capture() {
  const lines: Record<string, any>[] = [];
  return { lines, log: pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s)) }) };
}

describe('Teams: wrong shapes get 400 naming the field, never 500', () => {
  let t: TeamsTest;
  const { lines, log } = capture();
  beforeAll(async () => {
    t = await startTeams({ log });
  });
  afterAll(() => t.close());

  it.each([
    ['entities: {}', (a: any) => ({ ...a, entities: {} }), 'entities'],
    ['text: -1', (a: any) => ({ ...a, text: -1 }), 'text'],
    ['invoke name: [1,2]', (a: any) => ({ ...a, type: 'invoke', name: [1, 2] }), 'name'],
    ['conversation.tenantId: {}', (a: any) => ({ ...a, conversation: { ...a.conversation, tenantId: {} } }), 'conversation.tenantId'],
    ['membersAdded: "x"', (a: any) => ({ ...a, type: 'conversationUpdate', membersAdded: 'x' }), 'membersAdded'],
  ])('%s', async (_name, change, field) => {
    const res = await t.post(change(t.activities.personal(t.person('dsl.werneth'), 'help ZQXMARKER')));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 'BadRequest', message: `activity field "${field}" is missing or not valid` });
    expect(lines.find((l) => l.msg === 'teams: activity of the wrong shape' && l.field === field)).toBeDefined();
  });

  it('answers a few hundred generated variants of valid activities without a 500', async () => {
    const dsl = t.person('dsl.werneth');
    const bases = [
      t.activities.personal(dsl, 'help'),
      t.activities.channel(dsl, 'help', { mentions: [t.person('sw.amira')] }),
      t.activities.submit(dsl, 'help.show', { topic: 'x' }, { note: 'y' }),
      t.activities.execute(dsl, 'help.show', { topic: 'x' }),
      t.activities.botAdded(dsl),
    ];
    const failures: string[] = [];
    let seed = 1;
    for (const base of bases) {
      for (const v of variants(base, Number(process.env.FUZZ_N ?? 60), seed++ + Number(process.env.FUZZ_SEED ?? 0))) {
        const res = await t.post({ ...v.body, id: `fuzz-${seed}-${Math.random().toString(36).slice(2)}` });
        if (res.status >= 500) failures.push(`${v.path}=${JSON.stringify(v.value)}: ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect((await fetch(t.url.replace('/api/messages', '/healthz'))).status).toBe(200);
  });
});

describe('Slack: a poison event is taken and dropped; other wrong shapes get 400 without a retry', () => {
  let s: SlackTest;
  const { lines, log } = capture();
  beforeAll(async () => {
    s = await startSlack({ log });
  });
  afterAll(() => s.close());

  const asEvent = (body: Record<string, unknown>): SlackRequest => ({ contentType: 'application/json', body: JSON.stringify(body) });
  const eventOf = (req: SlackRequest) => JSON.parse(req.body) as Record<string, any>;
  const payloadOf = (req: SlackRequest) => JSON.parse(new URLSearchParams(req.body).get('payload')!) as Record<string, any>;

  it.each([
    ['event as a string', () => asEvent({ ...eventOf(s.dm(AMIRA, 'help')), event: 'ZQXMARKER' }), 200],
    ['authorizations: [null]', () => asEvent({ ...eventOf(s.dm(AMIRA, 'help')), authorizations: [null] }), 200],
    ['app_home_opened with user: null', () => asEvent({ ...eventOf(s.homeOpened(AMIRA)), event: { type: 'app_home_opened', user: null, tab: 'home' } }), 200],
    ['actions: null', () => interaction({ ...payloadOf(s.click(AMIRA, 'help.show')), actions: null }), 400],
    ['a view without a callback id', () => interaction({ ...payloadOf(s.submit(AMIRA, 'probe.save', {})), view: { id: 'V1' } }), 400],
  ])('%s', async (_name, build, status) => {
    s.fake.calls.length = 0;
    const res = await s.send(build());
    expect(res.status).toBe(status);
    await s.idle();
    expect(s.fake.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
    if (status === 400) expect(res.json().error).toMatch(/^field ".+" is missing or not valid$/);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('answers a few hundred generated variants of valid requests without a 500', async () => {
    const bases: [string, Record<string, any>][] = [
      ['event', eventOf(s.dm(AMIRA, 'help'))],
      ['event', eventOf(s.mention(AMIRA, 'help'))],
      ['event', eventOf(s.homeOpened(AMIRA))],
      ['interaction', payloadOf(s.click(AMIRA, 'help.show'))],
      ['interaction', payloadOf(s.submit(AMIRA, 'probe.save', { b1: { note: { type: 'plain_text_input', value: 'x' } } }))],
    ];
    const failures: string[] = [];
    let seed = 100;
    for (const [kind, base] of bases) {
      for (const v of variants(base, Number(process.env.FUZZ_N ?? 60), seed++ + Number(process.env.FUZZ_SEED ?? 0))) {
        const body = kind === 'event' ? { ...v.body, event_id: `EvFUZZ${seed}${Math.random().toString(36).slice(2)}` } : { ...v.body, trigger_id: `fuzz.${Math.random()}` };
        const res = await s.send(kind === 'event' ? asEvent(body) : interaction(body));
        if (res.status >= 500) failures.push(`${kind} ${v.path}=${JSON.stringify(v.value)}: ${res.status}`);
        // An event Slack would retry on a non-2xx must never get one unless it is refused outright
        // (with `type` itself changed it is no longer an event, and 400 is right).
        if (kind === 'event' && v.path !== 'type' && ![200, 403].includes(res.status)) failures.push(`event ${v.path}=${JSON.stringify(v.value)}: ${res.status}`);
      }
    }
    await s.idle();
    expect(failures).toEqual([]);
    expect(lines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([]);
    const ok = await s.send(eventCallback({ type: 'message', channel: 'D0SWIS0004', channel_type: 'im', user: AMIRA, text: 'help', ts: '1.1' }, { team: TEAM }));
    expect(ok.status).toBe(200);
  });
});
