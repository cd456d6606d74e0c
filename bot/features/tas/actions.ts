/**
 * TAS actions from start to finish: a chair posts one (`action @owner <what> by <date>` in the
 * meeting's chat or 1:1, or the form), the owner gets it with "Got it", "Done" and "Update",
 * is reminded the school day before it is due, and is nudged (and the chair told) once it is
 * overdue. The chair can reassign it or move its due date; every change is kept in the
 * action's history and nothing is deleted. A worker's actions go in the activity log.
 *
 * @example
 *   action @sw.amira call mum about attendance (Y9 JS) by Friday
 *   action werneth @Anne Byrne health review by next Tuesday
 *   tas done A7 Spoke to mum, attendance plan agreed
 */
import { screenFreeText } from '../../core/free-text';
import { card } from '../../../cards/tree';
import type { Router } from '../../core/router';
import { doneBy } from '../../core/done';
import type { Turn } from '../../core/turn';
import { defineJob, handleJob, jobId, scheduleJob, type JobOf } from '../../scheduling/jobs';
import type { ActivityType, ChildRef, TimeSpent } from '../../../storage/activity-log';
import { parseForm, type FormResult } from '../../core/forms';
import { actionForm, actionLine, actionReply, changeForm, doneForm, updateForm, VERB } from './action-cards';
import type { TasContext } from './context';
import { dueDate, noteForm, tasActionForm, tasChangeForm, type NoteForm } from './forms';
import type { ActionChange, Attendee, TasAction, TasSeries } from './model';
import { resolveOwner } from './owners';
import { seriesIdFor } from './repository';
import { actionReminderAt, overdueFrom, overdueNudgeAt } from './timing';
import { activityInWords } from '../digest/quick-log';
import { z } from 'zod';

/** A TAS action's jobs carry its id and the due date they were planned for. */
const actionJob = z.object({ actionId: jobId, due: z.string().max(40) });
const JOB = { remind: defineJob('tas.action.remind', actionJob), overdue: defineJob('tas.action.overdue', actionJob) } as const;
const owner = (id: string) => `tas-action:${id}`;

interface NewAction {
  schoolId: string;
  owner: Attendee;
  what: string;
  due: string;
  child?: ChildRef;
}

type Picked = { schoolId: string; series?: TasSeries } | { error: string };

export class TasActions {
  constructor(private readonly ctx: TasContext) {}

  register(router: Router): void {
    const { scheduler } = this.ctx.services;
    router.command(
      { name: 'action', aliases: ['tas action'], roles: ['tas_chair'], summary: 'Post a TAS action for an owner', usage: 'action @owner <what> by <date>' },
      (t) => this.postFromText(t),
    );
    router.command({ name: 'tas actions', summary: "A school's open TAS actions", usage: 'tas actions [school]' }, (t) => this.list(t));
    router.command({ name: 'tas done', summary: 'Close your TAS action with a note', usage: 'tas done A7 <what was done>' }, (t) =>
      this.closeFromText(t, 'done'),
    );
    router.command({ name: 'tas update', summary: 'Send the chair an update on your TAS action', usage: 'tas update A7 <note>' }, (t) =>
      this.closeFromText(t, 'update'),
    );
    router.command({ name: 'tas reassign', roles: ['tas_chair'], summary: 'Give a TAS action to someone else', usage: 'tas reassign A7 @owner' }, (t) =>
      this.reassignFromText(t),
    );
    router.command({ name: 'tas due', roles: ['tas_chair'], summary: "Change a TAS action's due date", usage: 'tas due A7 <date>' }, (t) =>
      this.dueFromText(t),
    );

    router.action(VERB.form, (t) => this.showForm(t), { roles: ['tas_chair'] });
    router.action(VERB.post, (t) => this.postFromForm(t), { roles: ['tas_chair'] });
    router.action(VERB.ack, (t, { id }) => this.acknowledge(t, id));
    router.action(VERB.done, (t, { id }) => this.openForm(t, id, 'done'));
    router.action(VERB.update, (t, { id }) => this.openForm(t, id, 'update'));
    router.action(VERB.doneSubmit, (t, { id }) => this.submitNote(t, id, 'done'));
    router.action(VERB.updateSubmit, (t, { id }) => this.submitNote(t, id, 'update'));
    router.action(VERB.change, (t, { id }) => this.openChange(t, id), { roles: ['tas_chair'] });
    router.action(VERB.changeSubmit, (t, { id }) => this.submitChange(t, id), { roles: ['tas_chair'] });

    handleJob(scheduler, JOB.remind, (job) => this.remind(job));
    handleJob(scheduler, JOB.overdue, (job) => this.overdue(job));
  }

