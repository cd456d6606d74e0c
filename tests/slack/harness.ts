/**
 * End-to-end harness for Slack: the real app (real HTTP server, real core, memory or the real
 * Redis) with the Slack adapter mounted, a local HTTP server playing Slack's Web API (and
 * response_urls) that records every call and can be told to fail, and signed request builders
 * for the three shapes Slack POSTs to /slack/events (Events API JSON, form-encoded slash
 * commands, form-encoded interactivity).
 *
 * Feature engineers: use this to test a feature through Slack exactly as a person would use it.
 *
 * @example
 *   const s = await startSlack();
 *   await s.send(s.dm('U0SWIS0004', 'help'));                 // Amira DMs the bot
 *   const [post] = await s.fake.waitFor('chat.postMessage');  // what Slack was asked to show
 *   expect(post.params.channel).toBe('D0SWIS0004');
 *   await s.send(s.command('U0SWIS0010', 'book'));            // /swis book
 *   const [open] = await s.fake.waitFor('views.open');        // the form opened as a modal
 *   await s.close();
 */
import { z } from 'zod';
import { defineAction } from '../../bot/core/actions';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createApp, type App } from '../../bot/app';
import type { InboundEvent } from '../../bot/core/events';
import { card } from '../../cards/tree';
import { silentLogger, type Logger } from '../../bot/core/log';
import { MemoryStore } from '../../storage/memory/memory-store';
import { RedisStore } from '../../storage/redis/redis-store';
import type { Store } from '../../storage/store';
import { mountSlack, type SlackAdapter } from '../../adapters/slack';
import { sign } from '../../adapters/slack/verify';
import { deletePrefix, sampleConfigData, settingsFrom, testRedisUrl, uniquePrefix } from '../helpers/app';

export const TEAM = 'T0SWIS0001';
export const BOT_USER = 'U0SWISBOT';
export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-0000-swis';

/** One call the fake Web API received: the method, its parameters (JSON fields parsed), the token. */
export interface ApiCall {
  method: string;
  params: Record<string, any>;
  token?: string;
  /** The path called (a response_url's carries the id it was made with). */
  path?: string;
  /** The fake answered with an error (an HTTP error or `ok: false`): Slack showed nothing. */
  refused?: boolean;
}

export interface FakeAnswer {
  /** Never answer (the call hangs until the fake closes): a process to be killed mid-reply. */
  hang?: boolean;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

type Responder = (call: ApiCall) => FakeAnswer | undefined;

/** Plays Slack's Web API on 127.0.0.1: records calls, answers like Slack, fails when told to. */
export class FakeSlackApi {
  readonly calls: ApiCall[] = [];
  private readonly once = new Map<string, Responder[]>();
  private readonly always = new Map<string, Responder>();
  private server?: http.Server;
  private port = 0;
  private ts = 1_700_000_000;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** SLACK_API_URL for the app. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A response_url for a command or interaction; calls to it are recorded as method "response_url". */
  responseUrl(id = randomUUID().slice(0, 8)): string {
    return `http://127.0.0.1:${this.port}/respond/${id}`;
  }

  /** Answer the next call of `method` with this (e.g. a 429), then behave normally again. */
  failNext(method: string, answer: FakeAnswer | Responder): void {
    const r: Responder = typeof answer === 'function' ? answer : () => answer;
    this.once.set(method, [...(this.once.get(method) ?? []), r]);
  }

  /** Answer every call of `method` with this from now on. */
  answer(method: string, answer: FakeAnswer | Responder): void {
    this.always.set(method, typeof answer === 'function' ? answer : () => answer);
  }

