/**
 * The school's side of a consultation: the immediate-danger question first, then the form,
 * the indicators step with indicative guidance, and sending it to the right worker (cover when
 * the link worker is away), with the response deadline set in the service's hours. Urgency
 * follows what was said: an s.47-level indicator makes it Red with "Call the MASH now" first.
 * One card instance is one consultation, however often (or from however many processes) it is sent.
 *
 * @example
 *   registerSchoolSide(router, ctx);
 *   // "is this a MASH referral?" → danger question → form → indicators → sent to sw.amira
 */
import type { School } from '../../config/schema';
import type { Router } from '../../core/router';
import type { Turn } from '../../core/turn';
import {
  consultForm,
  consultedBeforeLine,
  dangerQuestion,
  guidanceBlock,
  indicatorsStep,
  schoolCard,
  targetText,
  workerCard,
} from './cards';
import { warnOfNames } from '../../core/free-text';
import type { ConsultationContext } from './context';
import { scheduleEscalation } from './escalation';
import { categoriesById, guidanceFor, validIndicators } from './guidance';
import { type Consultation, type EnquirerRole, type Urgency } from './model';
import { INDICATORS_FORM, readConsultForm, type ConsultFormData } from './forms';
import { scheduleQuietClose } from './quiet-close';
import { newConsultationId } from './repository';
import { dueAt, routeFor } from './routing';
import { flagReReferral } from '../evidence/re-referral';
import { dangerAnswer, outOfHours, safetyNet } from '../../core/safety';
import { indicatedUrgency, mashNowLine, raiseTo } from './urgency';
import { CONSULT } from './verbs';

export const SCHOOL_ROLES = ['dsl', 'deputy_dsl', 'school_staff'] as const;