  // Posting ---------------------------------------------------------------------------

  private async postFromText(turn: Turn): Promise<void> {
    if (turn.event.type !== 'message') return;
    const args = turn.args.trim();
    const at = args.indexOf('@');
    if (!args || at < 0) {
      turn.reply('Write the owner, what and when, e.g. *action @sw.amira call mum about attendance by Friday*, or press "Post a TAS action" for the form. Nothing was saved.');
      return;
    }
    const picked = await this.pickSchool(turn, args.slice(0, at));
    if ('error' in picked) return turn.reply(`${picked.error} Nothing was saved.`);

    const who = resolveOwner(args.slice(at), turn.event.mentions ?? [], this.ctx.directory, picked.series?.attendees ?? []);
    if ('error' in who) return turn.reply(`${who.error} Nothing was saved.`);

    const by = /(?:^|\s+)by\s+(?!.*\sby\s)(.+)$/i.exec(who.rest);
    if (!by) return turn.reply('Add a due date at the end, e.g. *… by Friday* or *… by 27 Nov*. Nothing was saved.');
    let what = who.rest.slice(0, by.index).trim();
    let child: ChildRef | undefined;
    const paren = /\(\s*([A-Za-z]\w{0,2})\s+([^()\s]{1,12})\s*\)/.exec(what);
    if (paren) {
      const ref = this.ctx.childRef(paren[1], paren[2]);
      if ('error' in ref) return turn.reply(`${ref.error} Nothing was saved.`);
      child = ref.child;
      what = (what.slice(0, paren.index) + what.slice(paren.index + paren[0].length)).replace(/\s+/g, ' ').trim();
    }
    if (!what) return turn.reply('Say what the action is, e.g. *action @sw.amira call mum by Friday*. Nothing was saved.');
    const due = dueDate(this.ctx, by[1]);
    if ('error' in due) return turn.reply(`${due.error} Nothing was saved.`);
    await this.create(turn, picked, { schoolId: picked.schoolId, owner: who.owner, what, due: due.date, child });
  }

  private async showForm(turn: Turn): Promise<void> {
    const schools = this.ctx.directory.chairedSchools(turn.person.id);
    if (!schools.length) return turn.reply("You don't chair any school's Team Around the School, so there is nothing to post an action for.");
    const bound = turn.event.conversation.kind !== 'personal' ? await this.ctx.repo.seriesForChat(turn.event.conversation) : undefined;
    const preset = bound?.schoolId ?? (schools.length === 1 ? schools[0].id : undefined);
    turn.reply(actionForm(this.ctx, schools, preset, preset ? await this.ctx.repo.series(seriesIdFor(preset)) : undefined));
  }

  private async postFromForm(turn: Turn): Promise<void> {
    // Every school's series: a named owner is checked against the chosen school's attendees.
    const allSeries = new Map((await this.ctx.repo.allSeries()).map((s) => [s.id, s]));
    const seriesOf = (schoolId: string) => allSeries.get(seriesIdFor(schoolId));
    const form = parseForm(tasActionForm(this.ctx, turn.person.id, seriesOf), turn.values);
    if (!form.ok) return turn.reply({ text: `${Object.values(form.errors).join(' ')} Nothing was saved.`, formErrors: form.errors });
    const { schoolId, series, owner, what, due, child } = form.data;
    await this.create(turn, { schoolId, series }, { schoolId, owner, what, due, child });
  }

