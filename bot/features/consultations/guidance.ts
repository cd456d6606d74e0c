/**
 * Indicative threshold guidance from the authority's framework (configuration): the highest
 * level among the indicators the school ticked, with its name, description and route. Always
 * worded as guidance the social worker will confirm, never as a decision.
 *
 * @example
 *   const g = guidanceFor(config.thresholds, ['neglect-hunger']);
 *   g.level?.name;    // 'Child in need (s.17)'
 *   guidanceLines(g, 'Amira'); // ['Indicative level 3: Child in need (s.17)', …]
 */
import type { AuthorityConfig } from '../../config/schema';
import { ROUTE_LABELS } from './model';

type Thresholds = AuthorityConfig['thresholds'];
type Level = Thresholds['levels'][number];
type Category = Thresholds['categories'][number];

export interface Guidance {
  level?: Level;
  notices: { category: string; notice: string }[];
}

export function categoriesById(thresholds: Thresholds, ids: string[]): Category[] {
  return thresholds.categories.filter((c) => ids.includes(c.id));
}

export function guidanceFor(thresholds: Thresholds, indicatorIds: string[], categoryIds: string[] = []): Guidance {
  const ticked = thresholds.categories.flatMap((c) => c.indicators).filter((i) => indicatorIds.includes(i.id));
  const top = ticked.reduce<number | undefined>((max, i) => (max === undefined || i.level > max ? i.level : max), undefined);
  return {
    level: top === undefined ? undefined : thresholds.levels.find((l) => l.level === top),
    notices: categoriesById(thresholds, categoryIds)
      .filter((c) => c.notice)
      .map((c) => ({ category: c.label, notice: c.notice! })),
  };
}

/** Only indicator ids that exist and belong to the chosen categories count. */
export function validIndicators(thresholds: Thresholds, categoryIds: string[], ticked: string[]): string[] {
  const allowed = new Set(categoriesById(thresholds, categoryIds).flatMap((c) => c.indicators.map((i) => i.id)));
  return [...new Set(ticked)].filter((id) => allowed.has(id));
}

export function guidanceLines(g: Guidance, workerFirstName: string): string[] {
  const lines: string[] = [];
  if (g.level) {
    lines.push(`Indicative level ${g.level.level}: ${g.level.name}. ${g.level.description}`);
    lines.push(`Indicative route: ${ROUTE_LABELS[g.level.route] ?? g.level.route}.`);
    lines.push(`This is guidance from the local threshold document, not a decision: ${workerFirstName} will confirm.`);
  } else {
    lines.push(`No indicator was ticked, so there is no indicative level. ${workerFirstName} will advise.`);
  }
  return lines;
}