export function registerSchoolSide(router: Router, ctx: ConsultationContext): void {
  const { services } = ctx;
  const roles = { roles: [...SCHOOL_ROLES], private: true };

  const start = async (turn: Turn) => {
    if (!services.directory.schoolsOf(turn.person.id).length) {
      turn.reply(`You're not listed as staff at a school, so I can't send a consultation for you. ${safetyNet(services, turn.now)}`);
      return;
    }
    turn.reply(dangerQuestion(safetyNet(services, turn.now)));
  };

  router.command(
    { name: 'consult', aliases: ['advice', 'mash referral'], roles: [...SCHOOL_ROLES], private: true, summary: 'Ask your link social worker: is this a MASH referral?', usage: 'consult' },
    start,
  );
  router.phrase(/\bmash referral\b/i, 'consult');
  router.phrase(/\b(get|some|need|want|ask for|have)\b.{0,20}\badvice\b/i, 'consult');
  router.phrase(/\bsafeguarding (concern|advice|question)\b/i, 'consult');
  router.action(CONSULT.start, start, roles);

  router.action(
    CONSULT.dangerYes,
    async (turn, data) => {
      const urgent = dangerAnswer(services, turn.now);
      const schools = services.directory.schoolsOf(turn.person.id);
      const school = schools.find((s) => s.id === data.school) ?? (schools.length === 1 ? schools[0] : undefined);
      if (!school) {
        turn.reply(urgent);
        turn.reply(pickSchool(schools, data.form));
        return;
      }
      const opened = await reportDanger(ctx, turn, school, data.form);
      if (!opened.c) return void turn.reply(`${urgent}\n${opened.lines.join(' ')}`);
      const reply = dangerCard(ctx, opened.c, opened.already ? 'Already reported' : 'Call 999 now', [urgent, ...opened.lines]);
      reply.text = `${urgent}\n${reply.text}`;
      turn.reply(reply);
    },
    roles,
  );

  router.action(CONSULT.dangerNo, async (turn, data) => void turn.reply(consultForm(services, services.directory.schoolsOf(turn.person.id), { form: data.form })), roles);

  router.action(
    CONSULT.form,
    async (turn, { id }) => {
      const c = await ctx.load(turn, id);
      if (!c) return;
      if (c.raisedBy !== turn.person.id || !c.immediateDanger || c.details || c.status !== 'open') {
        turn.reply(`Consultation #${c.number} already has its details. Use Reply to add anything.`);
        return;
      }
      turn.reply(consultForm(services, [services.directory.school(c.schoolId)!], {}, undefined, c));
    },
    roles,
  );

  router.action(
    CONSULT.submit,
    async (turn, data) => {
      const id = dangerOpened.get(turn) ?? data.id;
      let existing: Consultation | undefined;
      if (id) {
        existing = await ctx.load(turn, id, { change: true });
        if (!existing) return;
        if (existing.raisedBy !== turn.person.id || !existing.immediateDanger || existing.details || existing.status !== 'open') {
          turn.reply(`Consultation #${existing.number} already has its details. Use Reply to add anything.`);
          return;
        }
      }
      const schools = existing ? [services.directory.school(existing.schoolId)!] : services.directory.schoolsOf(turn.person.id);
      if (!schools.length) return void turn.reply("You're not listed as staff at a school, so I can't send a consultation for you.");
      const sent = readConsultForm(services, schools, !existing, turn.values);
      const { school } = sent;
      if (!sent.ok) {
        const kept = { ...sent.entered, school: school.id, ...(sent.errors.reference ? { reference: '' } : {}) };
        turn.reply(consultForm(services, schools, kept, sent.errors, existing));
        return;
      }
      const parsed = sent.data;
      if (await warnOfNames(turn, [parsed.details.whatHappened, parsed.details.schoolActions], CONSULT.submit.verb)) return;
      let c: Consultation;
      if (existing) {
        const updated = await ctx.repo.update(existing.id, (x) => (x.details ? undefined : { ...x, child: parsed.child, categories: parsed.categories, details: parsed.details }));
        if (!updated) return void turn.reply(`Consultation #${existing.number} already has its details. Use Reply to add anything.`);
        c = updated;
      } else {
        const newId = newConsultationId();
        const claimed = data.form ? await ctx.repo.claimForm({ formId: data.form, personId: turn.person.id, consultationId: newId }) : undefined;
        if (claimed) return alreadySent(ctx, turn, claimed.consultationId);
        c = await newDraft(ctx, turn, school, parsed, newId);
      }
      const withIndicators = categoriesById(services.config.thresholds, c.categories).some((cat) => cat.indicators.length);
      if (withIndicators) turn.reply(indicatorsStep(services, c));
      else await send(ctx, turn, c, []);
    },
    roles,
  );

  router.action(
    CONSULT.indicators,
    async (turn, { id }) => {
      const c = await ctx.load(turn, id, { change: true });
      if (!c) return;
      const awaitingDetails = c.immediateDanger && c.status === 'open' && !!c.details && !c.messages.some((m) => m.kind === 'details');
      if (c.raisedBy !== turn.person.id || (c.status !== 'draft' && !awaitingDetails)) {
        turn.reply(`Already sent as #${c.number} to ${ctx.firstName(c.holderId)}.`);
        return;
      }
      const ticked = INDICATORS_FORM.parse(turn.values);
      await send(ctx, turn, c, validIndicators(services.config.thresholds, c.categories, ticked));
    },
    roles,
  );
}

function pickSchool(schools: School[], form?: string) {
  return {
    text: 'Which school is the child at, so I can alert the right social worker?',
    card: {
      title: 'Which school?',
      body: [],
      actions: schools.map((s) => CONSULT.dangerYes.button(s.name, { school: s.id, ...(form ? { form } : {}) })),
    },
  };
}

/** The second press of a spent form: what it already became. */
async function alreadySent(ctx: ConsultationContext, turn: Turn, id: string): Promise<void> {
  const c = await firstOf(ctx, id);
  if (!c) return void turn.reply('That form is being sent already. Give it a moment, then type consultations to see it.');
  if (c.status === 'draft') return void turn.reply(indicatorsStep(ctx.services, c));
  turn.reply(`Already sent as #${c.number} to ${ctx.firstName(c.holderId)}. Type consultations to see it.`);
}

/** The consultation a claimed card became, once its first press has stored it (a moment at most). */
async function firstOf(ctx: ConsultationContext, id: string): Promise<Consultation | undefined> {
  for (let i = 0; i < 40; i++) {
    const c = await ctx.repo.get(id);
    if (c) return c;
    await new Promise((r) => setTimeout(r, 25));
  }
  return undefined;
}