  of(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits until `method` has been called at least `count` times; returns those calls. */
  async waitFor(method: string, count = 1, timeoutMs = 8000): Promise<ApiCall[]> {
    const until = Date.now() + timeoutMs;
    while (this.of(method).length < count) {
      if (Date.now() > until) throw new Error(`expected ${count} ${method} call(s), got ${this.of(method).length}: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.of(method);
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections?.();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = req.url ?? '';
    const method = url.startsWith('/respond/') ? 'response_url' : url.replace(/^\/api\//, '').split('?')[0];
    const params = parseParams(req.headers['content-type'], text);
    const auth = req.headers.authorization;
    const call: ApiCall = { method, params, token: auth?.replace(/^Bearer /, '') ?? params.token, path: url };
    this.calls.push(call);
    const queued = this.once.get(method);
    const answer = queued?.length ? queued.shift()!(call) : this.always.get(method)?.(call);
    const a = answer ?? this.normal(call);
    if (a.hang) return;
    call.refused = (a.status ?? 200) >= 300 || (a.body as { ok?: boolean } | undefined)?.ok === false;
    res.writeHead(a.status ?? 200, { 'Content-Type': 'application/json', ...(a.headers ?? {}) });
    res.end(JSON.stringify(a.body ?? { ok: true }));
  }

  /** What Slack answers when all is well. */
  private normal(call: ApiCall): FakeAnswer {
    switch (call.method) {
      case 'auth.test':
        return { body: { ok: true, team_id: TEAM, user_id: BOT_USER, bot_id: 'B0SWISBOT' } };
      case 'conversations.open': {
        const u = String(call.params.users ?? '').split(',')[0];
        return { body: { ok: true, channel: { id: `D${u.slice(1)}` } } };
      }
      case 'chat.postMessage':
        return { body: { ok: true, channel: call.params.channel, ts: `${++this.ts}.000100` } };
      case 'views.open':
      case 'views.publish':
        return { body: { ok: true, view: { id: `V${++this.ts}` } } };
      default:
        return { body: { ok: true } };
    }
  }
}

function parseParams(contentType: string | undefined, text: string): Record<string, any> {
  if (!text) return {};
  if ((contentType ?? '').includes('json')) return JSON.parse(text);
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    out[k] = /^[[{]/.test(v) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** A request to /slack/events as Slack would send it. */
export interface SlackRequest {
  contentType: 'application/json' | 'application/x-www-form-urlencoded' | string;
  body: string;
  headers?: Record<string, string>;
}

export interface SignOptions {
  /** Seconds since the epoch (default now). */
  timestamp?: number;
  secret?: string;
  /** Leave the signature headers off. */
  unsigned?: boolean;
}

/** Signs a body the way Slack does (v0 HMAC-SHA256 of `v0:ts:body`). */
export function signedHeaders(body: string, opts: SignOptions = {}): Record<string, string> {
  if (opts.unsigned) return {};
  const ts = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  return { 'X-Slack-Request-Timestamp': ts, 'X-Slack-Signature': `v0=${sign(opts.secret ?? SIGNING_SECRET, ts, body)}` };
}

let seq = 0;
const next = () => `${Date.now().toString(36)}${(++seq).toString(36)}`.toUpperCase();

/** The Events API envelope around an event. */
export function eventCallback(event: Record<string, unknown>, opts: { team?: string; eventId?: string } = {}): SlackRequest {
  const team = opts.team ?? TEAM;
  return {
    contentType: 'application/json',
    body: JSON.stringify({
      token: 'deprecated-verification-token',
      team_id: team,
      api_app_id: 'A0SWIS',
      event,
      type: 'event_callback',
      event_id: opts.eventId ?? `Ev${next()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: team, user_id: BOT_USER, is_bot: true }],
    }),
  };
}

/** Form-encoded interactivity: `payload=<json>`. */
export function interaction(payload: Record<string, unknown>): SlackRequest {
  return { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString() };
}

export interface SlackTest {
  app: App;
  adapter: SlackAdapter;
  fake: FakeSlackApi;
  store: Store;
  /** http://127.0.0.1:<port> of the bot. */
  baseUrl: string;
  /** POSTs to /slack/events, signed unless told otherwise. */
  send(req: SlackRequest, opts?: SignOptions & { retryNum?: number }): Promise<{ status: number; text: string; json(): any }>;
  /** Waits until every turn the adapter received has been handled. */
  idle(): Promise<void>;
  /** A DM to the bot (message.im). */
  dm(user: string, text: string, extra?: Record<string, unknown>, opts?: { team?: string; eventId?: string }): SlackRequest;
  /** An @mention of the bot in a channel. */
  mention(user: string, text: string, channel?: string, extra?: Record<string, unknown>): SlackRequest;
  homeOpened(user: string, tab?: 'home' | 'messages'): SlackRequest;
  /** `/swis <text>`; its response_url points at the fake. */
  command(user: string, text: string, extra?: Record<string, string>): SlackRequest;
  /** A click on a button the bot rendered (value `{verb,data}`), in a DM message by default. */
  click(user: string, verb: string, data?: Record<string, string>, extra?: Record<string, unknown>): SlackRequest;
  /** Submitting a modal: callback id (the verb), private metadata, and state values. */
  submit(user: string, callbackId: string, values: Record<string, Record<string, unknown>>, privateMetadata?: string): SlackRequest;
  close(): Promise<void>;
}

export interface StartOptions {
  redis?: boolean;
  /** Share a Redis key prefix (two processes, one Redis). */
  prefix?: string;
  store?: Store;
  /** Share one fake Web API between two apps (two processes, one workspace). */
  fake?: FakeSlackApi;
  config?: Record<string, any>;
  env?: Record<string, string>;
  log?: Logger;
  /** Register test-only commands or actions on the router before the server starts. */
  setup?(app: App): void;
  /** The app's clock (createApp's `now`), for tests of hours and holidays. */
  now?: () => Date;
}

/**
 * A small test feature on the real router: `probe form` replies with a one-field form whose
 * Submit is `probe.save`; `probe.save` refuses the note "bad" with a field error, answers
 * "more" with a second form (`probe.step2`), and otherwise says what it got. Every turn it sees
 * is recorded, so tests can check what the core was given.
 */
export function addProbe(app: App): InboundEvent[] {
  const seen: InboundEvent[] = [];
  const form = (verb: string, title: string) =>
    card(title).input({ type: 'input.text', id: 'note', label: 'Note', required: true }).submit(verb, 'Save', { id: 'x1' }).build();
  app.router.command({ name: 'probe form', summary: 'test form' }, async (turn) => {
    seen.push(turn.event);
    turn.reply({ text: 'Fill in the form', card: form('probe.save', 'Quick note'), form: true });
  });
  app.router.command({ name: 'probe echo', summary: 'test echo' }, async (turn) => {
    seen.push(turn.event);
    turn.reply(`echo: ${turn.args}`);
  });
  app.router.action(defineAction('probe.save', z.object({})), async (turn) => {
    seen.push(turn.event);
    const note = turn.values.note;
    if (note === 'bad') turn.reply({ text: 'Please check the form', formErrors: { note: 'Say a little more' } });
    else if (note === 'more') turn.reply({ text: 'One more step', card: form('probe.step2', 'Step two'), form: true });
    else turn.reply(`Saved ${turn.values.id}: ${note ?? '(none)'}`);
  });
  app.router.action(defineAction('probe.step2', z.object({})), async (turn) => {
    seen.push(turn.event);
    turn.reply('Step two saved');
  });
  return seen;
}

export async function startSlack(opts: StartOptions = {}): Promise<SlackTest> {
  const fake = opts.fake ?? (await new FakeSlackApi().start());
  const prefix = opts.prefix ?? uniquePrefix();
  const url = testRedisUrl();
  const store: Store = opts.store ?? (opts.redis ? new RedisStore({ url, prefix }) : new MemoryStore());
  const settings = settingsFrom(opts.config ?? sampleConfigData(), {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    ...(opts.env ?? {}),
  });
  const app = createApp({ settings, store, log: opts.log ?? silentLogger(), prefix, now: opts.now });
  opts.setup?.(app);
  const adapter = await mountSlack(app);
  if (!adapter) throw new Error('slack adapter did not mount');
  const port = await app.start(0);
  const baseUrl = `http://127.0.0.1:${port}`;

  const t: SlackTest = {
    app,
    adapter,
    fake,
    store,
    baseUrl,
    async send(req, o = {}) {
      const res = await fetch(`${baseUrl}/slack/events`, {
        method: 'POST',
        headers: {
          'Content-Type': req.contentType,
          ...signedHeaders(req.body, o),
          ...(o.retryNum !== undefined ? { 'X-Slack-Retry-Num': String(o.retryNum), 'X-Slack-Retry-Reason': 'http_timeout' } : {}),
          ...(req.headers ?? {}),
        },
        body: req.body,
      });
      const text = await res.text();
      return { status: res.status, text, json: () => JSON.parse(text) };
    },
    idle: () => adapter.idle(),
    dm: (user, text, extra = {}, o = {}) =>
      eventCallback({ type: 'message', channel: `D${user.slice(1)}`, channel_type: 'im', user, text, ts: `${Date.now() / 1000}`, ...extra }, o),
    mention: (user, text, channel = 'C0SWISTAS', extra = {}) =>
      eventCallback({ type: 'app_mention', channel, user, text: `<@${BOT_USER}> ${text}`, ts: '1700000000.000200', ...extra }),
    homeOpened: (user, tab = 'home') => eventCallback({ type: 'app_home_opened', user, channel: `D${user.slice(1)}`, tab, event_ts: '1700000000.1' }),
    command: (user, text, extra = {}) => ({
      contentType: 'application/x-www-form-urlencoded',
      body: new URLSearchParams({
        token: 'deprecated',
        team_id: TEAM,
        team_domain: 'swis',
        channel_id: 'C0SWISGEN',
        channel_name: 'general',
        user_id: user,
        user_name: 'someone',
        command: '/swis',
        text,
        api_app_id: 'A0SWIS',
        response_url: fake.responseUrl(),
        trigger_id: `trig.${next()}`,
        ...extra,
      }).toString(),
    }),
    click: (user, verb, data = {}, extra = {}) =>
      interaction({
        type: 'block_actions',
        team: { id: TEAM, domain: 'swis' },
        user: { id: user, team_id: TEAM },
        api_app_id: 'A0SWIS',
        trigger_id: `trig.${next()}`,
        container: { type: 'message', message_ts: '1700000000.000300', channel_id: `D${user.slice(1)}`, is_ephemeral: false },
        channel: { id: `D${user.slice(1)}`, name: 'directmessage' },
        message: { ts: '1700000000.000300', type: 'message', text: 'card' },
        state: { values: {} },
        response_url: fake.responseUrl(),
        actions: [{ type: 'button', action_id: `${verb}#0`, block_id: 'b1', value: JSON.stringify({ verb, data }), action_ts: `${Date.now() / 1000}` }],
        ...extra,
      }),
    submit: (user, callbackId, values, privateMetadata = '') =>
      interaction({
        type: 'view_submission',
        team: { id: TEAM, domain: 'swis' },
        user: { id: user, team_id: TEAM },
        api_app_id: 'A0SWIS',
        trigger_id: `trig.${next()}`,
        view: { id: `V${next()}`, type: 'modal', callback_id: callbackId, private_metadata: privateMetadata, hash: next(), state: { values } },
      }),
    async close() {
      await adapter.idle().catch(() => undefined);
      await app.stop();
      if (!opts.fake) await fake.close();
      if (opts.redis && !opts.prefix) await deletePrefix(url, prefix);
    },
  };
  return t;
}

/**
 * Slack's `view.state.values` for a modal filled in as a person would: each input block's
 * element gets its value (selects and checkboxes by option value, pickers by date or time).
 *
 * @example
 *   await s.send(s.submit(AMIRA, view.callback_id, modalState(view, { reference: 'JS' }), view.private_metadata));
 */
export function modalState(view: any, values: Record<string, string>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks.filter((b: any) => b.type === 'input')) {
    const el = block.element;
    const v = values[el.action_id];
    if (v === undefined) continue;
    const state =
      el.type === 'static_select' || el.type === 'radio_buttons' ? { selected_option: { value: v } }
        : el.type === 'checkboxes' || el.type === 'multi_static_select' ? { selected_options: v.split(',').map((x) => ({ value: x })) }
          : el.type === 'datepicker' ? { selected_date: v }
            : el.type === 'timepicker' ? { selected_time: v }
              : { value: v };
    out[block.block_id] = { [el.action_id]: { type: el.type, ...state } };
  }
  return out;
}
