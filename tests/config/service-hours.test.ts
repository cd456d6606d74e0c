/**
 * The configuration issue 17 added: the service's hours, the danger phrases, the deputy DSL role
 * and the quiet period. Older files without them still load, with sensible defaults; a bad value
 * is refused with an error naming the field.
 */
import YAML from 'yaml';
import { parseConfig } from '../../bot/config/load';
import { DEFAULT_DANGER_PHRASES } from '../../bot/config/schema';
import { SchoolCalendar } from '../../bot/core/calendar';
import { sampleConfigData } from '../helpers/app';

const parse = (change: (d: Record<string, any>) => void) => {
  const d = sampleConfigData();
  change(d);
  return parseConfig(YAML.stringify(d), 'test.yaml');
};

describe('configuration: the service clock and safety settings', () => {
  it('a file written before issue 17 loads with the defaults', () => {
    const c = parse((d) => {
      delete d.authority.serviceHours;
      delete d.authority.dangerPhrases;
      delete d.limits.consultationQuietClose;
    });
    expect(c.authority.serviceHours).toEqual({ start: '08:30', end: '17:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'], closed: [] });
    expect(c.authority.dangerPhrases).toEqual(DEFAULT_DANGER_PHRASES);
    expect(c.authority.dangerPhrases).toEqual(expect.arrayContaining(['in immediate danger', 'not safe to go home', 'has been hurt', 'threatened to kill']));
    expect(c.limits.consultationQuietClose).toBe(14 * 86_400_000);
  });

  it('names the bad field', () => {
    expect(() => parse((d) => (d.authority.serviceHours = { start: '17:00', end: '08:30' }))).toThrow(/authority\.serviceHours\.end/);
    expect(() => parse((d) => (d.authority.serviceHours = { start: '8.30' }))).toThrow(/authority\.serviceHours\.start/);
    expect(() => parse((d) => (d.limits.consultationQuietClose = 'soon'))).toThrow(/limits\.consultationQuietClose/);
    expect(() => parse((d) => (d.authority.dangerPhrases = ['hi']))).toThrow(/authority\.dangerPhrases/);
  });

  it('accepts deputy DSLs', () => {
    const c = parse((d) => {
      d.people.push({ id: 'dsl.werneth.deputy', name: 'Sam Deputy', roles: ['deputy_dsl'] });
      d.schools[0].dsls.push('dsl.werneth.deputy');
    });
    expect(c.people.find((p) => p.id === 'dsl.werneth.deputy')?.roles).toEqual(['deputy_dsl']);
  });

  it('the sample: open in half term, closed on bank holidays and at night, the two clocks apart', () => {
    const cal = new SchoolCalendar(parse(() => undefined).authority);
    expect(cal.isSchoolHours(new Date('2026-10-27T10:00:00Z'))).toBe(false);
    expect(cal.isServiceHours(new Date('2026-10-27T10:00:00Z'))).toBe(true);
    expect(cal.isServiceHours(new Date('2026-11-27T16:55:00Z'))).toBe(true);
    expect(cal.isServiceHours(new Date('2026-11-27T17:00:00Z'))).toBe(false);
    expect(cal.isServiceHours(new Date('2026-11-28T11:00:00Z'))).toBe(false);
    expect(cal.isServiceHours(new Date('2027-05-03T10:00:00Z'))).toBe(false);
    expect(cal.serviceClosure('2026-12-25')).toBe('Christmas Day');
    expect(cal.addServiceTime(new Date('2026-11-27T16:55:00Z'), 10 * 60_000)?.toISOString()).toBe('2026-11-30T08:35:00.000Z');
    // Summer time: 08:30 London is 07:30 UTC.
    expect(cal.nextServiceOpening(new Date('2027-05-03T10:00:00Z'))?.toISOString()).toBe('2027-05-04T07:30:00.000Z');
  });
});
