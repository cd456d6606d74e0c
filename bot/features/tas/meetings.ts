/**
 * TAS meeting series: a chair sets one up per school (weekday, time, every N weeks, first date,
 * attendees from the directory and named people without an account); attendees add agenda
 * items before the meeting; reminders go out `limits.tasReminders` before it carrying the
 * agenda so far and the school's open actions; when it ends, each worker who attended gets an
 * activity-log entry and the next meeting (a school day) is planned.
 *
 * @example
 *   tas setup                                   (the form)
 *   tas agenda Y9 JS attendance down since half term
 *   tas agenda werneth general: vaping in Y10 toilets
 */
import { z } from 'zod';
import { actionValue, defineAction } from '../../core/actions';
import { screenFreeText } from '../../core/free-text';
import { card } from '../../../cards/tree';
import { formatDuration } from '../../config/duration';
import type { Person } from '../../config/schema';
import type { Router } from '../../core/router';
import type { Turn } from '../../core/turn';
import { defineJob, handleJob, jobId, scheduleJob, type JobOf } from '../../scheduling/jobs';
import { bucketFor } from '../../../storage/activity-log';
import { parseForm } from '../../core/forms';
import { actionLine } from './action-cards';
import type { TasContext } from './context';
import { tasAgendaForm, tasSetupForm } from './meeting-forms';
import { WEEKDAY_NAMES, childLabel, type AgendaItem, type TasMeeting, type TasSeries, type Weekday } from './model';
import { seriesIdFor } from './repository';
import { nextMeetingDate } from './timing';
import { MEETING_CANCELLED_REASON } from '../digest/labels';

const JOB = {
  /** Before a meeting: which reminder is its offset (ms before the start). */
  remind: defineJob('tas.meeting.remind', z.object({ meetingId: jobId, offsetMs: z.number() })),
  held: defineJob('tas.meeting.held', z.object({ meetingId: jobId })),
} as const;
/** The TAS meeting verbs, declared once (bot/core/actions.ts). */
export const VERB = {
  setupSubmit: defineAction('tas.setup.submit', z.object({})),
  /** The agenda form, for a series when known (else the person chooses). */
  agendaForm: defineAction('tas.agenda.form', z.object({ seriesId: actionValue.optional() })),
  agendaSubmit: defineAction('tas.agenda.submit', z.object({ seriesId: actionValue.optional() })),
  apologies: defineAction('tas.apologies', z.object({ meetingId: actionValue.optional() })),
  cancel: defineAction('tas.meeting.cancel', z.object({ meetingId: actionValue.optional() })),
} as const;
/** How far back a chair may cancel a meeting that was logged but did not take place. */
const CANCEL_BACK_DAYS = 14;
const owner = (meetingId: string) => `tas-meeting:${meetingId}`;
const MAX_AGENDA_LINE = 200;

export class TasMeetings {
  constructor(private readonly ctx: TasContext) {}

  register(router: Router): void {
    const { scheduler } = this.ctx.services;
    router.command({ name: 'tas setup', roles: ['tas_chair'], summary: "Set up a school's Team Around the School meetings" }, (t) => this.setupForm(t));
    router.command({ name: 'tas agenda', summary: 'Add an item to the next TAS agenda', usage: 'tas agenda [Y9 JS] <one line>' }, (t) => this.agendaFromText(t));
    router.command({ name: 'tas', summary: 'Team Around the School: meetings and actions', usage: 'tas' }, (t) => this.overview(t));
    router.action(VERB.setupSubmit, (t) => this.setupSubmit(t), { roles: ['tas_chair'] });
    router.action(VERB.agendaForm, (t, { seriesId }) => this.agendaForm(t, seriesId));
    router.action(VERB.agendaSubmit, (t) => this.agendaSubmit(t));
    router.action(VERB.apologies, (t, { meetingId }) => this.apologies(t, meetingId));
    router.command({ name: 'tas cancel', roles: ['tas_chair'], summary: 'Cancel one TAS meeting (the next, or one that did not take place)', usage: 'tas cancel' }, (t) => this.cancelChoices(t));
    router.action(VERB.cancel, (t, { meetingId }) => this.cancel(t, meetingId), { roles: ['tas_chair'] });
    handleJob(scheduler, JOB.remind, (job) => this.remind(job));
    handleJob(scheduler, JOB.held, (job) => this.held(job));
  }

