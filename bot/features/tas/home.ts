/**
 * The TAS part of a person's home: the actions they own that are still open, soonest due
 * first, each with "Done" and "Update" buttons; for a chair, how many of their schools'
 * actions are overdue.
 *
 * @example
 *   services.home.register(tasHome(ctx));
 */
import type { HomeProvider, HomeSection } from '../../core/home';
import { actionLine, VERB } from './action-cards';
import type { TasContext } from './context';

/** Done and Update for the two soonest only, so the home card stays short on a phone (Adaptive Cards would wrap more buttons into rows). */
const MAX_WITH_BUTTONS = 2;

export function tasHome(ctx: TasContext): HomeProvider {
  return {
    name: 'tas',
    order: 40,
    async section(person) {
      const mine = await ctx.repo.openForOwner(person.id);
      const chaired = ctx.directory.chairedSchools(person.id);
      if (!mine.length && !chaired.length) return undefined;
      const section: HomeSection = { title: 'Your TAS actions', lines: mine.map((a) => actionLine(ctx, a, { owner: false, school: true })), actions: [] };
      for (const a of mine.slice(0, MAX_WITH_BUTTONS)) {
        section.actions!.push(VERB.done.button(`Done ${a.id}`, { id: a.id }, 'primary'));
        section.actions!.push(VERB.update.button(`Update ${a.id}`, { id: a.id }));
      }
      if (chaired.length) {
        const open = (await Promise.all(chaired.map((s) => ctx.repo.openForSchool(s.id)))).flat();
        const overdue = open.filter((a) => ctx.isOverdue(a)).length;
        if (open.length) section.lines.push(`As chair: ${open.length} open action${open.length === 1 ? '' : 's'} in your schools, ${overdue} overdue. Type tas actions.`);
      }
      return section;
    },
  };
}
