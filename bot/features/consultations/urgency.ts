/**
 * Urgency follows what was said. An indicator whose threshold route is "MASH referral now
 * (s.47)" makes a consultation Red whatever the school chose; a school may choose higher than
 * the indicators, never lower. The first line the school then sees is "Call the MASH now" (when
 * the MASH is closed, the emergency duty team).
 *
 * @example
 *   indicatedUrgency(config.thresholds, ['neglect-home-alone']); // 'red'
 *   raiseTo('green', 'red');                                     // 'red'
 *   mashNowLine(services, now); // "Call the MASH now on 0161 496 0100: what you ticked is at the child protection (s.47) level."
 */
import type { AuthorityConfig } from '../../config/schema';
import { outOfHours } from '../../core/safety';
import type { Services } from '../../core/services';
import { URGENCIES, type Urgency } from './model';

type Thresholds = AuthorityConfig['thresholds'];

/** The lowest urgency the ticked indicators allow, if they set one. */
export function indicatedUrgency(thresholds: Thresholds, indicatorIds: string[]): Urgency | undefined {
  const levels = thresholds.categories.flatMap((c) => c.indicators).filter((i) => indicatorIds.includes(i.id)).map((i) => i.level);
  const routes = thresholds.levels.filter((l) => levels.includes(l.level)).map((l) => l.route);
  return routes.includes('mash_referral_now_s47') ? 'red' : undefined;
}

/** The higher of the two: a chosen urgency never goes below what the indicators say. */
export function raiseTo(chosen: Urgency, floor: Urgency | undefined): Urgency {
  if (!floor) return chosen;
  return URGENCIES.indexOf(floor) < URGENCIES.indexOf(chosen) ? floor : chosen;
}

/** The first line to the school when the indicators are at the s.47 level. */
export function mashNowLine(services: Pick<Services, 'config' | 'calendar'>, now: Date): string {
  const a = services.config.authority;
  return outOfHours(services, now)
    ? `Call the emergency duty team now on ${a.emergencyDutyTeamPhone} (the MASH is closed): what you ticked is at the child protection (s.47) level. If a child is in immediate danger call 999.`
    : `Call the MASH now on ${a.mashPhone}: what you ticked is at the child protection (s.47) level. If a child is in immediate danger call 999.`;
}
