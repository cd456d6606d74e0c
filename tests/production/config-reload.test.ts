/**
 * Reloading the configuration file without a restart (what SIGHUP does in bot/main.ts): a new
 * person is known at once and can use the bot; a bad file is refused by name and field, and the
 * directory in use is kept.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import pino from 'pino';
import { reloadDirectory } from '../../bot/config/reload';
import { makeApp, sampleConfigData, type TestApp } from '../helpers/app';

describe('configuration reload', () => {
  let t: TestApp;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swis-reload-'));
  const file = path.join(dir, 'authority.yaml');
  const lines: { msg: string; error?: string }[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });

  beforeEach(async () => {
    t = await makeApp();
  });
  afterEach(() => t.close());
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a new DSL added to the file is in the directory at once, with their school link', async () => {
    const data = sampleConfigData();
    data.people.push({ id: 'dsl2.werneth', name: 'Sam Deputy', roles: ['dsl'], title: 'Deputy DSL' });
    data.schools[0].dsls.push('dsl2.werneth');
    fs.writeFileSync(file, YAML.stringify(data));
    expect((await t.say('dsl2.werneth', 'help'))[0].text).toMatch(/don't have you in my directory/);

    const result = reloadDirectory(file, { ...t.app.services, log });
    expect(result).toEqual({ ok: true, needsRestart: [] });
    expect(t.app.services.directory.person('dsl2.werneth')?.name).toBe('Sam Deputy');
    expect(t.app.services.directory.school('werneth')?.dsls).toContain('dsl2.werneth');
    expect((await t.say('dsl2.werneth', 'help'))[0].text).not.toMatch(/don't have you in my directory/);
  });

  it('a bad file is refused by file and field, and the directory in use is kept', () => {
    const data = sampleConfigData();
    data.schools[2].linkWorkers = ['sw.nobody'];
    fs.writeFileSync(file, YAML.stringify(data));
    const result = reloadDirectory(file, { ...t.app.services, log });
    expect(result.ok).toBe(false);
    expect(result.error).toBe(`${file}: field "schools.2.linkWorkers.0": "sw.nobody" is not a person in "people"`);
    expect(t.app.services.directory.school(data.schools[2].id)?.linkWorkers).not.toContain('sw.nobody');
    expect(lines.some((l) => /reload refused/.test(l.msg) && l.error === result.error)).toBe(true);
  });

  it('says which other sections changed and need a restart', () => {
    const data = sampleConfigData();
    data.authority.mashPhone = '0161 000 0000';
    fs.writeFileSync(file, YAML.stringify(data));
    expect(reloadDirectory(file, { ...t.app.services, log })).toEqual({ ok: true, needsRestart: ['authority'] });
  });
});