/** Consultations opened for danger in this turn (so the form in the same turn adds to it). */
const dangerOpened = new WeakMap<Turn, string>();

/**
 * A child in danger now, reported by the button or in words: one immediate-danger consultation
 * per card (or per turn), the worker alerted as urgent and the school's DSLs told.
 */
export async function reportDanger(ctx: ConsultationContext, turn: Turn, school: School, formId?: string): Promise<{ c?: Consultation; already: boolean; lines: string[] }> {
  const { services } = ctx;
  const id = newConsultationId();
  const claimed = formId ? await ctx.repo.claimForm({ formId, personId: turn.person.id, consultationId: id }) : undefined;
  if (claimed) {
    // The first press is reporting it (maybe this very moment, in another process).
    const before = await firstOf(ctx, claimed.consultationId);
    const when = before ? services.calendar.format(new Date(before.createdAt)) : undefined;
    return {
      c: before,
      already: true,
      lines: before
        ? [`You reported this at ${when} (consultation #${before.number}) and I alerted ${ctx.name(before.holderId)} as urgent then.`]
        : ['You have just reported this, and your social worker is being alerted as urgent.'],
    };
  }
  const c = await openConsultation(ctx, turn, school, { immediateDanger: true, urgency: 'red' }, id);
  dangerOpened.set(turn, c.id);
  const why = turn.dangerPhrase ? `Danger words in a message: "${turn.dangerPhrase}"` : 'Child in immediate danger';
  await ctx.tell([c.holderId], workerCard(services, c, why, { urgent: true }), { from: turn.person.id, describe: `The urgent alert on #${c.number}`, about: c });
  await ctx.tell(
    ctx.schoolSide(c, { dsls: true }).filter((p) => p !== turn.person.id),
    { text: `${ctx.name(turn.person.id)} reported a child in immediate danger (#${c.number}). They have been told to call 999 and the MASH, and ${ctx.name(c.holderId)} has been alerted.` },
    { about: c },
  );
  return {
    c,
    already: false,
    lines: [
      `I've alerted ${ctx.name(c.holderId)} as urgent (consultation #${c.number}).` + (c.awayUntil ? ` ${ctx.firstName(c.linkWorkerId)} is away, so it went to cover.` : ''),
      'When it is safe to, add the details so your social worker has them.',
    ],
  };
}

export function dangerCard(ctx: ConsultationContext, c: Consultation, headline: string, lines: string[]) {
  const reply = schoolCard(ctx.services, c, headline, lines);
  if (!c.details && c.status === 'open') reply.card?.actions.unshift(CONSULT.form.button('Add details', { id: c.id }, 'primary'));
  return { ...reply, private: true };
}

function enquirerRole(turn: Turn): EnquirerRole {
  return turn.person.enquirerRole ?? (turn.person.roles.some((r) => r === 'dsl' || r === 'deputy_dsl') ? 'dsl' : 'other_professional');
}

async function newDraft(ctx: ConsultationContext, turn: Turn, school: School, p: ConsultFormData, id: string): Promise<Consultation> {
  const number = await ctx.repo.nextNumber();
  const link = ctx.services.directory.linkWorkersOf(school.id)[0];
  const c: Consultation = {
    id,
    number,
    schoolId: school.id,
    teamId: ctx.services.directory.teamForSchool(school.id)?.id,
    raisedBy: turn.person.id,
    raisedRole: enquirerRole(turn),
    status: 'draft',
    immediateDanger: false,
    child: p.child,
    categories: p.categories,
    indicators: [],
    details: p.details,
    urgency: p.urgency,
    linkWorkerId: link,
    holderId: link,
    escalations: [],
    createdAt: turn.now.toISOString(),
    messages: [],
    participants: [turn.person.id],
    consultedBefore: [],
  };
  await ctx.repo.create(c);
  return c;
}

