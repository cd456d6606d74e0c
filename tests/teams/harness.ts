/**
 * Test harness for talking to the bot through Teams end to end: the real app and HTTP server
 * with the Teams adapter mounted, a local HTTP server playing Microsoft's Bot Connector (the
 * `serviceUrl` every activity carries, so the bot's replies land there), builders for
 * Teams-shaped activities, and, for the authenticated path, a local OpenID metadata + signing
 * key server and a token minter.
 *
 * Everything listens on 127.0.0.1 only. Feature engineers can write Teams journeys with it:
 *
 * @example
 *   const t = await startTeams();                        // Emulator mode, memory store
 *   const dsl = t.person('dsl.werneth');                  // aadObjectId + tenant from the config
 *   const res = await t.post(t.activities.personal(dsl, 'help'));
 *   expect(res.status).toBe(200);
 *   const [reply] = t.connector.sent;                     // what Teams would have shown
 *   expect(reply.body.attachments[0].content.type).toBe('AdaptiveCard');
 *   await t.close();
 *
 *   // authenticated: const t = await startTeams({ appId: 'app-1', auth: true });
 *   // await t.post(activity, { token: t.auth!.mint({}) });
 */
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PasswordServiceClientCredentialFactory } from 'botframework-connector';
import { mountTeams, type MountedTeams, type TeamsOptions } from '../../adapters/teams';
import { createApp, type App } from '../../bot/app';
import type { Person } from '../../bot/config/schema';
import { silentLogger, type Logger } from '../../bot/core/log';
import { MemoryStore } from '../../storage/memory/memory-store';
import { RedisStore } from '../../storage/redis/redis-store';
import type { Store } from '../../storage/store';
import { deletePrefix, sampleConfigData, settingsFrom, testRedisUrl, uniquePrefix } from '../helpers/app';

export const SAMPLE_TENANT = '11111111-2222-4333-8444-555555555555';
export const BOT_ID = '28:swis-bot';

// ---------------------------------------------------------------------------------------------
// A tiny HTTP server with JSON in and out.

interface Served {
  url: string;
  close(): Promise<void>;
}

function listen(handler: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void): Promise<Served & { server: http.Server }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        server,
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

// ---------------------------------------------------------------------------------------------
// The Bot Connector.

export interface ConnectorRequest {
  method: string;
  path: string;
  /** The conversation id from the path. */
  conversationId: string;
  /** The activity id being replied to, when the path has one. */
  replyToId?: string;
  authorization?: string;
  body: any;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * Plays Teams' Bot Connector: records every activity the bot sends and answers 200 with an id,
 * unless the test queued other answers with `failNext` (e.g. 429 with Retry-After).
 */
export class FakeConnector {
  readonly requests: ConnectorRequest[] = [];
  private readonly script: ScriptedAnswer[] = [];
  private served?: Served;

  get url(): string {
    if (!this.served) throw new Error('connector not started');
    return this.served.url;
  }

