/**
 * How a spent card says what was done, by whom and when ("Answered by Amira at 10:42"), and
 * how a press on a stale copy answers ("Already answered by Amira at 10:42: Early help").
 * The time is the authority's local time; a day is added when it was not today.
 *
 * @example
 *   doneBy(services, 'sw.amira', c.firstResponseAt); // "Amira at 10:42"
 *   card('Consultation #3').text(`Answered by ${doneBy(services, by, at)}: Early help`)
 */
import type { Services } from './services';

export function doneBy(services: Pick<Services, 'directory' | 'calendar' | 'now'>, personId: string, iso: string | Date): string {
  const at = typeof iso === 'string' ? new Date(iso) : iso;
  const { calendar } = services;
  const who = services.directory.firstName(personId);
  const sameDay = calendar.dateOf(at) === calendar.dateOf(services.now());
  return sameDay ? `${who} at ${calendar.local(at).toFormat('HH:mm')}` : `${who} on ${calendar.format(at)}`;
}
