/**
 * The evidence features' card verbs, declared once with the data their buttons carry: the
 * referral follow-up's answer (consultation id and a choice) and the termly DSL pulse (the
 * term's start date and a score).
 *
 * @example
 *   b.action(EVIDENCE.referralAnswer.button('Referred – early help', { id: c.id, answer: 'early_help' }));
 *   router.action(EVIDENCE.pulseAnswer, answerPulse, { roles: ['dsl'] });
 */
import { z } from 'zod';
import { actionId, actionValue, defineAction } from '../../core/actions';

export const EVIDENCE = {
  referralAnswer: defineAction('referral.answer', z.object({ id: actionId, answer: actionValue })),
  pulseAnswer: defineAction('pulse.answer', z.object({ term: actionValue, score: actionValue })),
} as const;
