/**
 * The conversation after a consultation is sent: the worker's quick answers and advice, replies
 * each way (from a card, or typed as `reply …` with a choice of consultation when there are
 * several, never a guess), closing from either side with its activity-log entry, and the
 * worker recording an outcome afterwards (an amendment). Everything typed is stored on the
 * consultation before anyone is sent it.
 *
 * @example
 *   registerExchange(router, ctx);
 *   // worker presses "Early help" → school sees "Amira: Early help. …" → school presses Close → entry written
 */
import { randomUUID } from 'node:crypto';
import { card } from '../../../cards/tree';
import { doneBy } from '../../core/done';
import type { Reply } from '../../core/reply';
import type { Router } from '../../core/router';
import type { Turn } from '../../core/turn';
import type { Outcome, TimeSpent } from '../../../storage/activity-log';
import { answeredLine, closedLine, firstAnswer, outcomeForm, replyForm, schoolCard, viewCard, workerCard } from './cards';
import { checkFreeText } from './child-reference';
import { warnOfNames } from '../../core/free-text';
import type { ConsultationContext } from './context';
import { owner } from './escalation';
import { OUTCOME_LABELS, QUICK_ANSWERS, label, type Consultation, type ExchangeMessage, type QuickAnswer } from './model';
import { formatDuration } from '../../config/duration';
import { registerAdviceChange } from './advice-change';
import { quietOwner, scheduleQuietClose } from './quiet-close';
import { entryWorker } from './record';
import { recordConsultation } from './recording';
import { markReferred, saysReferred } from './school-referral';
import { CONSULT } from './verbs';
import { ANSWER_FORM, OUTCOME_FORM, REPLY_FORM } from './forms';
import { parseForm } from '../../core/forms';

const CLOSED = (c: Consultation) => `Consultation #${c.number} is closed. To ask about something new, type consult.`;

