/**
 * Builds the Teams app package a Teams admin uploads: manifest.json with the ids filled in from
 * the environment and the command lists taken from the core's router (so the menu always
 * matches what the bot understands), plus the two icons, zipped.
 *
 * Environment: MicrosoftAppId (the bot's Azure app registration id, required), TEAMS_APP_ID (the
 * Teams app's own id, default MicrosoftAppId), PUBLIC_URL (its host becomes a valid domain),
 * TEAMS_DEVELOPER_NAME, TEAMS_WEBSITE_URL, TEAMS_PRIVACY_URL, TEAMS_TERMS_URL (shown in the
 * app's details), BOT_CONFIG (whose commands; the sample authority when unset).
 *
 * @example
 *   MicrosoftAppId=6b1f… PUBLIC_URL=https://swis.example.gov.uk npm run package:teams
 *   # → dist/teams/swis-teams-app.zip
 */
import fs from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { createApp } from '../../bot/app';
import { loadSettings, type Settings } from '../../bot/config/load';
import { ROLES } from '../../bot/config/schema';
import { silentLogger } from '../../bot/core/log';
import type { CommandSpec } from '../../bot/core/router';
import { MemoryStore } from '../../storage/memory/memory-store';

const HERE = __dirname;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Teams shows at most this many commands per list on every client. */
export const MAX_COMMANDS = 10;

export interface PackageEnv {
  MicrosoftAppId?: string;
  TEAMS_APP_ID?: string;
  PUBLIC_URL?: string;
  TEAMS_DEVELOPER_NAME?: string;
  TEAMS_WEBSITE_URL?: string;
  TEAMS_PRIVACY_URL?: string;
  TEAMS_TERMS_URL?: string;
}

export class PackageError extends Error {}

export interface TeamsManifest {
  id: string;
  version: string;
  developer: { name: string; websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
  icons: { color: string; outline: string };
  bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[] }[];
  validDomains: string[];
  [field: string]: unknown;
}

/** Every command anyone can use, in the order the core registered them. */
export function coreCommands(settings: Settings): CommandSpec[] {
  // Only the router is needed: keep the app off Redis and BullMQ.
  const app = createApp({ settings: { ...settings, env: { ...settings.env, REDIS_URL: undefined } }, store: new MemoryStore(), log: silentLogger() });
  return app.router.commandsFor([...ROLES]);
}

export function buildManifest(env: PackageEnv, commands: CommandSpec[]): TeamsManifest {
  const botId = env.MicrosoftAppId ?? '';
  if (!GUID.test(botId)) throw new PackageError('MicrosoftAppId must be set to the bot\'s Azure app registration id (a GUID)');
  const appId = env.TEAMS_APP_ID ?? botId;
  if (!GUID.test(appId)) throw new PackageError('TEAMS_APP_ID must be a GUID');
  const manifest = JSON.parse(fs.readFileSync(path.join(HERE, 'manifest.json'), 'utf8')) as TeamsManifest;
  const version = JSON.parse(fs.readFileSync(path.join(HERE, '..', '..', 'package.json'), 'utf8')).version as string;
  manifest.id = appId;
  manifest.version = version;
  manifest.developer = {
    name: env.TEAMS_DEVELOPER_NAME ?? manifest.developer.name,
    websiteUrl: env.TEAMS_WEBSITE_URL ?? manifest.developer.websiteUrl,
    privacyUrl: env.TEAMS_PRIVACY_URL ?? manifest.developer.privacyUrl,
    termsOfUseUrl: env.TEAMS_TERMS_URL ?? manifest.developer.termsOfUseUrl,
  };
  const bot = manifest.bots[0];
  bot.botId = botId;
  bot.commandLists = [
    {
      scopes: bot.scopes,
      commands: commands.slice(0, MAX_COMMANDS).map((c) => ({ title: c.name, description: (c.usage ? `${c.summary} (${c.usage})` : c.summary).slice(0, 128) })),
    },
  ];
  manifest.validDomains = env.PUBLIC_URL ? [new URL(env.PUBLIC_URL).host] : [];
  // The managers' dashboard as a personal tab, on the bot's own address (none without PUBLIC_URL).
  const tabs = (manifest.staticTabs ?? []) as { contentUrl: string; websiteUrl: string }[];
  const base = env.PUBLIC_URL?.replace(/\/$/, '');
  if (base) for (const tab of tabs) tab.contentUrl = tab.websiteUrl = tab.contentUrl.replace('https://YOUR-HOST', base);
  else delete manifest.staticTabs;
  return manifest;
}

/** The zip bytes: manifest.json and the two icons at the top level, as Teams expects. */
export function packageTeamsApp(env: PackageEnv, commands: CommandSpec[]): Uint8Array {
  const manifest = buildManifest(env, commands);
  return zipSync({
    'manifest.json': new TextEncoder().encode(JSON.stringify(manifest, null, 2)),
    [manifest.icons.color]: fs.readFileSync(path.join(HERE, manifest.icons.color)),
    [manifest.icons.outline]: fs.readFileSync(path.join(HERE, manifest.icons.outline)),
  });
}

if (require.main === module) {
  try {
    const settings = loadSettings(process.env);
    const zip = packageTeamsApp(process.env, coreCommands(settings));
    const out = path.resolve(process.env.TEAMS_PACKAGE_OUT ?? path.join(HERE, '..', '..', 'dist', 'teams', 'swis-teams-app.zip'));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, zip);
    process.stdout.write(`Teams app package written to ${out}\nUpload it in the Teams admin centre (Manage apps → Upload new app) or in Teams (Apps → Manage your apps → Upload an app).\n`);
  } catch (err) {
    process.stderr.write(`Could not build the Teams app package: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