  private async overview(turn: Turn): Promise<void> {
    const lines = [
      'Team Around the School:',
      '• tas agenda [Y9 JS] <one line>: add to the next meeting (a year group and reference, never a name)',
      '• tas actions [school]: open actions',
      '• tas done A7 <note> / tas update A7 <note>: answer your action',
    ];
    if (turn.person.roles.includes('tas_chair'))
      lines.push('• tas setup: set up meetings', '• action @owner <what> by <date>: post an action', '• tas reassign A7 @owner / tas due A7 <date>: change one');
    const mine = await this.seriesFor(turn.person.id);
    for (const s of mine) {
      const next = s.nextMeetingId ? await this.ctx.repo.meeting(s.nextMeetingId) : undefined;
      lines.push(`${this.ctx.schoolName(s.schoolId)}: ${describe(s)}${next ? `; next ${this.ctx.calendar.format(new Date(next.startsAt))}` : ''}`);
    }
    turn.reply(lines.join('\n'));
  }

  // Setup -------------------------------------------------------------------------------

  private async setupForm(turn: Turn): Promise<void> {
    const schools = this.ctx.directory.chairedSchools(turn.person.id);
    if (!schools.length) return turn.reply("You don't chair any school's Team Around the School. Ask business support to add you as a TAS chair.");
    const bound = turn.event.conversation.kind !== 'personal' ? await this.ctx.repo.seriesForChat(turn.event.conversation) : undefined;
    const named = turn.args.trim() ? this.ctx.findSchool(turn.args) : undefined;
    const schoolId = named?.id ?? bound?.schoolId ?? (schools.length === 1 ? schools[0].id : undefined);
    const existing = schoolId ? await this.ctx.repo.series(seriesIdFor(schoolId)) : undefined;
    const school = schoolId ? this.ctx.directory.school(schoolId) : undefined;
    const defaults = existing?.attendees.filter((a) => a.personId).map((a) => a.personId!) ?? (school ? [...school.dsls, ...school.linkWorkers] : []);
    const people = this.ctx.directory.allPeople().filter((p) => p.id !== turn.person.id && !p.roles.every((r) => r === 'business_support'));
    const c = card(existing ? `Change TAS meetings: ${school!.name}` : 'Set up TAS meetings')
      .input({ type: 'input.choice', id: 'school', label: 'School', required: true, choices: schools.map((s) => ({ title: s.name, value: s.id })), value: schoolId })
      .input({
        type: 'input.choice', id: 'weekday', label: 'Day', required: true,
        choices: (['mon', 'tue', 'wed', 'thu', 'fri'] as Weekday[]).map((d) => ({ title: WEEKDAY_NAMES[d], value: d })), value: existing?.weekday ?? 'tue',
      })
      .input({ type: 'input.time', id: 'time', label: 'Time', required: true, value: existing?.time ?? '09:00' })
      .input({
        type: 'input.choice', id: 'every', label: 'How often', required: true,
        choices: [1, 2, 3, 4, 6].map((n) => ({ title: n === 1 ? 'Every week' : `Every ${n} weeks`, value: String(n) })), value: String(existing?.everyWeeks ?? 2),
      })
      .input({ type: 'input.date', id: 'first', label: 'First meeting on or after', required: true, value: existing?.firstDate ?? this.ctx.today() })
      .input({
        type: 'input.choice', id: 'length', label: 'Length', required: true,
        choices: [30, 45, 60, 90, 120].map((n) => ({ title: `${n} minutes`, value: String(n) })), value: String(existing?.durationMinutes ?? 60),
      })
      .input({ type: 'input.choice', id: 'attendees', label: 'Attendees', multiple: true, choices: people.map((p) => ({ title: personTitle(p), value: p.id })), value: defaults.join(',') })
      .input({
        type: 'input.text', id: 'others', label: 'Others without Teams or Slack (names, comma separated)', maxLength: 400,
        value: existing?.attendees.filter((a) => !a.personId).map((a) => a.name).join(', '),
      })
      .action(VERB.setupSubmit.button(existing ? 'Save changes' : 'Set up meetings', {}, 'primary'));
    turn.reply({ text: 'Set up Team Around the School meetings', card: c.build(), form: true });
  }

