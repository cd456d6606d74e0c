/**
 * Changing an answer on purpose. The first outcome a worker gives is the answer; a later press
 * of another outcome is refused with what was answered, and offers "Change advice", which needs
 * a reason. The school (raiser and DSLs) is told "Amira changed the advice on #12 from Early
 * help to MASH referral advised: <reason>", and the activity log keeps both as an amendment.
 *
 * @example
 *   registerAdviceChange(router, ctx);
 *   // consult.change.form { id, outcome } → form with the reason → consult.change.send
 */
import { card } from '../../../cards/tree';
import type { Router } from '../../core/router';
import { OUTCOMES, type Outcome } from '../../../storage/activity-log';
import { checkFreeText } from './child-reference';
import type { ConsultationContext } from './context';
import { OUTCOME_LABELS, type Consultation } from './model';
import { recordConsultation } from './recording';
import { CONSULT } from './verbs';
import { z } from 'zod';
import { parseForm, requiredText } from '../../core/forms';

const CHANGEABLE: Outcome[] = ['mash_referral_advised', 'mash_referral_made', 'early_help', 'advice_and_monitor', 'signposted', 'no_further_action'];

function outcomeOf(v: string | undefined): Outcome | undefined {
  return v && (OUTCOMES as readonly string[]).includes(v) && v !== 'not_recorded' ? (v as Outcome) : undefined;
}

/** What the change form must hold: a new advice (not the one given) and a screened reason. */
function changeFormSchema(c: Consultation) {
  return z.object({
    outcome: z
      .string()
      .optional()
      .transform(outcomeOf)
      .check((ctx) => {
        const to = ctx.value;
        const problem = !to ? 'Please choose the new advice.' : to === c.outcome ? `That is the advice already given (${OUTCOME_LABELS[to]}). Choose a different one, or leave it.` : undefined;
        if (problem) ctx.issues.push({ code: 'custom', message: problem, input: to });
      })
      .pipe(z.custom<Outcome>((v) => typeof v === 'string')),
    reason: requiredText('Please say why the advice has changed: the school is told.', (text) => checkFreeText(text)),
  });
}

/** The change form's inputs as typed, to show it again with them. */
const CHANGE_FORM_INPUTS = z.object({ outcome: z.string().optional(), reason: z.string().optional() });

/** The change form as sent: what was typed, and the new advice and reason, or each field's message. */
function readChangeForm(c: Consultation, values: Record<string, string>) {
  return { ...parseForm(changeFormSchema(c), values), entered: CHANGE_FORM_INPUTS.parse(values) };
}

function changeForm(c: Consultation, values: z.output<typeof CHANGE_FORM_INPUTS>, errors?: Record<string, string>) {
  const b = card(`Change the advice on #${c.number}`).text(`The answer given was: ${c.outcome ? OUTCOME_LABELS[c.outcome] : 'none'}. The school is told both, with your reason.`, 'subtle');
  b.input({ type: 'input.choice', id: 'outcome', label: 'New advice', required: true, choices: CHANGEABLE.filter((o) => o !== c.outcome).map((o) => ({ value: o, title: OUTCOME_LABELS[o] })), value: values.outcome });
  b.input({ type: 'input.text', id: 'reason', label: 'Why are you changing it?', multiline: true, required: true, maxLength: 500, value: values.reason });
  b.action(CONSULT.changeSend.button('Change advice', { id: c.id }, 'primary'));
  return { text: `Change the advice on consultation #${c.number}: choose the new advice and say why.`, card: b.build(), form: true, ...(errors ? { formErrors: errors } : {}) };
}

export function registerAdviceChange(router: Router, ctx: ConsultationContext): void {
  const { services } = ctx;
  const holderOnly = async (c: Consultation, personId: string) => c.holderId === personId || c.answeredBy === personId;

  router.action(CONSULT.changeForm, async (turn, data) => {
    const c = await ctx.load(turn, data.id, { change: true });
    if (!c) return;
    if (!(await holderOnly(c, turn.person.id))) return void turn.reply(`Only ${ctx.name(c.holderId)}, who holds consultation #${c.number}, can change its advice.`);
    if (!c.answeredAt) return void turn.reply(`Consultation #${c.number} has no answer yet: answer it with the buttons on its card.`);
    turn.reply(changeForm(c, { outcome: data.outcome }));
  });

  router.action(CONSULT.changeSend, async (turn, { id }) => {
    const c0 = await ctx.load(turn, id, { change: true });
    if (!c0) return;
    const me = turn.person.id;
    if (!(await holderOnly(c0, me))) return void turn.reply(`Only ${ctx.name(c0.holderId)}, who holds consultation #${c0.number}, can change its advice.`);
    if (!c0.answeredAt) return void turn.reply(`Consultation #${c0.number} has no answer yet: answer it with the buttons on its card.`);
    const form = readChangeForm(c0, turn.values);
    if (!form.ok) return void turn.reply(changeForm(c0, form.entered, form.errors));
    const { outcome: to, reason } = form.data;

    const at = turn.now.toISOString();
    let from: Outcome | undefined;
    const c1 = await ctx.repo.update(c0.id, (x) => {
      if (!x.answeredAt || x.outcome === to) return undefined;
      from = x.outcome;
      return {
        ...x,
        outcome: to,
        changes: [...(x.changes ?? []), { at, by: me, from: x.outcome, to, reason }],
        messages: [...x.messages, { at, by: me, side: 'worker', kind: 'change', text: reason, outcome: to }],
      };
    });
    if (!c1) return void turn.reply(`The advice on #${c0.number} is already ${OUTCOME_LABELS[to]}.`);
    const fromLabel = from ? OUTCOME_LABELS[from] : 'no outcome';
    const c = await recordConsultation(ctx, c1, me, `advice changed from ${fromLabel} to ${OUTCOME_LABELS[to]}: ${reason}`);
    services.log.info({ consultationId: c.id, personId: me }, 'consultation advice changed');
    const text = `${ctx.name(me)} changed the advice on consultation #${c.number} from ${fromLabel} to ${OUTCOME_LABELS[to]}: ${reason}`;
    await ctx.tell(ctx.schoolSide(c, { dsls: true }), { text }, { from: me, describe: `The change of advice on #${c.number}`, about: c });
    const colleagues = ctx.workerSide(c).filter((p) => p !== me);
    if (colleagues.length) await ctx.tell(colleagues, { text }, { about: c });
    turn.reply(`Changed: consultation #${c.number} is now ${OUTCOME_LABELS[to]}. ${ctx.firstName(c.raisedBy)} and the school's DSL have been told, with your reason. Both answers are kept in the activity log.`);
  });
}
