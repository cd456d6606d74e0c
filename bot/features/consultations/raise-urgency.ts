/**
 * A school may raise a consultation's urgency after sending it (never lower it, and never below
 * what its indicators say). Raising it moves the response target on the service clock and, for
 * Red, alerts the worker as urgent.
 *
 * @example
 *   registerRaiseUrgency(router, ctx);
 *   // consult.urgency { id, urgency: 'red' } → Red, due in the Red target, Amira alerted
 */
import type { Router } from '../../core/router';
import { workerCard } from './cards';
import type { ConsultationContext } from './context';
import { scheduleEscalation } from './escalation';
import { URGENCIES, URGENCY_LABELS, type Urgency } from './model';
import { dueAt } from './routing';
import { CONSULT } from './verbs';

const higher = (a: Urgency, b: Urgency) => URGENCIES.indexOf(a) < URGENCIES.indexOf(b);

export function registerRaiseUrgency(router: Router, ctx: ConsultationContext): void {
  const { services } = ctx;
  router.action(CONSULT.urgency, async (turn, data) => {
    const c0 = await ctx.load(turn, data.id, { change: true });
    if (!c0) return;
    if (ctx.side(turn.person.id, c0) !== 'school') return void turn.reply('Only the school raises the urgency of its consultation.');
    const to = data.urgency as Urgency;
    if (!URGENCIES.includes(to)) return void turn.reply('That button is from an older card. Open the consultation again.');
    if (c0.status !== 'open') return void turn.reply(`Consultation #${c0.number} is closed.`);
    if (!higher(to, c0.urgency)) return void turn.reply(`Consultation #${c0.number} is already ${URGENCY_LABELS[c0.urgency]}: urgency can be raised, never lowered.`);
    const now = turn.now;
    const c = await ctx.repo.update(c0.id, (x) =>
      x.status !== 'open' || !higher(to, x.urgency) ? undefined : { ...x, urgency: to, ...(!x.firstResponseAt ? { dueAt: dueAt(services, now, to).toISOString() } : {}) },
    );
    if (!c) return void turn.reply(`Consultation #${c0.number} is already at least that urgent.`);
    if (!c.firstResponseAt && !c.escalations.length) await scheduleEscalation(ctx, c, 1, new Date(c.dueAt!));
    services.log.info({ consultationId: c.id, urgency: to }, 'consultation urgency raised');
    await ctx.tell([c.holderId], workerCard(services, c, `${ctx.firstName(turn.person.id)} raised it to ${URGENCY_LABELS[to]}`, { urgent: to === 'red' }), {
      from: turn.person.id,
      describe: `The raised urgency on #${c.number}`,
      about: c,
    });
    turn.reply(`Consultation #${c.number} is now ${URGENCY_LABELS[to]}${c.firstResponseAt ? '' : `: a reply is due by ${services.calendar.format(new Date(c.dueAt!))}`}. I've told ${ctx.name(c.holderId)}.`);
  });
}