  private async setupSubmit(turn: Turn): Promise<void> {
    const form = parseForm(tasSetupForm(this.ctx, turn.person), turn.values);
    if (!form.ok) return turn.reply({ text: `${Object.values(form.errors).join(' ')} Nothing was saved.`, formErrors: form.errors });
    const { weekday, time, every, length, first, attendees } = form.data;
    const school = { id: form.data.school, name: this.ctx.schoolName(form.data.school) };

    const id = seriesIdFor(school.id);
    const nowIso = this.ctx.now().toISOString();
    const before = await this.ctx.repo.series(id);
    const conv = turn.event.conversation;
    const series: TasSeries = {
      id,
      schoolId: school.id,
      chairId: turn.person.id,
      weekday,
      time,
      everyWeeks: every,
      firstDate: first,
      durationMinutes: length,
      attendees,
      conversation: conv.kind !== 'personal' ? { ...conv, threadId: undefined } : before?.conversation,
      nextMeetingId: before?.nextMeetingId,
      lastMeetingId: before?.lastMeetingId,
      createdAt: before?.createdAt ?? nowIso,
      updatedAt: nowIso,
    };
    await this.ctx.repo.saveSeries(series);
    if (series.conversation) await this.ctx.repo.bindChat(series.conversation, id);
    const meeting = await this.planNext(series, this.ctx.now());
    this.ctx.services.log.info({ seriesId: id, schoolId: school.id, chairId: turn.person.id }, before ? 'tas series changed' : 'tas series set up');

    const unreachable: string[] = [];
    for (const a of attendees) {
      if (a.personId === turn.person.id) continue;
      if (!(await this.ctx.canReach(a))) {
        unreachable.push(a.name);
        continue;
      }
      await this.ctx.services.notifier.toPerson(a.personId!, {
        text:
          `You're on the Team Around the School for ${school.name}: ${describe(series)}. ` +
          `Next meeting ${meeting ? this.ctx.calendar.format(new Date(meeting.startsAt)) : 'to be arranged'}. ` +
          `I'll remind you before each one; add agenda items with *tas agenda*.`,
      });
    }
    const c = card(`TAS for ${school.name}`)
      .facts({
        When: describe(series),
        Next: meeting ? this.ctx.calendar.format(new Date(meeting.startsAt)) : 'none in the term dates',
        Attendees: attendees.map((a) => a.name).join(', '),
        Reminders: this.ctx.services.config.limits.tasReminders.map((ms) => `${formatDuration(ms)} before`).join(', '),
      });
    if (unreachable.length) c.text(`I can't reach ${unreachable.join(', ')} on Teams or Slack: I'll send their actions and reminders to you to pass on.`, 'subtle');
    turn.reply({
      text:
        `TAS for ${school.name} ${before ? 'changed' : 'set up'}: ${describe(series)}, next ${meeting ? this.ctx.calendar.format(new Date(meeting.startsAt)) : 'none in term'}.` +
        (unreachable.length ? ` I can't reach ${unreachable.join(', ')}: their actions come to you to pass on.` : ''),
      card: c.build(),
    });
  }

