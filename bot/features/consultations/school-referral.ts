/**
 * The school says it has made a MASH referral: with the "We've referred to the MASH" button on
 * its consultation, by typing `referred` (or `referred #12`), or in its own words, as a reply on
 * the consultation or a plain message ("I've made a MASH referral"). It is kept on the
 * consultation (`referral: { referred: true }`, once) and reaches its activity-log entry (an
 * amendment when the entry exists, else in the entry when it is written), where the evidence
 * feature's outcome loop starts asking for the MASH's decision; the link worker is told.
 *
 * Only a clear statement that it is done counts: questions, plans, negations and conditionals
 * ("should we refer?", "we haven't referred yet", "if we made a referral") do not.
 *
 * @example
 *   saysReferred("We've made a MASH referral this morning."); // true
 *   saysReferred('Should we make a MASH referral?');          // false
 *   // DSL presses "We've referred to the MASH" on #12 -> "Noted on consultation #12: …"; Amira told
 */
import type { ReferralOutcome } from '../../../storage/activity-log';
import { card } from '../../../cards/tree';
import type { Router } from '../../core/router';
import type { Turn } from '../../core/turn';
import type { ConsultationContext } from './context';
import { label, type Consultation } from './model';
import { recordConsultation } from './recording';
import { CONSULT } from './verbs';

export const REFERRED_BUTTON = "We've referred to the MASH";

const SUBJECT = String.raw`\b(?:i|we)(?:\s*['’]ve|\s+have)?\s+(?:(?:now|just|already|today|this morning|this afternoon)\s+)?`;
/** "we've made a MASH referral", "I have referred him to the MASH", "the referral has been sent". */
const DONE = [
  String.raw`${SUBJECT}(?:made|done|sent|submitted|completed|put in)\s+(?:a|an|the|our)\s+(?:mash\s+|online\s+|safeguarding\s+)?referral\b`,
  String.raw`${SUBJECT}referred\b(?:\s+(?:him|her|them|it|this|the\s+(?:child|pupil|family|case)))?\s+(?:on\s+)?to\s+(?:the\s+)?mash\b`,
  String.raw`\b(?:the|our|a)\s+(?:mash\s+)?referral\s+(?:has\s+been|was)\s+(?:now\s+)?(?:made|done|sent|submitted)\b`,
];
/** Anything that makes it a question, a plan, a doubt or a denial. */
const NOT_DONE = String.raw`\?|n['’]t\b|\b(?:not|never|no|havent|hasnt|didnt|yet to|if|whether|should|shall|would|could|will|might|may|going to|need to|needs to|want to|before|until|unless)\b`;

const DONE_RE = new RegExp(DONE.join('|'), 'i');
const NOT_DONE_RE = new RegExp(NOT_DONE, 'i');

/** A whole message that says it, and nothing that casts doubt on it: the plain-message phrase. */
export const REFERRED_PHRASE = new RegExp(String.raw`^(?![\s\S]*(?:${NOT_DONE}))[\s\S]*(?:${DONE.join('|')})`, 'i');

/** True when one sentence of the text plainly says the school has made the referral. */
export function saysReferred(text: string): boolean {
  return text
    .split(/(?<=[.!?;])\s+|\n+/)
    .some((s) => DONE_RE.test(s) && !NOT_DONE_RE.test(s));
}

/**
 * Records that the school referred (once) and tells both sides. `quiet` leaves the worker
 * untold (they are already being sent the school's own words).
 */
export async function markReferred(ctx: ConsultationContext, turn: Turn, c0: Consultation, opts: { quiet?: boolean } = {}): Promise<void> {
  const { services } = ctx;
  const me = turn.person.id;
  const said: ReferralOutcome = { referred: true, answeredBy: me, answeredAt: turn.now.toISOString() };
  const c1 = await ctx.repo.update(c0.id, (x) => (x.referral?.referred ? undefined : { ...x, referral: said }));
  if (!c1) {
    if (!opts.quiet) turn.reply(`Consultation #${c0.number} already records that a MASH referral was made.`);
    return;
  }
  services.log.info({ consultationId: c1.id, personId: me }, 'the school says it has made a MASH referral');
  if (c1.activityEntryId) await recordConsultation(ctx, c1, me, 'the school says it has made a MASH referral');
  const school = ctx.schoolName(c1.schoolId);
  if (!opts.quiet) {
    await ctx.tell(ctx.workerSide(c1), { text: `${ctx.name(me)} (${school}) says they have made a MASH referral on consultation #${c1.number}. I'll ask the school what the MASH decided.` }, { from: me, about: c1 });
  }
  turn.reply({ text: `Noted on consultation #${c1.number}: you have made a MASH referral. ${ctx.firstName(c1.holderId)} is told, and I'll ask you what the MASH decided.`, private: true });
}

/** The consultations this person can say they referred on: open ones where they are the school side. */
async function openOnSchoolSide(ctx: ConsultationContext, personId: string): Promise<Consultation[]> {
  return (await ctx.repo.openFor(personId)).filter((c) => ctx.canChange(personId, c) && ctx.side(personId, c) === 'school');
}

export function registerSchoolReferral(router: Router, ctx: ConsultationContext): void {
  const roles = { roles: ['dsl' as const, 'school_staff' as const] };
  router.action(
    CONSULT.referred,
    async (turn, { id }) => {
      const c = await ctx.load(turn, id, { change: true });
      if (!c) return;
      if (ctx.side(turn.person.id, c) !== 'school') return void turn.reply('Only the school says whether it referred.');
      await markReferred(ctx, turn, c);
    },
    roles,
  );
  router.command(
    { name: 'referred', ...roles, private: true, summary: "Tell your social worker you've made a MASH referral", usage: 'referred #12' },
    async (turn) => {
      const n = /^#?(\d+)$/.exec(turn.args.trim())?.[1];
      const open = await openOnSchoolSide(ctx, turn.person.id);
      const named = n ? open.find((c) => String(c.number) === n) : undefined;
      if (n && !named) return void turn.reply(`You have no open consultation #${n}. If it is closed, answer when I ask what happened after the advice.`);
      if (named || open.length === 1) return markReferred(ctx, turn, named ?? open[0]);
      if (!open.length) return void turn.reply('You have no open consultations. If a referral followed a closed one, answer when I ask what happened after the advice.');
      const b = card('Which consultation did you refer?').text('You have more than one open, so please choose.', 'subtle');
      for (const c of open) b.action(CONSULT.referred.button(label(c, ctx.schoolName(c.schoolId)), { id: c.id }));
      turn.reply({ text: `Which consultation did you refer? ${open.map((c) => `#${c.number}`).join(', ')}`, card: b.build() });
    },
  );
  router.phrase(REFERRED_PHRASE, 'referred');
}
