/**
 * Bot Framework authentication that hands out one connector client per (bot, serviceUrl,
 * audience) and one user-token client per bot, instead of new ones for every activity.
 *
 * CloudAdapter asks its BotFrameworkAuthentication for a new ConnectorClient and a new
 * UserTokenClient on every turn and every proactive send, and each builds an HTTP pipeline
 * (policies, sanitiser, environment reads). Under load that was about a quarter of a bot
 * process's CPU (bench/RESULTS.md). The clients hold no per-turn state and their credentials
 * renew tokens themselves; the older BotFrameworkAdapter kept the same kind of cache. Clients
 * are remade after `reuseMs` all the same.
 *
 * @example
 *   const adapter = new CloudAdapter(new ReusedConnectors(new ConfigurationBotFrameworkAuthentication(config)));
 */
import { BotFrameworkAuthentication, JwtTokenValidation, type ClaimsIdentity, type ConnectorClient, type ConnectorFactory, type UserTokenClient } from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { withAuthDeadline } from './auth-failures';

type AuthenticateRequestResult = Awaited<ReturnType<BotFrameworkAuthentication['authenticateRequest']>>;

/** More distinct serviceUrls than any deployment has (Teams uses a handful per region). */
const MAX_CLIENTS = 200;

class Reused<T> {
  private readonly made = new Map<string, { value: Promise<T>; at: number }>();
  constructor(private readonly reuseMs: number) {}

  get(key: string, make: () => Promise<T>): Promise<T> {
    const known = this.made.get(key);
    if (known && Date.now() - known.at < this.reuseMs) return known.value;
    if (this.made.size >= MAX_CLIENTS) this.made.clear();
    const value = make();
    this.made.set(key, { value, at: Date.now() });
    // A failed creation is not kept: the next activity tries again.
    value.catch(() => this.made.delete(key));
    return value;
  }
}

export class ReusedConnectors extends BotFrameworkAuthentication {
  private readonly connectors: Reused<ConnectorClient>;
  private readonly userTokenClients: Reused<UserTokenClient>;

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    reuseMs = 10 * 60_000,
  ) {
    super();
    this.connectors = new Reused(reuseMs);
    this.userTokenClients = new Reused(reuseMs);
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    // Fetching Microsoft's signing keys can fail or hang: that becomes SigningKeysUnavailable (503).
    const result = await withAuthDeadline(this.inner.authenticateRequest(activity, authHeader));
    return { ...result, connectorFactory: this.reuse(result.claimsIdentity, result.connectorFactory) };
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
    return { ...result, connectorFactory: this.reuse(result.claimsIdentity, result.connectorFactory) };
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reuse(claimsIdentity, this.inner.createConnectorFactory(claimsIdentity))!;
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokenClients.get(botOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): ReturnType<BotFrameworkAuthentication['createBotFrameworkClient']> {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private reuse(claimsIdentity: ClaimsIdentity, factory: ConnectorFactory | undefined): ConnectorFactory | undefined {
    if (!factory) return undefined;
    const bot = botOf(claimsIdentity);
    return { create: (serviceUrl: string, audience?: string) => this.connectors.get(`${bot}|${serviceUrl}|${audience ?? ''}`, () => factory.create(serviceUrl, audience)) };
  }
}

/** Who the claims are from and for (both empty in Emulator mode, where there are no credentials). */
function botOf(claimsIdentity: ClaimsIdentity): string {
  const audience = claimsIdentity.getClaimValue('aud') ?? '';
  return `${JwtTokenValidation.getAppIdFromClaims(claimsIdentity.claims) ?? ''}>${audience}`;
}
