/**
 * Live directory changes from chat (issue 20): business support adds a person, changes roles
 * and school links, and marks cover with short forms; each change is validated as the start-up
 * file is, recorded in the audit trail, in use at once (on a second process sharing Redis too),
 * and kept over a reload of the file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { createApp, type App } from '../../bot/app';
import { parseConfig } from '../../bot/config/load';
import { reloadDirectory } from '../../bot/config/reload';
import { silentLogger } from '../../bot/core/log';
import { RecordsAudit } from '../../bot/features/records/audit';
import { RedisStore } from '../../storage/redis/redis-store';
import { askAdvice, consultApp } from '../consultations/flow';
import { consoleEvent, deletePrefix, makeApp, RecordingChannel, sampleConfigData, settingsFrom, testRedisUrl, type TestApp } from '../helpers/app';
import { waitUntil } from '../production/bot-process';

const NOT_IN_DIRECTORY = /don't have you in my directory/;

const NEW_DSL = {
  id: 'dsl2.werneth',
  name: 'Sam Deputy',
  title: 'Deputy DSL',
  roles: 'deputy_dsl',
  schools: 'werneth',
  teamsUser: '00000000-0000-4000-8000-000000000099',
  teamsTenant: '11111111-2222-4333-8444-555555555555',
  slackUser: '',
  slackTeam: '',
};

async function addPerson(t: TestApp, inputs: Record<string, string>, who = 'bs.mo') {
  const [form] = await t.press(who, 'directory.add.form');
  expect(form.form).toBe(true);
  return (await t.press(who, 'directory.add.save', {}, inputs))[0];
}

async function stored(t: TestApp): Promise<unknown[]> {
  return (await t.app.services.directoryOverlay!.changes()) as unknown[];
}

describe('live directory changes from chat', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('business support adds a DSL with a short form, and that DSL can use the bot at once, recorded in the audit trail', async () => {
    t = await makeApp();
    expect((await t.say(NEW_DSL.id, 'help'))[0].text).toMatch(NOT_IN_DIRECTORY);
    const [menu] = await t.say('bs.mo', 'directory');
    expect(menu.card?.actions.map((a) => a.title)).toEqual(['Add a person', 'Change roles or schools', 'Mark cover']);

    const done = await addPerson(t, NEW_DSL);
    expect(done.text).toBe('Added Sam Deputy (dsl2.werneth): Deputy DSL at Werneth School. They can use the bot now.');
    expect(done.formErrors).toBeUndefined();

    const [help] = await t.say(NEW_DSL.id, 'help');
    expect(help.text).not.toMatch(NOT_IN_DIRECTORY);
    expect(t.app.services.directory.school('werneth')?.dsls).toContain(NEW_DSL.id);
    // Found by their Teams identity too, as a message from Teams would be.
    expect(t.app.services.directory.byPlatformUser({ platform: 'teams', userId: NEW_DSL.teamsUser, tenantId: NEW_DSL.teamsTenant })?.id).toBe(NEW_DSL.id);
    // They can ask their link worker at once (the consultation form opens for their school).
    const [consult] = await t.say(NEW_DSL.id, 'is this a MASH referral?');
    expect(consult.text).not.toMatch(/isn't something your role can do/);

    const audit = await new RecordsAudit(t.store, t.clock.now).list();
    expect(audit).toEqual([
      expect.objectContaining({ action: 'directory-change', by: 'bs.mo', record: 'person:dsl2.werneth', at: t.clock.now().toISOString(), change: 'added; roles deputy_dsl; schools werneth; teams yes; slack no' }),
    ]);
    expect(JSON.stringify(audit)).not.toContain('Sam Deputy');
  });

  it('someone who is not business support is refused, and nothing changes', async () => {
    t = await makeApp();
    for (const who of ['dsl.werneth', 'sw.amira', 'tm.grace']) {
      expect((await t.say(who, 'directory'))[0].text).toMatch(/isn't something your role can do/);
      expect((await t.press(who, 'directory.add.save', {}, NEW_DSL))[0].text).toMatch(/isn't something your role can do/);
      expect((await t.press(who, 'directory.cover.save', {}, { worker: 'sw.amira', by: 'sp.olu', from: '2026-11-23', to: '2026-11-27' }))[0].text).toMatch(/isn't something your role can do/);
    }
    expect(t.app.services.directory.person(NEW_DSL.id)).toBeUndefined();
    expect(t.app.services.directory.coverOn('sw.amira', '2026-11-24')).toBeUndefined();
    expect(await stored(t)).toEqual([]);
    expect(await new RecordsAudit(t.store, t.clock.now).list()).toEqual([]);
  });

  it('invalid input is refused with the form\'s field errors, as the configuration file would be, and nothing is half-applied', async () => {
    t = await makeApp();
    const people = t.app.services.directory.allPeople().length;
    const refused = async (inputs: Record<string, string>) => {
      const r = await addPerson(t, { ...NEW_DSL, ...inputs });
      expect(r.text).toMatch(/^Nothing was changed\./);
      return r.formErrors;
    };
    expect(await refused({ id: 'Sam Deputy' })).toEqual({ id: 'must be lower-case letters, digits, dot, dash or underscore' });
    expect(await refused({ id: 'sw.amira' })).toEqual({ id: 'duplicate person id "sw.amira"' });
    expect(await refused({ name: ' ' })).toEqual({ name: 'Fill this in.' });
    expect(await refused({ schools: 'werneth,hogwarts' })).toEqual({ schools: '"hogwarts" is not a school in "schools"' });
    expect(await refused({ teamsTenant: '' })).toEqual({ teamsTenant: 'Fill this in too, or clear the other one.' });
    // Someone else's Teams identity would take over their messages: refused, as in the file.
    expect(await refused({ teamsUser: '00000000-0000-4000-8000-000000000004' })).toEqual({ teamsUser: 'is already "sw.amira"\'s Teams identity' });
    expect(await refused({ roles: '' })).toEqual({ roles: 'Choose at least one role.' });
    expect(await refused({ roles: 'records_officer' })).toEqual({ schools: expect.stringMatching(/^These roles are not linked to a school/) });
    // Several at once: each on its field, listed in the form's order.
    const several = await addPerson(t, { ...NEW_DSL, roles: 'records_officer', teamsUser: '', slackTeam: 'T0123' });
    expect(Object.keys(several.formErrors ?? {})).toEqual(['schools', 'teamsUser', 'slackUser']);
    expect(several.text).toBe(`Nothing was changed. ${Object.values(several.formErrors ?? {}).join(' ')}`);
    expect(await refused({ roles: 'dsl,wizard' })).toEqual({ roles: 'Choose roles from the list.' });
    const [nobody] = await t.press('bs.mo', 'directory.change.form', {}, { person: 'nobody.here' });
    expect(nobody).toMatchObject({ text: 'Choose a person from the list.', formErrors: { person: 'Choose a person from the list.' } });

    // A change that would leave a school without its link worker: the schema's min(1), in words.
    const [pick] = await t.press('bs.mo', 'directory.change.form', {}, { person: 'sw.amira' });
    expect(pick.form).toBe(true);
    const [r] = await t.press('bs.mo', 'directory.change.save', { person: 'sw.amira' }, { roles: 'social_worker', schools: 'werneth,arden' });
    expect(r.formErrors).toEqual({ schools: 'St Mark\'s CE Primary School would have no link worker left; link another worker first.' });

    // Cover: dates the wrong way round, a cover who is not a worker, someone covering themselves.
    const cover = async (inputs: Record<string, string>) => (await t.press('bs.mo', 'directory.cover.save', {}, { worker: 'sw.amira', by: 'sp.olu', from: '2026-11-24', to: '2026-11-27', ...inputs }))[0].formErrors;
    expect(await cover({ to: '2026-11-23', from: '2026-11-25' })).toEqual({ to: 'The first day must not be after the last day' });
    expect(await cover({ by: 'dsl.werneth' })).toEqual({ by: '"dsl.werneth" is not a social worker, senior practitioner or team manager' });
    expect(await cover({ by: 'sw.amira' })).toEqual({ by: 'a worker cannot cover themselves' });
    expect(await cover({ worker: 'dsl.werneth' })).toEqual({ worker: '"dsl.werneth" is not a social worker, senior practitioner or team manager' });
    expect(await cover({ to: '2026-11-20', from: '2026-11-19' })).toEqual({ to: 'The last day is past; choose Mon 23 Nov 2026 or later.' });

    expect(t.app.services.directory.allPeople()).toHaveLength(people);
    expect(t.app.services.directory.linkedSchools('sw.amira').map((s) => s.id)).toEqual(['werneth', 'st-marks', 'arden']);
    expect(t.app.services.directory.coverOn('sw.amira', '2026-11-24')).toBeUndefined();
    expect(await stored(t)).toEqual([]);
    expect(await new RecordsAudit(t.store, t.clock.now).list()).toEqual([]);
  });

  it('changes a person\'s roles and school links, in use at once', async () => {
    t = await makeApp();
    const [r] = await t.press('bs.mo', 'directory.change.save', { person: 'dsl.werneth' }, { roles: 'dsl,tas_chair', schools: 'werneth,harrytown' });
    expect(r.text).toMatch(/^Changed .+: DSL, TAS chair at Werneth School, Harrytown Catholic High School\. In use now\.$/);
    const { directory } = t.app.services;
    expect(directory.person('dsl.werneth')?.roles).toEqual(['dsl', 'tas_chair']);
    expect(directory.schoolsOf('dsl.werneth').map((s) => s.id)).toEqual(['werneth', 'harrytown']);
    expect(directory.chairedSchools('dsl.werneth').map((s) => s.id)).toEqual(['werneth', 'harrytown']);
    expect(t.app.services.config.schools.find((s) => s.id === 'harrytown')?.dsls).toContain('dsl.werneth');
  });

  it('a directory longer than a platform list can show asks for the id instead, and the id typed works', async () => {
    const data = sampleConfigData();
    for (let i = 1; i <= 110; i++) data.people.push({ id: `staff.many.${i}`, name: `Staff ${i}`, roles: ['school_staff'] });
    (data.schools.find((s: any) => s.id === 'woodley').staff ??= []).push(...Array.from({ length: 110 }, (_, i) => `staff.many.${i + 1}`));
    t = await makeApp({ settings: settingsFrom(data) });
    const [pick] = await t.press('bs.mo', 'directory.change.pick');
    expect(pick.card?.body.find((el) => 'id' in el && el.id === 'person')).toMatchObject({ type: 'input.text', label: 'Whose (id)' });
    const [form] = await t.press('bs.mo', 'directory.change.form', {}, { person: 'staff.many.107' });
    expect(form.form).toBe(true);
    const [r] = await t.press('bs.mo', 'directory.change.save', { person: 'staff.many.107' }, { roles: 'dsl', schools: 'woodley' });
    expect(r.formErrors).toBeUndefined();
    expect(t.app.services.directory.school('woodley')?.dsls).toContain('staff.many.107');
    expect(t.app.services.directory.school('woodley')?.staff).not.toContain('staff.many.107');
  });

  it('cover marked in chat: a consultation then goes to the covering worker, and the DSL is told why', async () => {
    t = await consultApp();
    const [marked] = await t.press('bs.mo', 'directory.cover.save', {}, { worker: 'sw.amira', by: 'sp.kate', from: '2026-11-23', to: '2026-11-27' });
    expect(marked.text).toBe("Marked: Kate covers Amira from Mon 23 Nov 2026 to Fri 27 Nov 2026. New consultations for Amira's schools go to Kate then.");
    const [menu] = await t.say('bs.mo', 'directory');
    expect(menu.card?.body).toContainEqual({ type: 'facts', facts: [{ label: 'Amira', value: 'Kate, Mon 23 Nov 2026 to Fri 27 Nov 2026' }] });
    const { id, sent } = await askAdvice(t, 'dsl.werneth');
    const c = await t.store.get<{ holderId: string; linkWorkerId: string }>('consultation', id);
    expect(c).toMatchObject({ holderId: 'sp.kate', linkWorkerId: 'sw.amira' });
    expect(JSON.stringify(sent)).toMatch(/away until Fri 27 Nov 2026, so this has gone to Kate/);
    expect(t.channel.to('sp.kate').some((m) => /consultation/i.test(m.text))).toBe(true);
    expect(t.channel.to('sw.amira').some((m) => /^New consultation/i.test(m.text))).toBe(false);

    // After the last day, consultations go to the link worker again.
    t.clock.set('2026-11-30T10:00:00Z');
    const next = await askAdvice(t, 'dsl.werneth', { reference: 'AB' });
    expect(await t.store.get<{ holderId: string }>('consultation', next.id)).toMatchObject({ holderId: 'sw.amira' });
  });

  it('a reload of the configuration file (SIGHUP) keeps the changes made in chat applied over the new file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swis-overlay-'));
    const file = path.join(dir, 'authority.yaml');
    try {
      t = await makeApp();
      await addPerson(t, NEW_DSL);
      await t.press('bs.mo', 'directory.cover.save', {}, { worker: 'sw.amira', by: 'sp.olu', from: '2026-11-23', to: '2026-11-27' });
      const data = sampleConfigData();
      data.people.push({ id: 'staff2.arden', name: 'Pat Pastoral', roles: ['school_staff'] });
      data.schools.find((s: any) => s.id === 'arden').staff.push('staff2.arden');
      fs.writeFileSync(file, YAML.stringify(data));

      expect(reloadDirectory(file, t.app.services)).toEqual({ ok: true, needsRestart: [] });
      const { directory } = t.app.services;
      expect(directory.person('staff2.arden')).toBeDefined();
      expect(directory.person(NEW_DSL.id)?.name).toBe('Sam Deputy');
      expect(directory.school('werneth')?.dsls).toContain(NEW_DSL.id);
      expect(directory.coverOn('sw.amira', '2026-11-24')?.by).toBe('sp.olu');
      expect((await t.say(NEW_DSL.id, 'help'))[0].text).not.toMatch(NOT_IN_DIRECTORY);

      // A file that now says the same person itself wins; the chat change no longer fits and is left out.
      data.people.push({ id: NEW_DSL.id, name: 'Sam Deputy-Jones', roles: ['dsl'] });
      fs.writeFileSync(file, YAML.stringify(data));
      expect(reloadDirectory(file, t.app.services).ok).toBe(true);
      expect(directory.person(NEW_DSL.id)?.name).toBe('Sam Deputy-Jones');
      expect(directory.coverOn('sw.amira', '2026-11-24')?.by).toBe('sp.olu');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cover and identities in the configuration file', () => {
  it('the file is checked the same way: a cover by someone who is not a worker, a shared Teams identity', () => {
    const data = sampleConfigData();
    data.covers = [{ worker: 'sw.amira', by: 'dsl.werneth', from: '2026-11-23', to: '2026-11-27' }];
    expect(() => parseConfig(YAML.stringify(data), 'authority.yaml')).toThrow('authority.yaml: field "covers.0.by": "dsl.werneth" is not a social worker, senior practitioner or team manager');
    data.covers = [{ worker: 'sw.amira', by: 'sp.olu', from: '2026-11-23', to: '2026-11-27' }];
    expect(parseConfig(YAML.stringify(data), 'authority.yaml').covers).toHaveLength(1);
    data.people.find((p: any) => p.id === 'bs.mo').teams = data.people.find((p: any) => p.id === 'sw.amira').teams;
    expect(() => parseConfig(YAML.stringify(data), 'authority.yaml')).toThrow(/field "people\.\d+\.teams\.aadObjectId": is already "sw\.amira"'s Teams identity/);
  });
});

describe('live directory changes on two processes sharing Redis', () => {
  const url = testRedisUrl();
  let apps: App[] = [];
  let prefix = '';

  afterEach(async () => {
    for (const app of apps) {
      await app.services.scheduler.stop();
      await app.services.store.close();
    }
    apps = [];
    await deletePrefix(url, prefix);
  });

  it('a DSL added on one process can use the bot on the other without a restart', async () => {
    prefix = `test:dir20:${Date.now()}:`;
    const now = () => new Date('2026-11-23T10:00:00Z');
    apps = [0, 1].map(() => createApp({ settings: settingsFrom(sampleConfigData()), store: new RedisStore({ url, prefix }), log: silentLogger(), now, prefix }));
    for (const app of apps) {
      app.services.notifier.addChannel(new RecordingChannel('console'));
      await app.services.scheduler.start();
    }
    const [a, b] = apps;
    const say = (app: App, who: string, text: string) => app.bot.handle(consoleEvent(who, { type: 'message', text }, now()));
    const press = (app: App, who: string, verb: string, inputs: Record<string, string>) => app.bot.handle(consoleEvent(who, { type: 'action', verb, data: {}, inputs }, now()));

    expect((await say(b, NEW_DSL.id, 'help'))[0].text).toMatch(NOT_IN_DIRECTORY);
    const [done] = await press(a, 'bs.mo', 'directory.add.save', NEW_DSL);
    expect(done.text).toMatch(/^Added Sam Deputy/);
    expect((await say(a, NEW_DSL.id, 'help'))[0].text).not.toMatch(NOT_IN_DIRECTORY);

    // The other process looks at the version at most once a second: no restart, no reload.
    await waitUntil(async () => !NOT_IN_DIRECTORY.test((await say(b, NEW_DSL.id, 'help'))[0].text), 'the second process to know the new DSL', 30_000);
    expect(b.services.directory.school('werneth')?.dsls).toContain(NEW_DSL.id);

    // Cover marked on the second process is in use on the first.
    await press(b, 'bs.mo', 'directory.cover.save', { worker: 'sw.amira', by: 'sp.olu', from: '2026-11-23', to: '2026-11-27' });
    await waitUntil(async () => {
      await a.services.directoryOverlay!.fresh();
      return a.services.directory.coverOn('sw.amira', '2026-11-24')?.by === 'sp.olu';
    }, 'the first process to see the cover', 30_000);
    expect(await new RecordsAudit(a.services.store, now).list()).toHaveLength(2);
  });

  it('two people added at the same moment on two processes both land, each checked against the other', async () => {
    prefix = `test:dir20b:${Date.now()}:`;
    const now = () => new Date('2026-11-23T10:00:00Z');
    apps = [0, 1].map(() => createApp({ settings: settingsFrom(sampleConfigData()), store: new RedisStore({ url, prefix }), log: silentLogger(), now, prefix }));
    for (const app of apps) await app.services.scheduler.start();
    const add = (app: App, id: string, teamsUser: string) =>
      app.bot.handle(consoleEvent('bs.mo', { type: 'action', verb: 'directory.add.save', data: {}, inputs: { ...NEW_DSL, id, teamsUser } }, now()));
    // The same Teams identity for both: only one may have it, whichever was stored first.
    const [[a], [b]] = await Promise.all([add(apps[0], 'dsl3.werneth', NEW_DSL.teamsUser), add(apps[1], 'dsl4.werneth', NEW_DSL.teamsUser)]);
    expect([a.text, b.text].filter((x) => /^Added/.test(x))).toHaveLength(1);
    expect([a, b].filter((r) => r.formErrors?.teamsUser)).toHaveLength(1);
    const [[c], [d]] = await Promise.all([add(apps[0], 'dsl5.werneth', '00000000-0000-4000-8000-000000000095'), add(apps[1], 'dsl6.werneth', '00000000-0000-4000-8000-000000000096')]);
    expect([c.text, d.text]).toEqual([expect.stringMatching(/^Added/), expect.stringMatching(/^Added/)]);
    for (const app of apps) {
      await waitUntil(async () => {
        await app.services.directoryOverlay!.fresh();
        return app.services.directory.version === 3;
      }, 'both processes to have all three changes', 30_000);
      expect(['dsl5.werneth', 'dsl6.werneth'].map((id) => app.services.directory.person(id)?.id)).toEqual(['dsl5.werneth', 'dsl6.werneth']);
    }
  });
});
