/**
 * Test harness for talking to the bot through Teams end to end: the real bot server
 * (tests/helpers/bot-server.ts) with the Teams adapter mounted, Microsoft's Bot Connector played
 * on loopback by a recording fake (tests/helpers/fake-platform.ts; the `serviceUrl` every
 * activity carries points at it, so the bot's replies land there), and what is Teams' own:
 * Teams-shaped activities, the connector's URLs and answers, and for the authenticated path
 * OpenID metadata + signing keys served locally and a token minter.
 *
 * Everything listens on 127.0.0.1 only. Feature engineers can write Teams journeys with it:
 *
 * @example
 *   const t = await startTeams();                        // TEAMS_EMULATOR=true, memory store
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
import { pressableAdaptive } from '../cards/pressable';
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { PasswordServiceClientCredentialFactory } from 'botframework-connector';
import { mountTeams, type MountedTeams, type TeamsOptions } from '../../adapters/teams';
import type { App } from '../../bot/app';
import type { Person } from '../../bot/config/schema';
import type { Store } from '../../storage/store';
import { sampleConfigData } from '../helpers/app';
import { startBotServer, type BotAnswer, type BotServerOptions } from '../helpers/bot-server';
import { FakePlatform, type PeerAnswer } from '../helpers/fake-platform';

export const SAMPLE_TENANT = '11111111-2222-4333-8444-555555555555';
export const BOT_ID = '28:swis-bot';

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
  /** The connector answered with an error (scripted with `failNext`): Teams showed nothing. */
  refused?: boolean;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** An activity Teams accepted into a conversation (not a conversation created, not refused). */
const isSent = (r: ConnectorRequest): boolean => r.method === 'POST' && r.path !== '/v3/conversations' && !r.refused;

const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;

/**
 * Plays Teams' Bot Connector: records every activity the bot sends and answers 200 with an id,
 * unless the test queued other answers with `failNext` (e.g. 429 with Retry-After).
 */
export class FakeConnector extends FakePlatform<ConnectorRequest> {
  constructor() {
    super({
      record(req) {
        const m = ACTIVITIES.exec(req.path);
        return {
          method: req.method,
          path: req.path,
          conversationId: m ? decodeURIComponent(m[1]) : '',
          replyToId: m?.[2] ? decodeURIComponent(m[2]) : undefined,
          authorization: req.headers.authorization,
          body: req.body,
        };
      },
      answer: (r) => this.normal(r),
      label: (r) => `${r.method} ${r.path}${r.refused ? ' (refused)' : ''}`,
    });
  }

  /** Activities successfully received (scripted failures and conversation creations are not included). */
  get sent(): ConnectorRequest[] {
    return this.requests.filter(isSent);
  }