export function registerExchange(router: Router, ctx: ConsultationContext): void {
  const { services } = ctx;

  router.action(CONSULT.view, async (turn, { id }) => {
    const c = await ctx.load(turn, id);
    if (c) turn.reply(viewCard(services, c, ctx.side(turn.person.id, c), ctx.canChange(turn.person.id, c)));
  });

  router.action(CONSULT.answer, async (turn, data) => {
    const c = await ctx.load(turn, data.id, { change: true });
    if (!c) return;
    if (ctx.side(turn.person.id, c) !== 'worker') return void turn.reply('Only the social worker answers with these buttons. Use Reply to add something.');
    const quick = quickAnswer(data.answer);
    if (c.status !== 'open') return spent(ctx, turn, c, closedAlready(ctx, c));
    if (firstAnswer(c)) return spent(ctx, turn, c, alreadyAnswered(ctx, c, quick?.outcome));
    if (!quick) return void turn.reply('That answer is from an older card. Open the consultation again to answer.');
    if (quick.outcome && c.answeredAt) return void turn.reply(alreadyAnswered(ctx, c, quick.outcome));
    const form = parseForm(ANSWER_FORM, turn.values);
    if (!form.ok) return void turn.reply(form.errors.advice);
    const { advice, timeSpent } = form.data;
    if (await warnOfNames(turn, [advice], CONSULT.answer.verb)) return;
    await respond(ctx, turn, c, { kind: 'answer', text: advice || (quick.outcome ? '' : quick.title), outcome: quick.outcome, timeSpent });
  });

  registerAdviceChange(router, ctx);

  router.action(CONSULT.replyForm, async (turn, { id }) => {
    const c = await ctx.load(turn, id, { change: true });
    if (!c) return;
    if (c.status !== 'open') return void turn.reply(CLOSED(c));
    turn.reply(replyForm(c, ctx.side(turn.person.id, c), ctx.schoolName(c.schoolId)));
  });

  router.action(CONSULT.replySend, async (turn, { id }) => {
    const c = await ctx.load(turn, id, { change: true });
    if (!c) return;
    if (c.status !== 'open') return void turn.reply(CLOSED(c));
    const form = parseForm(REPLY_FORM, turn.values);
    if (!form.ok) return void turn.reply({ ...replyForm(c, ctx.side(turn.person.id, c), ctx.schoolName(c.schoolId)), formErrors: form.errors });
    const { text, timeSpent } = form.data;
    if (await warnOfNames(turn, [text], 'consult.reply')) return;
    await respond(ctx, turn, c, { kind: 'reply', text, timeSpent });
  });

  router.command({ name: 'reply', private: true, summary: 'Reply on one of your open consultations', usage: 'reply <your message>' }, async (turn) => {
    const text = turn.args.trim();
    const open = (await ctx.repo.openFor(turn.person.id)).filter((c) => ctx.canChange(turn.person.id, c));
    if (!open.length) return void turn.reply('You have no open consultations to reply to.');
    await ctx.reads.record(turn.person.id, open.map((c) => c.id), 'list');
    if (!text) return void turn.reply(mineCard(ctx, open, 'Which consultation? Press Reply on it, or type reply followed by your message.'));
    const problem = checkFreeText(text);
    if (problem) return void turn.reply(problem);
    if (await warnOfNames(turn, [text], 'reply')) return;
    if (open.length === 1) return respond(ctx, turn, open[0], { kind: 'reply', text });
    const pending = `p-${randomUUID()}`;
    await ctx.repo.holdReply({ id: pending, personId: turn.person.id, text });
    const b = card('Which consultation is this reply for?').text('You have more than one open, so please choose. Nothing is sent until you do.', 'subtle');
    for (const c of open) b.action(CONSULT.replyPick.button(label(c, ctx.schoolName(c.schoolId)), { pending, id: c.id }));
    turn.reply({ text: `You have ${open.length} open consultations. Which one is this reply for? ${open.map((c) => `#${c.number}`).join(', ')}`, card: b.build() });
  });

  router.action(CONSULT.replyPick, async (turn, { id, pending }) => {
    const c = await ctx.load(turn, id, { change: true });
    if (!c) return;
    if (c.status !== 'open') return void turn.reply(CLOSED(c));
    const held = await ctx.repo.takeReply(pending, turn.person.id);
    if (!held) return void turn.reply('That reply was already sent (or is more than a day old). Type reply and your message again.');
    await respond(ctx, turn, c, { kind: 'reply', text: held.text });
  });

  router.action(CONSULT.close, async (turn, { id }) => {
    const c = await ctx.load(turn, id, { change: true });
    if (!c) return;
    if (c.status !== 'open') return spent(ctx, turn, c, closedAlready(ctx, c));
    const side = ctx.side(turn.person.id, c);
    if (side === 'worker') {
      const { submitted, outcome: chosen, timeSpent: spentNow } = OUTCOME_FORM.parse(turn.values);
      if (chosen && c.answeredAt && c.outcome && chosen !== c.outcome) return void turn.reply(alreadyAnswered(ctx, c, chosen));
      const outcome = chosen ?? (c.outcome && c.outcome !== 'not_recorded' ? c.outcome : undefined);
      const timeSpent = spentNow ?? c.timeSpent;
      if (!outcome || !timeSpent) {
        const errors: Record<string, string> = {};
        if (submitted && !outcome) errors.outcome = 'Please choose the outcome.';
        if (submitted && !timeSpent) errors.timeSpent = 'Please choose the time spent.';
        return void turn.reply(outcomeForm({ ...c, outcome, timeSpent }, CONSULT.close, submitted ? errors : undefined));
      }
      return close(ctx, turn, c, { outcome, timeSpent });
    }
    await close(ctx, turn, c, {});
  });

  router.action(CONSULT.record, async (turn, { id }) => {
    const c = await ctx.load(turn, id, { change: true });
    if (!c) return;
    if (ctx.side(turn.person.id, c) !== 'worker') return void turn.reply('Only the social worker records the outcome.');
    if (c.status !== 'closed' || !c.activityEntryId) return void turn.reply(`Consultation #${c.number} is still open: answer it, then close it.`);
    const { outcome, timeSpent } = OUTCOME_FORM.parse(turn.values);
    if (c.answeredAt) return void turn.reply(alreadyAnswered(ctx, c, outcome));
    if (!outcome || !timeSpent) return void turn.reply(outcomeForm(c, CONSULT.record));
    const at = turn.now.toISOString();
    const claimed = await ctx.repo.update(c.id, (x) => (x.answeredAt ? undefined : { ...x, outcome, timeSpent, answeredAt: at, answeredBy: turn.person.id }));
    if (!claimed) return void turn.reply(alreadyAnswered(ctx, (await ctx.repo.get(c.id)) ?? c, outcome));
    const amended = await services.activityLog.amend(c.activityEntryId, { outcome, timeSpent, workerId: turn.person.id }, 'outcome recorded by the social worker after the school closed the consultation', turn.person.id);
    await ctx.repo.update(c.id, (x) => ({ ...x, activityEntryId: amended.id, recorded: { messages: x.messages.length, outcome, timeSpent } }));
    services.log.info({ consultationId: c.id, entryId: amended.id }, 'consultation outcome recorded by amendment');
    await ctx.tell(ctx.schoolSide(c), { text: `${ctx.name(turn.person.id)} recorded the outcome of consultation #${c.number}: ${OUTCOME_LABELS[outcome]}.` });
    const done = `Outcome recorded by ${doneBy(services, turn.person.id, turn.now)}: ${OUTCOME_LABELS[outcome]}`;
    turn.update({ text: `Recorded for #${c.number}: ${OUTCOME_LABELS[outcome]}.`, card: card(`Consultation #${c.number} closed`).text(closedLine(services, c)).text(done, 'heading').build() });
  });

  const mine = async (turn: Turn) => {
    const open = (await ctx.repo.openFor(turn.person.id)).filter((c) => ctx.canSee(turn.person.id, c));
    await ctx.reads.record(turn.person.id, open.map((c) => c.id), 'list');
    turn.reply(open.length ? mineCard(ctx, open, 'Your open consultations') : { text: 'You have no open consultations.' });
  };
  router.command({ name: 'consultations', aliases: ['my consultations'], private: true, summary: 'Your open consultations', usage: 'consultations' }, mine);
  router.action(CONSULT.mine, mine);
}

function mineCard(ctx: ConsultationContext, open: Consultation[], title: string) {
  const b = card(title);
  const lines = open.map((c) => `${label(c, ctx.schoolName(c.schoolId))} · ${status(ctx, c)}`);
  for (const line of lines) b.text(line);
  for (const c of open) b.action(CONSULT.view.button(`Open #${c.number}`, { id: c.id }));
  return { text: [title, ...lines].join('\n'), card: b.build() };
}

export function status(ctx: ConsultationContext, c: Consultation): string {
  if (!c.firstResponseAt) return `waiting for ${ctx.firstName(c.holderId)}${c.dueAt ? `, reply by ${ctx.services.calendar.format(new Date(c.dueAt))}` : ''}`;
  const last = c.messages[c.messages.length - 1];
  return last ? `last from ${ctx.firstName(last.by)}` : 'open';
}

/** The quick answer a press names, if it is one (an old card may name one no longer offered). */
function quickAnswer(key: string): (typeof QUICK_ANSWERS)[QuickAnswer] | undefined {
  return Object.hasOwn(QUICK_ANSWERS, key) ? QUICK_ANSWERS[key as QuickAnswer] : undefined;
}

/** "Already answered by Amira at Mon 23 Nov, 10:42: Early help", and how to change it. */
export function alreadyAnswered(ctx: ConsultationContext, c: Consultation, pressed?: Outcome) {
  const when = c.answeredAt ? ` at ${ctx.services.calendar.format(new Date(c.answeredAt))}` : '';
  const answer = c.outcome ? OUTCOME_LABELS[c.outcome] : 'answered';
  const text = `Already answered by ${ctx.firstName(c.answeredBy ?? c.holderId)}${when}: ${answer} (consultation #${c.number}).`;
  if (!pressed || pressed === c.outcome || c.answeredBy === undefined) return { text };
  const b = card(`#${c.number} is already answered`).text(text).text('The first answer stands. To change it, say why: the school is told both.', 'subtle');
  b.action(CONSULT.changeForm.button('Change advice', { id: c.id, outcome: pressed }, 'primary'));
  return { text: `${text} To change it, press Change advice and say why.`, card: b.build() };
}

function closedAlready(ctx: ConsultationContext, c: Consultation): string {
  const by = c.closedBy && c.closedBy !== 'system' ? ` by ${ctx.firstName(c.closedBy)}` : '';
  const when = c.closedAt ? ` at ${ctx.services.calendar.format(new Date(c.closedAt))}` : '';
  const outcome = c.outcome && c.outcome !== 'not_recorded' ? `: ${OUTCOME_LABELS[c.outcome]}` : '';
  return `Consultation #${c.number} was already closed${by}${when}${outcome}.`;
}

/** Adds a message (stored first), counts a first response and the first answer, records, and tells the other side. */
async function respond(ctx: ConsultationContext, turn: Turn, c0: Consultation, m: Omit<ExchangeMessage, 'at' | 'by' | 'side'>): Promise<void> {
  const { services } = ctx;
  const me = turn.person.id;
  const side = ctx.side(me, c0);
  const at = turn.now.toISOString();
  const msg: ExchangeMessage = { at, by: me, side, ...m };
  let first = false;
  let answered = false;
  let refused: Consultation | undefined;
  const c1 = await ctx.repo.update(c0.id, (x) => {
    first = false;
    answered = false;
    refused = undefined;
    if (x.status !== 'open') return undefined;
    if (side === 'worker' && m.outcome && x.answeredAt) {
      refused = x;
      return undefined;
    }
    first = side === 'worker' && !x.firstResponseAt;
    answered = side === 'worker' && !!m.outcome;
    return {
      ...x,
      messages: [...x.messages, msg],
      ...(first ? { firstResponseAt: at, firstResponseBy: me } : {}),
      ...(answered ? { outcome: m.outcome, answeredAt: at, answeredBy: me } : {}),
      ...(side === 'worker' && m.timeSpent ? { timeSpent: m.timeSpent } : {}),
      participants: x.participants.includes(me) ? x.participants : [...x.participants, me],
    };
  });
  if (refused) return void turn.reply(alreadyAnswered(ctx, refused, m.outcome));
  if (!c1) return void turn.reply(CLOSED(c0));
  if (first) await services.scheduler.cancelOwner(owner(c1.id));
  if (!c0.participants.includes(me)) await ctx.repo.addOpen(me, c1);
  await scheduleQuietClose(ctx, c1, turn.now);
  services.log.info({ consultationId: c1.id, personId: me, side, kind: m.kind, firstResponse: first }, 'consultation message');
  const c = first || answered ? await recordConsultation(ctx, c1, me, answered && !first ? 'outcome given' : 'first response') : c1;

  const name = ctx.firstName(me);
  const describe = `Your ${m.kind === 'answer' ? 'answer' : 'reply'} on #${c.number}`;
  if (side === 'worker') {
    const headline = m.kind === 'answer' ? `${name} answered` : `${name} replied`;
    await ctx.tell(ctx.schoolSide(c), schoolCard(services, c, headline, [], { recent: msg }), { from: me, describe, about: c });
    const colleagues = ctx.workerSide(c).filter((p) => p !== me);
    if (colleagues.length) await ctx.tell(colleagues, { text: `${ctx.name(me)} has responded on consultation #${c.number}.` });
    turn.update(workerCard(services, c, `Sent to ${ctx.firstName(c.raisedBy)}`, { recent: msg }));
  } else {
    await ctx.tell(ctx.workerSide(c), workerCard(services, c, `${name} replied`, { recent: msg }), { from: me, describe, about: c });
    turn.update(schoolCard(services, c, `Sent to ${ctx.firstName(c.holderId)}`, [], { recent: msg }));
    // "We've made a MASH referral" in the school's own words: the worker reads it in the reply.
    if (saysReferred(m.text)) await markReferred(ctx, turn, c, { quiet: true });
  }
}

/** Closes once; the record is completed (written, or amended when something is new). */
export async function close(ctx: ConsultationContext, turn: Turn | undefined, c0: Consultation, set: { outcome?: Outcome; timeSpent?: TimeSpent }, by?: string): Promise<void> {
  const { services } = ctx;
  const me = turn?.person.id ?? by ?? 'system';
  const at = (turn?.now ?? services.now()).toISOString();
  const c1 = await ctx.repo.update(c0.id, (x) =>
    x.status !== 'open' ? undefined : { ...x, ...set, status: 'closed', closedAt: at, closedBy: me },
  );
  if (!c1) return void turn?.reply(closedAlready(ctx, (await ctx.repo.get(c0.id)) ?? c0));
  await services.scheduler.cancelOwner(owner(c1.id));
  await services.scheduler.cancelOwner(quietOwner(c1.id));
  await Promise.all(c1.participants.map((p) => ctx.repo.removeOpen(p, c1.id)));
  const c = await recordConsultation(ctx, c1, me === 'system' ? entryWorker(c1) : me, me === 'system' ? 'closed automatically after a quiet period' : 'closed');
  services.log.info({ consultationId: c.id, entryId: c.activityEntryId, closedBy: me }, 'consultation closed and recorded');

  const outcome = c.outcome && c.outcome !== 'not_recorded' ? OUTCOME_LABELS[c.outcome] : undefined;
  if (!turn) {
    const quiet = formatDuration(services.config.limits.consultationQuietClose);
    const text = `Consultation #${c.number} had nothing new for ${quiet}, so I've closed it${outcome ? ` (${outcome})` : ''}. It is recorded in the activity log. To ask about something new, type consult.`;
    await ctx.tell([...ctx.schoolSide(c), ...ctx.workerSide(c)], { text }, { about: c });
    return;
  }
  const headline = `${ctx.name(me)} closed consultation #${c.number}` + (outcome ? `: ${outcome}.` : '.');
  if (ctx.side(me, c) === 'worker') {
    await ctx.tell(ctx.schoolSide(c, { dsls: true }), { text: headline }, { from: me, describe: `Closing #${c.number}` });
    await ctx.tell(ctx.workerSide(c).filter((p) => p !== me), { text: headline });
  } else {
    const needsOutcome = !outcome;
    const b = card(`Consultation #${c.number} closed`).text(headline);
    if (needsOutcome) {
      b.text('No outcome was recorded. Please record it so the activity log is complete.', 'warning');
      b.action(CONSULT.record.button('Record outcome', { id: c.id }, 'primary'));
    }
    await ctx.tell(ctx.workerSide(c), { text: headline + (needsOutcome ? ' Please record the outcome.' : ''), card: b.build() }, { from: me, describe: `Closing #${c.number}` });
    const dsls = ctx.schoolSide(c, { dsls: true }).filter((p) => p !== me);
    if (dsls.length) await ctx.tell(dsls, { text: headline });
  }
  const closedText = `Closed consultation #${c.number}${outcome ? ` (${outcome})` : ''}. It is recorded in the activity log.`;
  const final = ctx.side(me, c) === 'worker' ? workerCard(services, c, `Consultation #${c.number} closed`) : schoolCard(services, c, `Consultation #${c.number} closed`, [closedLine(services, c)]);
  turn.update({ ...final, text: closedText });
}

/**
 * A press on a card whose moment has passed (answered already, or closed): the card shows its
 * final state, and the answer says what already happened.
 */
/**
 * A press on a card whose consultation has moved on: the pressed card shows its final state,
 * and the person is told what already happened (with Change advice where that applies).
 */
async function spent(ctx: ConsultationContext, turn: Turn, c: Consultation, answer?: string | Reply): Promise<void> {
  const { services } = ctx;
  const what = c.status === 'closed' ? closedLine(services, c) : answeredLine(services, c) ?? `Consultation #${c.number} was answered`;
  const text = `Already ${what.charAt(0).toLowerCase()}${what.slice(1)}.`;
  const final = ctx.side(turn.person.id, c) === 'worker' ? workerCard(services, c, `Consultation #${c.number}`) : schoolCard(services, c, `Consultation #${c.number}`, c.status === 'closed' ? [closedLine(services, c)] : []);
  turn.reply(answer ?? text);
  turn.update({ ...final, text });
}