  /** The school an action is for: named, the meeting chat's, or the chair's only school. */
  private async pickSchool(turn: Turn, named: string): Promise<Picked> {
    const me = turn.person.id;
    const conv = turn.event.conversation;
    let schoolId: string | undefined;
    if (named.trim()) {
      const school = this.ctx.findSchool(named);
      if (!school) return { error: `I don't know a school called "${named.trim()}".` };
      schoolId = school.id;
    } else if (conv.kind !== 'personal') {
      schoolId = (await this.ctx.repo.seriesForChat(conv))?.schoolId;
    }
    if (!schoolId) {
      const chaired = this.ctx.directory.chairedSchools(me);
      if (chaired.length === 1) schoolId = chaired[0].id;
      else if (!chaired.length) return { error: "You don't chair any school's Team Around the School." };
      else return { error: `Which school? You chair TAS for ${chaired.length} schools: write e.g. *action ${chaired[0].id} @owner … by Friday*.` };
    }
    if (!this.ctx.chairs(me, schoolId)) return { error: `You don't chair the TAS for ${this.ctx.schoolName(schoolId)}, so you can't post actions for it.` };
    const series = await this.ctx.repo.series(seriesIdFor(schoolId));
    if (series && conv.kind !== 'personal' && !(await this.ctx.repo.seriesForChat(conv))) {
      // The chat a chair first posts a school's actions in becomes that meeting's chat.
      const chat = { ...conv, threadId: undefined };
      await this.ctx.repo.bindChat(chat, series.id);
      const updated = await this.ctx.repo.updateSeries(series.id, (s) => (s.conversation ? undefined : { ...s, conversation: chat }));
      return { schoolId, series: updated ?? series };
    }
    return { schoolId, series };
  }

  private meetingIdFor(series?: TasSeries): string | undefined {
    if (!series) return undefined;
    const next = series.nextMeetingId;
    const started = next && this.ctx.calendar.at(next.slice(series.id.length + 1), series.time).getTime() <= this.ctx.now().getTime();
    return started ? next : series.lastMeetingId;
  }

  private async create(turn: Turn, picked: { schoolId: string; series?: TasSeries }, n: NewAction): Promise<void> {
    if (await screenFreeText(turn, [n.what], 'tas action')) return;
    const { repo } = this.ctx;
    const nowIso = this.ctx.now().toISOString();
    const a: TasAction = {
      id: await repo.nextActionId(),
      schoolId: n.schoolId,
      seriesId: picked.series?.id,
      meetingId: this.meetingIdFor(picked.series),
      chairId: turn.person.id,
      owner: n.owner,
      what: n.what,
      child: n.child,
      due: n.due,
      status: 'open',
      createdAt: nowIso,
      createdBy: turn.person.id,
      activityEntries: [],
      history: [{ at: nowIso, by: turn.person.id, kind: 'created', to: n.owner.personId ?? n.owner.name, note: `due ${n.due}` }],
    };
    await repo.createAction(a);
    const recorded = await this.recordForWorker(a, a.owner.personId);
    await this.schedule(recorded);
    const got = await this.ctx.toOwner(recorded, actionReply(this.ctx, recorded, 'New TAS action'), `TAS action ${a.id}`);
    this.ctx.services.log.info({ actionId: a.id, schoolId: a.schoolId, chairId: a.chairId }, 'tas action posted');
    turn.reply(
      `${a.id} for ${a.owner.name} at ${this.ctx.schoolName(a.schoolId)}: ${a.what}, due ${this.ctx.dueLabel(a.due)}. ` +
        (got === 'owner'
          ? `I've sent it to ${a.owner.name.split(' ')[0]}.`
          : `${a.owner.name} isn't someone I can reach on Teams or Slack, so I've sent it to you to pass on; you'll get their reminders too.`),
    );
  }