/** Opens a consultation at once (immediate danger): routed, due, indexed and its escalation set. */
async function openConsultation(ctx: ConsultationContext, turn: Turn, school: School, opts: { immediateDanger: true; urgency: Urgency }, id: string): Promise<Consultation> {
  const { services } = ctx;
  const number = await ctx.repo.nextNumber();
  const now = turn.now;
  const route = await routeFor(school.id, services, ctx.away);
  const c: Consultation = {
    id,
    number,
    schoolId: school.id,
    teamId: services.directory.teamForSchool(school.id)?.id,
    raisedBy: turn.person.id,
    raisedRole: enquirerRole(turn),
    status: 'open',
    immediateDanger: opts.immediateDanger,
    categories: [],
    indicators: [],
    urgency: opts.urgency,
    linkWorkerId: route.linkWorkerId,
    holderId: route.holderId,
    awayUntil: route.awayUntil,
    escalations: [],
    createdAt: now.toISOString(),
    submittedAt: now.toISOString(),
    dueAt: dueAt(services, now, opts.urgency).toISOString(),
    outOfHours: outOfHours(services, now),
    dangerWords: !!turn.dangerPhrase,
    messages: [{ at: now.toISOString(), by: turn.person.id, side: 'school', kind: 'note', text: turn.dangerPhrase ? `Danger words in a message ("${turn.dangerPhrase}"). I have been told to call 999 and the MASH.` : 'A child is in immediate danger. I have been told to call 999 and the MASH.' }],
    participants: [turn.person.id, route.holderId],
    consultedBefore: [],
  };
  await ctx.repo.create(c);
  await afterOpen(ctx, c);
  services.log.info({ consultationId: c.id, schoolId: c.schoolId, holderId: c.holderId }, 'immediate danger reported');
  return c;
}

async function afterOpen(ctx: ConsultationContext, c: Consultation): Promise<void> {
  await Promise.all(c.participants.map((p) => ctx.repo.addOpen(p, c)));
  await ctx.repo.indexForWorker(c.holderId, c.id, Date.parse(c.submittedAt!));
  await scheduleEscalation(ctx, c, 1, new Date(c.dueAt!));
  await scheduleQuietClose(ctx, c, new Date(c.submittedAt!));
}

async function repeatOf(ctx: ConsultationContext, c: Consultation, now: Date): Promise<string[]> {
  if (!c.child) return [];
  const window = ctx.services.config.limits.consultationRepeatWindow;
  const earlier = await ctx.repo.childHistory(c.schoolId, c.child.reference, now.getTime() - window, now.getTime());
  return earlier.filter((x) => x.id !== c.id && x.submittedAt).map((x) => x.submittedAt!).sort();
}

