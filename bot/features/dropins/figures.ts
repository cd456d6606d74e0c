/**
 * What drop-ins report outside the feature: workload figures for the digest (per worker and
 * per school: places offered, booked, attended) read from the sorted indexes for the dates
 * asked only, and a home section with the person's upcoming drop-ins.
 *
 * Counts are places, so a group slot of 6 offers 6 and `booked` never exceeds `offered`;
 * `booked` counts confirmed bookings still standing, `attended` those marked attended.
 *
 * @example
 *   services.figures.register(dropInFigures(ctx));
 *   services.home.register(dropInHome(ctx));
 */
import type { CountFigures, FiguresProvider, FiguresQuery, WorkerFigures } from '../../core/figures';
import type { HomeProvider } from '../../core/home';
import type { DropInContext } from './context';
import { DROPIN } from './verbs';

const HOME_DAYS = 14;

function zero(): CountFigures {
  return { offered: 0, booked: 0, attended: 0 };
}

export function dropInFigures(ctx: DropInContext): FiguresProvider {
  return {
    name: 'drop-ins',
    async forWorkers(q: FiguresQuery): Promise<Record<string, WorkerFigures>> {
      const out: Record<string, WorkerFigures> = {};
      await Promise.all(
        q.workerIds.map(async (workerId) => {
          const [slots, bookings] = await Promise.all([
            ctx.repo.slotsForWorker(workerId, q.from, q.to),
            ctx.repo.bookingsForWorker(workerId, q.from, q.to),
          ]);
          const total = zero();
          const bySchool: Record<string, CountFigures> = {};
          const at = (school: string) => (bySchool[school] ??= zero());
          for (const s of slots) {
            if (s.status !== 'open') continue;
            total.offered += s.capacity;
            at(s.schoolId).offered += s.capacity;
          }
          for (const b of bookings) {
            if (b.status !== 'booked') continue;
            total.booked++;
            at(b.schoolId).booked++;
            if (b.attendance?.outcome === 'attended') {
              total.attended++;
              at(b.schoolId).attended++;
            }
          }
          out[workerId] = { dropIns: total, dropInsBySchool: bySchool };
        }),
      );
      return out;
    },
  };
}

export function dropInHome(ctx: DropInContext): HomeProvider {
  const { calendar, directory } = ctx.services;
  return {
    name: 'drop-ins',
    order: 20,
    async section(person) {
      const now = ctx.services.now();
      const to = new Date(now.getTime() + HOME_DAYS * 86_400_000);
      const books = ctx.bookableSchools(person.id).length > 0;
      const runs = directory.linkedSchools(person.id).length > 0;
      if (!books && !runs) return undefined;
      const lines: string[] = [];
      if (books) {
        const mine = (await ctx.repo.bookingsForPerson(person.id, now, to)).filter((b) => b.status === 'booked');
        lines.push(...mine.map((b) => `${ctx.slotLabel(b)}, ${ctx.schoolName(b.schoolId)}`));
      }
      if (runs) {
        const withMe = (await ctx.repo.bookingsForWorker(person.id, now, to)).filter((b) => b.status === 'booked');
        lines.push(...withMe.map((b) => `${calendar.format(new Date(b.startsAt))} ${directory.person(b.personId)?.name ?? b.personId} (${ctx.schoolName(b.schoolId)})`));
      }
      return {
        title: 'Upcoming drop-ins',
        lines,
        actions: books ? [DROPIN.book.button('Book a drop-in')] : [DROPIN.mine.button('My drop-ins')],
      };
    },
  };
}