  /** Conversations the bot asked Teams to create (1:1 chats opened with someone new). */
  get created(): ConnectorRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === '/v3/conversations' && !r.refused);
  }

  /** The next answers, in order, instead of 200. */
  failNext(...answers: ScriptedAnswer[]): void {
    for (const a of answers) this.answerNext(() => true, { ...a, body: a.body ?? { error: { code: 'Scripted', message: 'scripted answer' } } });
  }

  /** Resolves as soon as at least `count` activities have been received. */
  waitForSent(count: number, timeoutMs?: number): Promise<ConnectorRequest[]> {
    return this.waitForRequests(isSent, count, 'activities sent', timeoutMs);
  }

  /** Texts of the activities sent, in order. */
  texts(): string[] {
    return this.sent.map((r) => shownText(r));
  }

  private normal(r: ConnectorRequest): PeerAnswer {
    if (r.method === 'POST' && r.path === '/v3/conversations') {
      const member = (r.body as { members?: { id?: string }[] })?.members?.[0]?.id ?? 'someone';
      return { status: 201, body: { id: `a:created-${member}` } };
    }
    if (!ACTIVITIES.test(r.path)) return { status: 404, body: { error: { code: 'NotFound', message: 'not a connector path' } } };
    return { body: { id: `sent-${this.requests.length + 1}` } };
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
export class FakeIdentity extends FakePlatform<{ path: string }> {
  readonly kid = `test-key-${randomUUID().slice(0, 8)}`;
  readonly issuer = 'https://api.botframework.com';
  private readonly key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });

  constructor(private readonly appId: string) {
    super({ record: (req) => ({ path: req.url }), answer: (r) => this.published(r.path) });
  }

  /** Paths botbuilder fetched (metadata, keys). */
  get fetched(): string[] {
    return this.requests.map((r) => r.path);
  }

  get metadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  private published(path: string): PeerAnswer {
    if (path === '/v1/.well-known/openidconfiguration')
      return { body: { issuer: this.issuer, jwks_uri: `${this.url}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] } };
    const jwk = this.key.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
    if (path === '/v1/.well-known/keys') return { body: { keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, n: jwk.n, e: jwk.e, endorsements: ['msteams', 'emulator'] }] } };
    return { status: 404, body: {} };
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

/** The bot server's options (tests/helpers/bot-server.ts) and the Teams ones. */
export interface TeamsTestOptions extends Omit<BotServerOptions<MountedTeams>, 'mount' | 'config' | 'prefix'> {
  /** Sets MicrosoftAppId (authenticated mode); without it the harness sets TEAMS_EMULATOR=true. */
  appId?: string;
  /** More environment (e.g. TEAMS_SERVICE_URL_ALLOWLIST). */
  env?: Record<string, string>;
  /** Serve OpenID metadata locally and point botbuilder at it (needs appId). */
  auth?: boolean;
  /** Change the sample configuration before it is validated. */
  config?: (data: Record<string, any>) => void;
  teams?: TeamsOptions;
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
  post(activity: unknown, opts?: { token?: string; raw?: string; headers?: Record<string, string> }): Promise<BotAnswer>;
  /** Waits until the scheduler has delivered what is due (proactive sends). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** A directory person as Teams identifies them (their Entra object id, in their tenant). */
export function teamsUserOf(p: Person): TeamsUser {
  if (!p.teams) throw new Error(`${p.id} has no Teams identity in the configuration`);
  return { id: `29:${p.teams.aadObjectId}`, aadObjectId: p.teams.aadObjectId, name: p.name, tenantId: p.teams.tenantId };
}

export async function startTeams(opts: TeamsTestOptions = {}): Promise<TeamsTest> {
  const config = sampleConfigData();
  opts.config?.(config);
  // The fake connector listens on loopback: allowed in Emulator mode, and listed with an app id.
  const env: Record<string, string> = opts.appId
    ? { MicrosoftAppId: opts.appId, MicrosoftAppPassword: 'test-password', MicrosoftAppType: 'MultiTenant', TEAMS_SERVICE_URL_ALLOWLIST: 'http://127.0.0.1' }
    : { TEAMS_EMULATOR: 'true' };
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
  const bot = await startBotServer({
    ...opts,
    config,
    env: { ...env, ...opts.env },
    async mount(app) {
      const teams = await mountTeams(app, teamsOptions);
      if (!teams) throw new Error('the Teams adapter did not mount');
      return teams;
    },
  });
  const people = new Map(bot.settings.config.people.map((p: Person) => [p.id, p]));

  return {
    app: bot.app,
    store: bot.store,
    teams: bot.mounted,
    connector,
    activities: new ActivityBuilder(() => connector.url),
    auth,
    url: `${bot.baseUrl}/api/messages`,
    person(personId) {
      const p = people.get(personId);
      if (!p) throw new Error(`${personId} is not in the configuration`);
      return teamsUserOf(p);
    },
    stranger(tenantId = SAMPLE_TENANT) {
      const aad = randomUUID();
      return { id: `29:${aad}`, aadObjectId: aad, name: 'Someone Else', tenantId };
    },
    post: (activity, o = {}) =>
      bot.post('/api/messages', o.raw ?? JSON.stringify(activity), {
        'Content-Type': 'application/json',
        ...(o.token ? { Authorization: `Bearer ${o.token}` } : {}),
        ...o.headers,
      }),
    settle: () => bot.settle(),
    async close() {
      await bot.close();
      await connector.close();
      await auth?.identity.close();
    },
  };
}

/**
 * What can be pressed on the Adaptive Card of an activity the bot sent: its buttons, and the
 * options of choice lists folded from buttons (see tests/cards/pressable.ts).
 *
 * @example
 *   const book = cardActions(t.connector.sent[0]).find((a) => a.title.startsWith('Mon'))!;
 *   await t.post(t.activities.submit(dsl, book.verb, book.data));
 */
export function cardActions(activity: any): { title: string; verb: string; data: Record<string, string> }[] {
  return pressableAdaptive(activity?.body?.attachments?.[0]?.content);
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