  /** Plans the next meeting after `after`: its reminders and its end. Replaces earlier plans. */
  private async planNext(series: TasSeries, after: Date): Promise<TasMeeting | undefined> {
    const { scheduler, config } = this.ctx.services;
    if (series.nextMeetingId) await scheduler.cancelOwner(owner(series.nextMeetingId));
    const date = nextMeetingDate(this.ctx.calendar, series, after);
    if (!date) {
      await this.ctx.repo.updateSeries(series.id, (s) => ({ ...s, nextMeetingId: undefined }));
      return undefined;
    }
    const start = this.ctx.calendar.at(date, series.time);
    const id = `${series.id}:${date}`;
    await this.ctx.repo.ensureMeeting({ id, seriesId: series.id, schoolId: series.schoolId, date, startsAt: start.toISOString(), agenda: [], apologies: [] });
    const meeting = await this.ctx.repo.updateMeeting(id, (m) => (m.startsAt === start.toISOString() ? undefined : { ...m, startsAt: start.toISOString() }));
    await this.ctx.repo.updateSeries(series.id, (s) => ({ ...s, nextMeetingId: id }));
    const now = this.ctx.now().getTime();
    for (const offset of config.limits.tasReminders) {
      const runAt = start.getTime() - offset;
      if (runAt > now)
        await scheduleJob(scheduler, JOB.remind, { id: `tas-meeting-remind:${id}:${offset}`, runAt: new Date(runAt), owner: owner(id), data: { meetingId: id, offsetMs: offset } });
    }
    await scheduleJob(scheduler, JOB.held, {
      id: `tas-meeting-held:${id}`, runAt: new Date(start.getTime() + series.durationMinutes * 60_000), owner: owner(id), data: { meetingId: id },
    });
    return meeting ?? (await this.ctx.repo.meeting(id));
  }

  // Agenda ------------------------------------------------------------------------------

  /** Series this person chairs or attends. */
  private async seriesFor(personId: string): Promise<TasSeries[]> {
    return (await this.ctx.repo.allSeries()).filter((s) => this.mayAdd(personId, s));
  }

  private mayAdd(personId: string, s: TasSeries): boolean {
    return this.ctx.chairs(personId, s.schoolId) || s.attendees.some((a) => a.personId === personId);
  }

  private async agendaFromText(turn: Turn): Promise<void> {
    const tokens = turn.args.trim().split(/\s+/).filter(Boolean);
    if (!tokens.length) return this.agendaForm(turn);
    let series: TasSeries | undefined;
    const school = this.ctx.directory.school(tokens[0].toLowerCase());
    if (school) {
      series = await this.ctx.repo.series(seriesIdFor(school.id));
      if (!series) return turn.reply(`${school.name} has no TAS meetings set up yet. Nothing was added.`);
      tokens.shift();
    } else if (turn.event.conversation.kind !== 'personal') {
      series = await this.ctx.repo.seriesForChat(turn.event.conversation);
    }
    if (!series) {
      const mine = await this.seriesFor(turn.person.id);
      if (mine.length === 1) series = mine[0];
      else if (!mine.length) return turn.reply("You're not on any school's TAS, so there's no agenda to add to.");
      else return turn.reply(`Which school? You're on the TAS for ${mine.length} schools: write e.g. *tas agenda ${mine[0].schoolId} Y9 JS <one line>*. Nothing was added.`);
    }
    let child;
    if (tokens.length >= 2 && /^(N|R|Y\d{1,2})$/i.test(tokens[0])) {
      const ref = this.ctx.childRef(tokens[0], tokens[1]);
      if ('error' in ref) return turn.reply(`${ref.error} Nothing was added.`);
      child = ref.child;
      tokens.splice(0, 2);
    }
    await this.addItem(turn, series, child, tokens.join(' '));
  }

  private async agendaForm(turn: Turn, seriesId?: string): Promise<void> {
    const mine = await this.seriesFor(turn.person.id);
    if (!mine.length) return turn.reply("You're not on any school's TAS, so there's no agenda to add to.");
    const preset = seriesId ?? (mine.length === 1 ? mine[0].id : undefined);
    const c = card('Add to the TAS agenda')
      .input({ type: 'input.choice', id: 'seriesId', label: 'School', required: true, choices: mine.map((s) => ({ title: this.ctx.schoolName(s.schoolId), value: s.id })), value: preset })
      .input({ type: 'input.text', id: 'yearGroup', label: 'Child year group (optional)', placeholder: 'Y9', maxLength: 3 })
      .input({ type: 'input.text', id: 'reference', label: 'Child reference (optional; never a name)', placeholder: 'JS-04', maxLength: 12 })
      .input({ type: 'input.text', id: 'text', label: 'One line', required: true, maxLength: MAX_AGENDA_LINE })
      .action(VERB.agendaSubmit.button('Add', {}, 'primary'));
    turn.reply({ text: 'Add to the TAS agenda', card: c.build(), form: true });
  }

