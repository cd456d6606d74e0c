/**
 * "Is this a MASH referral?": consultations from a school to its link social worker (issue 6).
 * The school asks (immediate danger first, then a short form and indicative threshold
 * guidance); the worker answers from a phone with quick answers; unanswered ones escalate to
 * cover in the service's hours; it is recorded when first answered (changes are amendments) and
 * closed by either side or, after a quiet period, by the bot. Need to know decides who sees it.
 *
 * @example
 *   // registered once in bot/features/index.ts
 *   consultations.register(router, services);
 *   await bot.handle(message('dsl.werneth', 'is this a MASH referral?')); // → immediate-danger question
 */
import type { Feature } from '../../core/services';
import { parseAwayDate } from './away';
import { ConsultationContext } from './context';
import { registerDangerListener } from './danger';
import { registerEscalation } from './escalation';
import { close, registerExchange } from './exchange';
import { consultationFigures } from './figures';
import { consultationsHome } from './home';
import { registerQuietClose } from './quiet-close';
import { registerRaiseUrgency } from './raise-urgency';
import { registerConsultationMetrics } from './metrics';
import { coverFor } from './routing';
import { registerSchoolReferral } from './school-referral';
import { registerSchoolSide } from './school-side';

export const consultations: Feature = {
  name: 'consultations',
  register(router, services) {
    const ctx = new ConsultationContext(services);
    // Before the school side: "we've made a MASH referral" is news, not a new question.
    registerSchoolReferral(router, ctx);
    registerSchoolSide(router, ctx);
    registerExchange(router, ctx);
    registerEscalation(ctx);
    registerQuietClose(ctx, (c) => close(ctx, undefined, c, {}, 'system'));
    registerDangerListener(router, ctx);
    registerRaiseUrgency(router, ctx);
    // Everything about a consultation names a child: never in a channel or group chat.
    router.privateActions('consult.');
    services.figures.register(consultationFigures(ctx));
    services.home.register(consultationsHome(ctx));
    registerConsultationMetrics(ctx);

    const workers = { roles: ['social_worker' as const, 'senior_practitioner' as const] };
    router.command(
      { name: 'away', ...workers, summary: 'Send your new consultations to cover while you are away', usage: 'away until <date>' },
      async (turn) => {
        const until = parseAwayDate(turn.args, services.calendar, turn.now);
        if (!until) {
          turn.reply('Tell me the last day you are away, for example: away until Friday, away until 27 Nov, or away until 2026-11-27. Type back when you return early.');
          return;
        }
        await ctx.away.set(turn.person.id, until);
        const schools = services.directory.linkedSchools(turn.person.id);
        const cover = schools.length ? await coverFor(schools[0].id, [turn.person.id], services, ctx.away) : undefined;
        const open = (await ctx.repo.openFor(turn.person.id)).filter((c) => c.holderId === turn.person.id).length;
        services.log.info({ personId: turn.person.id }, 'worker marked away');
        turn.reply(
          `You're marked away to the end of ${services.calendar.formatDate(until)}. ` +
            (cover ? `New consultations from your schools go straight to ${ctx.name(cover)} until then. ` : '') +
            (open ? `You still hold ${open} open consultation${open === 1 ? '' : 's'}: unanswered ones escalate to cover as usual. ` : '') +
            'Type back if you return early.',
        );
      },
    );
    router.command({ name: 'back', ...workers, summary: 'End your away status', usage: 'back' }, async (turn) => {
      await ctx.away.clear(turn.person.id);
      turn.reply('Welcome back: new consultations come to you again.');
    });
  },
};
