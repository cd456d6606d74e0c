/**
 * The consultations section of a person's home: their open consultations, oldest first,
 * each with where it stands and a button to open it. Only those they may see (need to know),
 * and every one shown is recorded in the read audit.
 *
 * @example
 *   services.home.register(consultationsHome(ctx));
 */
import type { HomeProvider } from '../../core/home';
import type { ConsultationContext } from './context';
import { status } from './exchange';
import { label } from './model';
import { CONSULT } from './verbs';

const SHOWN = 8;

export function consultationsHome(ctx: ConsultationContext): HomeProvider {
  return {
    name: 'consultations',
    order: 10,
    async section(person) {
      const isSchool = person.roles.some((r) => r === 'dsl' || r === 'deputy_dsl' || r === 'school_staff');
      const isWorker = person.roles.some((r) => r === 'social_worker' || r === 'senior_practitioner' || r === 'team_manager');
      if (!isSchool && !isWorker) return undefined;
      const open = (await ctx.repo.openFor(person.id)).filter((c) => ctx.canSee(person.id, c));
      const shown = open.slice(0, SHOWN);
      await ctx.reads.record(person.id, shown.map((c) => c.id), 'home');
      return {
        title: 'Open consultations',
        lines: [
          ...shown.map((c) => `${label(c, ctx.schoolName(c.schoolId))} · ${status(ctx, c)}`),
          ...(open.length > SHOWN ? [`and ${open.length - SHOWN} more: type consultations`] : []),
        ],
        actions: [
          ...shown.map((c) => (CONSULT.view.button(`Open #${c.number}`, { id: c.id }))),
          ...(isSchool ? [CONSULT.start.button('Ask for advice')] : []),
        ],
      };
    },
  };
}