  private async agendaSubmit(turn: Turn): Promise<void> {
    const series = new Map((await this.ctx.repo.allSeries()).map((s) => [s.id, s]));
    const form = parseForm(tasAgendaForm(this.ctx, series), turn.values);
    if (!form.ok) {
      // One problem at a time: the school first, then the child.
      const [field, message] = Object.entries(form.errors)[0];
      return turn.reply({ text: `${message} Nothing was added.`, formErrors: { [field]: message } });
    }
    await this.addItem(turn, form.data.series, form.data.child, form.data.text);
  }

  private async addItem(turn: Turn, series: TasSeries, child: AgendaItem['child'], raw: string): Promise<void> {
    if (!this.mayAdd(turn.person.id, series))
      return turn.reply(`You're not on the TAS for ${this.ctx.schoolName(series.schoolId)}; ask its chair to add you. Nothing was added.`);
    const text = raw.replace(/\s+/g, ' ').trim();
    if (!text) return turn.reply({ text: 'Write one line for the agenda. Nothing was added.', formErrors: { text: 'Write one line.' } });
    if (text.length > MAX_AGENDA_LINE)
      return turn.reply({ text: `Keep it to one line (${MAX_AGENDA_LINE} characters). Nothing was added.`, formErrors: { text: 'Too long.' } });
    if (await screenFreeText(turn, [text], 'tas agenda')) return;
    if (!series.nextMeetingId) return turn.reply(`There's no upcoming TAS meeting for ${this.ctx.schoolName(series.schoolId)} in term. Nothing was added.`);
    const item: AgendaItem = { id: `i-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`, child, text, addedBy: turn.person.id, addedAt: turn.now.toISOString() };
    const m = await this.ctx.repo.updateMeeting(series.nextMeetingId, (x) => ({ ...x, agenda: [...x.agenda, item] }));
    if (!m) return turn.reply('That meeting is no longer planned. Nothing was added.');
    // A line naming a child is confirmed in the person's 1:1 chat, never in a channel (issue 17).
    turn.reply({
      text: `Added to the TAS agenda for ${this.ctx.schoolName(series.schoolId)} on ${this.ctx.calendar.format(new Date(m.startsAt))}: ${agendaLine(item)} (${m.agenda.length} item${m.agenda.length === 1 ? '' : 's'} so far).`,
      private: !!child,
    });
  }

  private async apologies(turn: Turn, meetingId: string | undefined): Promise<void> {
    const m = meetingId ? await this.ctx.repo.meeting(meetingId) : undefined;
    const series = m ? await this.ctx.repo.series(m.seriesId) : undefined;
    if (!m || !series) return turn.reply("I can't find that meeting.");
    if (!series.attendees.some((a) => a.personId === turn.person.id)) return turn.reply("You're not on that meeting's attendee list.");
    if (m.recordedAt) return turn.reply('That meeting has already taken place.');
    await this.ctx.repo.updateMeeting(m.id, (x) => (x.apologies.includes(turn.person.id) ? undefined : { ...x, apologies: [...x.apologies, turn.person.id] }));
    if (series.chairId !== turn.person.id)
      await this.ctx.services.notifier.toPerson(series.chairId, { text: `Apologies from ${turn.person.name} for the TAS at ${this.ctx.schoolName(series.schoolId)} on ${this.ctx.calendar.format(new Date(m.startsAt))}.` });
    turn.reply("Thanks, I've sent your apologies to the chair.");
  }

  // Cancelling one meeting --------------------------------------------------------------

