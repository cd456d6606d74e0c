import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { ConfigError, loadEnv, loadSettings, parseConfig } from '../../bot/config/load';
import { parseDuration } from '../../bot/config/duration';
import { sampleConfigData } from '../helpers/app';

function refused(data: unknown): string {
  try {
    parseConfig(YAML.stringify(data), 'authority.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('configuration was accepted');
}

describe('configuration', () => {
  it('loads the sample authority: the ten Werneth cluster schools and people in every role', () => {
    const { config, env } = loadSettings({});
    expect(env.PORT).toBe(3978);
    expect(env.REDIS_URL).toBeUndefined();
    expect(config.authority.timeZone).toBe('Europe/London');
    expect(config.schools.map((s) => s.name.split(' ')[0])).toEqual([
      'Werneth', 'Harrytown', "St", "St", 'Arden', 'St', 'St', 'Greave', 'Woodley', 'Westmorland',
    ]);
    expect(config.schools).toHaveLength(10);
    const roles = new Set(config.people.flatMap((p) => p.roles));
    for (const r of ['dsl', 'school_staff', 'social_worker', 'senior_practitioner', 'team_manager', 'tas_chair', 'business_support']) {
      expect(roles).toContain(r);
    }
    expect(config.limits.consultationSla.red).toBe(30 * 60_000);
  });

  it('accepts durations in seconds so tests can use short limits', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('soon')).toBeUndefined();
    const data = sampleConfigData();
    data.limits.consultationSla.red = '2s';
    expect(parseConfig(YAML.stringify(data), 'x').limits.consultationSla.red).toBe(2000);
  });

  it('names the field of a bad duration', () => {
    const data = sampleConfigData();
    data.limits.consultationSla.amber = 'two hours';
    expect(refused(data)).toBe('authority.yaml: field "limits.consultationSla.amber": "two hours" is not a duration (use e.g. 90s, 15m, 4h, 2d)');
  });

  it('names a missing field', () => {
    const data = sampleConfigData();
    delete data.authority.mashPhone;
    expect(refused(data)).toMatch(/field "authority.mashPhone"/);
  });

  it('refuses a link worker who is not a person, naming the school entry', () => {
    const data = sampleConfigData();
    data.schools[2].linkWorkers = ['sw.nobody'];
    expect(refused(data)).toMatch(/field "schools.2.linkWorkers.0": "sw.nobody" is not a person/);
  });

  it('refuses a bad time zone, a bad school-day time and a bad term date', () => {
    const data = sampleConfigData();
    data.authority.timeZone = 'Europe/Nowhere';
    data.authority.schoolDay.start = '8.30';
    data.authority.terms[0].from = '02/09/2026';
    const msg = refused(data);
    expect(msg).toMatch(/authority.timeZone/);
    expect(msg).toMatch(/authority.schoolDay.start/);
    expect(msg).toMatch(/authority.terms.0.from/);
  });

  it('refuses duplicate people and an indicator pointing at a missing threshold level', () => {
    const data = sampleConfigData();
    data.people.push({ ...data.people[0] });
    data.thresholds.categories[0].indicators[0].level = 7;
    const msg = refused(data);
    expect(msg).toMatch(/duplicate person id "tm.grace"/);
    expect(msg).toMatch(/thresholds.categories.0.indicators.0.level/);
  });

  it('refuses a file that is not YAML or JSON, naming the file', () => {
    expect(() => parseConfig('schools: [unclosed', 'broken.yaml')).toThrow(/^broken.yaml: not valid YAML or JSON/);
  });

  it('names a bad environment variable; empty ones count as unset', () => {
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow(/field "PORT"/);
    expect(() => loadEnv({ REDIS_URL: 'localhost:6379' })).toThrow(/field "REDIS_URL": must start with redis:\/\//);
    const env = loadEnv({ MicrosoftAppId: '', PORT: '4000' });
    expect(env.PORT).toBe(4000);
    expect(env.MicrosoftAppId).toBeUndefined();
  });

  it('stops start-up with one message naming the file and field, and no stack trace', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swis-config-'));
    const file = path.join(dir, 'bad.yaml');
    const data = sampleConfigData();
    data.teams[0].manager = 'nobody';
    fs.writeFileSync(file, YAML.stringify(data));
    const run = spawnSync(process.execPath, ['--no-deprecation', '--import', 'tsx', 'bot/main.ts'], {
      env: { ...process.env, BOT_CONFIG: file, PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Configuration error, the bot did not start');
    expect(run.stderr).toContain(`${file}: field "teams.0.manager": "nobody" is not a person in "people"`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
