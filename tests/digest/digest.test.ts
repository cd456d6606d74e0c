import type { Card } from '../../cards/tree';
import { WITHDRAWN_REASON } from '../../bot/features/digest/labels';
import { makeApp, type TestApp } from '../helpers/app';
import { entryInput, registerKnownFigures, seedWeek } from './seed';

/** The worker's facts, behind "Show details". */
function facts(card: Card, heading: string): Record<string, string> {
  const body = card.body.flatMap((el) => (el.type === 'details' ? el.body : [el]));
  const i = body.findIndex((el) => el.type === 'text' && el.text === heading);
  const el = body[i + 1];
  if (!el || el.type !== 'facts') throw new Error(`no facts after ${heading}`);
  return Object.fromEntries(el.facts.map((f) => [f.label, f.value]));
}

function warnings(card: Card): string[] {
  return card.body.flatMap((el) => (el.type === 'text' && el.style === 'warning' ? [el.text] : []));
}

describe('the workload digest on a known week (real Redis)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp({ redis: true }); // clock: Mon 23 Nov 2026, 10:00
    await seedWeek(t.app.services);
    registerKnownFigures(t.app.services);
    // A withdrawn entry counts for nothing; a corrected entry counts once, as corrected.
    const log = t.app.services.activityLog;
    const oops = await log.append(entryInput({ worker: 'sw.chloe', school: 'st-pauls', type: 'direct_work', minutes: 600, at: '2026-11-17T09:00:00Z' }));
    await log.amend(oops.id, { minutes: 0 }, WITHDRAWN_REASON, 'sw.chloe');
    const typo = await log.append(entryInput({ worker: 'sp.kate', school: 'woodley', type: 'advice_or_information', minutes: 300, at: '2026-11-18T09:00:00Z' }));
    await log.amend(typo.id, { minutes: 30 }, 'typo', 'sp.kate');
  });
  afterAll(() => t.close());

  it("gives the manager last week's figures per worker, against the week before", async () => {
    const [r] = await t.say('tm.grace', 'digest');
    expect(r.card?.title).toBe('Workload digest: Werneth SWIS team, w/c Mon 16 Nov 2026');
    const amira = facts(r.card!, 'Amira Hassan');
    expect(amira).toMatchObject({
      Consultations: '5 received, 4 answered (up 400% on 1)',
      Open: '1 open, 3 overdue, 0 escalated',
      'First response': 'median 25m, slowest 2h',
      'Drop-ins': '4 offered, 3 booked, 2 attended',
      'TAS actions': '2 open, 0 overdue, 1 completed',
      'Recorded time': '2h 35m (up 55% on 1h 40m)',
      'By activity': 'Advice 45m · Direct work 50m · Parent contact 1h',
      'By school': "St Mark's 1h · Werneth 50m · Arden 45m",
    });
    expect(facts(r.card!, 'Ben Carter')['Recorded time']).toBe('34h (up 40% on 24h 17m)');
    expect(facts(r.card!, 'Chloe Davies')['Recorded time']).toBe('1h (same as the week before)');
    expect(facts(r.card!, 'Kate Brennan')['Recorded time']).toBe('1h (up 100% on 30m)');
    expect(facts(r.card!, 'Dan Okafor')['Recorded time']).toBe('0m (down 100% on 2h)');
    expect(r.card!.body.find((el) => el.type === 'image')).toMatchObject({ url: expect.stringMatching(/\/files\/[A-Za-z0-9_-]{43}$/) });
  });

  it('flags what needs attention in plain words', async () => {
    const [r] = await t.say('tm.grace', 'digest last week');
    expect(warnings(r.card!)).toEqual([
      'Consultations past their SLA: Amira (3)',
      'Consultations escalated to cover: Ben (1)',
      'TAS actions overdue: Chloe (2)',
      'No time recorded: Dan',
      'Recorded time up 25% or more: Amira +55%, Ben +40%, Kate +100%',
      'No drop-ins booked for 3 weeks: Greave',
    ]);
    expect(r.text).toContain('No drop-ins booked for 3 weeks: Greave');
    // The summary comes first: the week's figures for the team in a few lines.
    const first = r.card!.body.slice(0, 4).map((el) => (el.type === 'text' ? el.text : ''));
    expect(first[0]).toMatch(/^Recorded time /);
    expect(first[1]).toMatch(/^Consultations: \d+ received, \d+ answered, \d+ overdue\.$/);
  });

  it('shows any week asked for, by date', async () => {
    const [r] = await t.say('tm.grace', 'digest 2026-11-11');
    expect(r.card?.title).toContain('w/c Mon 9 Nov 2026');
    expect(facts(r.card!, 'Amira Hassan')['Recorded time']).toBe('1h 40m (down 80% on 8h 20m)') // the 500m on Sun 8 Nov is that week's;
    const [bad] = await t.say('tm.grace', 'digest next tuesday-ish');
    expect(bad.text).toMatch(/Which week\?/);
  });

  it('shows a worker only their own figures', async () => {
    const [r] = await t.say('sw.amira', 'digest');
    expect(r.card?.title).toBe('Workload digest: Amira Hassan, w/c Mon 16 Nov 2026');
    const headings = r.card!.body.flatMap((el) => (el.type === 'details' ? el.body : [el])).flatMap((el) => (el.type === 'text' && el.style === 'heading' ? [el.text] : []));
    expect(headings).toEqual(['Amira Hassan']);
    expect(JSON.stringify(r.card)).not.toMatch(/Ben|Chloe|Greave/);
    expect(facts(r.card!, 'Amira Hassan')['Recorded time']).toBe('2h 35m (up 55% on 1h 40m)');
  });

  it('refuses anyone who is neither a manager nor a worker', async () => {
    for (const who of ['dsl.werneth', 'tas.leon', 'bs.mo', 'staff.werneth.hoy9']) {
      const [r] = await t.say(who, 'digest');
      expect(r.card).toBeUndefined();
      expect(r.text).toMatch(/isn't something your role can do/);
      const [b] = await t.press(who, 'digest.show');
      expect(b.text).toMatch(/isn't something your role can do/);
    }
  });

  it('records every read of the log for the digest against the reader', async () => {
    await t.say('tm.grace', 'digest');
    const records = await t.app.services.activityLog.accessRecords(new Date(0), new Date('2030-01-01'));
    expect(records.some((r) => r.personId === 'tm.grace' && r.purpose === 'digest' && r.scope.teamId === 'werneth-swis')).toBe(true);
  });
});
