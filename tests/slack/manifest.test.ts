/**
 * The Slack app manifest parses and asks for exactly what the adapter handles: the events it
 * listens to, the scopes those events and its Web API calls need, and nothing more.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { SLACK_BOT_EVENTS, SLACK_EVENTS_PATH } from '../../adapters/slack';

const manifest = YAML.parse(fs.readFileSync(path.join(__dirname, '../../manifest/slack/manifest.yml'), 'utf8'));

/** Why each scope is needed; the manifest may ask for these and no others. */
const NEEDED: Record<string, string> = {
  'app_mentions:read': 'app_mention events',
  'chat:write': 'chat.postMessage',
  commands: 'the /swis command',
  'im:history': 'message.im events',
  'im:write': 'conversations.open for a first DM',
};

describe('Slack app manifest', () => {
  it('subscribes to exactly the events the adapter handles', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...SLACK_BOT_EVENTS].sort());
  });

  it('asks for the least-privilege bot scopes and no user scopes', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(Object.keys(NEEDED).sort());
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it('sends events, interactivity and the /swis command to the one Slack endpoint', () => {
    const urls = [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      ...manifest.features.slash_commands.map((c: { url: string }) => c.url),
    ];
    for (const url of urls) expect(url).toBe(`https://YOUR-HOST${SLACK_EVENTS_PATH}`);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/swis']);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('has the App Home tab and a writable Messages tab', () => {
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false });
    expect(manifest.features.bot_user.display_name).toBeTruthy();
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
  });
});
