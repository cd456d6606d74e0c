/**
 * What the bot says when a child may be in danger, on the service's clock: 999 always, the
 * MASH always, and the emergency duty team only when the MASH is closed (outside the service's
 * hours; school holidays do not close it). Also finds the authority's danger wording
 * (`authority.dangerPhrases`) anywhere in what someone typed.
 *
 * @example
 *   safetyNet(services, now);      // "If a child is in immediate danger call 999. … MASH on 0161 496 0100."
 *   dangerAnswer(services, now);   // "Call 999 now. Then call the MASH on …" (+ EDT out of hours)
 *   findDanger('he is not safe to go home', config.authority.dangerPhrases); // 'not safe to go home'
 */
import type { Services } from './services';

type Clocked = Pick<Services, 'config' | 'calendar'>;

/** Outside the MASH and SWIS team's hours: only then is the emergency duty team the number. */
export function outOfHours(services: Clocked, now: Date): boolean {
  return !services.calendar.isServiceHours(now);
}

/** The one-line safety net with every number that applies at this moment. */
export function safetyNet(services: Clocked, now: Date): string {
  const a = services.config.authority;
  return (
    `If a child is in immediate danger call 999. For an urgent safeguarding concern call the MASH on ${a.mashPhone}` +
    (outOfHours(services, now) ? `; the MASH is closed now, so out of hours call the emergency duty team on ${a.emergencyDutyTeamPhone}.` : '.')
  );
}

/** The answer to "a child is in danger now", whoever says it and however. */
export function dangerAnswer(services: Clocked, now: Date): string {
  const a = services.config.authority;
  return (
    `Call 999 now. Then call the MASH on ${a.mashPhone}.` +
    (outOfHours(services, now) ? ` It's out of hours: the emergency duty team is on ${a.emergencyDutyTeamPhone}.` : '')
  );
}

const normalise = (text: string) => text.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ');

/** The first of the authority's danger phrases found in any of the texts, if one is. */
export function findDanger(texts: string[], phrases: string[]): string | undefined {
  const wanted = phrases.map(normalise).filter(Boolean);
  for (const text of texts) {
    const t = normalise(text);
    const hit = wanted.find((p) => t.includes(p));
    if (hit) return hit;
  }
  return undefined;
}
