/**
 * Quick log: the fastest way for a worker to record informal work. One line
 * (`log 10m direct work Y9 attendance`) or a three-field form, one confirmation, with Undo and
 * Correct buttons that write an amendment entry (the log is never edited). The school
 * defaults to where the worker is today; when that is not clear the bot asks with buttons.
 *
 * @example
 *   registerQuickLog(router, services);
 *   // worker: "log 10m direct work Y9 attendance"
 *   // bot:    "Logged 10m direct work at Werneth School (Y9). [Undo] [Correct]"
 */
import { screenFreeText } from '../../core/free-text';
import { randomUUID } from 'node:crypto';
import { card } from '../../../cards/tree';
import type { School } from '../../config/schema';
import { doneBy } from '../../core/done';
import type { Reply } from '../../core/reply';
import type { Router } from '../../core/router';
import type { Services } from '../../core/services';
import type { Turn } from '../../core/turn';
import { ACTIVITY_TYPES, ChildRefSchema, NO_SCHOOL, bucketFor, type ActivityEntry, type ActivityType, type EnquirerRole } from '../../../storage/activity-log';
import { ENQUIRER_LABELS, QUICK_ENQUIRERS } from '../../core/activity-labels';
import { ACTIVITY_LABELS, ACTIVITY_SHORT, WITHDRAWN_REASON, formatMinutes, isWithdrawn } from './labels';
import { ACTIVITY_WORDS, parseMinutes, parseQuickLog, type QuickLog } from './quick-log';
import type { QuickFields } from './quick-log-fields';
import { rememberRole, rememberedRole } from './quick-log-role';
import { entryFacts, fieldInputs, fieldInputsRule, fieldInputsShape, quickFieldsOf, registerSharing, sharingButton } from './quick-log-extra';
import { LOG } from './verbs';
import type { ActionDataOf, WireData } from '../../core/actions';
import { z } from 'zod';
import { choiceInput, formAcross, parseForm } from '../../core/forms';
import { QUICK_LOG_DRAFT_DOC } from './documents';

const WORKER_ROLES = ['social_worker', 'senior_practitioner'] as const;
const DRAFT_TTL_MS = 60 * 60_000;
const MAX_MINUTES = 12 * 60;
const NOTE_MAX = 300;

export interface Draft {
  workerId: string;
  minutes: number;
  activityType: ActivityType;
  child?: QuickLog['child'];
  note: string;
  fields: QuickFields;
  schoolId?: string;
}

const NO_SCHOOL_LABEL = 'Not tied to a school';

/** Schools a worker may log for: those they link and their team's (cover happens). */
export function loggableSchools(services: Services, workerId: string): School[] {
  const { directory } = services;
  const linked = directory.linkedSchools(workerId);
  const team = directory.teamOf(workerId);
  const teamSchools = team ? directory.allSchools().filter((s) => directory.teamForSchool(s.id)?.id === team.id) : [];
  const seen = new Set<string>();
  return [...linked, ...teamSchools].filter((s) => !seen.has(s.id) && seen.add(s.id));
}

/**
 * Where the worker is today: their only linked school; else the one school where they have a
 * drop-in today (from the drop-ins feature's figures); else where they last logged today.
 */
export async function schoolToday(services: Services, workerId: string, now: Date): Promise<string | undefined> {
  const { directory, calendar, figures, activityLog } = services;
  const linked = directory.linkedSchools(workerId);
  if (linked.length === 1) return linked[0].id;
  const today = calendar.dateOf(now);
  const from = calendar.at(today, '00:00');
  const to = new Date(calendar.at(calendar.addDays(today, 1), '00:00').getTime() - 1);
  const f = (await figures.forWorkers({ workerIds: [workerId], from, to }))[workerId];
  const dropInSchools = Object.entries(f?.dropInsBySchool ?? {})
    .filter(([, c]) => c.offered > 0 || c.booked > 0)
    .map(([id]) => id);
  if (dropInSchools.length === 1) return dropInSchools[0];
  const entries = await activityLog.query({ workerId, from, to: now }, { personId: workerId, purpose: 'quick-log-default-school' });
  const last = [...entries].reverse().find((e) => !isWithdrawn(e));
  return last?.schoolId;
}

/** The schools to offer as choices: those they link, else their team's (senior practitioners). */
export function usualSchools(services: Services, workerId: string): School[] {
  const linked = services.directory.linkedSchools(workerId);
  return linked.length ? linked : loggableSchools(services, workerId);
}

