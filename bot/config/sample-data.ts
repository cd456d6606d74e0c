/**
 * Sample data for the embedded default only (the sample authority, memory storage), so `book`,
 * `tas`, `digest` and `export` show something on the first try: a drop-in timetable for two
 * schools from today, a fortnightly TAS series with a meeting this week and an action, three
 * weeks of activity-log entries for the team, and one open consultation. Everything is made
 * through the same core a person uses (or the activity log's own append, for past weeks) and is
 * labelled "sample". Never loaded with BOT_CONFIG or REDIS_URL set, or with SAMPLE_DATA=false.
 *
 * @example
 *   if (sampleDataWanted(process.env)) await loadSampleData(app);
 */
import type { App } from '../app';
import type { InboundEvent } from '../core/events';
import type { Reply } from '../core/reply';
import { bucketFor, type ActivityType, type Outcome } from '../../storage/activity-log';
import { PERSON_CONVERSATION_DOC } from '../../storage/conversations';
import { CONSULT } from '../features/consultations/verbs';
import { DROPIN } from '../features/dropins/verbs';
import { VERB as TAS_ACTION } from '../features/tas/action-cards';
import { VERB as TAS_MEETING } from '../features/tas/meetings';

/** Only on the embedded default: no configuration file and no Redis (by URL or through Sentinels). */
export function sampleDataWanted(env: NodeJS.ProcessEnv | Record<string, unknown>): boolean {
  return !env.BOT_CONFIG && !env.REDIS_URL && !env.REDIS_SENTINELS && String(env.SAMPLE_DATA ?? '') !== 'false';
}

let counter = 0;

const actors = new Set<string>();

/** The sample's people have not really opened a chat: messages to them wait until they do. */
async function forgetSampleChats(app: App): Promise<void> {
  for (const personId of actors) await PERSON_CONVERSATION_DOC.delete(app.services.store, `${personId}:console`);
}

async function act(app: App, personId: string, { verb }: { verb: string }, inputs: Record<string, string>, data: Record<string, string> = {}): Promise<Reply[]> {
  actors.add(personId);
  const event: InboundEvent = {
    id: `sample:${++counter}`,
    platform: 'console',
    user: { platform: 'console', userId: personId },
    // A 1:1 chat, as a person would use (anything about a child is only ever handled 1:1); the
    // reference it leaves behind is forgotten once the sample is loaded (forgetSampleChats).
    conversation: { platform: 'console', id: `sample:${personId}`, kind: 'personal', address: { personId } },
    receivedAt: app.services.now(),
    type: 'action',
    verb,
    data,
    inputs,
  };
  return app.bot.handle(event, { personId });
}

const PAST: { worker: string; school: string; type: ActivityType; minutes: number; outcome: Outcome; query: string }[] = [
  { worker: 'sw.amira', school: 'werneth', type: 'potential_referral_discussion', minutes: 25, outcome: 'early_help', query: 'Y9 JS: hungry in school, no food at home' },
  { worker: 'sw.amira', school: 'werneth', type: 'direct_work', minutes: 45, outcome: 'advice_and_monitor', query: 'Y8 KM: worries about home' },
  { worker: 'sw.amira', school: 'st-marks', type: 'parent_contact', minutes: 30, outcome: 'signposted', query: 'Y4 AB: housing worries' },
  { worker: 'sw.ben', school: 'harrytown', type: 'statutory_casework', minutes: 120, outcome: 'mash_referral_made', query: 'Y10 40213: disclosure at school' },
  { worker: 'sw.ben', school: 'harrytown', type: 'advice_or_information', minutes: 15, outcome: 'advice_and_monitor', query: 'Y7 RT: attendance dropping' },
  { worker: 'sw.chloe', school: 'greave', type: 'group_work', minutes: 60, outcome: 'not_recorded', query: 'Y5 group: friendships' },
  { worker: 'sp.olu', school: 'werneth', type: 'potential_referral_discussion', minutes: 20, outcome: 'no_further_action', query: 'Y11 DP: escalated question' },
];

