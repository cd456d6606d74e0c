/**
 * Builds the Teams app package a Teams admin uploads: manifest.json with the ids filled in from
 * the environment and the command lists taken from the core's router (so the menu always
 * matches what the bot understands), plus the two icons, zipped.
 *
 * Environment: MicrosoftAppId (the bot's Azure app registration id, required), TEAMS_APP_ID (the
 * Teams app's own id, default MicrosoftAppId), PUBLIC_URL (its host becomes a valid domain),
 * TEAMS_PRIVACY_URL and TEAMS_TERMS_URL (the authority's privacy notice and terms of use, https;
 * required, unless TEAMS_DEV_PACKAGE=1 asks for a development package with placeholders),
 * TEAMS_DEVELOPER_NAME, TEAMS_WEBSITE_URL (shown in the app's details), BOT_CONFIG (whose
 * commands; the sample authority when unset).
 *
 * Command menus, per scope: in a personal chat the commands people use most, each saying who it
 * is for ("for school staff"), since one menu serves every role; in a team or group chat only
 * what belongs in a shared space (nothing about a child is discussed there).
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
import { ROLES, type Role } from '../../bot/config/schema';
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
  /** "1": a development package, allowed to keep the placeholder privacy and terms links. */
  TEAMS_DEV_PACKAGE?: string;
}

/** The personal chat's menu, most used first (only those the core has are listed). */
export const PERSONAL_COMMANDS = ['help', 'home', 'consult', 'book', 'consultations', 'log', 'tas', 'digest', 'export', 'reply'];
/** A team's or group chat's menu: nothing about a child belongs in a shared space. */
export const SHARED_COMMANDS = ['help', 'tas'];

const FOR_ROLES: [Role[], string][] = [
  [['dsl', 'school_staff'], 'school staff'],
  [['social_worker', 'senior_practitioner'], 'social workers'],
  [['team_manager'], 'team managers'],
  [['tas_chair'], 'TAS chairs'],
  [['business_support'], 'business support'],
];

/** "Workload digest for a week (for team managers and social workers)" */
function described(c: CommandSpec): string {
  const who = c.roles ? FOR_ROLES.filter(([roles]) => roles.some((r) => c.roles!.includes(r))).map(([, w]) => w) : [];
  const forWhom = who.length ? ` (for ${who.join(' and ')})` : '';
  return `${c.summary}${forWhom}`.slice(0, 128);
}

function menu(commands: CommandSpec[], names: string[]): { title: string; description: string }[] {
  return names
    .map((n) => commands.find((c) => c.name === n))
    .filter((c): c is CommandSpec => !!c)
    .slice(0, MAX_COMMANDS)
    .map((c) => ({ title: c.name, description: described(c) }));
}

const PLACEHOLDER = /(^|\.)example\.(org|com|net)$/i;

/** The privacy or terms link, which must be the authority's own https page. */
function legalUrl(value: string | undefined, fallback: string, variable: string, dev: boolean): string {
  if (!value) {
    if (dev) return fallback;
    throw new PackageError(`${variable} must be set to the authority's page (https). For a development package only, set TEAMS_DEV_PACKAGE=1`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PackageError(`${variable} is not a URL: ${value}`);
  }
  if (url.protocol !== 'https:') throw new PackageError(`${variable} must be an https URL`);
  if (PLACEHOLDER.test(url.hostname) && !dev) throw new PackageError(`${variable} is a placeholder (${url.hostname}); give the authority's real page`);
  return value;
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
  const dev = env.TEAMS_DEV_PACKAGE === '1';
  manifest.developer = {
    name: env.TEAMS_DEVELOPER_NAME ?? manifest.developer.name,
    websiteUrl: env.TEAMS_WEBSITE_URL ?? manifest.developer.websiteUrl,
    privacyUrl: legalUrl(env.TEAMS_PRIVACY_URL, manifest.developer.privacyUrl, 'TEAMS_PRIVACY_URL', dev),
    termsOfUseUrl: legalUrl(env.TEAMS_TERMS_URL, manifest.developer.termsOfUseUrl, 'TEAMS_TERMS_URL', dev),
  };
  const bot = manifest.bots[0];
  bot.botId = botId;
  bot.commandLists = [
    { scopes: ['personal'], commands: menu(commands, PERSONAL_COMMANDS) },
    { scopes: ['team', 'groupChat'], commands: menu(commands, SHARED_COMMANDS) },
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
    if (process.env.TEAMS_DEV_PACKAGE === '1') process.stdout.write('Development package: placeholder privacy and terms links are allowed. Do not publish it.\n');
    process.stdout.write(`Teams app package written to ${out}\nUpload it in the Teams admin centre (Manage apps → Upload new app) or in Teams (Apps → Manage your apps → Upload an app).\n`);
  } catch (err) {
    process.stderr.write(`Could not build the Teams app package: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
