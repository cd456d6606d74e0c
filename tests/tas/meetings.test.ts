import { SchoolCalendar } from '../../bot/core/calendar';
import { nextMeetingDate } from '../../bot/features/tas/timing';
import { makeApp, type TestApp } from '../helpers/app';
import { advanceTo, buttons, CHAT, chatPosts, greet, inChat, press, pressInChat, say, setupWerneth, texts } from './helpers';

describe('TAS meeting series', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeApp(); // Mon 23 Nov 2026, 10:00 London
    await greet(t, 'tas.leon', 'dsl.werneth', 'sw.amira');
  });
  afterEach(() => t.close());

  it('shows the chair a setup form with the school, day, time, frequency, first date and attendees', async () => {
    const [r] = await say(t, 'tas.leon', 'tas setup');
    expect(r.form).toBe(true);
    const ids = r.card!.body.filter((e) => 'id' in e).map((e) => (e as { id: string }).id);
    expect(ids).toEqual(['school', 'weekday', 'time', 'every', 'first', 'length', 'attendees', 'others']);
  });

  it('sets up a series from the meeting chat, tells attendees it can reach and names those it cannot', async () => {
    const [r] = await setupWerneth(t);
    expect(r.text).toContain('TAS for Werneth School set up: every other week on Tuesday at 09:00, school days only, next Tue 1 Dec, 09:00');
    // Anne Byrne (in the directory, never talked to the bot) and Sam Green (no account) are named back.
    expect(r.text).toMatch(/I can't reach Anne Byrne, Sam Green/);
    expect(texts(t.channel.to('sw.amira'))).toContain("You're on the Team Around the School for Werneth School");
    expect(texts(t.channel.to('dsl.werneth'))).toContain('Next meeting Tue 1 Dec, 09:00');
    expect(t.channel.to('staff.werneth.nurse')).toEqual([]);
  });

  it('refuses a setup for a school the chair does not chair, and a first date in the past, saving nothing', async () => {
    const data = (await import('../helpers/app')).sampleConfigData();
    data.schools.find((s: { id: string }) => s.id === 'harrytown').tasChairs = [];
    const t2 = await makeApp({ settings: (await import('../helpers/app')).settingsFrom(data) });
    try {
      const [a] = await pressInChat(t2, 'tas.leon', 'tas.setup.submit', {}, { school: 'harrytown', weekday: 'tue', time: '09:00', every: '2', first: '2026-11-30', length: '60' });
      expect(a.text).toMatch(/You don't chair the TAS for Harrytown.*Nothing was saved/);
      expect(a.formErrors?.school).toBeDefined();
      const [b] = await pressInChat(t2, 'tas.leon', 'tas.setup.submit', {}, { school: 'werneth', weekday: 'tue', time: '9am', every: '2', first: '2026-11-01', length: '60' });
      expect(b.formErrors).toEqual({ time: expect.any(String), first: 'The first date is in the past.' });
      const [list] = await t2.say('tas.leon', 'tas');
      expect(list.text).not.toContain('Werneth School:');
    } finally {
      await t2.close();
    }
  });

  it('reminds attendees 24 hours and 1 hour before with the agenda so far and open actions', async () => {
    await setupWerneth(t);
    const [added] = await say(t, 'dsl.werneth', 'tas agenda Y9 JS attendance down since half term');
    expect(added.text).toContain('Added to the TAS agenda for Werneth School on Tue 1 Dec, 09:00: Y9 JS: attendance down since half term (1 item so far)');
    await inChat(t, 'tas.leon', 'action @sw.amira call mum about attendance by Friday');

    await advanceTo(t, '2026-11-30T08:59:00Z');
    expect(texts(t.channel.to('sw.amira'))).not.toContain('Reminder: TAS');
    await advanceTo(t, '2026-11-30T09:00:00Z');
    const day = t.channel.to('sw.amira').filter((r) => r.text.startsWith('Reminder: TAS'));
    expect(day).toHaveLength(1);
    expect(day[0].text).toContain('Agenda so far: Y9 JS: attendance down since half term');
    expect(day[0].text).toMatch(/Open actions: A1 · Amira Hassan · call mum about attendance · due Fri 27 Nov 2026 \(OVERDUE\)/);
    expect(buttons(day[0])).toEqual(['Add to agenda', 'Send apologies']);
    expect(t.channel.to('dsl.werneth').filter((r) => r.text.startsWith('Reminder: TAS'))).toHaveLength(1);

    // An agenda item added after the first reminder is in the second.
    await say(t, 'sw.amira', 'tas agenda general: vaping in Y10 toilets');
    await advanceTo(t, '2026-12-01T08:00:00Z');
    const hour = t.channel.to('sw.amira').filter((r) => r.text.startsWith('Reminder: TAS'));
    expect(hour).toHaveLength(2);
    expect(hour[1].text).toContain('general: vaping in Y10 toilets');
  });

  it('keeps agenda items to a year group and reference, one line, from attendees only', async () => {
    await setupWerneth(t);
    const [bad] = await say(t, 'dsl.werneth', 'tas agenda Y9 JohnathanSmithers worried about him');
    expect(bad.text).toMatch(/year group .* short school reference of up to 12 characters, never a name.*Nothing was added/);
    const [outsider] = await say(t, 'dsl.harrytown', 'tas agenda werneth Y7 AB new starter');
    expect(outsider.text).toMatch(/You're not on the TAS for Werneth School.*Nothing was added/);
    const [empty] = await say(t, 'dsl.werneth', 'tas agenda Y9 JS');
    expect(empty.text).toMatch(/one line/);
    const [form] = await say(t, 'dsl.werneth', 'tas agenda');
    expect(form.form).toBe(true);
    const [viaForm] = await press(t, 'dsl.werneth', 'tas.agenda.submit', {}, { seriesId: 'S-werneth', yearGroup: 'y8', reference: 'K-12', text: 'young carer, support plan' });
    expect(viaForm.text).toContain('Y8 K-12: young carer, support plan (1 item so far)');
  });

  it('an agenda line about a child, added in the TAS chat, is confirmed in a 1:1 chat, not the chat (issue 17)', async () => {
    await setupWerneth(t);
    const before = chatPosts(t).length;
    const replies = await inChat(t, 'dsl.werneth', 'tas agenda Y9 JS attendance dropping');
    expect(replies.map((r) => r.text)).toEqual(["I've messaged you privately: nothing about a child is posted here."]);
    expect(chatPosts(t).slice(before).map((r) => r.text).join('\n')).not.toContain('JS');
    expect(t.channel.to('dsl.werneth').at(-1)?.text).toContain('Y9 JS: attendance dropping');
    const [general] = await inChat(t, 'dsl.werneth', 'tas agenda vaping in Y10 toilets');
    expect(general.text).toContain('vaping in Y10 toilets');
  });

  it('records the meeting in the activity log for each worker who attended, then plans the next one', async () => {
    await setupWerneth(t, { attendees: 'dsl.werneth,sw.amira,sw.ben' });
    await greet(t, 'sw.ben');
    // Ben sends apologies from the 1-hour reminder.
    await advanceTo(t, '2026-12-01T08:00:00Z');
    const reminder = t.channel.to('sw.ben').find((r) => r.text.startsWith('Reminder: TAS'))!;
    const apologies = reminder.card!.actions.find((a) => a.type === 'submit' && a.title === 'Send apologies')!;
    if (apologies.type !== 'submit') throw new Error('expected a button');
    const [ok] = await press(t, 'sw.ben', apologies.verb, apologies.data);
    expect(ok.text).toContain('apologies');
    expect(texts(t.channel.to('tas.leon'))).toContain('Apologies from Ben Carter');

    await advanceTo(t, '2026-12-01T10:00:00Z');
    const entries = await t.app.services.activityLog.query(
      { schoolId: 'werneth', from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z') },
      { personId: 'tm.grace', purpose: 'test' },
    );
    expect(entries.map((e) => [e.workerId, e.activityType, e.minutes, e.source.kind])).toEqual([['sw.amira', 'tas_meeting', 60, 'tas-meeting']]);
    const [overview] = await say(t, 'tas.leon', 'tas');
    expect(overview.text).toContain('Werneth School: every other week on Tuesday at 09:00, school days only; next Tue 15 Dec, 09:00');
  });

  it('changing the series cancels the old reminders and plans the new ones', async () => {
    await setupWerneth(t);
    await setupWerneth(t, { weekday: 'wed', time: '13:30', every: '1' });
    await advanceTo(t, '2026-11-30T09:00:00Z');
    expect(t.channel.to('sw.amira').filter((r) => r.text.startsWith('Reminder: TAS'))).toEqual([]);
    await advanceTo(t, '2026-12-01T13:30:00Z');
    const [r] = t.channel.to('sw.amira').filter((x) => x.text.startsWith('Reminder: TAS'));
    expect(r.text).toContain('Wed 2 Dec, 13:30');
  });

  it('posts to the meeting chat when an action is done there', async () => {
    await setupWerneth(t);
    await inChat(t, 'tas.leon', 'action @sw.amira call mum by Friday');
    await press(t, 'sw.amira', 'tas.action.done.submit', { id: 'A1' }, { note: 'Called, plan agreed' });
    expect(chatPosts(t).map((r) => r.text)).toEqual(['A1 is done (Amira Hassan): call mum.']);
    expect(CHAT.kind).toBe('channel');
  });
});

describe('TAS dates on the school calendar', () => {
  it('skips meetings that fall in the holidays and keeps the fortnightly rhythm', async () => {
    const t = await makeApp();
    const cal = new SchoolCalendar(t.app.services.config.authority);
    const s = { weekday: 'tue' as const, firstDate: '2026-12-01', everyWeeks: 2, time: '09:00' };
    // 15 Dec is the last before Christmas; 29 Dec is in the holiday; 12 Jan is next.
    expect(nextMeetingDate(cal, s, new Date('2026-12-01T09:00:00Z'))).toBe('2026-12-15');
    expect(nextMeetingDate(cal, s, new Date('2026-12-15T09:00:00Z'))).toBe('2027-01-12');
    await t.close();
  });
});