  // Owner answers -----------------------------------------------------------------------

  private async load(turn: Turn, id: string | undefined): Promise<TasAction | undefined> {
    const a = id ? await this.ctx.repo.action(id) : undefined;
    if (!a) turn.reply(id ? `I can't find TAS action ${id.toUpperCase()}. Type *tas actions* to see open ones.` : 'Which action? Give its number, e.g. A7.');
    return a;
  }

  /** The owner, or a chair of the school (who acts for owners the bot can't reach). */
  private mayAnswer(turn: Turn, a: TasAction): boolean {
    if (a.owner.personId === turn.person.id || this.ctx.chairs(turn.person.id, a.schoolId)) return true;
    turn.reply(`${a.id} belongs to ${a.owner.name}; only they or the TAS chair can change it.`);
    return false;
  }

  private async acknowledge(turn: Turn, id: string): Promise<void> {
    const a = await this.load(turn, id);
    if (!a || !this.mayAnswer(turn, a)) return;
    if (a.status === 'done') return this.spent(turn, a);
    const res = await this.ctx.repo.updateAction(a.id, (x) =>
      x.acknowledgedAt ? undefined : { ...x, acknowledgedAt: turn.now.toISOString(), history: [...x.history, change(turn, 'acknowledged')] },
    );
    const now = res?.after ?? (await this.ctx.repo.action(a.id)) ?? a;
    if (turn.event.type === 'action') turn.update(actionReply(this.ctx, now, 'TAS action'));
    const when = actionReminderAt(this.ctx.calendar, this.ctx.services.config.limits.tasActionReminderAt, a.due);
    turn.reply(
      `Thanks, ${a.id} is yours, due ${this.ctx.dueLabel(a.due)}.` +
        (when && when.getTime() > turn.now.getTime() ? ` I'll remind you ${this.ctx.calendar.format(when)}.` : ''),
    );
  }

  private async openForm(turn: Turn, id: string, kind: 'done' | 'update'): Promise<void> {
    const a = await this.load(turn, id);
    if (!a || !this.mayAnswer(turn, a)) return;
    if (a.status === 'done') return this.spent(turn, a);
    turn.reply(kind === 'done' ? doneForm(this.ctx, a) : updateForm(this.ctx, a));
  }

  private async submitNote(turn: Turn, id: string, kind: 'done' | 'update'): Promise<void> {
    await this.answer(turn, id, kind, parseForm(noteForm(kind), turn.values));
  }

  private async closeFromText(turn: Turn, kind: 'done' | 'update'): Promise<void> {
    const m = /^(\S+)\s*([\s\S]*)$/.exec(turn.args.trim());
    await this.answer(turn, m?.[1], kind, parseForm(noteForm(kind), { note: m?.[2] }));
  }