function confirmation(services: Services, e: ActivityEntry, verb = 'Logged'): Reply {
  const school = e.schoolId === NO_SCHOOL ? 'no school' : services.directory.school(e.schoolId)?.name ?? e.schoolId;
  const child = e.child ? ` (${e.child.yearGroup}${e.child.reference !== 'n/a' ? ` ${e.child.reference}` : ''})` : '';
  const line = `${verb} ${formatMinutes(e.minutes ?? 0)} ${ACTIVITY_SHORT[e.activityType].toLowerCase()} ${e.schoolId === NO_SCHOOL ? '(not tied to a school)' : `at ${school}`}${child}.`;
  const c = card().text(line);
  const facts = entryFacts(services, e);
  c.facts(facts);
  if (e.query) c.text(`Note: ${e.query}`, 'subtle');
  c.action(LOG.correct.button('Correct', { entry: e.id, at: e.occurredAt }));
  c.action(LOG.undo.button('Undo', { entry: e.id, at: e.occurredAt }, 'danger'));
  sharingButton(c, e);
  return { text: line, card: c.build() };
}

/** The confirmation's final state once withdrawn: what, by whom, when; no buttons left. */
function withdrawnCard(services: Services, e: ActivityEntry, by: string, at: string) {
  const school = services.directory.school(e.schoolId)?.name ?? e.schoolId;
  return card()
    .text(`Withdrawn by ${doneBy(services, by, at)}: ${formatMinutes(e.minutes ?? 0)} ${ACTIVITY_SHORT[e.activityType].toLowerCase()} at ${school}.`)
    .text('The log keeps a note that it was withdrawn.', 'subtle')
    .build();
}

/** The quick log's steps: which school (asked when unclear), who raised it (asked once per school, then remembered), then the entry. */
async function proceed(services: Services, turn: Turn, d: Draft): Promise<void> {
  const schoolId = d.fields.noSchool ? NO_SCHOOL : d.schoolId ?? (await schoolToday(services, d.workerId, turn.now));
  if (!schoolId) {
    const id = await saveDraft(services, d);
    const c = card().text(`Which school was the ${formatMinutes(d.minutes)} of ${ACTIVITY_SHORT[d.activityType].toLowerCase()} for?`);
    for (const s of usualSchools(services, d.workerId)) c.action(LOG.school.button(s.name, { draft: id, school: s.id }));
    c.action(LOG.school.button(NO_SCHOOL_LABEL, { draft: id, school: NO_SCHOOL }));
    return void turn.reply({ text: 'Which school was it for?', card: c.build() });
  }
  const role = d.fields.enquirer ?? (await rememberedRole(services.store, d.workerId, schoolId));
  if (!role) {
    const id = await saveDraft(services, { ...d, schoolId });
    const c = card()
      .text(`Who raised it${schoolId === NO_SCHOOL ? '' : ` at ${services.directory.school(schoolId)?.name ?? schoolId}`}? I'll remember your answer for next time (say "from senco" in the line to change it).`)
      .input({ type: 'input.choice', id: 'role', label: 'Who raised it', choices: QUICK_ENQUIRERS.map((r) => ({ title: ENQUIRER_LABELS[r], value: r })), required: true })
      .action(LOG.role.button('Log it', { draft: id }, 'primary'));
    return void turn.reply({ text: 'Who raised it?', card: c.build() });
  }
  await record(services, turn, { ...d, fields: { ...d.fields, enquirer: role } }, schoolId);
}

async function saveDraft(services: Services, d: Draft): Promise<string> {
  const id = `d-${randomUUID()}`;
  await QUICK_LOG_DRAFT_DOC.put(services.store, id, d, { ttlMs: DRAFT_TTL_MS });
  return id;
}