  /** The chair's meetings that can be cancelled: each series' next one, and a recent one that was logged. */
  private async cancelChoices(turn: Turn): Promise<void> {
    const c = card('Cancel a TAS meeting').text('Only this one meeting: the series carries on. Attendees are told.', 'subtle');
    let any = false;
    const since = this.ctx.now().getTime() - CANCEL_BACK_DAYS * 86_400_000;
    for (const s of (await this.ctx.repo.allSeries()).filter((x) => this.ctx.chairs(turn.person.id, x.schoolId))) {
      for (const [id, past] of [[s.nextMeetingId, false], [s.lastMeetingId, true]] as [string | undefined, boolean][]) {
        const m = id ? await this.ctx.repo.meeting(id) : undefined;
        if (!m || m.cancelledAt || (past && Date.parse(m.startsAt) < since)) continue;
        c.action(VERB.cancel.button(`${this.ctx.schoolName(s.schoolId)}: ${cancelLabel(this.ctx.calendar.format(new Date(m.startsAt)), past)}`, { meetingId: m.id }));
        any = true;
      }
    }
    turn.reply(any ? { text: 'Which TAS meeting is cancelled?', card: c.build() } : { text: 'There is no TAS meeting of yours to cancel.' });
  }

  private async cancel(turn: Turn, meetingId: string | undefined): Promise<void> {
    const m0 = await this.ctx.repo.meeting(meetingId ?? '');
    const series = m0 && (await this.ctx.repo.series(m0.seriesId));
    if (!m0 || !series || !this.ctx.chairs(turn.person.id, series.schoolId)) return turn.reply("I can't find that meeting among yours.");
    const at = turn.now.toISOString();
    const m = await this.ctx.repo.updateMeeting(m0.id, (x) => (x.cancelledAt ? undefined : { ...x, cancelledAt: at, cancelledBy: turn.person.id }));
    if (!m) return turn.reply('That meeting is already cancelled.');
    const when = this.ctx.calendar.format(new Date(m.startsAt));
    const school = this.ctx.schoolName(series.schoolId);
    let withdrawn = 0;
    for (const entryId of m.activityEntryIds ?? []) {
      await this.ctx.services.activityLog.amend(entryId, { minutes: 0, timeSpent: 'under_5', response: 'Meeting did not take place' }, MEETING_CANCELLED_REASON, turn.person.id);
      withdrawn++;
    }
    if (series.nextMeetingId === m.id) {
      await this.ctx.services.scheduler.cancelOwner(owner(m.id));
      await this.planNext(series, new Date(m.startsAt));
    }
    for (const a of series.attendees) {
      if (a.personId && a.personId !== turn.person.id && (await this.ctx.canReach(a)))
        await this.ctx.services.notifier.toPerson(a.personId, { text: `The TAS at ${school} on ${when} is cancelled.` });
    }
    this.ctx.services.log.info({ meetingId: m.id, withdrawn }, 'tas meeting cancelled');
    turn.reply(`Cancelled the TAS at ${school} on ${when}.${withdrawn ? ` Its ${withdrawn} log ${withdrawn === 1 ? 'entry now records' : 'entries now record'} no time.` : ' It will not be logged.'}`);
  }

  // Timed -------------------------------------------------------------------------------

