/**
 * Every structured field on every kind of entry: quick log (one line and the form), drop-in
 * (walk-in), TAS meetings (and cancelling one), consultations (categories, known to social
 * care, place, activity type set from the exchange), sharing without consent, and the CSV
 * export's new columns. Drop-in attendance fields are covered in tests/dropins/worker.test.ts,
 * the referral outcome and re-referral fields in outcome-loop.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ActivityEntryInputSchema } from '../../storage/activity-log';
import { entry } from '../storage/contract';
import { EXPORT_COLUMNS, activityCsv } from '../../bot/features/digest/export';
import { parseQuickLog } from '../../bot/features/digest/quick-log';
import { askAdvice, consultApp } from '../consultations/flow';
import { makeApp, settingsFrom, sampleConfigData, type TestApp } from '../helpers/app';
import { advanceTo, greet, say as tasSay, setupWerneth, press as tasPress } from '../tas/helpers';

const range = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') };
const reader = { personId: 'test', purpose: 'test' };

describe('quick log fields', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeApp({ settings: settingsFrom(sampleConfigData()) });
  });
  afterEach(() => t.close());
  const mine = (w: string) => t.app.services.activityLog.query({ workerId: w, ...range }, reader);

  it('reads who raised it, place, concern, services, people reached and consent from one line', async () => {
    const [r] = await t.say('sw.dan', 'log 1h group work at greave Y6 12 pupils signposted kooth referred to camhs from senco neglect consent from parent');
    expect(r.text).toBe('Logged 1h group work at Greave Primary School (Y6).');
    const [e] = await mine('sw.dan');
    expect(e).toMatchObject({
      schoolId: 'greave',
      raisedBy: { role: 'senco' },
      place: 'school',
      concernCategories: ['neglect'],
      services: [
        { serviceId: 'kooth', how: 'signposted' },
        { serviceId: 'camhs', how: 'referred' },
      ],
      peopleReached: 12,
      consent: 'consented',
      consentFrom: 'parent_carer',
      holding: false,
      outcome: 'signposted',
      activityType: 'group_work',
    });
    expect(r.card?.body).toContainEqual({ type: 'facts', facts: expect.arrayContaining([{ label: 'Raised by', value: 'SENCO' }, { label: 'People reached', value: '12' }]) });
  });

  it('logs work not tied to a school (court), and records sharing without consent', async () => {
    const [court] = await t.say('sw.amira', 'log 2h casework in court no school from me');
    expect(court.text).toBe('Logged 2h casework (not tied to a school).');
    const [visit] = await t.say('sw.amira', 'log 20m parent contact home visit at werneth Y3 K4 not safe to ask from dsl');
    const both = await mine('sw.amira');
    const courtEntry = both.find((e) => e.schoolId === 'none');
    const visitEntry = both.find((e) => e.schoolId === 'werneth');
    expect(courtEntry).toMatchObject({ schoolId: 'none', place: 'court', raisedBy: { role: 'social_worker', personId: 'sw.amira' }, consent: 'not_applicable', holding: false });
    expect(visitEntry).toMatchObject({ schoolId: 'werneth', place: 'home_visit', consent: 'not_safe_to_ask', holding: false });
    const share = visit.card!.actions.find((a) => a.type === 'submit' && a.verb === 'log.share.form');
    if (!share || share.type !== 'submit') throw new Error('no sharing button');
    const [form] = await t.press('sw.amira', share.verb, share.data);
    expect(form.form).toBe(true);
    const [missing] = await t.press('sw.amira', 'log.share.save', share.data, { what: 'Concern about home conditions', withWhom: '' , why: 'Risk of significant harm' });
    expect(Object.keys(missing.formErrors ?? {})).toEqual(['withWhom']);
    const [ok] = await t.press('sw.amira', 'log.share.save', share.data, { what: 'Concern about home conditions', withWhom: 'MASH', why: 'Risk of significant harm; asking would increase it' });
    expect(ok.text).toMatch(/^Recorded: shared with MASH without consent/);
    const effective = (await mine('sw.amira')).find((e) => e.schoolId === 'werneth')!;
    expect(effective.informationSharing).toEqual({ what: 'Concern about home conditions', withWhom: 'MASH', why: 'Risk of significant harm; asking would increase it', decidedBy: 'sw.amira', at: '2026-11-23T10:00:00.000Z' });
    const [court2] = await t.say('sw.amira', 'log 5m advice no school');
    expect(court2.text).toBe('Logged 5m advice (not tied to a school).'); // remembered: raised by the worker
  });

  it('asks who raised it with a short choice once per school, then remembers it', async () => {
    const [ask] = await t.say('sw.dan', 'log 10m advice at woodley');
    expect(ask.text).toBe('Who raised it?');
    const choice = ask.card!.body.find((b) => b.type === 'input.choice')!;
    expect(choice.type === 'input.choice' && choice.choices.map((c) => c.value)).toEqual(expect.arrayContaining(['dsl', 'senior_leader', 'senco', 'grandparent_or_family', 'early_help_worker', 'police']));
    const submit = ask.card!.actions[0];
    if (submit.type !== 'submit') throw new Error('no submit');
    const [bad] = await t.press('sw.dan', submit.verb, submit.data, { role: 'wizard' });
    expect(bad.formErrors).toEqual({ role: 'Choose who raised it' });
    const [done] = await t.press('sw.dan', submit.verb, submit.data, { role: 'police' });
    expect(done.text).toBe('Logged 10m advice at Woodley Primary School.');
    const [next] = await t.say('sw.dan', 'log 5m advice at woodley');
    expect(next.text).toBe('Logged 5m advice at Woodley Primary School.');
    expect((await mine('sw.dan')).map((e) => e.raisedBy.role)).toEqual(['police', 'police']);
  });

  it('records a walk-in at a drop-in', async () => {
    const [r] = await t.say('sw.dan', 'log 15m walk-in at woodley from parent');
    expect(r.text).toBe('Logged 15m drop-in at Woodley Primary School.');
    expect((await mine('sw.dan'))[0]).toMatchObject({ activityType: 'drop_in', attendance: 'walk_in', raisedBy: { role: 'parent_carer' } });
  });

  it('parses the fields without touching the note', () => {
    const q = parseQuickLog('30m direct work Y9 AB12 from grandparent low mood at home', [], (makeAppConfig()));
    expect(q.fields).toMatchObject({ enquirer: 'grandparent_or_family' });
    expect(q.note).toBe('low mood at home');
  });
});

function makeAppConfig() {
  return settingsFrom(sampleConfigData()).config;
}

describe('consultation entry fields and the CSV export', () => {
  it('carries categories, known to social care, place and an activity type from the exchange, and every new column', async () => {
    const t = await consultApp();
    try {
      const { id } = await askAdvice(t, 'dsl.werneth', { knownToSocialCare: 'yes', consent: 'consented' });
      await t.press('sw.amira', 'consult.answer', { id, answer: 'monitor' }, { timeSpent: '5_30' });
      await t.press('sw.amira', 'consult.close', { id }, { outcome: 'advice_and_monitor', timeSpent: '5_30' });
      const [e] = await t.app.services.activityLog.query({ schoolId: 'werneth', ...range }, reader);
      expect(e).toMatchObject({ concernCategories: ['neglect'], knownToSocialCare: 'yes', place: 'phone_or_online', activityType: 'potential_referral_discussion', consent: 'consented', raisedBy: { role: 'dsl' } });
      await t.say('sw.amira', 'log 1h group work at werneth 12 pupils signposted kooth from senco consent from parent');
      const all = await t.app.services.activityLog.history({ teamId: 'werneth-swis', ...range }, reader);
      const rows: Record<string, string>[] = parse(activityCsv(t.app.services, all), { columns: true, bom: true });
      for (const col of ['Concern categories', 'Known to social care', 'Services signposted to', 'Services referred to', 'People reached', 'Place', 'Not tied to a school', 'Drop-in attendance', 'Consent from', 'Shared without consent: what', 'Referral made', 'MASH decision', 'Re-referral of consultations'])
        expect(EXPORT_COLUMNS).toContain(col);
      const consult = rows.find((r) => r.Source === 'consultation')!;
      expect(consult).toMatchObject({ 'Concern categories': 'neglect', 'Known to social care': 'Yes', Place: 'Phone or online', 'Activity type': 'Discussion about a potential referral', 'Not tied to a school': 'no' });
      const group = rows.find((r) => r.Source === 'quick-log')!;
      expect(group).toMatchObject({ 'Raised by role': 'SENCO', 'Services signposted to': 'Kooth', 'People reached': '12', Place: 'School', 'Consent from': 'Parent or carer', 'Consent status': 'Consented', 'Holding note': 'no' });
    } finally {
      await t.close();
    }
  });
});

describe('TAS meeting fields and cancelling one meeting', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeApp();
    await greet(t, 'tas.leon', 'dsl.werneth', 'sw.amira');
  });
  afterEach(() => t.close());
  const werneth = () => t.app.services.activityLog.query({ schoolId: 'werneth', ...range }, reader);

  it('logs a held meeting with people reached and no holding note; a meeting that did not happen is withdrawn', async () => {
    await setupWerneth(t, { attendees: 'dsl.werneth,sw.amira' });
    await advanceTo(t, '2026-12-01T10:00:00Z');
    const [e] = await werneth();
    expect(e).toMatchObject({ activityType: 'tas_meeting', consent: 'not_applicable', holding: false, place: 'school', peopleReached: 4, minutes: 60 }); // the chair, two attendees and a named other
    const [choices] = await tasSay(t, 'tas.leon', 'tas cancel');
    const titles = choices.card!.actions.map((a) => a.title);
    expect(titles).toEqual(['Werneth School: Tue 15 Dec, 09:00 (next)', 'Werneth School: Tue 1 Dec, 09:00 (did not take place)']);
    const past = choices.card!.actions[1];
    if (past.type !== 'submit') throw new Error('no button');
    const [r] = await tasPress(t, 'tas.leon', past.verb, past.data);
    expect(r.text).toBe('Cancelled the TAS at Werneth School on Tue 1 Dec, 09:00. Its 1 log entry now records no time.');
    expect(await werneth()).toEqual([expect.objectContaining({ minutes: 0, amends: expect.objectContaining({ reason: 'TAS meeting cancelled by the chair' }) })]);
    const [twice] = await tasPress(t, 'tas.leon', past.verb, past.data);
    expect(twice.text).toBe('That meeting is already cancelled.');
    const next = choices.card!.actions[0];
    if (next.type !== 'submit') throw new Error('no button');
    const [n] = await tasPress(t, 'tas.leon', next.verb, next.data);
    expect(n.text).toBe('Cancelled the TAS at Werneth School on Tue 15 Dec, 09:00. It will not be logged.');
    await advanceTo(t, '2026-12-15T11:00:00Z');
    expect((await werneth()).filter((x) => x.occurredAt.startsWith('2026-12-15'))).toEqual([]);
    const [notChair] = await tasPress(t, 'sw.amira', next.verb, next.data);
    expect(notChair.text).toMatch(/isn't something your role can do/);
  });
});

describe('every field of an entry', () => {
  it('is in the CSV export and in docs/activity-log.md', async () => {
    const t = await makeApp();
    try {
      const log = t.app.services.activityLog;
      const first = await log.append(
        entry({
          raisedBy: { personId: 'staff.werneth.hoy9', role: 'head_or_year_head' },
          concernCategories: ['neglect'],
          knownToSocialCare: 'dont_know',
          services: [{ serviceId: 'kooth', how: 'signposted' }],
          peopleReached: 7,
          place: 'home_visit',
          attendance: 'walk_in',
          minutes: 17,
          consent: 'not_consented',
          consentFrom: 'parent_carer',
          reReferralOf: ['c-earlier-1'],
          measures: { firstResponseMs: 4242 },
          source: { kind: 'consultation', id: 'c-field-test' },
        }),
      );
      const e = await log.amend(
        first.id,
        {
          informationSharing: { what: 'Attendance figures', withWhom: 'The housing officer', why: 'Risk of eviction', decidedBy: 'sw.amira', at: '2026-11-23T11:00:00.000Z' },
          referral: { referred: false, reason: 'Family moved away', answeredBy: 'dsl.werneth', answeredAt: '2026-11-24T10:00:00.000Z' },
        },
        'fields test',
        'sw.amira',
      );
      const rows: Record<string, string>[] = parse(activityCsv(t.app.services, [first, e]), { columns: true, bom: true });
      const row = rows.find((r) => r['Entry ID'] === e.id)!;
      const cells = Object.values(row).join(' | ');
      for (const value of [
        e.id, e.schoolId, e.teamId, e.workerId, e.occurredAt, 'staff.werneth.hoy9', 'Y9', 'JS', e.query, e.response, 'neglect', "Don't know", 'Kooth', '7',
        'Home visit', 'Walk-in', '17', 'Parent or carer', 'Attendance figures', 'The housing officer', 'Risk of eviction', '2026-11-23T11:00:00.000Z',
        'Family moved away', 'dsl.werneth', '2026-11-24T10:00:00.000Z', 'c-earlier-1', 'firstResponseMs=4242', 'consultation', 'c-field-test', e.recordedBy, e.recordedAt, first.id, 'fields test',
      ]) {
        expect([value, cells.includes(String(value))]).toEqual([value, true]);
      }
      expect(row['Referral made']).toBe('no');
      expect(row['Referral outcome answered by']).toBe('dsl.werneth');
      expect(row['Shared without consent: decided by']).toBe('sw.amira');
      expect(row['Holding note']).toBe('no');

      // Every field, nested ones included, is named in the data dictionary.
      const doc = readFileSync(join(__dirname, '../../docs/activity-log.md'), 'utf8');
      const nested = { raisedBy: ['personId', 'role'], referral: ['referred', 'reason', 'decision', 'answeredAt', 'answeredBy'], informationSharing: ['what', 'withWhom', 'why', 'decidedBy', 'at'] } as Record<string, string[]>;
      for (const key of [...Object.keys(ActivityEntryInputSchema.shape), 'id', 'recordedAt', 'holding']) {
        expect([key, doc.includes(`\`${key}`)]).toEqual([key, true]);
        for (const sub of nested[key] ?? []) expect([key, sub, doc.includes(`${key}.${sub}`) || doc.includes(`\`${sub}\``) || doc.includes(`${sub}\``)]).toEqual([key, sub, true]);
      }
    } finally {
      await t.close();
    }
  });
});
