import { SchoolCalendar } from '../../bot/core/calendar';
import { nextWeekly } from '../../bot/scheduling/weekly';
import { loadSettings } from '../../bot/config/load';

const cal = new SchoolCalendar(loadSettings({}).config.authority);
const H = 3_600_000;

describe('school calendar (Europe/London, sample term dates)', () => {
  it('knows school days: weekdays in term, not weekends, holidays or closures', () => {
    expect(cal.isSchoolDay('2026-11-23')).toBe(true); // Monday in the autumn term
    expect(cal.isSchoolDay('2026-11-22')).toBe(false); // Sunday
    expect(cal.isSchoolDay('2026-10-27')).toBe(false); // half term closure
    expect(cal.isSchoolDay('2026-12-23')).toBe(false); // Christmas holiday
    expect(cal.isSchoolDay('2027-01-04')).toBe(false); // INSET day
    expect(cal.isSchoolDay('2027-01-05')).toBe(true);
    expect(cal.closure('2027-05-03')).toBe('Early May bank holiday');
  });

  it('places local times correctly either side of the clock changes', () => {
    expect(cal.at('2027-03-26', '08:00').toISOString()).toBe('2027-03-26T08:00:00.000Z'); // GMT
    expect(cal.at('2027-03-29', '08:00').toISOString()).toBe('2027-03-29T07:00:00.000Z'); // BST
    expect(cal.at('2026-10-23', '08:00').toISOString()).toBe('2026-10-23T07:00:00.000Z'); // BST
    expect(cal.at('2026-11-02', '08:00').toISOString()).toBe('2026-11-02T08:00:00.000Z'); // GMT
  });

  it('knows school hours', () => {
    expect(cal.isSchoolHours(new Date('2026-11-23T10:00:00Z'))).toBe(true);
    expect(cal.isSchoolHours(new Date('2026-11-23T17:00:00Z'))).toBe(false);
    expect(cal.isSchoolHours(new Date('2026-11-22T10:00:00Z'))).toBe(false);
  });

  it('counts response targets in school hours only, across evenings, weekends and holidays', () => {
    // Friday 15:30 + 2 school hours = Monday 09:30 (one hour Friday, one hour Monday from 08:30).
    expect(cal.addSchoolTime(new Date('2026-11-27T15:30:00Z'), 2 * H)?.toISOString()).toBe('2026-11-30T09:30:00.000Z');
    // Friday before half term 16:00 BST + 1h: half an hour Friday, then the Monday after half term.
    expect(cal.addSchoolTime(new Date('2026-10-23T15:00:00Z'), H)?.toISOString()).toBe('2026-11-02T09:00:00.000Z');
    // Within one day.
    expect(cal.addSchoolTime(new Date('2026-11-23T10:00:00Z'), 30 * 60_000)?.toISOString()).toBe('2026-11-23T10:30:00.000Z');
    // Submitted on a Saturday: the clock starts Monday 08:30.
    expect(cal.addSchoolTime(new Date('2026-11-28T12:00:00Z'), 30 * 60_000)?.toISOString()).toBe('2026-11-30T09:00:00.000Z');
  });

  it('finds the next and previous school day over a closure', () => {
    expect(cal.nextSchoolDay('2026-10-23')).toBe('2026-11-02');
    expect(cal.previousSchoolDay('2026-11-02')).toBe('2026-10-23');
  });

  it('keeps a Monday 08:00 weekly job at 08:00 local in March and in November', () => {
    expect(nextWeekly(cal, { weekday: 'mon', at: '08:00' }, new Date('2027-03-27T12:00:00Z')).toISOString()).toBe('2027-03-29T07:00:00.000Z');
    expect(nextWeekly(cal, { weekday: 'mon', at: '08:00' }, new Date('2026-10-31T12:00:00Z')).toISOString()).toBe('2026-11-02T08:00:00.000Z');
    expect(nextWeekly(cal, { weekday: 'mon', at: '08:00' }, new Date('2026-11-23T08:00:00Z')).toISOString()).toBe('2026-11-30T08:00:00.000Z');
  });
});