async function record(services: Services, turn: Turn, d: Draft, schoolId: string): Promise<void> {
  const { directory, activityLog, log } = services;
  const team = directory.teamOf(d.workerId);
  if (!team) {
    turn.reply("You're not in a SWIS team in the directory, so I can't log this. Please ask business support to add you.");
    return;
  }
  if (schoolId !== NO_SCHOOL && !loggableSchools(services, d.workerId).some((s) => s.id === schoolId)) {
    turn.reply(`You're not linked to ${directory.school(schoolId)?.name ?? 'that school'}, so I can't log work there for you.`);
    return;
  }
  const f = d.fields;
  const role = f.enquirer ?? 'social_worker';
  const entry = await activityLog.append({
    occurredAt: turn.now.toISOString(),
    schoolId,
    teamId: team.id,
    workerId: d.workerId,
    raisedBy: { personId: role === 'social_worker' ? d.workerId : undefined, role },
    ...(d.child ? { child: { yearGroup: d.child.yearGroup, reference: d.child.reference ?? 'n/a' } } : {}),
    query: d.note,
    response: '',
    activityType: d.activityType,
    outcome: f.services?.some((s) => s.how === 'signposted') ? 'signposted' : 'not_recorded',
    timeSpent: bucketFor(d.minutes),
    minutes: d.minutes,
    consent: f.consent ?? (d.child ? 'not_asked' : 'not_applicable'),
    ...(f.consentFrom ? { consentFrom: f.consentFrom } : {}),
    ...(f.concernCategories?.length ? { concernCategories: f.concernCategories } : {}),
    ...(f.services?.length ? { services: f.services } : {}),
    ...(f.peopleReached !== undefined ? { peopleReached: f.peopleReached } : {}),
    ...(f.place || schoolId !== NO_SCHOOL ? { place: f.place ?? 'school' } : {}),
    ...(f.walkIn ? { attendance: 'walk_in' as const } : {}),
    source: { kind: 'quick-log', id: `q-${randomUUID().slice(0, 8)}` },
    recordedBy: d.workerId,
  });
  await rememberRole(services.store, d.workerId, schoolId, role, turn.now);
  log.info({ personId: d.workerId, entryId: entry.id }, 'quick log recorded');
  turn.reply(confirmation(services, entry));
}

function activityChoices() {
  return ACTIVITY_TYPES.map((t) => ({ title: ACTIVITY_LABELS[t], value: t }));
}

function logForm(
  services: Services,
  workerId: string,
  opts: { minutes?: number; activityType?: ActivityType; schoolId?: string; verb: typeof LOG.submit.verb | typeof LOG.amend.verb; data?: WireData; title: string; current?: ActivityEntry; role?: EnquirerRole },
): Reply {
  const schools = usualSchools(services, workerId);
  const current = opts.schoolId ? services.directory.school(opts.schoolId) : undefined;
  if (current && !schools.some((s) => s.id === current.id)) schools.push(current);
  const c = card(opts.title)
    .input({ type: 'input.text', id: 'duration', label: 'Time spent (e.g. 10m, 1h30m)', placeholder: '10m', required: true, maxLength: 10, value: opts.minutes ? `${opts.minutes}m` : undefined })
    .input({ type: 'input.choice', id: 'activity', label: 'Activity', choices: activityChoices(), required: true, value: opts.activityType })
    .input({ type: 'input.choice', id: 'school', label: 'School', choices: [...schools.map((s) => ({ title: s.name, value: s.id })), { title: NO_SCHOOL_LABEL, value: NO_SCHOOL }], required: true, value: opts.schoolId });
  for (const el of fieldInputs(services, opts.current, opts.role)) c.input(el);
  c.submit(opts.verb, 'Save', opts.data, 'primary');
  return { text: opts.title, card: c.build(), form: true };
}

const DURATION_ERROR = 'Type a time between 1m and 12h, e.g. 10m or 1h30m';

/** The "who raised it" form of a typed quick log. */
const ROLE_FORM = z.object({ role: choiceInput(QUICK_ENQUIRERS, 'Choose who raised it') });

/** The quick-log form: time, activity and school, then the evidence fields (fieldInputs); its output is what the entry needs. */
function quickLogFormSchema(services: Services) {
  return formAcross(
    {
      ...fieldInputsShape(services),
      duration: z
        .string()
        .optional()
        .transform((v) => parseMinutes(v ?? '') ?? (/^\s*\d+\s*$/.test(v ?? '') ? Number(v) : undefined))
        .pipe(z.number({ error: DURATION_ERROR }).min(1, { error: DURATION_ERROR }).max(MAX_MINUTES, { error: DURATION_ERROR })),
      activity: z.enum(ACTIVITY_TYPES, { error: 'Choose an activity' }),
      school: z.string({ error: 'Choose a school' }).min(1, { error: 'Choose a school' }),
    },
    fieldInputsRule,
  ).transform((f) => ({
    minutes: f.duration,
    activityType: f.activity,
    schoolId: f.school,
    fields: { ...quickFieldsOf(f), ...(f.school === NO_SCHOOL ? { noSchool: true } : {}) },
  }));
}

