/**
 * Consultation figures for the weekly digest, per worker, for a date range: received,
 * answered (by them), first-response times, escalated away from them, and open and overdue
 * now. Reads only the range from each worker's index, plus their (small) open list.
 *
 * @example
 *   services.figures.register(consultationFigures(ctx));
 *   const f = await services.figures.forWorkers({ workerIds: ['sw.amira'], from, to });
 *   f['sw.amira'].consultations?.received;
 */
import type { ConsultationFigures, FiguresProvider } from '../../core/figures';
import type { ConsultationContext } from './context';

export function consultationFigures(ctx: ConsultationContext): FiguresProvider {
  return {
    name: 'consultations',
    async forWorkers(q) {
      const now = ctx.now().getTime();
      const out: Record<string, { consultations: ConsultationFigures }> = {};
      await Promise.all(
        q.workerIds.map(async (w) => {
          const received = await ctx.repo.forWorker(w, q.from.getTime(), q.to.getTime());
          const f: ConsultationFigures = { received: received.length, answered: 0, firstResponseMs: [], open: 0, overdue: 0, escalated: 0 };
          for (const c of received) {
            if (c.firstResponseBy === w && c.firstResponseAt) {
              f.answered++;
              const got = c.escalations.find((e) => e.to === w)?.at ?? c.submittedAt ?? c.createdAt;
              f.firstResponseMs.push(Math.max(0, Date.parse(c.firstResponseAt) - Date.parse(got)));
            }
            if (c.escalations.some((e) => e.from === w)) f.escalated++;
          }
          for (const c of await ctx.repo.openFor(w)) {
            if (c.holderId !== w || !c.submittedAt || Date.parse(c.submittedAt) > q.to.getTime()) continue;
            f.open++;
            if (!c.firstResponseAt && c.dueAt && Date.parse(c.dueAt) < now) f.overdue++;
          }
          out[w] = { consultations: f };
        }),
      );
      return out;
    },
  };
}
