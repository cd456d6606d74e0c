/**
 * End-to-end harness for Slack: the real bot server (tests/helpers/bot-server.ts: real HTTP
 * server, real core, memory or the real Redis) with the Slack adapter mounted, Slack's Web API
 * (and response_urls) played on loopback by a recording fake (tests/helpers/fake-platform.ts)
 * that answers as Slack does and can be told to fail, and what is Slack's own: request signing
 * and builders for the three shapes Slack POSTs to /slack/events (Events API JSON, form-encoded
 * slash commands, form-encoded interactivity).
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
import { randomUUID } from 'node:crypto';
import type { App } from '../../bot/app';
import type { Store } from '../../storage/store';
import { mountSlack, type SlackAdapter } from '../../adapters/slack';
import { sign } from '../../adapters/slack/verify';
import { startBotServer, type BotAnswer, type BotServerOptions } from '../helpers/bot-server';
import { FakePlatform, type PeerAnswer } from '../helpers/fake-platform';

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

export type FakeAnswer = PeerAnswer;

type Responder = (call: ApiCall) => FakeAnswer | undefined;

/** Plays Slack's Web API (and response_urls) on 127.0.0.1: records calls, answers like Slack, fails when told to. */
export class FakeSlackApi extends FakePlatform<ApiCall> {
  private ts = 1_700_000_000;

  constructor() {
    super({
      record: (req) => ({
        method: req.path.startsWith('/respond/') ? 'response_url' : req.path.replace(/^\/api\//, ''),
        params: req.body && typeof req.body === 'object' ? req.body : {},
        token: req.headers.authorization?.replace(/^Bearer /, '') ?? req.body?.token,
        path: req.url,
      }),
      answer: (call) => this.normal(call),
      label: (call) => call.method,
    });
  }

  /** Every call, in order. */
  get calls(): ApiCall[] {
    return this.requests;
  }

  /** SLACK_API_URL for the app. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A response_url for a command or interaction; calls to it are recorded as method "response_url". */
  responseUrl(id = randomUUID().slice(0, 8)): string {
    return `${this.url}/respond/${id}`;
  }

  /** Answer the next call of `method` with this (e.g. a 429), then behave normally again. */
  failNext(method: string, answer: FakeAnswer | Responder): void {
    this.answerNext((c) => c.method === method, answer);
  }

  /** Answer every call of `method` with this from now on. */
  answer(method: string, answer: FakeAnswer | Responder): void {
    this.answerAlways((c) => c.method === method, answer);
  }

  of(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves as soon as `method` has been called at least `count` times; returns those calls. */
  waitFor(method: string, count = 1, timeoutMs?: number): Promise<ApiCall[]> {
    return this.waitForRequests((c) => c.method === method, count, `${method} call(s)`, timeoutMs);
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
  send(req: SlackRequest, opts?: SignOptions & { retryNum?: number }): Promise<BotAnswer>;
  /** Waits until every turn the adapter received has been handled. */
  idle(): Promise<void>;
  /** Waits until the scheduler has delivered what is due (proactive sends). */
  settle(): Promise<void>;
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

/** The bot server's options (tests/helpers/bot-server.ts), and a fake Web API to share. */
export interface StartOptions extends Omit<BotServerOptions<SlackAdapter>, 'mount'> {
  /** Share one fake Web API between two apps (two processes, one workspace). */
  fake?: FakeSlackApi;
}

export async function startSlack(opts: StartOptions = {}): Promise<SlackTest> {
  const fake = opts.fake ?? (await new FakeSlackApi().start());
  const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, ...opts.env };
  const bot = await startBotServer({
    ...opts,
    env,
    async mount(app) {
      const adapter = await mountSlack(app);
      if (!adapter) throw new Error('slack adapter did not mount');
      return adapter;
    },
  });
  const { app, store, baseUrl, mounted: adapter } = bot;

  const t: SlackTest = {
    app,
    adapter,
    fake,
    store,
    baseUrl,
    send: (req, o = {}) =>
      bot.post('/slack/events', req.body, {
        'Content-Type': req.contentType,
        ...signedHeaders(req.body, o),
        ...(o.retryNum !== undefined ? { 'X-Slack-Retry-Num': String(o.retryNum), 'X-Slack-Retry-Reason': 'http_timeout' } : {}),
        ...(req.headers ?? {}),
      }),
    idle: () => adapter.idle(),
    settle: () => bot.settle(),
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
      await bot.close();
      if (!opts.fake) await fake.close();
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