  /** Activities successfully received (scripted failures and conversation creations are not included). */
  get sent(): ConnectorRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path !== '/v3/conversations' && !(r as { failed?: boolean }).failed);
  }

  /** Conversations the bot asked Teams to create (1:1 chats opened with someone new). */
  get created(): ConnectorRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === '/v3/conversations' && !(r as { failed?: boolean }).failed);
  }

  async start(): Promise<this> {
    this.served = await listen((req, raw, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(url.pathname);
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const entry: ConnectorRequest & { failed?: boolean } = {
        method: req.method ?? '',
        path: url.pathname,
        conversationId: m ? decodeURIComponent(m[1]) : '',
        replyToId: m?.[2] ? decodeURIComponent(m[2]) : undefined,
        authorization: req.headers.authorization,
        body,
      };
      const scripted = this.script.shift();
      if (scripted) entry.failed = scripted.status >= 300;
      this.requests.push(entry);
      if (scripted) return json(res, scripted.status, scripted.body ?? { error: { code: 'Scripted', message: 'scripted answer' } }, scripted.headers);
      if (req.method === 'POST' && url.pathname === '/v3/conversations') {
        const member = (body as { members?: { id?: string }[] })?.members?.[0]?.id ?? 'someone';
        return json(res, 201, { id: `a:created-${member}` });
      }
      if (!m) return json(res, 404, { error: { code: 'NotFound', message: 'not a connector path' } });
      return json(res, 200, { id: `sent-${this.requests.length}` });
    });
    return this;
  }

  /** The next answers, in order, instead of 200. */
  failNext(...answers: ScriptedAnswer[]): void {
    this.script.push(...answers);
  }

  /** Resolves once at least `count` activities have been received. */
  async waitForSent(count: number, timeoutMs = 5000): Promise<ConnectorRequest[]> {
    const until = Date.now() + timeoutMs;
    while (this.sent.length < count) {
      if (Date.now() > until) throw new Error(`connector got ${this.sent.length} of ${count} activities`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.sent;
  }

  /** Texts of the activities sent, in order. */
  texts(): string[] {
    return this.sent.map((r) => shownText(r));
  }

  clear(): void {
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    await this.served?.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Teams-shaped activities.

export interface TeamsUser {
  /** The 29: id Teams uses in activities. */
  id: string;
  aadObjectId: string;
  name: string;
  tenantId: string;
}

let seq = 0;
export const activityId = (): string => `act-${Date.now().toString(36)}-${++seq}`;

/** Builders for what Teams posts to /api/messages; every activity points at the fake connector. */
export class ActivityBuilder {
  constructor(private readonly serviceUrl: () => string) {}

  private base<C extends { id: string }>(user: TeamsUser, conversation: C) {
    return {
      id: activityId(),
      channelId: 'msteams',
      serviceUrl: this.serviceUrl(),
      timestamp: new Date().toISOString(),
      locale: 'en-GB',
      from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
      recipient: { id: BOT_ID, name: 'SWIS' },
      conversation: { tenantId: user.tenantId, ...conversation },
      channelData: { tenant: { id: user.tenantId } },
    };
  }

  /** The 1:1 chat between this person and the bot. */
  personalConversation(user: TeamsUser) {
    return { id: `a:personal-${user.aadObjectId}`, conversationType: 'personal' };
  }

  personal(user: TeamsUser, text: string) {
    return { ...this.base(user, this.personalConversation(user)), type: 'message', text, textFormat: 'plain' };
  }

  /** A channel post that @mentions the bot (and optionally other people). */
  channel(user: TeamsUser, text: string, opts: { channelId?: string; mentions?: TeamsUser[] } = {}) {
    const channel = opts.channelId ?? '19:werneth-tas@thread.tacv2';
    const others = opts.mentions ?? [];
    const body = `<at>SWIS</at> ${text}${others.map((o) => ` <at>${o.name}</at>`).join('')}`;
    const a = this.base(user, { id: `${channel};messageid=1700000000001`, conversationType: 'channel', isGroup: true });
    return {
      ...a,
      type: 'message',
      text: body,
      textFormat: 'plain',
      entities: [
        { type: 'mention', text: '<at>SWIS</at>', mentioned: { id: BOT_ID, name: 'SWIS' } },
        ...others.map((o) => ({ type: 'mention', text: `<at>${o.name}</at>`, mentioned: { id: o.id, name: o.name, aadObjectId: o.aadObjectId } })),
      ],
      channelData: { ...a.channelData, teamsChannelId: channel, team: { id: '19:team@thread.tacv2' }, channel: { id: channel } },
    };
  }

  groupChat(user: TeamsUser, text: string, chatId = '19:group-chat@thread.v2') {
    return {
      ...this.base(user, { id: chatId, conversationType: 'groupChat', isGroup: true }),
      type: 'message',
      text: `<at>SWIS</at> ${text}`,
      entities: [{ type: 'mention', text: '<at>SWIS</at>', mentioned: { id: BOT_ID, name: 'SWIS' } }],
    };
  }

  /** Action.Submit from a card: Teams posts a message whose value holds the data and the inputs. */
  submit(user: TeamsUser, verb: string, data: Record<string, string> = {}, inputs: Record<string, string> = {}) {
    return { ...this.base(user, this.personalConversation(user)), type: 'message', replyToId: 'card-1', value: { swis: { verb, data }, ...inputs } };
  }

  /** Action.Execute: an `adaptiveCard/action` invoke that waits for an invoke response. */
  execute(user: TeamsUser, verb: string, data: Record<string, unknown> = {}) {
    return {
      ...this.base(user, this.personalConversation(user)),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    };
  }

  /** The app was installed in the person's personal scope. */
  installation(user: TeamsUser) {
    return { ...this.base(user, this.personalConversation(user)), type: 'installationUpdate', action: 'add' };
  }

  /** The bot was added to the personal conversation (Teams sends this beside installationUpdate). */
  botAdded(user: TeamsUser) {
    return { ...this.base(user, this.personalConversation(user)), type: 'conversationUpdate', membersAdded: [{ id: BOT_ID }] };
  }
}

// ---------------------------------------------------------------------------------------------
// Authentication: OpenID metadata, signing keys and tokens.

export interface MintOptions {
  aud?: string;
  iss?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  serviceUrl?: string;
  /** Sign with a key the metadata does not publish (same kid). */
  wrongKey?: boolean;
}

/** Serves OpenID metadata and a JWKS on loopback and mints RS256 tokens like the Bot Connector's. */
export class FakeIdentity {
  readonly kid = `test-key-${randomUUID().slice(0, 8)}`;
  readonly issuer = 'https://api.botframework.com';
  private readonly key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private served?: Served;

  constructor(private readonly appId: string) {}

  get metadataUrl(): string {
    return `${this.served!.url}/v1/.well-known/openidconfiguration`;
  }

  async start(): Promise<this> {
    const jwk = this.key.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
    this.served = await listen((req, _body, res) => {
      if (req.url === '/v1/.well-known/openidconfiguration')
        return json(res, 200, { issuer: this.issuer, jwks_uri: `${this.served!.url}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] });
      if (req.url === '/v1/.well-known/keys') return json(res, 200, { keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, n: jwk.n, e: jwk.e, endorsements: ['msteams', 'emulator'] }] });
      return json(res, 404, {});
    });
    return this;
  }

  mint(opts: MintOptions): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: this.kid };
    const payload: Record<string, unknown> = {
      iss: opts.iss ?? this.issuer,
      aud: opts.aud ?? this.appId,
      nbf: now - 60,
      iat: now - 60,
      exp: now + (opts.expiresIn ?? 3600),
      ...(opts.serviceUrl ? { serviceurl: opts.serviceUrl } : {}),
    };
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const signingInput = `${enc(header)}.${enc(payload)}`;
    const key: KeyObject = opts.wrongKey ? this.stranger.privateKey : this.key.privateKey;
    const signature = createSign('RSA-SHA256').update(signingInput).sign(key).toString('base64url');
    return `${signingInput}.${signature}`;
  }

  async close(): Promise<void> {
    await this.served?.close();
  }
}

/**
 * The bot's own outbound token for tests: botbuilder's password credentials with the token
 * request answered locally, so replies carry `Authorization: Bearer <token>` without Azure AD.
 */
export class LocalTokenCredentials extends PasswordServiceClientCredentialFactory {
  constructor(appId: string, readonly token = `bot-token-${randomUUID().slice(0, 8)}`) {
    super(appId, 'test-password');
  }

  override async createCredentials(appId: string, audience: string, loginEndpoint: string, validateAuthority: boolean) {
    const credentials = await super.createCredentials(appId, audience, loginEndpoint, validateAuthority);
    // The real flow asks Azure AD for this token; the network is not there in tests.
    (credentials as unknown as { getToken: () => Promise<string> }).getToken = async () => this.token;
    return credentials;
  }
}

// ---------------------------------------------------------------------------------------------
// The running bot.

export interface TeamsTestOptions {
  /** Real Redis with its own key prefix (default: memory store). */
  redis?: boolean;
  /** Sets MicrosoftAppId (authenticated mode); without it the adapter is in Emulator mode. */
  appId?: string;
  /** Serve OpenID metadata locally and point botbuilder at it (needs appId). */
  auth?: boolean;
  /** Change the sample configuration before it is validated. */
  config?: (data: Record<string, any>) => void;
  log?: Logger;
  teams?: TeamsOptions;
  /** The app's clock (createApp's `now`), for tests of hours and holidays. */
  now?: () => Date;
}

export interface TeamsTest {
  app: App;
  store: Store;
  teams: MountedTeams;
  connector: FakeConnector;
  activities: ActivityBuilder;
  auth?: { identity: FakeIdentity; credentials: LocalTokenCredentials; mint: (o?: MintOptions) => string };
  /** The bot's /api/messages URL. */
  url: string;
  /** A directory person as Teams identifies them. */
  person(personId: string): TeamsUser;
  /** Someone Teams knows but the directory does not. */
  stranger(tenantId?: string): TeamsUser;
  /** POSTs an activity (or raw text) to /api/messages. */
  post(activity: unknown, opts?: { token?: string; raw?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any; text: string }>;
  /** Waits until the scheduler has delivered what is due (proactive sends). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startTeams(opts: TeamsTestOptions = {}): Promise<TeamsTest> {
  const data = sampleConfigData();
  opts.config?.(data);
  const env: Record<string, string> = {};
  if (opts.appId) Object.assign(env, { MicrosoftAppId: opts.appId, MicrosoftAppPassword: 'test-password', MicrosoftAppType: 'MultiTenant' });
  const settings = settingsFrom(data, env);
  const prefix = uniquePrefix();
  const redisUrl = testRedisUrl();
  const store: Store = opts.redis ? new RedisStore({ url: redisUrl, prefix }) : new MemoryStore();
  const app = createApp({ settings, store, log: opts.log ?? silentLogger(), prefix, now: opts.now });
  const connector = await new FakeConnector().start();

  let auth: TeamsTest['auth'];
  const teamsOptions: TeamsOptions = { ...opts.teams };
  if (opts.auth) {
    if (!opts.appId) throw new Error('auth needs appId');
    const identity = await new FakeIdentity(opts.appId).start();
    const credentials = new LocalTokenCredentials(opts.appId);
    teamsOptions.endpoints = { ToBotFromChannelOpenIdMetadataUrl: identity.metadataUrl, ToBotFromEmulatorOpenIdMetadataUrl: identity.metadataUrl, ...teamsOptions.endpoints };
    teamsOptions.credentialsFactory ??= credentials;
    auth = { identity, credentials, mint: (o = {}) => identity.mint({ serviceUrl: connector.url, ...o }) };
  }
  const teams = await mountTeams(app, teamsOptions);
  const port = await app.start(0);
  const url = `http://127.0.0.1:${port}/api/messages`;
  const people = new Map(settings.config.people.map((p: Person) => [p.id, p]));

  const t: TeamsTest = {
    app,
    store,
    teams,
    connector,
    activities: new ActivityBuilder(() => connector.url),
    auth,
    url,
    person(personId) {
      const p = people.get(personId);
      if (!p?.teams) throw new Error(`${personId} has no Teams identity in the configuration`);
      return { id: `29:${p.teams.aadObjectId}`, aadObjectId: p.teams.aadObjectId, name: p.name, tenantId: p.teams.tenantId };
    },
    stranger(tenantId = SAMPLE_TENANT) {
      const aad = randomUUID();
      return { id: `29:${aad}`, aadObjectId: aad, name: 'Someone Else', tenantId };
    },
    async post(activity, o = {}) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(o.token ? { Authorization: `Bearer ${o.token}` } : {}), ...o.headers },
        body: o.raw ?? JSON.stringify(activity),
      });
      const text = await res.text();
      let body: any;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      return { status: res.status, body, text };
    },
    async settle() {
      for (let i = 0; i < 500; i++) {
        const h = await app.services.scheduler.health();
        if (h.waiting === 0) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      await app.stop();
      await connector.close();
      await auth?.identity.close();
      if (opts.redis) await deletePrefix(redisUrl, prefix);
    },
  };
  return t;
}

/**
 * The submit buttons on the Adaptive Card of an activity the bot sent, as Teams shows them
 * (the card's actions, or rows of action sets when there are more than five).
 *
 * @example
 *   const book = cardActions(t.connector.sent[0]).find((a) => a.title.startsWith('Mon'))!;
 *   await t.post(t.activities.submit(dsl, book.verb, book.data));
 */
export function cardActions(activity: any): { title: string; verb: string; data: Record<string, string> }[] {
  const content = activity?.body?.attachments?.[0]?.content;
  const all = [...(content?.actions ?? []), ...(content?.body ?? []).filter((b: any) => b.type === 'ActionSet').flatMap((b: any) => b.actions)];
  return all.filter((a: any) => a.type === 'Action.Submit').map((a: any) => ({ title: a.title, verb: a.data.swis.verb, data: a.data.swis.data }));
}

/**
 * What a person sees of a message the bot sent to Teams, as words: its text, or for a card the
 * notification summary that stands in for it.
 *
 * @example
 *   expect(shownText(t.connector.sent[0])).toMatch(/Designated Safeguarding Lead/);
 */
export function shownText(sent: { body?: any }): string {
  return String(sent.body?.text ?? sent.body?.summary ?? '');
}