  /** The owner's answer, from the form or the text command; the note is checked once the action is known to be open. */
  private async answer(turn: Turn, id: string | undefined, kind: 'done' | 'update', form: FormResult<NoteForm>): Promise<void> {
    const a = await this.load(turn, id);
    if (!a || !this.mayAnswer(turn, a)) return;
    if (a.status === 'done') return this.spent(turn, a);
    if (!form.ok) return turn.reply({ text: `${form.errors.note} e.g. *tas ${kind} ${a.id} spoke to mum*. Nothing was changed.`, formErrors: form.errors });
    const { note, timeSpent: time, activity } = form.data;
    if (await screenFreeText(turn, [note], `tas ${kind}`)) return;
    const at = turn.now.toISOString();
    const res = await this.ctx.repo.updateAction(a.id, (x) => {
      if (x.status === 'done') return undefined;
      const history = [...x.history];
      if (!x.acknowledgedAt) history.push(change(turn, 'acknowledged'));
      history.push({ ...change(turn, kind), note });
      return kind === 'done'
        ? { ...x, status: 'done', completedAt: at, completionNote: note, acknowledgedAt: x.acknowledgedAt ?? at, history }
        : { ...x, acknowledgedAt: x.acknowledgedAt ?? at, history };
    });
    if (!res) return turn.reply(`${a.id} was already closed.`);
    const after = res.after;
    const who = turn.person.name;
    if (kind === 'done') {
      await this.ctx.services.scheduler.cancelOwner(owner(a.id));
      await this.amendForDone(after, note, time, turn.person.id, activity);
      if (turn.person.id !== after.chairId)
        await this.ctx.services.notifier.toPerson(after.chairId, { text: `${after.id} done by ${who} (${this.ctx.schoolName(after.schoolId)}): ${after.what}. Note: ${note}` });
      const series = after.seriesId ? await this.ctx.repo.series(after.seriesId) : undefined;
      if (series?.conversation) await this.ctx.services.notifier.toConversation(series.conversation, { text: `${after.id} is done (${after.owner.name}): ${after.what}.` });
      if (turn.event.type === 'action') turn.update(actionReply(this.ctx, after, 'TAS action'));
      turn.reply(`Thanks, ${after.id} is closed. I've let the chair know.`);
    } else {
      if (turn.person.id !== after.chairId)
        await this.ctx.services.notifier.toPerson(after.chairId, { text: `Update on ${after.id} from ${who} (${this.ctx.schoolName(after.schoolId)}, due ${this.ctx.dueLabel(after.due)}): ${note}` });
      turn.reply(`Thanks, I've passed your update on ${after.id} to the chair. It stays open until you press Done.`);
    }
  }

  /** A press on an action already closed: its card shows the final state, and the answer says who closed it when. */
  private spent(turn: Turn, a: TasAction): void {
    const h = [...a.history].reverse().find((x) => x.kind === 'done');
    const text = `Already done by ${h ? doneBy(this.ctx.services, h.by, h.at) : a.owner.name}: ${a.id} is closed.`;
    if (turn.event.type === 'action') turn.update({ ...actionReply(this.ctx, a, 'TAS action'), text });
    turn.reply(text);
  }

  // Chair's changes ---------------------------------------------------------------------

  private async openChange(turn: Turn, id: string): Promise<void> {
    const a = await this.load(turn, id);
    if (!a || !this.chairCheck(turn, a)) return;
    turn.reply(changeForm(this.ctx, a, a.seriesId ? await this.ctx.repo.series(a.seriesId) : undefined));
  }

  private chairCheck(turn: Turn, a: TasAction): boolean {
    if (!this.ctx.chairs(turn.person.id, a.schoolId)) {
      turn.reply(`You don't chair the TAS for ${this.ctx.schoolName(a.schoolId)}, so you can't change ${a.id}. Nothing was changed.`);
      return false;
    }
    if (a.status === 'done') {
      turn.reply(`${a.id} is already closed; closed actions stay as they were. Post a new action instead.`);
      return false;
    }
    return true;
  }

  private async submitChange(turn: Turn, id: string): Promise<void> {
    const a = await this.load(turn, id);
    if (!a || !this.chairCheck(turn, a)) return;
    const series = a.seriesId ? await this.ctx.repo.series(a.seriesId) : undefined;
    const form = parseForm(tasChangeForm(this.ctx, series), turn.values);
    if (!form.ok) return turn.reply({ text: `${Object.values(form.errors).join(' ')} Nothing was changed.`, formErrors: form.errors });
    await this.applyChange(turn, a, form.data.owner, form.data.due, form.data.reason);
  }

  private async reassignFromText(turn: Turn): Promise<void> {
    if (turn.event.type !== 'message') return;
    const m = /^(\S+)\s+(@.+)$/.exec(turn.args.trim());
    if (!m) return turn.reply('Write *tas reassign A7 @owner*. Nothing was changed.');
    const a = await this.load(turn, m[1]);
    if (!a || !this.chairCheck(turn, a)) return;
    const series = a.seriesId ? await this.ctx.repo.series(a.seriesId) : undefined;
    const who = resolveOwner(m[2], turn.event.mentions ?? [], this.ctx.directory, series?.attendees ?? []);
    if ('error' in who) return turn.reply(`${who.error} Nothing was changed.`);
    await this.applyChange(turn, a, who.owner, undefined, who.rest || undefined);
  }

