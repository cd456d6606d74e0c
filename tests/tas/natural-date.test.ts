import { parseNaturalDate } from '../../bot/features/tas/natural-date';

const Z = 'Europe/London';
// Monday 23 Nov 2026
const MON = '2026-11-23';

describe('due dates as a chair types them (Europe/London)', () => {
  it.each([
    ['today', '2026-11-23'],
    ['tomorrow', '2026-11-24'],
    ['Friday', '2026-11-27'],
    ['fri', '2026-11-27'],
    ['Monday', '2026-11-30'],
    ['this Monday', '2026-11-23'],
    ['next Tuesday', '2026-12-01'],
    ['next Friday', '2026-12-04'],
    ['23 Nov', '2026-11-23'],
    ['27 November', '2026-11-27'],
    ['Fri 27 Nov', '2026-11-27'],
    ['1st Dec', '2026-12-01'],
    ['Dec 4', '2026-12-04'],
    ['5 Jan', '2027-01-05'],
    ['27/11', '2026-11-27'],
    ['27/11/2026', '2026-11-27'],
    ['2026-12-02', '2026-12-02'],
  ])('reads "%s" as %s', (input, expected) => {
    expect(parseNaturalDate(input, MON, Z)).toEqual({ date: expected });
  });

  it('keeps a date just gone in the past (so the caller can refuse it) rather than moving it a year on', () => {
    expect(parseNaturalDate('20 Nov', MON, Z)).toEqual({ date: '2026-11-20' });
  });

  it('explains what it could not read', () => {
    expect(parseNaturalDate('soonish', MON, Z)).toEqual({ error: expect.stringContaining('soonish') });
    expect(parseNaturalDate('31 Feb', MON, Z)).toEqual({ error: expect.stringContaining('not a real date') });
    expect(parseNaturalDate('2026-13-01', MON, Z)).toEqual({ error: expect.stringContaining('not a real date') });
  });
});
