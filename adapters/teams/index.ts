/**
 * Microsoft Teams adapter: the only place that imports botbuilder. Mounts `POST /api/messages`
 * (botbuilder's CloudAdapter) on the shared server and registers the 'teams' Channel for
 * proactive messages.
 *
 * Without `MicrosoftAppId` it runs unauthenticated, as the Bot Framework Emulator expects, and
 * offers `as <person id>`. With one, every request needs a valid Bot Framework token (401
 * otherwise), replies are sent with the app's credentials, and only tenants of people in the
 * configuration are served.
 *
 * @example
 *   const app = createApp({ settings });
 *   await mountTeams(app);
 *   await app.start(3978); // Emulator: http://localhost:3978/api/messages
 */
import { CallerIdConstants, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { AuthenticationConstants, type ServiceClientCredentialsFactory } from 'botframework-connector';
import type { App } from '../../bot/app';
import { ReusedConnectors } from './reused-connectors';
import { TeamsChannel } from './channel';
import { messagesRoute, TeamsCloudAdapter } from './route';
import { TeamsTurns } from './turn';

/** Where botbuilder checks tokens and gets its own; tests point these at loopback servers. */
export interface TeamsAuthEndpoints {
  ToBotFromChannelOpenIdMetadataUrl?: string;
  ToBotFromEmulatorOpenIdMetadataUrl?: string;
  ToBotFromChannelTokenIssuer?: string;
  ToChannelFromBotLoginUrl?: string;
  ToChannelFromBotOAuthScope?: string;
  OAuthUrl?: string;
}

export interface TeamsOptions {
  /** Overrides of Bot Framework's public-cloud endpoints; the rest keep their defaults. */
  endpoints?: TeamsAuthEndpoints;
  /** How the bot gets its outbound token (default: from MicrosoftAppId/Password via MSAL). */
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** Largest request body accepted (default 256 kB). */
  maxBodyBytes?: number;
  /** How long an activity waits for the one before it in the same conversation (default 10 s). */
  lockWaitMs?: number;
}

export interface MountedTeams {
  adapter: TeamsCloudAdapter;
  channel: TeamsChannel;
  /** True when no app id is set (Bot Framework Emulator). */
  emulatorMode: boolean;
}

function authentication(app: App, opts: TeamsOptions): ConfigurationBotFrameworkAuthentication {
  const env = app.services.env;
  const config: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: env?.MicrosoftAppId ?? '',
    MicrosoftAppPassword: env?.MicrosoftAppPassword ?? '',
    MicrosoftAppType: env?.MicrosoftAppType ?? '',
    MicrosoftAppTenantId: env?.MicrosoftAppTenantId ?? '',
  } as ConfigurationBotFrameworkAuthenticationOptions;
  if (opts.endpoints) {
    // botbuilder takes every endpoint from the options once one is given, so fill in the rest.
    Object.assign(config, {
      ToBotFromChannelOpenIdMetadataUrl: AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      CallerId: CallerIdConstants.PublicAzureChannel,
      ...opts.endpoints,
    });
  }
  return new ConfigurationBotFrameworkAuthentication(config, opts.credentialsFactory);
}

export async function mountTeams(app: App, opts: TeamsOptions = {}): Promise<MountedTeams> {
  const { services } = app;
  const appId = services.env?.MicrosoftAppId ?? '';
  const adapter = new TeamsCloudAdapter(new ReusedConnectors(authentication(app, opts)));
  const turns = new TeamsTurns({ app, appId, lockWaitMs: opts.lockWaitMs });
  app.server.post('/api/messages', messagesRoute({ adapter, turns, log: services.log, maxBodyBytes: opts.maxBodyBytes }));
  const channel = new TeamsChannel({ adapter, appId, store: services.store, log: services.log });
  services.notifier.addChannel(channel);
  services.log.info({ emulatorMode: !appId }, appId ? 'teams: mounted with Bot Framework authentication' : 'teams: mounted in Emulator mode (no MicrosoftAppId, no authentication)');
  return { adapter, channel, emulatorMode: !appId };
}
