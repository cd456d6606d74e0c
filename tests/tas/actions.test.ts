import type { TasAction } from '../../bot/features/tas/model';
import { makeApp, sampleConfigData, settingsFrom, type TestApp } from '../helpers/app';
import { advanceTo, buttons, inChat, openActionCount, press, pressInChat, say, setupWerneth, texts, wernethTas } from './helpers';

async function action(t: TestApp, id: string): Promise<TasAction> {
  return (await t.store.get<TasAction>('tas-action', id))!;
}

const openCount = openActionCount;

describe('TAS actions', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await wernethTas(); // Mon 23 Nov 2026, 10:00 London
  });
  afterEach(() => t.close());

  it('posts an action from the meeting chat, confirms in the thread and sends it to the owner with Got it, Done and Update', async () => {
    const [r] = await inChat(t, 'tas.leon', 'action @sw.amira call mum about attendance (Y9 JS) by Friday');
    expect(r.text).toBe("A1 for Amira Hassan at Werneth School: call mum about attendance, due Fri 27 Nov 2026. I've sent it to Amira.");
    const [got] = t.channel.to('sw.amira').filter((x) => x.text.startsWith('New TAS action'));
    expect(got.card!.title).toBe('New TAS action: A1');
    expect(got.card!.body).toContainEqual({ type: 'facts', facts: expect.arrayContaining([{ label: 'Child', value: 'Y9 JS' }, { label: 'Due', value: 'Fri 27 Nov 2026' }]) });
    expect(buttons(got)).toEqual(['Got it', 'Done', 'Update']);
    const [spentCard, ack] = await press(t, 'sw.amira', 'tas.action.ack', { id: 'A1' });
    expect(ack.text).toBe("Thanks, A1 is yours, due Fri 27 Nov 2026. I'll remind you Thu 26 Nov, 16:00.");
    // The card pressed now says who acknowledged it and when, and "Got it" is gone.
    expect(spentCard.replace).toBe(true);
    expect(buttons(spentCard)).toEqual(['Done', 'Update']);
    expect(JSON.stringify(spentCard.card)).toMatch(/Acknowledged by Amira at \d\d:\d\d/);
    expect((await action(t, 'A1')).history.map((h) => h.kind)).toEqual(['created', 'acknowledged']);
  });

  it('reads natural dates and platform mentions, and accepts a name or a person id', async () => {
    const mention = { user: { platform: 'slack' as const, userId: 'U0SWIS0005', tenantId: 'T0SWIS0001' }, text: '@Ben Carter' };
    const [a] = await inChat(t, 'tas.leon', 'action @Ben Carter share the early help assessment by next Tuesday', [mention]);
    expect(a.text).toContain('A1 for Ben Carter at Werneth School: share the early help assessment, due Tue 1 Dec 2026');
    const [b] = await inChat(t, 'tas.leon', 'action @Priya book a room by 4 Dec');
    expect(b.text).toContain('A2 for Priya Shah');
    expect(b.text).toContain('Fri 4 Dec 2026');
    const [c] = await inChat(t, 'tas.leon', 'action @Amira Hassan visit by 2026-12-02');
    expect(c.text).toContain('A3 for Amira Hassan');
  });

  it('gives an unknown or ambiguous owner, a past date, a missing date or an unchaired school a clear reply and saves nothing', async () => {
    await setupWerneth(t, { others: 'Anne Smith' }); // now two Annes: Anne Byrne (directory) and Anne Smith (named)
    const cases: [string, RegExp][] = [
      ['action @nobody call mum by Friday', /couldn't find "@nobody".*Nothing was saved/],
      ['action @Anne check the health plan by Friday', /"@Anne" could be Anne Byrne \(@staff\.werneth\.nurse\) or Anne Smith.*Nothing was saved/],
      ['action @sw.amira call mum by 20 Nov', /Fri 20 Nov 2026 is in the past.*Nothing was saved/],
      ['action @sw.amira call mum by soonish', /couldn't read "soonish".*Nothing was saved/],
      ['action @sw.amira call mum', /Add a due date.*Nothing was saved/],
      ['action @sw.amira by Friday', /Say what the action is.*Nothing was saved/],
      ['action call mum by Friday', /Write the owner.*Nothing was saved/],
    ];
    for (const [text, expected] of cases) {
      const [r] = await inChat(t, 'tas.leon', text);
      expect(r.text).toMatch(expected);
    }
    const mention = { user: { platform: 'slack' as const, userId: 'UOUTSIDER', tenantId: 'T0SWIS0001' }, text: '@Visitor' };
    const [m] = await inChat(t, 'tas.leon', 'action @Visitor bring the leaflet by Friday', [mention]);
    expect(m.text).toMatch(/@Visitor is not in my directory.*Nothing was saved/);
    // Leon chairs ten schools: in a 1:1 chat he must say which.
    const [which] = await say(t, 'tas.leon', 'action @sw.amira call mum by Friday');
    expect(which.text).toMatch(/Which school\? You chair TAS for 10 schools.*Nothing was saved/);
    const [unknown] = await say(t, 'tas.leon', 'action narnia @sw.amira call mum by Friday');
    expect(unknown.text).toMatch(/I don't know a school called "narnia".*Nothing was saved/);
    // Someone who is not a chair cannot post at all.
    const [role] = await say(t, 'dsl.werneth', 'action @sw.amira call mum by Friday');
    expect(role.text).toMatch(/isn't something your role can do/);

    expect(await openCount(t)).toBe(0);
    expect(t.channel.to('sw.amira').filter((r) => r.text.includes('TAS action'))).toEqual([]);
  });

  it('refuses an action for a school the chair does not chair', async () => {
    const data = sampleConfigData();
    data.schools.find((s: { id: string }) => s.id === 'harrytown').tasChairs = [];
    const t2 = await makeApp({ settings: settingsFrom(data) });
    try {
      const [r] = await say(t2, 'tas.leon', 'action harrytown @sw.ben call dad by Friday');
      expect(r.text).toBe("You don't chair the TAS for Harrytown Catholic High School, so you can't post actions for it. Nothing was saved.");
      const [f] = await press(t2, 'tas.leon', 'tas.action.post', {}, { school: 'harrytown', owner: 'sw.ben', what: 'call dad', due: '2026-11-27' });
      expect(f.formErrors).toEqual({ school: "You don't chair the TAS for Harrytown Catholic High School." });
      expect(await t2.store.indexCount('tas:action:school-open:harrytown')).toBe(0);
    } finally {
      await t2.close();
    }
  });

  it('posts through the form: owner from the directory, what, due date and an optional child reference', async () => {
    const [form] = await press(t, 'tas.leon', 'tas.action.form');
    expect(form.form).toBe(true);
    const ids = form.card!.body.filter((e) => 'id' in e).map((e) => (e as { id: string }).id);
    expect(ids).toEqual(['school', 'owner', 'what', 'due', 'yearGroup', 'reference']);
    const [bad] = await press(t, 'tas.leon', 'tas.action.post', {}, { school: 'werneth', owner: 'sw.amira', what: '', due: '2026-11-20', yearGroup: 'Y9', reference: 'Jonathan Smithers' });
    expect(Object.keys(bad.formErrors!).sort()).toEqual(['due', 'reference', 'what']);
    expect(await openCount(t)).toBe(0);
    const [ok] = await press(t, 'tas.leon', 'tas.action.post', {}, { school: 'werneth', owner: 'sw.amira', what: 'home visit', due: '2026-11-30', yearGroup: 'y10', reference: 'AB-7' });
    expect(ok.text).toContain('A1 for Amira Hassan at Werneth School: home visit, due Mon 30 Nov 2026');
    expect((await action(t, 'A1')).child).toEqual({ yearGroup: 'Y10', reference: 'AB-7' });
  });

  it('reminds the owner the school day before it is due, closes with a note, tells the chair and keeps the completion time', async () => {
    await inChat(t, 'tas.leon', 'action @sw.amira call mum by Monday'); // due Mon 30 Nov: reminder Fri 27 Nov 16:00
    await advanceTo(t, '2026-11-27T15:59:00Z');
    expect(t.channel.to('sw.amira').filter((r) => r.text.startsWith('Due '))).toEqual([]);
    await advanceTo(t, '2026-11-27T16:00:00Z');
    const [reminder] = t.channel.to('sw.amira').filter((r) => r.text.startsWith('Due '));
    expect(reminder.card!.title).toBe('Due Mon 30 Nov 2026: A1');
    expect(buttons(reminder)).toEqual(['Got it', 'Done', 'Update']);

    const [update] = await press(t, 'sw.amira', 'tas.action.update.submit', { id: 'A1' }, { note: 'Left a message, trying again Monday' });
    expect(update.text).toContain('passed your update on A1 to the chair');
    expect(texts(t.channel.to('tas.leon'))).toContain('Update on A1 from Amira Hassan (Werneth School, due Mon 30 Nov 2026): Left a message, trying again Monday');

    const [form] = await press(t, 'sw.amira', 'tas.action.done', { id: 'A1' });
    expect(form.form).toBe(true);
    const [empty] = await press(t, 'sw.amira', 'tas.action.done.submit', { id: 'A1' }, { note: ' ' });
    expect(empty.formErrors?.note).toBeDefined();
    await advanceTo(t, '2026-11-30T09:15:00Z');
    const [final, done] = await press(t, 'sw.amira', 'tas.action.done.submit', { id: 'A1' }, { note: 'Spoke to mum, attendance plan agreed', timeSpent: '5_30' });
    expect(done.text).toBe("Thanks, A1 is closed. I've let the chair know.");
    expect(final.replace).toBe(true);
    expect(buttons(final)).toEqual([]);
    expect(JSON.stringify(final.card)).toMatch(/Done by Amira at \d\d:\d\d: Spoke to mum, attendance plan agreed/);
    // A press on a stale copy of the card answers with what already happened.
    const stale = await press(t, 'sw.amira', 'tas.action.done', { id: 'A1' });
    expect(stale.map((r) => r.text)).toContainEqual(expect.stringMatching(/^Already done by Amira at \d\d:\d\d: A1 is closed\.$/));
    expect(stale[0].replace).toBe(true);
    expect(texts(t.channel.to('tas.leon'))).toContain('A1 done by Amira Hassan (Werneth School): call mum. Note: Spoke to mum, attendance plan agreed');

    const a = await action(t, 'A1');
    expect(a.status).toBe('done');
    expect(a.completedAt).toBe('2026-11-30T09:15:00.000Z');
    expect(a.history.map((h) => h.kind)).toEqual(['created', 'acknowledged', 'update', 'done']);
    // Closed: no overdue nudge later, and it cannot be closed twice.
    await advanceTo(t, '2026-12-01T09:00:00Z');
    expect(t.channel.to('sw.amira').filter((r) => r.text.startsWith('Overdue'))).toEqual([]);
    const [again] = await say(t, 'sw.amira', 'tas done A1 again');
    expect(again.text).toMatch(/Already done by Amira on Mon 30 Nov, 09:15: A1 is closed/);
  });

  it('nudges the owner and tells the chair when an action is overdue', async () => {
    await inChat(t, 'tas.leon', 'action @sw.amira call mum by Friday');
    await advanceTo(t, '2026-11-30T08:29:00Z');
    expect(t.channel.to('sw.amira').filter((r) => r.text.startsWith('Overdue'))).toEqual([]);
    await advanceTo(t, '2026-11-30T08:30:00Z'); // the next school day's start
    const [nudge] = t.channel.to('sw.amira').filter((r) => r.text.startsWith('Overdue'));
    expect(nudge.card!.title).toBe('Overdue TAS action: A1');
    expect(buttons(nudge)).toEqual(['Got it', 'Done', 'Update']);
    expect(texts(t.channel.to('tas.leon'))).toContain("A1 for Amira Hassan at Werneth School is overdue (due Fri 27 Nov 2026): call mum. I've nudged Amira.");
  });

  it('sends actions for people it cannot reach to the chair, who can close them on their behalf', async () => {
    const [named] = await inChat(t, 'tas.leon', 'action @Sam Green send the referral form by Friday');
    expect(named.text).toContain("Sam Green isn't someone I can reach on Teams or Slack, so I've sent it to you to pass on");
    const [nurse] = await inChat(t, 'tas.leon', 'action @staff.werneth.nurse health review by Friday');
    expect(nurse.text).toContain("Anne Byrne isn't someone I can reach");
    const forChair = t.channel.to('tas.leon').filter((r) => r.text.startsWith('For '));
    expect(forChair.map((r) => r.card!.title)).toEqual(['For Sam Green: New TAS action: A1', 'For Anne Byrne: New TAS action: A2']);
    expect(t.channel.to('staff.werneth.nurse')).toEqual([]);

    await advanceTo(t, '2026-11-30T08:30:00Z');
    const overdue = t.channel.to('tas.leon').filter((r) => r.text.startsWith('For Sam Green') && r.text.includes('Overdue'));
    expect(overdue).toHaveLength(1);

    const [closed] = await say(t, 'tas.leon', 'tas done A1 Sam sent it on Monday');
    expect(closed.text).toContain('A1 is closed');
    expect((await action(t, 'A1')).history.at(-1)).toMatchObject({ kind: 'done', by: 'tas.leon', note: 'Sam sent it on Monday' });
  });

  it('lets only the owner or the chair answer an action', async () => {
    await inChat(t, 'tas.leon', 'action @sw.amira call mum by Friday');
    const [r] = await press(t, 'sw.ben', 'tas.action.done.submit', { id: 'A1' }, { note: 'not mine' });
    expect(r.text).toBe('A1 belongs to Amira Hassan; only they or the TAS chair can change it.');
    const [missing] = await say(t, 'sw.amira', 'tas done A99 done');
    expect(missing.text).toContain("I can't find TAS action A99");
    expect((await action(t, 'A1')).status).toBe('open');
  });

  it('lets the chair reassign and change a due date, keeping each change, and moves the reminders', async () => {
    await inChat(t, 'tas.leon', 'action @sw.amira call mum by Friday'); // reminder Thu 26 Nov 16:00
    const [re] = await say(t, 'tas.leon', 'tas reassign A1 @sw.ben');
    expect(re.text).toBe('A1 changed: now with Ben Carter. The change is kept in its history.');
    expect(t.channel.to('sw.ben').find((r) => r.text.startsWith('TAS action passed to you'))?.card?.title).toBe('TAS action passed to you: A1');
    expect(texts(t.channel.to('sw.amira'))).toContain('A1 (call mum) has been passed to Ben Carter');

    const [due] = await say(t, 'tas.leon', 'tas due A1 next Friday');
    expect(due.text).toBe('A1 changed: due Fri 4 Dec 2026 (was Fri 27 Nov 2026). The change is kept in its history.');
    const [past] = await say(t, 'tas.leon', 'tas due A1 20 Nov');
    expect(past.text).toMatch(/in the past.*Nothing was changed/);
    const [notChair] = await say(t, 'sw.ben', 'tas due A1 Friday');
    expect(notChair.text).toMatch(/isn't something your role can do/);

    await advanceTo(t, '2026-11-30T08:30:00Z'); // the old reminder and overdue times have passed
    expect(t.channel.to('sw.amira').filter((r) => /^(Due|Overdue)/.test(r.text))).toEqual([]);
    expect(t.channel.to('sw.ben').filter((r) => /^(Due|Overdue)/.test(r.text))).toEqual([]);
    await advanceTo(t, '2026-12-03T16:00:00Z');
    expect(t.channel.to('sw.ben').filter((r) => r.text.startsWith('Due Fri 4 Dec 2026'))).toHaveLength(1);

    const a = await action(t, 'A1');
    expect(a.history.map((h) => [h.kind, h.from, h.to])).toEqual([
      ['created', undefined, 'sw.amira'],
      ['reassigned', 'sw.amira', 'sw.ben'],
      ['due_changed', '2026-11-27', '2026-12-04'],
    ]);
    // The change form does the same, and refuses nonsense.
    const [form] = await press(t, 'tas.leon', 'tas.action.change', { id: 'A1' });
    expect(form.form).toBe(true);
    const [nothing] = await press(t, 'tas.leon', 'tas.action.change.submit', { id: 'A1' }, {});
    expect(nothing.text).toMatch(/Choose a new owner or a new due date.*Nothing was changed/);
    const [viaForm] = await press(t, 'tas.leon', 'tas.action.change.submit', { id: 'A1' }, { owner: 'named:Sam Green', reason: 'Sam has the contact' });
    expect(viaForm.text).toContain('now with Sam Green');
    expect((await action(t, 'A1')).history.at(-1)).toMatchObject({ kind: 'reassigned', from: 'sw.ben', to: 'Sam Green', note: 'Sam has the contact' });
  });

  it("lists a school's open actions with overdue ones marked, and the chair's change buttons", async () => {
    await inChat(t, 'tas.leon', 'action @sw.amira call mum by Friday');
    await inChat(t, 'tas.leon', 'action @Priya book a room by next Friday');
    await advanceTo(t, '2026-11-28T10:00:00Z');
    const [list] = await inChat(t, 'tas.leon', 'tas actions');
    expect(list.text).toBe(
      ['Open TAS actions (2):', '• A1 · Amira Hassan · call mum · due Fri 27 Nov 2026 (OVERDUE)', '• A2 · Priya Shah · book a room · due Fri 4 Dec 2026'].join('\n'),
    );
    expect(buttons(list)).toEqual(['Change A1', 'Change A2']);
    const [mine] = await say(t, 'sw.amira', 'tas actions werneth');
    expect(buttons(mine)).toEqual(['Done A1']);
    const [outsider] = await say(t, 'dsl.harrytown', 'tas actions werneth');
    expect(outsider.text).toContain("You're not part of the TAS for Werneth School");
  });

  it("records each action a worker owns in the activity log, amended when done with the note, the kind of work it was and whether on time", async () => {
    await inChat(t, 'tas.leon', 'action @sw.amira call mum (Y9 JS) by Friday');
    await inChat(t, 'tas.leon', 'action @Priya book a room by Friday'); // a DSL, not a worker: no entry
    await say(t, 'sw.amira', 'tas done A1 Spoke to mum');
    const q = { workerId: 'sw.amira', from: new Date('2026-11-01'), to: new Date('2026-12-31') };
    const entries = await t.app.services.activityLog.query(q, { personId: 'tm.grace', purpose: 'test' });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ activityType: 'parent_contact', measures: { onTime: 1 }, schoolId: 'werneth', child: { yearGroup: 'Y9', reference: 'JS' }, response: 'Spoke to mum', source: { kind: 'tas-action', id: 'A1' } });
    const history = await t.app.services.activityLog.history(q, { personId: 'tm.grace', purpose: 'test' });
    expect(history).toHaveLength(2);
    const school = await t.app.services.activityLog.query({ schoolId: 'werneth', ...q, workerId: undefined }, { personId: 'tm.grace', purpose: 'test' });
    expect(school.map((e) => e.workerId)).toEqual(['sw.amira']);
  });

  it('gives the digest open, overdue and completed counts per worker for a date range', async () => {
    await inChat(t, 'tas.leon', 'action @sw.amira one by Friday');
    await inChat(t, 'tas.leon', 'action @sw.amira two by 2026-12-11');
    await inChat(t, 'tas.leon', 'action @sw.amira three by Friday');
    await inChat(t, 'tas.leon', 'action @sw.ben four by Friday');
    await advanceTo(t, '2026-11-26T12:00:00Z');
    await say(t, 'sw.amira', 'tas done A3 done');
    await advanceTo(t, '2026-12-01T12:00:00Z');
    await say(t, 'sw.ben', 'tas done A4 late but done');

    const week = { from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-11-30T00:00:00Z') };
    const f = await t.app.services.figures.forWorkers({ workerIds: ['sw.amira', 'sw.ben'], ...week });
    expect(f['sw.amira'].tasActions).toEqual({ open: 2, overdue: 1, completed: 1 });
    // Ben's was open (and overdue) at the end of that week; it was done the week after.
    expect(f['sw.ben'].tasActions).toEqual({ open: 1, overdue: 1, completed: 0 });
    const next = await t.app.services.figures.forWorkers({ workerIds: ['sw.ben'], from: new Date('2026-11-30T00:00:00Z'), to: new Date('2026-12-07T00:00:00Z') });
    expect(next['sw.ben'].tasActions).toEqual({ open: 0, overdue: 0, completed: 1 });
  });

  it("shows a person's open actions on their home with Done and Update", async () => {
    await inChat(t, 'tas.leon', 'action @sw.amira call mum by Friday');
    const [home] = await say(t, 'sw.amira', 'home');
    const lines = home.card!.body.filter((e) => e.type === 'text').map((e) => (e as { text: string }).text);
    expect(lines).toContain('A1 · Werneth School · call mum · due Fri 27 Nov 2026');
    expect(buttons(home)).toEqual(expect.arrayContaining(['Done A1', 'Update A1']));
    const [chair] = await say(t, 'tas.leon', 'home');
    expect(texts([chair]) + JSON.stringify(chair.card)).toContain('As chair: 1 open action in your schools, 0 overdue');
    // The welcome card offers the chair the action form.
    const chairWelcome = await pressInChat(t, 'tas.leon', 'help.show');
    expect(chairWelcome[0].text).toContain('action @owner <what> by <date>');
  });
});
