/**
 * Danger wording from the school, wherever it was typed. The core has already answered with
 * 999, the MASH and (out of hours) the EDT; this alerts the worker as urgent, exactly as the
 * "Yes, a child is in danger now" button does: on the consultation the words were typed into
 * (made Red), or else on a new immediate-danger consultation. A form sent in the same turn adds
 * its details to that consultation rather than making a second one.
 *
 * @example
 *   registerDangerListener(router, ctx);
 *   await bot.handle(message('dsl.werneth', 'he says he is not safe to go home')); // 999 + MASH; Amira alerted
 */
import { z } from 'zod';
import type { Router } from '../../core/router';
import type { Turn } from '../../core/turn';
import { workerCard } from './cards';
import type { ConsultationContext } from './context';
import { scheduleEscalation } from './escalation';
import type { Consultation } from './model';
import { dueAt } from './routing';
import { dangerCard, reportDanger } from './school-side';
import { CONSULT } from './verbs';

/**
 * What the card the words were typed on names, if anything (a message names nothing): its
 * consultation, and the school chosen on the consultation form.
 */
const TYPED_ON = z.object({ id: z.string().optional(), school: z.string().optional() });

export function registerDangerListener(router: Router, ctx: ConsultationContext): void {
  const { services } = ctx;
  router.onDanger(async (turn, route) => {
    const me = turn.person.id;
    const schools = services.directory.schoolsOf(me);
    if (!schools.length) return false;
    const on = TYPED_ON.parse(turn.values);
    const target = await consultationOf(ctx, turn, route, on.id);
    if (target && target.status !== 'closed' && ctx.canChange(me, target)) {
      await makeUrgent(ctx, turn, target);
      return false;
    }
    const school = schools.find((s) => s.id === on.school) ?? schools[0];
    const opened = await reportDanger(ctx, turn, school);
    if (route === CONSULT.submit.verb || !opened.c) turn.reply({ text: `${opened.lines[0]}${opened.c ? ' What you wrote is added to it.' : ''}`, private: true });
    else turn.reply(dangerCard(ctx, opened.c, 'Call 999 now', opened.lines));
    return turn.event.type === 'message';
  });
}

/** The consultation the words were typed into: named by the card, or the only open one for `reply`. */
async function consultationOf(ctx: ConsultationContext, turn: Turn, route: string | undefined, id: string | undefined): Promise<Consultation | undefined> {
  if (id) return ctx.repo.get(id);
  if (route !== 'reply') return undefined;
  const open = (await ctx.repo.openFor(turn.person.id)).filter((c) => ctx.canChange(turn.person.id, c));
  return open.length === 1 ? open[0] : undefined;
}

async function makeUrgent(ctx: ConsultationContext, turn: Turn, c0: Consultation): Promise<void> {
  const { services } = ctx;
  const now = turn.now;
  const c = await ctx.repo.update(c0.id, (x) => ({
    ...x,
    urgency: 'red',
    dangerWords: true,
    ...(x.status === 'open' && !x.firstResponseAt ? { dueAt: dueAt(services, now, 'red').toISOString() } : {}),
  }));
  if (!c) return;
  services.log.warn({ consultationId: c.id, personId: turn.person.id }, 'danger wording on a consultation: made Red');
  if (c.status === 'draft') return; // it is sent as Red, and the worker alerted, when the school sends it
  if (!c.firstResponseAt && !c.escalations.length) await scheduleEscalation(ctx, c, 1, new Date(c.dueAt!));
  await ctx.tell([c.holderId], workerCard(services, c, `Danger words from ${ctx.firstName(turn.person.id)}: "${turn.dangerPhrase}"`, { urgent: true }), {
    from: turn.person.id,
    describe: `The urgent alert on #${c.number}`,
    about: c,
  });
  turn.reply({ text: `I've alerted ${ctx.name(c.holderId)} as urgent on consultation #${c.number}.`, private: true });
}