  private async dueFromText(turn: Turn): Promise<void> {
    const m = /^(\S+)\s+(.+)$/.exec(turn.args.trim());
    if (!m) return turn.reply('Write *tas due A7 next Friday*. Nothing was changed.');
    const a = await this.load(turn, m[1]);
    if (!a || !this.chairCheck(turn, a)) return;
    const due = dueDate(this.ctx, m[2]);
    if ('error' in due) return turn.reply(`${due.error} Nothing was changed.`);
    await this.applyChange(turn, a, undefined, due.date);
  }

  private async applyChange(turn: Turn, a: TasAction, newOwner: Attendee | undefined, newDue: string | undefined, reason?: string): Promise<void> {
    const sameOwner = !newOwner || (newOwner.personId ?? newOwner.name) === (a.owner.personId ?? a.owner.name);
    const sameDue = !newDue || newDue === a.due;
    if (sameOwner && sameDue) return turn.reply(`${a.id} already has that owner and due date. Nothing was changed.`);
    const res = await this.ctx.repo.updateAction(a.id, (x) => {
      if (x.status === 'done') return undefined;
      const history: ActionChange[] = [...x.history];
      let next = x;
      if (!sameOwner && newOwner) {
        history.push({ ...change(turn, 'reassigned'), from: x.owner.personId ?? x.owner.name, to: newOwner.personId ?? newOwner.name, note: reason });
        next = { ...next, owner: newOwner, acknowledgedAt: undefined };
      }
      if (!sameDue && newDue) {
        history.push({ ...change(turn, 'due_changed'), from: x.due, to: newDue, note: reason });
        next = { ...next, due: newDue };
      }
      return { ...next, history };
    });
    if (!res) return turn.reply(`${a.id} was closed meanwhile; nothing was changed.`);
    let after = res.after;
    await this.ctx.services.scheduler.cancelOwner(owner(a.id));
    if (!sameOwner) after = await this.recordForWorker(after, after.owner.personId);
    await this.schedule(after);
    const lines: string[] = [];
    if (!sameOwner) {
      await this.ctx.toOwner(after, actionReply(this.ctx, after, 'TAS action passed to you'), `TAS action ${a.id}`);
      if (res.before.owner.personId && (await this.ctx.canReach(res.before.owner)) && res.before.owner.personId !== turn.person.id)
        await this.ctx.services.notifier.toPerson(res.before.owner.personId, { text: `${a.id} (${a.what}) has been passed to ${after.owner.name}. You don't need to do anything more.` });
      lines.push(`now with ${after.owner.name}`);
    }
    if (!sameDue) {
      if (sameOwner) await this.ctx.toOwner(after, actionReply(this.ctx, after, 'New due date for TAS action'), `TAS action ${a.id}`);
      lines.push(`due ${this.ctx.dueLabel(after.due)} (was ${this.ctx.dueLabel(res.before.due)})`);
    }
    turn.reply(`${a.id} changed: ${lines.join(', ')}. The change is kept in its history.`);
  }

  // Listing -----------------------------------------------------------------------------

