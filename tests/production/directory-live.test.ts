/**
 * Live directory changes on the real bot process (npm start's bot/main.ts, Redis, Teams in
 * Emulator mode): business support adds a DSL with the Teams form, the DSL can use the bot at
 * once, a second process sharing Redis knows them without a restart, and a SIGHUP reload of
 * the file keeps the change applied over the new file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { createApp, type App } from '../../bot/app';
import { silentLogger } from '../../bot/core/log';
import { RedisStore } from '../../storage/redis/redis-store';
import { consoleEvent, deletePrefix, RecordingChannel, sampleConfigData, settingsFrom, testRedisUrl, uniquePrefix } from '../helpers/app';
import { ActivityBuilder, FakeConnector, shownText, type TeamsUser } from '../teams/harness';
import { startBot, waitUntil, type BotProcess } from './bot-process';

const NOT_IN_DIRECTORY = /don't have you in my directory/;
/** On Teams in Emulator mode someone unknown is offered the people to act as instead. */
const NOT_KNOWN = /don't have you in my directory|choose whom to act as/;
const TENANT = '11111111-2222-4333-8444-555555555555';
const SAM: TeamsUser = { id: '29:sam', aadObjectId: '00000000-0000-4000-8000-000000000099', name: 'Sam Deputy', tenantId: TENANT };
const MO: TeamsUser = { id: '29:mo', aadObjectId: '00000000-0000-4000-8000-000000000009', name: 'Mo', tenantId: TENANT };
const PAT: TeamsUser = { id: '29:pat', aadObjectId: '00000000-0000-4000-8000-000000000098', name: 'Pat Pastoral', tenantId: TENANT };

describe('live directory changes on the running bot', () => {
  const url = testRedisUrl();
  const prefix = uniquePrefix();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swis-dir-live-'));
  const file = path.join(dir, 'authority.yaml');
  let bot: BotProcess | undefined;
  let other: App | undefined;
  let connector: FakeConnector;

  afterAll(async () => {
    await bot?.stop('SIGKILL');
    if (other) {
      await other.services.scheduler.stop();
      await other.services.store.close();
    }
    await connector?.close();
    await deletePrefix(url, prefix);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a DSL added with the Teams form uses the bot at once, on another process too, and a SIGHUP reload keeps them', async () => {
    const data = sampleConfigData();
    fs.writeFileSync(file, YAML.stringify(data));
    connector = await new FakeConnector().start();
    const activities = new ActivityBuilder(() => connector.url);
    bot = await startBot({ env: { REDIS_URL: url, REDIS_PREFIX: prefix, BOT_CONFIG: file } });
    await bot.ready();

    /** What the bot answered this Teams message with (the texts it posted to the connector). */
    const say = async (user: TeamsUser, activity: unknown): Promise<string> => {
      const before = connector.sent.length;
      const res = await fetch(`${bot!.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(activity) });
      await res.text();
      await connector.waitForSent(before + 1, 30_000);
      return connector.sent.slice(before).filter((s) => s.conversationId === `a:personal-${user.aadObjectId}`).map(shownText).join('\n');
    };

    expect(await say(SAM, activities.personal(SAM, 'help'))).toMatch(NOT_KNOWN);
    const added = await say(MO, activities.submit(MO, 'directory.add.save', {}, {
      id: 'dsl2.werneth', name: 'Sam Deputy', roles: 'deputy_dsl', schools: 'werneth', teamsUser: SAM.aadObjectId, teamsTenant: TENANT,
    }));
    expect(added).toBe('Added Sam Deputy (dsl2.werneth): Deputy DSL at Werneth School. They can use the bot now.');
    expect(await say(SAM, activities.personal(SAM, 'help'))).not.toMatch(NOT_KNOWN);

    // A second process sharing the Redis, started before or after: it knows Sam without a restart.
    other = createApp({ settings: settingsFrom(data), store: new RedisStore({ url, prefix }), log: silentLogger(), prefix });
    other.services.notifier.addChannel(new RecordingChannel('console'));
    await other.services.scheduler.start();
    const onOther = async () => (await other!.bot.handle(consoleEvent('dsl2.werneth', { type: 'message', text: 'help' })))[0].text;
    await waitUntil(async () => !NOT_IN_DIRECTORY.test(await onOther()), 'the other process to know Sam', 30_000);

    // The file gains someone; SIGHUP: both the file's new person and business support's change are in use.
    data.people.push({ id: 'staff2.arden', name: 'Pat Pastoral', roles: ['school_staff'], teams: { aadObjectId: PAT.aadObjectId, tenantId: TENANT } });
    data.schools.find((s: any) => s.id === 'arden').staff.push('staff2.arden');
    fs.writeFileSync(file, YAML.stringify(data));
    bot.child.kill('SIGHUP');
    await waitUntil(() => bot!.lines().some((l) => l.msg === 'configuration reloaded: directory in use now'), 'the reload', 30_000);
    expect(await say(PAT, activities.personal(PAT, 'help'))).not.toMatch(NOT_KNOWN);
    expect(await say(SAM, activities.personal(SAM, 'help'))).not.toMatch(NOT_KNOWN);
    // Logs carry ids, not names.
    expect(bot.output()).not.toContain('Sam Deputy');
  }, 180_000);
});