/** The newest version of an entry (following corrections), read through the audited log. */
async function latestVersion(services: Services, turn: Turn, { entry, at }: ActionDataOf<typeof LOG.undo>): Promise<ActivityEntry | undefined> {
  const t = Date.parse(at);
  if (!entry || Number.isNaN(t)) return undefined;
  const versions = await services.activityLog.history(
    { workerId: turn.person.id, from: new Date(t), to: new Date(t) },
    { personId: turn.person.id, purpose: 'quick-log-amend' },
  );
  let current = versions.find((v) => v.id === entry && v.workerId === turn.person.id);
  for (let guard = 0; current && guard < 100; guard++) {
    const id: string = current.id;
    const next = versions.filter((v) => v.amends?.entryId === id).sort((a, b) => a.recordedAt.localeCompare(b.recordedAt)).pop();
    if (!next) break;
    current = next;
  }
  return current;
}

export function registerQuickLog(router: Router, services: Services): void {
  const roles = [...WORKER_ROLES];
  router.command(
    { name: 'log', aliases: ['quick log', 'record'], roles, summary: 'Record informal work in one line', usage: 'log 10m direct work Y9 attendance' },
    async (turn) => {
      if (!turn.args.trim()) {
        turn.reply(logForm(services, turn.person.id, { title: 'Quick log', verb: LOG.submit.verb, schoolId: await schoolToday(services, turn.person.id, turn.now) }));
        return;
      }
      const parsed = parseQuickLog(turn.args, services.directory.allSchools(), services.config);
      if (parsed.refused) return turn.reply(parsed.refused);
      if (!parsed.minutes || parsed.minutes > MAX_MINUTES) {
        return turn.reply('How long did it take? Start with the time, e.g. *log 10m direct work Y9 attendance* (1m to 12h).');
      }
      if (!parsed.activityType) {
        const words = ACTIVITY_TYPES.map((t) => ACTIVITY_WORDS[t][0]).join(', ');
        const c = card().text(`What kind of work was it? Say one of: ${words}. For example: *log 10m parent contact*.`).action(LOG.form.button('Use the form'));
        return turn.reply({ text: `What kind of work was it? Say one of: ${words}.`, card: c.build() });
      }
      if (parsed.child && !ChildRefSchema.safeParse({ yearGroup: parsed.child.yearGroup, reference: parsed.child.reference ?? 'n/a' }).success) {
        return turn.reply('Year group must be N, R or Y1 to Y14, and the reference at most 12 letters or digits.');
      }
      if (parsed.note.length > NOTE_MAX) return turn.reply(`Please keep the note under ${NOTE_MAX} characters; quick log is for a few words.`);
      if (await screenFreeText(turn, [turn.args], 'log')) return;
      const draft: Draft = { workerId: turn.person.id, minutes: parsed.minutes, activityType: parsed.activityType, child: parsed.child, note: parsed.note, fields: parsed.fields, schoolId: parsed.schoolId };
      await proceed(services, turn, draft);
    },
  );

  router.action(
    LOG.school,
    async (turn, data) => {
      const { draft: id, school } = data;
      const draft = id ? await QUICK_LOG_DRAFT_DOC.get(services.store, id) : undefined;
      if (!draft || draft.workerId !== turn.person.id) return turn.reply('That quick log has expired. Please type it again.');
      await QUICK_LOG_DRAFT_DOC.delete(services.store, id);
      await proceed(services, turn, { ...draft, schoolId: school, fields: { ...draft.fields, noSchool: school === NO_SCHOOL } });
    },
    { roles },
  );

  router.action(
    LOG.role,
    async (turn, data) => {
      const { draft: id } = data;
      const form = parseForm(ROLE_FORM, turn.values);
      if (!form.ok) return turn.reply({ text: 'Please choose who raised it.', formErrors: form.errors });
      const { role } = form.data;
      const draft = id ? await QUICK_LOG_DRAFT_DOC.get(services.store, id) : undefined;
      if (!draft || draft.workerId !== turn.person.id) return turn.reply('That quick log has expired. Please type it again.');
      await QUICK_LOG_DRAFT_DOC.delete(services.store, id);
      await proceed(services, turn, { ...draft, fields: { ...draft.fields, enquirer: role } });
    },
    { roles },
  );

  registerSharing(router, services, roles, latestVersion);

  router.action(
    LOG.form,
    async (turn) => {
      const schoolId = await schoolToday(services, turn.person.id, turn.now);
      const role = schoolId ? await rememberedRole(services.store, turn.person.id, schoolId) : undefined;
      turn.reply(logForm(services, turn.person.id, { title: 'Quick log', verb: LOG.submit.verb, schoolId, role }));
    },
    { roles },
  );

  router.action(
    LOG.submit,
    async (turn) => {
      const form = parseForm(quickLogFormSchema(services), turn.values);
      if (!form.ok) return turn.reply({ text: 'Please check the form.', formErrors: form.errors });
      const f = form.data;
      await proceed(services, turn, { workerId: turn.person.id, minutes: f.minutes, activityType: f.activityType, note: '', fields: f.fields, schoolId: f.schoolId });
    },
    { roles },
  );

  router.action(
    LOG.undo,
    async (turn, ref) => {
      const latest = await latestVersion(services, turn, ref);
      if (!latest) return turn.reply("I couldn't find that entry among your own.");
      if (isWithdrawn(latest)) {
        const text = `Already withdrawn by ${doneBy(services, latest.recordedBy, latest.recordedAt)}.`;
        turn.update({ text, card: withdrawnCard(services, latest, latest.recordedBy, latest.recordedAt) });
        return turn.reply(text);
      }
      const e = await services.activityLog.amend(latest.id, { minutes: 0, timeSpent: 'under_5' }, WITHDRAWN_REASON, turn.person.id);
      services.log.info({ personId: turn.person.id, entryId: e.id, amends: latest.id }, 'quick log withdrawn');
      const text = `Withdrawn: ${formatMinutes(latest.minutes ?? 0)} ${ACTIVITY_SHORT[latest.activityType].toLowerCase()}. The log keeps a note that it was withdrawn.`;
      turn.update({ text, card: withdrawnCard(services, latest, turn.person.id, e.recordedAt) });
    },
    { roles },
  );

  router.action(
    LOG.correct,
    async (turn, ref) => {
      const latest = await latestVersion(services, turn, ref);
      if (!latest) return turn.reply("I couldn't find that entry among your own.");
      if (isWithdrawn(latest)) return turn.reply('That entry was withdrawn. Log it again if you need to.');
      turn.reply(
        logForm(services, turn.person.id, {
          title: 'Correct quick log',
          verb: LOG.amend.verb,
          data: { entry: latest.id, at: latest.occurredAt },
          minutes: latest.minutes,
          activityType: latest.activityType,
          schoolId: latest.schoolId,
          current: latest,
          role: latest.raisedBy.role,
        }),
      );
    },
    { roles },
  );

  router.action(
    LOG.amend,
    async (turn, ref) => {
      const form = parseForm(quickLogFormSchema(services), turn.values);
      if (!form.ok) return turn.reply({ text: 'Please check the form.', formErrors: form.errors });
      const f = form.data;
      const latest = await latestVersion(services, turn, ref);
      if (!latest) return turn.reply("I couldn't find that entry among your own.");
      if (isWithdrawn(latest)) return turn.reply('That entry was withdrawn. Log it again if you need to.');
      if (f.schoolId !== NO_SCHOOL && !loggableSchools(services, turn.person.id).some((s) => s.id === f.schoolId)) {
        return turn.reply({ text: "You're not linked to that school.", formErrors: { school: 'Choose one of your schools' } });
      }
      const e = await services.activityLog.amend(
        latest.id,
        {
          minutes: f.minutes,
          timeSpent: bucketFor(f.minutes),
          activityType: f.activityType,
          schoolId: f.schoolId,
          raisedBy: { role: f.fields.enquirer ?? latest.raisedBy.role },
          place: f.fields.place,
          concernCategories: f.fields.concernCategories,
          peopleReached: f.fields.peopleReached,
          consent: f.fields.consent ?? latest.consent,
          consentFrom: f.fields.consentFrom,
        },
        'Corrected by the worker',
        turn.person.id,
      );
      services.log.info({ personId: turn.person.id, entryId: e.id, amends: latest.id }, 'quick log corrected');
      turn.update(confirmation(services, e, 'Corrected:'));
    },
    { roles },
  );
}