  private async list(turn: Turn): Promise<void> {
    const me = turn.person.id;
    const named = turn.args.trim();
    let schoolIds: string[];
    if (named) {
      const school = this.ctx.findSchool(named);
      if (!school) return turn.reply(`I don't know a school called "${named}".`);
      schoolIds = [school.id];
    } else {
      const bound = turn.event.conversation.kind !== 'personal' ? await this.ctx.repo.seriesForChat(turn.event.conversation) : undefined;
      schoolIds = bound ? [bound.schoolId] : await this.relatedSchools(me);
    }
    const visible = [];
    for (const id of schoolIds) if (await this.maySee(me, id)) visible.push(id);
    if (!visible.length) return turn.reply(named ? `You're not part of the TAS for ${this.ctx.schoolName(schoolIds[0])}, so I can't show its actions.` : "You're not part of any school's TAS yet.");
    const open = (await Promise.all(visible.map((id) => this.ctx.repo.openForSchool(id)))).flat();
    if (!open.length) return turn.reply(`No open TAS actions for ${visible.map((id) => this.ctx.schoolName(id)).join(', ')}.`);
    const lines = open.map((a) => actionLine(this.ctx, a, { school: visible.length > 1 }));
    const c = card(`Open TAS actions${visible.length === 1 ? `: ${this.ctx.schoolName(visible[0])}` : ''}`);
    for (const line of lines) c.text(line);
    // Teams shows at most five buttons on a card; the rest are reached by text (tas done A7 …).
    const MAX_BUTTONS = 5;
    for (const a of open) {
      if (c.build().actions.length >= MAX_BUTTONS) break;
      if (a.owner.personId === me) {
        c.action(VERB.done.button(`Done ${a.id}`, { id: a.id }, 'primary'));
      } else if (this.ctx.chairs(me, a.schoolId)) {
        c.action(VERB.change.button(`Change ${a.id}`, { id: a.id }));
        if (!(await this.ctx.canReach(a.owner)) && c.build().actions.length < MAX_BUTTONS) c.action(VERB.done.button(`Close ${a.id}`, { id: a.id }));
      }
    }
    // A list naming a child goes to the person's 1:1 chat, never a channel (issue 17).
    turn.reply({ text: [`Open TAS actions (${open.length}):`, ...lines.map((l) => `• ${l}`)].join('\n'), card: c.build(), private: open.some((a) => !!a.child) });
  }

  private async relatedSchools(personId: string): Promise<string[]> {
    const d = this.ctx.directory;
    const ids = new Set<string>([
      ...d.chairedSchools(personId).map((s) => s.id),
      ...d.schoolsOf(personId).map((s) => s.id),
      ...d.linkedSchools(personId).map((s) => s.id),
    ]);
    for (const s of await this.ctx.repo.allSeries()) if (s.attendees.some((a) => a.personId === personId)) ids.add(s.schoolId);
    return [...ids];
  }

  /** Chairs, attendees and anyone who may see the school's records. */
  private async maySee(personId: string, schoolId: string): Promise<boolean> {
    if (this.ctx.chairs(personId, schoolId) || this.ctx.directory.canSeeSchool(personId, schoolId)) return true;
    const series = await this.ctx.repo.series(seriesIdFor(schoolId));
    return !!series?.attendees.some((a) => a.personId === personId);
  }

  // Timed reminders ---------------------------------------------------------------------

  private async schedule(a: TasAction): Promise<void> {
    const { scheduler, config } = this.ctx.services;
    const now = this.ctx.now().getTime();
    const remindAt = actionReminderAt(this.ctx.calendar, config.limits.tasActionReminderAt, a.due);
    if (remindAt && remindAt.getTime() > now)
      await scheduleJob(scheduler, JOB.remind, { id: `tas-action-remind:${a.id}`, runAt: remindAt, owner: owner(a.id), data: { actionId: a.id, due: a.due } });
    const nudgeAt = overdueNudgeAt(this.ctx.calendar, config.authority.schoolDay.start, a.due);
    await scheduleJob(scheduler, JOB.overdue, { id: `tas-action-overdue:${a.id}`, runAt: new Date(Math.max(nudgeAt.getTime(), now)), owner: owner(a.id), data: { actionId: a.id, due: a.due } });
  }

  private async current(job: JobOf<typeof actionJob>): Promise<TasAction | undefined> {
    const a = await this.ctx.repo.action(job.data.actionId);
    // A due date changed since this job was planned: the new jobs carry the new date.
    return a && a.status === 'open' && a.due === job.data.due ? a : undefined;
  }