/** Sends a draft to its worker, or adds the details to an immediate-danger consultation. */
async function send(ctx: ConsultationContext, turn: Turn, draft: Consultation, indicators: string[]): Promise<void> {
  const { services } = ctx;
  const now = turn.now;
  const level = guidanceFor(services.config.thresholds, indicators).level?.level;
  const before = await repeatOf(ctx, draft, now);
  const question = { at: now.toISOString(), by: turn.person.id, side: 'school' as const, kind: (draft.immediateDanger ? 'details' : 'question') as 'details' | 'question', text: draft.details?.whatHappened ?? '' };

  if (draft.immediateDanger) {
    const c = await ctx.repo.update(draft.id, (x) =>
      x.status !== 'open' || x.messages.some((m) => m.kind === 'details')
        ? undefined
        : { ...x, indicators, indicativeLevel: level, consultedBefore: before, messages: [...x.messages, question] },
    );
    if (!c) return void turn.reply(`Already sent as #${draft.number} to ${ctx.firstName(draft.holderId)}.`);
    if (c.child) await ctx.repo.indexChild(c.schoolId, c.child.reference, c.id, Date.parse(c.submittedAt!));
    await flagReReferral(services, c);
    await ctx.tell([c.holderId], workerCard(services, c, 'Details added', { urgent: true }), { from: turn.person.id, describe: `The details for #${c.number}`, about: c });
    turn.reply(schoolCard(services, c, `Details sent to ${ctx.firstName(c.holderId)}`, confirmationLines(ctx, c, now)));
    return;
  }

  const route = await routeFor(draft.schoolId, services, ctx.away);
  const floor = indicatedUrgency(services.config.thresholds, indicators);
  const urgency = raiseTo(draft.urgency, floor);
  const due = dueAt(services, now, urgency);
  const c = await ctx.repo.update(draft.id, (x) =>
    x.status !== 'draft'
      ? undefined
      : {
          ...x,
          status: 'open',
          urgency,
          submittedAt: now.toISOString(),
          dueAt: due.toISOString(),
          outOfHours: outOfHours(services, now),
          linkWorkerId: route.linkWorkerId,
          holderId: route.holderId,
          awayUntil: route.awayUntil,
          indicators,
          indicativeLevel: level,
          consultedBefore: before,
          participants: [...new Set([x.raisedBy, route.holderId])],
          messages: [...x.messages, question],
        },
  );
  if (!c) {
    const sent = (await ctx.repo.get(draft.id)) ?? draft;
    return void turn.reply(`Already sent as #${sent.number} to ${ctx.firstName(sent.holderId)}.`);
  }
  if (c.child) await ctx.repo.indexChild(c.schoolId, c.child.reference, c.id, now.getTime());
  await afterOpen(ctx, c);
  services.log.info({ consultationId: c.id, schoolId: c.schoolId, holderId: c.holderId, urgency: c.urgency, outOfHours: c.outOfHours }, 'consultation opened');
  await flagReReferral(services, c);

  const s47 = floor === 'red';
  const away = c.awayUntil ? ` (${ctx.firstName(c.linkWorkerId)} is away)` : '';
  const headline = s47 ? `New consultation${away} – URGENT, s.47 level` : `New consultation${away}`;
  await ctx.tell([c.holderId], workerCard(services, c, headline, { urgent: c.urgency === 'red' }), { from: turn.person.id, describe: `Your consultation #${c.number}`, about: c });
  const dsls = ctx.schoolSide(c, { dsls: true }).filter((p) => p !== c.raisedBy);
  if (dsls.length)
    await ctx.tell(
      dsls,
      { text: `For your information: ${ctx.name(c.raisedBy)} asked ${ctx.name(c.holderId)} for advice (consultation #${c.number}, ${c.child?.yearGroup} ${c.child?.reference}).${s47 ? ` ${mashNowLine(services, now)}` : ''}` },
      { about: c },
    );
  const lines = confirmationLines(ctx, c, now);
  if (s47) {
    if (draft.urgency !== 'red') lines.splice(0, 0, `I've made this Red (you chose ${URGENCY_TITLE[draft.urgency]}): an indicator you ticked is at the s.47 level, and ${ctx.firstName(c.holderId)} has been alerted as urgent.`);
    lines.unshift(mashNowLine(services, now));
  }
  const reply = schoolCard(services, c, s47 ? (outOfHours(services, now) ? 'Call the emergency duty team now' : 'Call the MASH now') : `Sent to ${ctx.firstName(c.holderId)}`, lines);
  if (s47) reply.text = `${mashNowLine(services, now)}\n${reply.text}`;
  turn.reply(reply);
}

function confirmationLines(ctx: ConsultationContext, c: Consultation, now: Date): string[] {
  const { services } = ctx;
  const lines: string[] = [];
  if (c.awayUntil)
    lines.push(
      `${ctx.name(c.linkWorkerId)} is away until ${services.calendar.formatDate(c.awayUntil)}, so this has gone to ${ctx.name(c.holderId)}.`,
    );
  if (!c.immediateDanger && c.dueAt)
    lines.push(`${URGENCY_TITLE[c.urgency]}: a reply is expected within ${targetText(services, c.urgency)}, by ${services.calendar.format(new Date(c.dueAt))}. If there's no reply by then it goes to cover and I'll tell you who.`);
  if (outOfHours(services, now)) {
    const opens = services.calendar.nextServiceOpening(now);
    lines.push(
      `It's out of hours: the MASH and SWIS team are closed, so ${ctx.firstName(c.holderId)} may not see this until ${opens ? services.calendar.format(opens) : 'they next open'}. ` +
        `If you're worried about a child's safety before then, call the emergency duty team on ${services.config.authority.emergencyDutyTeamPhone}.`,
    );
  }
  const before = consultedBeforeLine(services, c);
  if (before) lines.push(before);
  lines.push(...guidanceBlock(services, c, ctx.firstName(c.holderId)));
  return lines;
}

const URGENCY_TITLE: Record<Urgency, string> = { red: 'Red', amber: 'Amber', green: 'Green' };
