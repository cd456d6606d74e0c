/** "School days only" instants for the sample authority (terms, half terms, closures, clock changes). */
import { DateTime } from 'luxon';
import { nextSchoolDayAt, schoolDayBefore, schoolDaysAfter } from '../../bot/scheduling/school-days';
import { nextOccurrence } from '../../bot/scheduling/weekly';
import { sampleCalendar } from './helpers';

const calendar = sampleCalendar();
const local = (d: Date | undefined) => d && DateTime.fromJSDate(d, { zone: 'Europe/London' }).toFormat('ccc d LLL yyyy HH:mm');

test('the school day before a date skips the weekend and a half term', () => {
  // Monday 2 Nov 2026, after autumn half term (26-30 Oct): the school day before is Friday 23 Oct.
  expect(local(schoolDayBefore(calendar, '2026-11-02', '15:00'))).toBe('Fri 23 Oct 2026 15:00');
  // Tuesday 24 Nov 2026: Monday 23rd.
  expect(local(schoolDayBefore(calendar, '2026-11-24', '15:00'))).toBe('Mon 23 Nov 2026 15:00');
});

test('the next school-day 09:00 is today while it is still ahead, else the next school day', () => {
  expect(local(nextSchoolDayAt(calendar, '09:00', new Date('2026-11-23T08:30:00Z')))).toBe('Mon 23 Nov 2026 09:00');
  expect(local(nextSchoolDayAt(calendar, '09:00', new Date('2026-11-27T10:00:00Z')))).toBe('Mon 30 Nov 2026 09:00');
  // Friday 18 Dec is the last day of the autumn term; the INSET day 4 Jan is a closure.
  expect(local(nextSchoolDayAt(calendar, '09:00', new Date('2026-12-18T12:00:00Z')))).toBe('Tue 5 Jan 2027 09:00');
  // The bank holiday on Monday 3 May 2027 is skipped; 09:00 is BST.
  const may = nextSchoolDayAt(calendar, '09:00', new Date('2027-04-30T12:00:00Z'));
  expect(local(may)).toBe('Tue 4 May 2027 09:00');
  expect(may!.toISOString()).toBe('2027-05-04T08:00:00.000Z');
});

test('n school days after a date counts only school days', () => {
  // Thursday 11 Feb 2027 + 3 school days: Fri 12, then half term 15-19 Feb, then Mon 22, Tue 23.
  expect(local(schoolDaysAfter(calendar, '2027-02-11', 3, '10:00'))).toBe('Tue 23 Feb 2027 10:00');
});

test('nothing is found after the configured terms run out, rather than a wrong date', () => {
  expect(nextSchoolDayAt(calendar, '09:00', new Date('2027-07-22T12:00:00Z'))).toBeUndefined();
  expect(nextOccurrence(calendar, { weekday: 'mon', at: '08:00', schoolDaysOnly: true }, new Date('2027-07-22T12:00:00Z'))).toBeUndefined();
  // Without "school days only" the weekly carries on through the summer.
  expect(local(nextOccurrence(calendar, { weekday: 'mon', at: '08:00' }, new Date('2027-07-22T12:00:00Z')))).toBe('Mon 26 Jul 2027 08:00');
});