  private async remind(job: JobOf<typeof actionJob>): Promise<void> {
    const a = await this.current(job);
    if (!a) return;
    await this.ctx.toOwner(a, actionReply(this.ctx, a, `Due ${this.ctx.dueLabel(a.due)}`), `the reminder for ${a.id}`);
  }

  private async overdue(job: JobOf<typeof actionJob>): Promise<void> {
    const a = await this.current(job);
    if (!a) return;
    const got = await this.ctx.toOwner(a, actionReply(this.ctx, a, 'Overdue TAS action'), `the overdue nudge for ${a.id}`);
    if (got === 'owner')
      await this.ctx.services.notifier.toPerson(a.chairId, {
        text: `${a.id} for ${a.owner.name} at ${this.ctx.schoolName(a.schoolId)} is overdue (due ${this.ctx.dueLabel(a.due)}): ${a.what}. I've nudged ${a.owner.name.split(' ')[0]}.`,
      });
    this.ctx.services.log.info({ actionId: a.id, schoolId: a.schoolId }, 'tas action overdue');
  }

  // Activity log ------------------------------------------------------------------------

  /** A worker who owns an action gets an activity entry (once per worker). */
  private async recordForWorker(a: TasAction, workerId?: string): Promise<TasAction> {
    if (!this.ctx.isWorker(workerId) || a.activityEntries.some((e) => e.workerId === workerId)) return a;
    const teamId = this.ctx.teamIdFor(workerId, a.schoolId);
    if (!teamId) return a;
    const entry = await this.ctx.services.activityLog.append({
      occurredAt: this.ctx.now().toISOString(),
      schoolId: a.schoolId,
      teamId,
      workerId,
      raisedBy: { personId: a.chairId, role: this.ctx.directory.person(a.chairId)?.enquirerRole ?? 'other_professional' },
      child: a.child,
      query: `TAS action ${a.id}: ${a.what}`,
      response: '',
      activityType: 'tas_meeting',
      outcome: 'not_recorded',
      // The owner says how long it took when they record it done; until then it is not guessed.
      timeSpent: 'not_recorded',
      consent: a.child ? 'not_asked' : 'not_applicable',
      place: 'school',
      source: { kind: 'tas-action', id: a.id },
      recordedBy: a.chairId,
    });
    const res = await this.ctx.repo.updateAction(a.id, (x) =>
      x.activityEntries.some((e) => e.workerId === workerId) ? undefined : { ...x, activityEntries: [...x.activityEntries, { workerId, entryId: entry.id }] },
    );
    return res?.after ?? a;
  }

  /**
   * Completion amends the owner's entry: the note becomes the response, with the time taken,
   * the kind of work it was (the owner says; a TAS action is not a meeting) and whether it was
   * done on time (measures.onTime 1 or 0, for the figures).
   */
  private async amendForDone(a: TasAction, note: string, time: TimeSpent | undefined, by: string, activity?: ActivityType): Promise<void> {
    const mine = a.owner.personId && a.activityEntries.find((e) => e.workerId === a.owner.personId);
    if (!mine) return;
    const onTime = a.completedAt && Date.parse(a.completedAt) < overdueFrom(this.ctx.calendar, a.due).getTime() ? 1 : 0;
    const amended = await this.ctx.services.activityLog.amend(
      mine.entryId,
      {
        response: note,
        outcome: 'not_recorded',
        ...(time ? { timeSpent: time, minutes: undefined } : {}),
        activityType: activity ?? activityInWords(note) ?? 'advice_or_information',
        measures: { onTime },
      },
      `TAS action ${a.id} completed`,
      by,
    );
    await this.ctx.repo.updateAction(a.id, (x) => ({
      ...x,
      activityEntries: x.activityEntries.map((e) => (e.entryId === mine.entryId ? { ...e, entryId: amended.id } : e)),
    }));
  }
}

function change(turn: Turn, kind: ActionChange['kind']): ActionChange {
  return { at: turn.now.toISOString(), by: turn.person.id, kind };
}
