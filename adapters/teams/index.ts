/**
 * Microsoft Teams adapter: the only place that imports botbuilder. Mounts `POST /api/messages`
 * (botbuilder's CloudAdapter) on the shared server and registers the 'teams' Channel for
 * proactive messages. Three modes, from the environment:
 *
 * - `MicrosoftAppId` set: every request needs a valid Bot Framework token (401 otherwise),
 *   replies are sent with the app's credentials, only tenants of people in the configuration
 *   are served, and only serviceUrls on the allow-list (Microsoft's Bot Connector hosts).
 * - `TEAMS_EMULATOR=true` (loopback HOST only, checked at start-up): no authentication, for the
 *   Bot Framework Emulator on this machine; serviceUrls must be loopback; offers `as <person id>`.
 * - neither: Teams is off, `/api/messages` is 404 and the start-up log says how to turn it on.
 *
 * @example
 *   const app = createApp({ settings });
 *   await mountTeams(app);   // undefined when Teams is off
 *   await app.start(3978);   // Emulator: http://localhost:3978/api/messages
 */
import { CallerIdConstants, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { AuthenticationConstants, type ServiceClientCredentialsFactory } from 'botframework-connector';
import type { App } from '../../bot/app';
import { teamsOff } from '../platforms-on';
import { quietBotbuilderConsole } from './quiet-console';
import { ReusedConnectors } from './reused-connectors';
import { ServiceUrlAllowList } from './service-url';
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
  /** True in Emulator mode (TEAMS_EMULATOR=true, no app id, loopback only). */
  emulatorMode: boolean;
  allowList: ServiceUrlAllowList;
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

export async function mountTeams(app: App, opts: TeamsOptions = {}): Promise<MountedTeams | undefined> {
  const { services } = app;
  const env = services.env;
  const appId = env?.MicrosoftAppId ?? '';
  const emulator = !appId && !!env?.TEAMS_EMULATOR;
  const off = teamsOff(env);
  if (off) {
    services.log.info({ platform: 'teams' }, off);
    return undefined;
  }
  const allowList = ServiceUrlAllowList.forMode(emulator ? 'emulator' : 'authenticated', env?.TEAMS_SERVICE_URL_ALLOWLIST);
  const adapter = new TeamsCloudAdapter(new ReusedConnectors(authentication(app, opts)));
  const turns = new TeamsTurns({ app, appId, emulator, lockWaitMs: opts.lockWaitMs });
  app.server.post('/api/messages', messagesRoute({ adapter, turns, log: services.log, allowList, emulator, maxBodyBytes: opts.maxBodyBytes }));
  const channel = new TeamsChannel({ adapter, appId, store: services.store, log: services.log, allowList });
  services.notifier.addChannel(channel);
  const restoreConsole = quietBotbuilderConsole(services.log);
  app.onStop(async () => restoreConsole());
  if (emulator) {
    services.log.warn(
      { platform: 'teams', emulatorMode: true },
      `Teams is in Emulator mode (TEAMS_EMULATOR=true): no authentication, this machine only. Bot Framework Emulator: http://localhost:${env?.PORT ?? 3978}/api/messages`,
    );
  } else {
    services.log.info({ platform: 'teams', emulatorMode: false, serviceUrls: allowList.origins.length }, 'Teams is on, with Bot Framework authentication');
  }
  return { adapter, channel, emulatorMode: emulator, allowList };
}
