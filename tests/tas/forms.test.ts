/**
 * The TAS forms' unhappy paths as a chair or owner sees them: which field each message is on,
 * the order the reply lists them in, "next Friday" typed in a due date, and a choice that is
 * not on offer. Nothing is saved when a form is refused.
 *
 * @example
 *   const [r] = await press(t, 'tas.leon', 'tas.action.post', {}, {});
 *   expect(r.formErrors).toEqual({ school: 'Choose a school.', ... });
 */
import type { TasAction } from '../../bot/features/tas/model';
import type { TestApp } from '../helpers/app';
import { inChat, openActionCount, press, pressInChat, say, WERNETH_SETUP, wernethTas } from './helpers';

const TRY = 'Try "Friday", "next Tuesday", "27 Nov" or 2026-11-27.';
const CHILD = 'A child is written as a year group (N, R, Y1 to Y14) and a short school reference of up to 12 characters, never a name, e.g. Y9 JS-04.';

describe('TAS forms', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await wernethTas(); // Mon 23 Nov 2026, 10:00 London
  });
  afterEach(() => t.close());

  const openCount = () => openActionCount(t);
  const action = async (id: string) => (await t.store.get<TasAction>('tas-action', id))!;

  it('lists every problem with a new action in the order the form shows its fields, and saves nothing', async () => {
    const [empty] = await press(t, 'tas.leon', 'tas.action.post', {}, {});
    expect(empty.formErrors).toEqual({ school: 'Choose a school.', owner: 'Choose an owner.', what: 'Say what the action is.', due: `no date given. ${TRY}` });
    expect(empty.text).toBe(`Choose a school. Choose an owner. Say what the action is. no date given. ${TRY} Nothing was saved.`);

    const [bad] = await press(t, 'tas.leon', 'tas.action.post', {}, {
      school: 'werneth', owner: 'named:Pat Jones', what: ' ', due: 'soonish', yearGroup: 'Y9', reference: 'Jonathan Smithers',
    });
    expect(Object.keys(bad.formErrors!)).toEqual(['owner', 'what', 'due', 'reference']);
    expect(bad.text).toBe(
      `Pat Jones is not an attendee of this school's TAS. Say what the action is. I couldn't read "soonish" as a date. ${TRY} ${CHILD} Nothing was saved.`,
    );
    const [stranger] = await press(t, 'tas.leon', 'tas.action.post', {}, { school: 'werneth', owner: 'nobody.here', what: 'call mum', due: 'Friday' });
    expect(stranger.formErrors).toEqual({ owner: 'That owner is not in the directory.' });
    expect(await openCount()).toBe(0);
  });

  it("reads the form's due date as a chair writes it, and gives an action to a named attendee of the school", async () => {
    const [ok] = await press(t, 'tas.leon', 'tas.action.post', {}, { school: 'werneth', owner: 'named:Sam Green', what: 'bring the health plan', due: 'next Friday' });
    expect(ok.text).toContain('A1 for Sam Green at Werneth School: bring the health plan, due Fri 4 Dec 2026.');
    expect((await action('A1')).owner).toEqual({ name: 'Sam Green' });
    const [past] = await press(t, 'tas.leon', 'tas.action.post', {}, { school: 'werneth', owner: 'sw.amira', what: 'call mum', due: '20 Nov' });
    expect(past.formErrors).toEqual({ due: 'The due date Fri 20 Nov 2026 is in the past. Choose today or later.' });
  });

  it("refuses a change with an unknown owner and a past date together, and takes a new date in words", async () => {
    await inChat(t, 'tas.leon', 'action @sw.amira call mum by Friday');
    const [bad] = await press(t, 'tas.leon', 'tas.action.change.submit', { id: 'A1' }, { owner: 'nobody.here', due: '20 Nov' });
    expect(bad.formErrors).toEqual({ owner: 'That owner is not in the directory.', due: 'The due date Fri 20 Nov 2026 is in the past. Choose today or later.' });
    expect(bad.text).toBe('That owner is not in the directory. The due date Fri 20 Nov 2026 is in the past. Choose today or later. Nothing was changed.');
    const [notAttendee] = await press(t, 'tas.leon', 'tas.action.change.submit', { id: 'A1' }, { owner: 'named:Pat Jones' });
    expect(notAttendee.formErrors).toEqual({ owner: "Pat Jones is not an attendee of this school's TAS." });
    expect((await action('A1')).due).toBe('2026-11-27');
    const [moved] = await press(t, 'tas.leon', 'tas.action.change.submit', { id: 'A1' }, { due: 'next Tuesday', reason: '  ' });
    expect(moved.text).toBe('A1 changed: due Tue 1 Dec 2026 (was Fri 27 Nov 2026). The change is kept in its history.');
    const last = (await action('A1')).history.at(-1);
    expect(last).toMatchObject({ kind: 'due_changed', to: '2026-12-01' });
    expect(last?.note).toBeUndefined(); // a blank reason is no reason
  });

  it('asks for the note on Done or Update, by text or form, only once the action is known to be open', async () => {
    await inChat(t, 'tas.leon', 'action @sw.amira call mum by Friday');
    const [text] = await say(t, 'sw.amira', 'tas done A1');
    expect(text.text).toBe('Add a short note on what was done. e.g. *tas done A1 spoke to mum*. Nothing was changed.');
    const [update] = await press(t, 'sw.amira', 'tas.action.update.submit', { id: 'A1' }, { note: '' });
    expect(update.formErrors).toEqual({ note: 'Add the update for the chair.' });
    expect(update.text).toBe('Add the update for the chair. e.g. *tas update A1 spoke to mum*. Nothing was changed.');
    // A time choice that is not on offer is left out; the action still closes.
    const [, done] = await press(t, 'sw.amira', 'tas.action.done.submit', { id: 'A1' }, { note: 'Spoke to mum', timeSpent: 'forever', activity: 'nonsense' });
    expect(done.text).toBe("Thanks, A1 is closed. I've let the chair know.");
    const replies = await press(t, 'sw.amira', 'tas.action.done.submit', { id: 'A1' }, { note: '' });
    expect(replies.at(-1)!.text).toMatch(/^Already done by .*: A1 is closed\.$/);
  });

  it('lists every problem with a meeting setup in the order of the form, and names the last unknown attendee', async () => {
    const [empty] = await pressInChat(t, 'tas.leon', 'tas.setup.submit', {}, {});
    expect(empty.formErrors).toEqual({
      school: 'Choose a school.',
      weekday: 'Choose a day.',
      time: 'Write the time as HH:MM, e.g. 09:00.',
      every: 'Choose how often.',
      first: 'Give the first date as YYYY-MM-DD.',
    });
    expect(empty.text).toBe('Choose a school. Choose a day. Write the time as HH:MM, e.g. 09:00. Choose how often. Give the first date as YYYY-MM-DD. Nothing was saved.');
    const [people] = await pressInChat(t, 'tas.leon', 'tas.setup.submit', {}, { ...WERNETH_SETUP, length: '10', attendees: 'ghost.one,sw.amira,ghost.two', others: '@sam' });
    expect(people.formErrors).toEqual({
      length: 'Choose a length between 15 minutes and 4 hours.',
      attendees: 'ghost.two is not in the directory.',
      others: 'Write each name plainly, at most 60 characters.',
    });
    const eleven = Array.from({ length: 11 }, (_, i) => `Visitor ${i + 1}`).join(', ');
    const [many] = await pressInChat(t, 'tas.leon', 'tas.setup.submit', {}, { ...WERNETH_SETUP, others: eleven });
    expect(many.formErrors).toEqual({ others: 'At most 10 named attendees.' });
    const [saturday] = await pressInChat(t, 'tas.leon', 'tas.setup.submit', {}, { ...WERNETH_SETUP, weekday: 'sat' });
    expect(saturday.formErrors).toEqual({ first: 'No school day falls on that pattern in the term dates I have.' });
  });

  it('changes a series through the same form, keeping the chair first and each named person once', async () => {
    const [r] = await pressInChat(t, 'tas.leon', 'tas.setup.submit', {}, { ...WERNETH_SETUP, length: '', attendees: 'sw.amira, sw.amira,tas.leon', others: 'Sam Green, sam  green\nPat Jones' });
    expect(r.formErrors).toEqual({ length: 'Choose a length between 15 minutes and 4 hours.' });
    const [ok] = await pressInChat(t, 'tas.leon', 'tas.setup.submit', {}, { ...WERNETH_SETUP, every: '1', attendees: 'sw.amira, sw.amira,tas.leon', others: 'Sam Green, sam  green\nPat Jones' });
    expect(ok.text).toContain('TAS for Werneth School changed: every week on Tuesday at 09:00');
    const [list] = await say(t, 'tas.leon', 'tas');
    expect(list.text).toContain('Werneth School: every week on Tuesday at 09:00');
    const series = await t.store.get<{ attendees: { personId?: string; name: string }[]; durationMinutes: number }>('tas-series', 'S-werneth');
    expect(series?.attendees.map((a) => a.personId ?? a.name)).toEqual(['tas.leon', 'sw.amira', 'Sam Green', 'Pat Jones']);
    expect(series?.durationMinutes).toBe(60);
  });

  it('asks for the school before the child on the agenda form, one problem at a time', async () => {
    const [noSchool] = await press(t, 'dsl.werneth', 'tas.agenda.submit', {}, { seriesId: 'S-nowhere', yearGroup: 'Y9', reference: 'Jonathan Smithers', text: 'x' });
    expect(noSchool.text).toBe('Choose a school. Nothing was added.');
    expect(noSchool.formErrors).toEqual({ seriesId: 'Choose a school.' });
    const [child] = await press(t, 'dsl.werneth', 'tas.agenda.submit', {}, { seriesId: 'S-werneth', yearGroup: 'Y9', reference: 'Jonathan Smithers', text: 'x' });
    expect(child.text).toBe(`${CHILD} Nothing was added.`);
    expect(child.formErrors).toEqual({ reference: CHILD });
    const [blank] = await press(t, 'dsl.werneth', 'tas.agenda.submit', {}, { seriesId: 'S-werneth', text: '   ' });
    expect(blank.formErrors).toEqual({ text: 'Write one line.' });
    const [outsider] = await press(t, 'dsl.harrytown', 'tas.agenda.submit', {}, { seriesId: 'S-werneth', text: '   ' });
    expect(outsider.text).toBe("You're not on the TAS for Werneth School; ask its chair to add you. Nothing was added.");
  });
});