  private async remind(job: JobOf<typeof JOB.remind.data>): Promise<void> {
    const meetingId = job.data.meetingId;
    const m = await this.ctx.repo.meeting(meetingId);
    const series = m && (await this.ctx.repo.series(m.seriesId));
    if (!m || !series || series.nextMeetingId !== meetingId) return;
    const school = this.ctx.schoolName(series.schoolId);
    const when = this.ctx.calendar.format(new Date(m.startsAt));
    const open = await this.ctx.repo.openForSchool(series.schoolId);
    const c = card(`TAS at ${school}: ${when}`).facts({ When: `${when} (${series.durationMinutes} min)`, Chair: this.ctx.directory.person(series.chairId)?.name ?? series.chairId });
    c.text('Agenda so far', 'heading');
    if (!m.agenda.length) c.text('Nothing yet. Add an item with tas agenda.', 'subtle');
    for (const item of m.agenda) c.text(`• ${agendaLine(item)}`);
    c.text('Open actions', 'heading');
    if (!open.length) c.text('None.', 'subtle');
    for (const a of open) c.text(`• ${actionLine(this.ctx, a)}`);
    c.action(VERB.agendaForm.button('Add to agenda', { seriesId: series.id })).action(VERB.apologies.button('Send apologies', { meetingId }));
    const text = [
      `Reminder: TAS at ${school}, ${when}.`,
      `Agenda so far: ${m.agenda.length ? m.agenda.map(agendaLine).join('; ') : 'nothing yet'}.`,
      `Open actions: ${open.length ? open.map((a) => actionLine(this.ctx, a)).join('; ') : 'none'}.`,
    ].join('\n');
    const reply = { text, card: c.build() };
    for (const a of series.attendees) {
      if (a.personId && !m.apologies.includes(a.personId) && (await this.ctx.canReach(a))) await this.ctx.services.notifier.toPerson(a.personId, reply);
    }
  }

  private async held(job: JobOf<typeof JOB.held.data>): Promise<void> {
    const meetingId = job.data.meetingId;
    const before = await this.ctx.repo.meeting(meetingId);
    const series = before && (await this.ctx.repo.series(before.seriesId));
    if (!before || !series) return;
    const at = this.ctx.now().toISOString();
    const m = await this.ctx.repo.updateMeeting(meetingId, (x) => (x.recordedAt || x.cancelledAt ? undefined : { ...x, recordedAt: at }));
    if (m) {
      const written: string[] = [];
      for (const a of series.attendees) {
        if (!this.ctx.isWorker(a.personId) || m.apologies.includes(a.personId)) continue;
        const teamId = this.ctx.teamIdFor(a.personId, series.schoolId);
        if (!teamId) continue;
        const entry = await this.ctx.services.activityLog.append({
          occurredAt: m.startsAt,
          schoolId: series.schoolId,
          teamId,
          workerId: a.personId,
          raisedBy: { personId: series.chairId, role: this.ctx.directory.person(series.chairId)?.enquirerRole ?? 'other_professional' },
          query: 'Team Around the School meeting',
          response: `${m.agenda.length} agenda item${m.agenda.length === 1 ? '' : 's'} discussed`,
          activityType: 'tas_meeting',
          outcome: 'not_recorded',
          timeSpent: bucketFor(series.durationMinutes),
          minutes: series.durationMinutes,
          consent: 'not_applicable',
          place: 'school',
          peopleReached: series.attendees.filter((x) => !x.personId || !m.apologies.includes(x.personId)).length,
          source: { kind: 'tas-meeting', id: meetingId },
          recordedBy: series.chairId,
        });
        written.push(entry.id);
      }
      if (written.length) await this.ctx.repo.updateMeeting(meetingId, (x) => ({ ...x, activityEntryIds: [...(x.activityEntryIds ?? []), ...written] }));
      this.ctx.services.log.info({ meetingId, schoolId: series.schoolId }, 'tas meeting recorded');
    }
    if (series.nextMeetingId !== meetingId) return;
    const updated = await this.ctx.repo.updateSeries(series.id, (s) => ({ ...s, lastMeetingId: meetingId }));
    if (updated) await this.planNext({ ...updated, nextMeetingId: undefined }, new Date(before.startsAt));
  }
}

function cancelLabel(when: string, past: boolean): string {
  return past ? `${when} (did not take place)` : `${when} (next)`;
}

function describe(s: TasSeries): string {
  const every = s.everyWeeks === 1 ? 'every week' : s.everyWeeks === 2 ? 'every other week' : `every ${s.everyWeeks} weeks`;
  return `${every} on ${WEEKDAY_NAMES[s.weekday]} at ${s.time}, school days only`;
}

function agendaLine(item: AgendaItem): string {
  const child = childLabel(item.child);
  return child ? `${child}: ${item.text}` : item.text;
}

function personTitle(p: Person): string {
  return p.title ? `${p.name} (${p.title})` : p.name;
}
