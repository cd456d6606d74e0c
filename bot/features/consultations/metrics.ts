/**
 * `swis_consultations_past_target` for /metrics: open consultations nobody has answered yet
 * whose response target (dueAt) has passed. Computed when scraped, from every person's open
 * list, each consultation counted once.
 *
 * @example
 *   registerConsultationMetrics(ctx);   // in the feature's register()
 */
import type { ConsultationContext } from './context';

export function registerConsultationMetrics(ctx: ConsultationContext): void {
  const { metrics, directory, now } = ctx.services;
  if (!metrics) return;
  metrics.addCollector(async () => {
    const seen = new Set<string>();
    let late = 0;
    const at = now().getTime();
    for (const person of directory.allPeople()) {
      for (const c of await ctx.repo.openFor(person.id)) {
        if (seen.has(c.id)) continue;
        seen.add(c.id);
        if (!c.firstResponseAt && c.dueAt && Date.parse(c.dueAt) < at) late++;
      }
    }
    metrics.consultationsPastTarget.set(late);
  });
}
