/**
 * TAS figures for the weekly digest, per worker: actions open and overdue at the end of the
 * range, and actions completed within it. Reads only an owner's open actions (a small, live
 * set) and the completions from the range start onward via the sorted indexes, never the
 * whole history.
 *
 * @example
 *   services.figures.register(tasFigures(ctx));
 *   // { 'sw.amira': { tasActions: { open: 2, overdue: 1, completed: 3 } } }
 */
import type { FiguresProvider, WorkerFigures } from '../../core/figures';
import type { TasContext } from './context';
import { overdueFrom } from './timing';

export function tasFigures(ctx: TasContext): FiguresProvider {
  return {
    name: 'tas',
    async forWorkers(q) {
      const from = q.from.getTime();
      const to = q.to.getTime();
      const out: Record<string, WorkerFigures> = {};
      await Promise.all(
        q.workerIds.map(async (w) => {
          // Open at `to`: still open now, or completed after `to`; and created by `to`.
          const [stillOpen, doneSince] = await Promise.all([ctx.repo.openForOwner(w), ctx.repo.doneByOwner(w, from, Infinity)]);
          const doneLater = doneSince.filter((a) => Date.parse(a.completedAt!) > to);
          const openAtEnd = [...stillOpen, ...doneLater].filter((a) => Date.parse(a.createdAt) <= to);
          const completed = doneSince.length - doneLater.length;
          out[w] = {
            tasActions: {
              open: openAtEnd.length,
              overdue: openAtEnd.filter((a) => overdueFrom(ctx.calendar, a.due).getTime() <= to).length,
              completed,
            },
          };
        }),
      );
      return out;
    },
  };
}
