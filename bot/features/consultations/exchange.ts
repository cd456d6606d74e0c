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
import type { Router } from '../../core/router';
import type { Turn } from '../../core/turn';
import type { Outcome, TimeSpent } from '../../../storage/activity-log';
import { OUTCOMES } from '../../../storage/activity-log';
import { VALID, outcomeForm, replyForm, schoolCard, viewCard, workerCard } from './cards';
import { checkFreeText } from './child-reference';
import { warnOfNames } from '../../core/free-text';
import type { ConsultationContext } from './context';
import { owner } from './escalation';
import { OUTCOME_LABELS, QUICK_ANSWERS, label, type Consultation, type ExchangeMessage, type QuickAnswer } from './model';
import { activityEntryFor } from './record';

const CLOSED = (c: Consultation) => `Consultation #${c.number} is closed. To ask about something new, type consult.`;

export function registerExchange(router: Router, ctx: ConsultationContext): void {
  const { services } = ctx;

  router.action('consult.view', async (turn) => {
    const c = await ctx.load(turn);
    if (c) turn.reply(viewCard(services, c, ctx.side(turn.person.id, c)));
  });

  router.action('consult.answer', async (turn) => {
    const c = await ctx.load(turn);
    if (!c) return;
    if (ctx.side(turn.person.id, c) !== 'worker') return void turn.reply('Only the social worker answers with these buttons. Use Reply to add something.');
    const key = turn.values.answer as QuickAnswer;
    const quick = QUICK_ANSWERS[key];
    if (!quick) return void turn.reply('That answer is from an older card. Open the consultation again to answer.');
    const advice = (turn.values.advice ?? '').trim();
    const problem = advice ? checkFreeText(advice) : undefined;
    if (problem) return void turn.reply(problem);
    if (await warnOfNames(turn, [advice], 'consult.answer')) return;
    await respond(ctx, turn, c, { kind: 'answer', text: advice || (quick.outcome ? '' : quick.title), outcome: quick.outcome, timeSpent: timeSpentOf(turn) });
  });

  router.action('consult.reply.form', async (turn) => {
    const c = await ctx.load(turn);
    if (!c) return;
    if (c.status !== 'open') return void turn.reply(CLOSED(c));
    turn.reply(replyForm(c, ctx.side(turn.person.id, c), ctx.schoolName(c.schoolId)));
  });

  router.action('consult.reply.send', async (turn) => {
    const c = await ctx.load(turn);
    if (!c) return;
    if (c.status !== 'open') return void turn.reply(CLOSED(c));
    const text = (turn.values.message ?? turn.values.advice ?? '').trim();
    const side = ctx.side(turn.person.id, c);
    const problem = text ? checkFreeText(text) : 'Please write your reply first.';
    if (problem) return void turn.reply({ ...replyForm(c, side, ctx.schoolName(c.schoolId)), formErrors: { message: problem } });
    if (await warnOfNames(turn, [text], 'consult.reply')) return;
    await respond(ctx, turn, c, { kind: 'reply', text, timeSpent: timeSpentOf(turn) });
  });

  router.command({ name: 'reply', summary: 'Reply on one of your open consultations', usage: 'reply <your message>' }, async (turn) => {
    const text = turn.args.trim();
    const open = (await ctx.repo.openFor(turn.person.id)).filter((c) => ctx.canSee(turn.person.id, c));
    if (!open.length) return void turn.reply('You have no open consultations to reply to.');
    if (!text) return void turn.reply(mineCard(ctx, open, 'Which consultation? Press Reply on it, or type reply followed by your message.'));
    const problem = checkFreeText(text);
    if (problem) return void turn.reply(problem);
    if (await warnOfNames(turn, [text], 'reply')) return;
    if (open.length === 1) return respond(ctx, turn, open[0], { kind: 'reply', text });
    const pending = `p-${randomUUID()}`;
    await ctx.repo.holdReply({ id: pending, personId: turn.person.id, text });
    const b = card('Which consultation is this reply for?').text('You have more than one open, so please choose. Nothing is sent until you do.', 'subtle');
    for (const c of open) b.submit('consult.reply.pick', label(c, ctx.schoolName(c.schoolId)), { pending, id: c.id });
    turn.reply({ text: `You have ${open.length} open consultations. Which one is this reply for? ${open.map((c) => `#${c.number}`).join(', ')}`, card: b.build() });
  });

  router.action('consult.reply.pick', async (turn) => {
    const c = await ctx.load(turn);
    if (!c) return;
    if (c.status !== 'open') return void turn.reply(CLOSED(c));
    const held = await ctx.repo.takeReply(turn.values.pending ?? '', turn.person.id);
    if (!held) return void turn.reply('That reply was already sent (or is more than a day old). Type reply and your message again.');
    await respond(ctx, turn, c, { kind: 'reply', text: held.text });
  });

  router.action('consult.close', async (turn) => {
    const c = await ctx.load(turn);
    if (!c) return;
    if (c.status !== 'open') return void turn.reply(`Consultation #${c.number} is already closed.`);
    const side = ctx.side(turn.person.id, c);
    if (side === 'worker') {
      const chosen = outcomeOf(turn);
      const outcome = chosen ?? (c.outcome && c.outcome !== 'not_recorded' ? c.outcome : undefined);
      const timeSpent = timeSpentOf(turn) ?? c.timeSpent;
      if (!outcome || !timeSpent) {
        const submitted = turn.values.outcome !== undefined || turn.values.timeSpent !== undefined;
        const errors: Record<string, string> = {};
        if (submitted && !outcome) errors.outcome = 'Please choose the outcome.';
        if (submitted && !timeSpent) errors.timeSpent = 'Please choose the time spent.';
        return void turn.reply(outcomeForm({ ...c, outcome, timeSpent }, 'consult.close', submitted ? errors : undefined));
      }
      return close(ctx, turn, c, { outcome, timeSpent });
    }
    await close(ctx, turn, c, {});
  });

  router.action('consult.record', async (turn) => {
    const c = await ctx.load(turn);
    if (!c) return;
    if (ctx.side(turn.person.id, c) !== 'worker') return void turn.reply('Only the social worker records the outcome.');
    if (c.status !== 'closed' || !c.activityEntryId) return void turn.reply(`Consultation #${c.number} is still open: answer it, then close it.`);
    const outcome = outcomeOf(turn);
    const timeSpent = timeSpentOf(turn);
    if (!outcome || !timeSpent) return void turn.reply(outcomeForm(c, 'consult.record'));
    const amended = await services.activityLog.amend(c.activityEntryId, { outcome, timeSpent, workerId: turn.person.id }, 'outcome recorded by the social worker after the school closed the consultation', turn.person.id);
    await ctx.repo.update(c.id, (x) => ({ ...x, outcome, timeSpent, activityEntryId: amended.id }));
    services.log.info({ consultationId: c.id, entryId: amended.id }, 'consultation outcome recorded by amendment');
    await ctx.tell(ctx.schoolSide(c), { text: `${ctx.name(turn.person.id)} recorded the outcome of consultation #${c.number}: ${OUTCOME_LABELS[outcome]}.` });
    turn.reply(`Recorded for #${c.number}: ${OUTCOME_LABELS[outcome]}.`);
  });

  const mine = async (turn: Turn) => {
    const open = (await ctx.repo.openFor(turn.person.id)).filter((c) => ctx.canSee(turn.person.id, c));
    turn.reply(open.length ? mineCard(ctx, open, 'Your open consultations') : { text: 'You have no open consultations.' });
  };
  router.command({ name: 'consultations', aliases: ['my consultations'], summary: 'Your open consultations', usage: 'consultations' }, mine);
  router.action('consult.mine', mine);
}

function mineCard(ctx: ConsultationContext, open: Consultation[], title: string) {
  const b = card(title);
  const lines = open.map((c) => `${label(c, ctx.schoolName(c.schoolId))} · ${status(ctx, c)}`);
  for (const line of lines) b.text(line);
  for (const c of open) b.submit('consult.view', `Open #${c.number}`, { id: c.id });
  return { text: [title, ...lines].join('\n'), card: b.build() };
}

export function status(ctx: ConsultationContext, c: Consultation): string {
  if (!c.firstResponseAt) return `waiting for ${ctx.firstName(c.holderId)}${c.dueAt ? `, reply by ${ctx.services.calendar.format(new Date(c.dueAt))}` : ''}`;
  const last = c.messages[c.messages.length - 1];
  return last ? `last from ${ctx.firstName(last.by)}` : 'open';
}

function timeSpentOf(turn: Turn): TimeSpent | undefined {
  const v = turn.values.timeSpent;
  return v && VALID.timeSpent.includes(v) ? (v as TimeSpent) : undefined;
}

function outcomeOf(turn: Turn): Outcome | undefined {
  const v = turn.values.outcome;
  return v && v !== 'not_recorded' && (OUTCOMES as readonly string[]).includes(v) ? (v as Outcome) : undefined;
}

/** Adds a message (stored first), counts a first response, and tells the other side. */
async function respond(ctx: ConsultationContext, turn: Turn, c0: Consultation, m: Omit<ExchangeMessage, 'at' | 'by' | 'side'>): Promise<void> {
  const { services } = ctx;
  const me = turn.person.id;
  const side = ctx.side(me, c0);
  const at = turn.now.toISOString();
  const msg: ExchangeMessage = { at, by: me, side, ...m };
  let first = false;
  const c = await ctx.repo.update(c0.id, (x) => {
    if (x.status !== 'open') return undefined;
    first = side === 'worker' && !x.firstResponseAt;
    return {
      ...x,
      messages: [...x.messages, msg],
      ...(first ? { firstResponseAt: at, firstResponseBy: me } : {}),
      ...(side === 'worker' && m.outcome ? { outcome: m.outcome } : {}),
      ...(side === 'worker' && m.timeSpent ? { timeSpent: m.timeSpent } : {}),
      participants: x.participants.includes(me) ? x.participants : [...x.participants, me],
    };
  });
  if (!c) return void turn.reply(CLOSED(c0));
  if (first) await services.scheduler.cancelOwner(owner(c.id));
  if (!c0.participants.includes(me)) await ctx.repo.addOpen(me, c);
  services.log.info({ consultationId: c.id, personId: me, side, kind: m.kind, firstResponse: first }, 'consultation message');

  const name = ctx.firstName(me);
  const describe = `Your ${m.kind === 'answer' ? 'answer' : 'reply'} on #${c.number}`;
  if (side === 'worker') {
    const headline = m.kind === 'answer' ? `${name} answered` : `${name} replied`;
    await ctx.tell(ctx.schoolSide(c), schoolCard(services, c, headline, [], { recent: msg }), { from: me, describe });
    const colleagues = ctx.workerSide(c).filter((p) => p !== me);
    if (colleagues.length) await ctx.tell(colleagues, { text: `${ctx.name(me)} has responded on consultation #${c.number}.` });
    turn.reply(workerCard(services, c, `Sent to ${ctx.firstName(c.raisedBy)}`, { recent: msg }));
  } else {
    await ctx.tell(ctx.workerSide(c), workerCard(services, c, `${name} replied`, { recent: msg }), { from: me, describe });
    turn.reply(schoolCard(services, c, `Sent to ${ctx.firstName(c.holderId)}`, [], { recent: msg }));
  }
}

async function close(ctx: ConsultationContext, turn: Turn, c0: Consultation, set: { outcome?: Outcome; timeSpent?: TimeSpent }): Promise<void> {
  const { services } = ctx;
  const me = turn.person.id;
  const at = turn.now.toISOString();
  const c = await ctx.repo.update(c0.id, (x) =>
    x.status !== 'open' ? undefined : { ...x, ...set, status: 'closed', closedAt: at, closedBy: me },
  );
  if (!c) return void turn.reply(`Consultation #${c0.number} is already closed.`);
  await services.scheduler.cancelOwner(owner(c.id));
  await Promise.all(c.participants.map((p) => ctx.repo.removeOpen(p, c.id)));
  const entry = await services.activityLog.append(activityEntryFor(services, c, me));
  await ctx.repo.update(c.id, (x) => ({ ...x, activityEntryId: entry.id }));
  services.log.info({ consultationId: c.id, entryId: entry.id, closedBy: me }, 'consultation closed and recorded');

  const outcome = c.outcome && c.outcome !== 'not_recorded' ? OUTCOME_LABELS[c.outcome] : undefined;
  const headline = `${ctx.name(me)} closed consultation #${c.number}` + (outcome ? `: ${outcome}.` : '.');
  if (ctx.side(me, c) === 'worker') {
    await ctx.tell(ctx.schoolSide(c, { dsls: true }), { text: headline }, { from: me, describe: `Closing #${c.number}` });
    await ctx.tell(ctx.workerSide(c).filter((p) => p !== me), { text: headline });
  } else {
    const needsOutcome = !outcome;
    const b = card(`Consultation #${c.number} closed`).text(headline);
    if (needsOutcome) {
      b.text('No outcome was recorded. Please record it so the activity log is complete.', 'warning');
      b.submit('consult.record', 'Record outcome', { id: c.id }, 'primary');
    }
    await ctx.tell(ctx.workerSide(c), { text: headline + (needsOutcome ? ' Please record the outcome.' : ''), card: b.build() }, { from: me, describe: `Closing #${c.number}` });
    const dsls = ctx.schoolSide(c, { dsls: true }).filter((p) => p !== me);
    if (dsls.length) await ctx.tell(dsls, { text: headline });
  }
  turn.reply(`Closed consultation #${c.number}${outcome ? ` (${outcome})` : ''}. It is recorded in the activity log.`);
}