/** Three weeks of entries, a few a day, dated in the past (the log is append-only). */
async function pastEntries(app: App): Promise<number> {
  const { activityLog, calendar, config, now } = app.services;
  const team = config.teams[0];
  let n = 0;
  let date = calendar.dateOf(now());
  for (let day = 0; day < 21; day++) {
    date = calendar.addDays(date, -1);
    if (!calendar.isSchoolDay(date)) continue;
    for (let i = 0; i < 3; i++) {
      const s = PAST[(day * 3 + i) % PAST.length];
      if (!team.members.includes(s.worker)) continue;
      const school = config.schools.find((x) => x.id === s.school);
      await activityLog.append({
        occurredAt: calendar.at(date, ['09:30', '11:15', '14:00'][i]).toISOString(),
        schoolId: s.school,
        teamId: team.id,
        workerId: s.worker,
        raisedBy: { personId: school?.dsls[0] ?? 'dsl.werneth', role: 'dsl' },
        query: `[sample] ${s.query}`,
        response: '[sample] Advice given and recorded.',
        activityType: s.type,
        outcome: s.outcome,
        timeSpent: bucketFor(s.minutes),
        minutes: s.minutes,
        consent: 'consented',
        source: { kind: 'sample', id: `sample-${date}-${i}` },
        recordedBy: s.worker,
      });
      n++;
    }
  }
  return n;
}

function reported(replies: Reply[]): string {
  return replies.map((r) => r.text).join(' ').slice(0, 160);
}

export async function loadSampleData(app: App): Promise<void> {
  const { calendar, log, now, config } = app.services;
  if (config.people.every((p) => p.id !== 'sw.amira')) return; // not the sample authority
  const today = calendar.dateOf(now());
  const inFourWeeks = calendar.addDays(today, 28);
  // Drop-ins: Amira at Werneth and Ben at Harrytown, every school day from today.
  for (const [worker, school] of [['sw.amira', 'werneth'], ['sw.ben', 'harrytown']]) {
    const r = await act(app, worker, DROPIN.setupSave, {
      school, weekdays: 'mon,tue,wed,thu,fri', start: '13:00', end: '15:00', slotMinutes: '30', capacity: '1',
      audience: 'staff,parents', place: 'SWIS room (sample timetable)', firstDate: today, lastDate: inFourWeeks,
    });
    log.debug({ school, reply: reported(r).length }, 'sample data: drop-in timetable');
  }
  // TAS: a fortnightly series at Werneth whose first meeting is the next school day, and an action.
  const next = calendar.nextSchoolDay(today) ?? calendar.addDays(today, 1);
  await act(app, 'tas.leon', TAS_MEETING.setupSubmit, { school: 'werneth', weekday: calendar.weekday(next), time: '09:00', every: '2', first: next, length: '60', attendees: 'dsl.werneth,sw.amira,staff.werneth.nurse' });
  await act(app, 'tas.leon', TAS_ACTION.post, { school: 'werneth', owner: 'sw.amira', what: '(sample) call home about attendance', due: calendar.addDays(today, 7), yearGroup: 'Y9', reference: 'JS' });
  const entries = await pastEntries(app);
  // One open consultation, Harrytown to Ben: it waits for him until he opens a chat.
  await act(app, 'dsl.harrytown', CONSULT.dangerNo, {});
  const asked = await act(app, 'dsl.harrytown', CONSULT.submit, {
    yearGroup: 'Y7', reference: 'RT', categories: 'attendance', whatHappened: 'Sample consultation: attendance has dropped to 80% this half term and the child seems tired.',
    knownToSocialCare: 'no', parentsKnow: 'yes', consent: 'consented', schoolActions: 'Sample: attendance letter sent home.', urgency: 'green',
  });
  const step = asked.flatMap((r) => r.card?.actions ?? []).find((a) => a.type === 'submit' && a.verb === CONSULT.indicators.verb);
  if (step?.type === 'submit') await act(app, 'dsl.harrytown', step, { ind_attendance: 'att-persistent' }, step.data ?? {});
  await forgetSampleChats(app);
  log.info({ entries }, 'sample data loaded (embedded default only): drop-ins, a TAS series, three weeks of activity, one consultation');
}
