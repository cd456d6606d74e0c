import { EXPORT_COLUMNS } from '../../bot/features/digest/export';
import { makeApp, type TestApp } from '../helpers/app';
import { readCsv } from './csv';
import { entryInput, registerKnownFigures, seedWeek } from './seed';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function linkOf(card: { actions: { type: string; url?: string }[] } | undefined): string {
  const link = card?.actions.find((a) => a.type === 'link');
  if (!link?.url) throw new Error('no link');
  return link.url;
}

describe('the chart and the CSV export, served over HTTP by the real server', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await makeApp(); // clock: Mon 23 Nov 2026, 10:00
    const port = await t.app.start(0);
    base = `http://127.0.0.1:${port}`;
    await seedWeek(t.app.services);
    registerKnownFigures(t.app.services);
  });
  afterAll(async () => {
    await new Promise<void>((r) => t.app.server.close(() => r()));
    await t.close();
  });

  const local = (url: string) => url.replace(/^http:\/\/localhost:\d+/, base);

  it('serves the chart as a PNG at an unguessable link, and only while the link is valid', async () => {
    const [r] = await t.say('tm.grace', 'digest');
    const image = r.card!.body.find((el) => el.type === 'image');
    if (image?.type !== 'image') throw new Error('no chart');
    expect(image.url.startsWith(t.app.services.publicUrl)).toBe(true);
    const res = await fetch(local(image.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.readUInt32BE(16)).toBe(720); // IHDR width: drawn 360 px wide for a phone, at twice the pixels

    const token = image.url.split('/').pop()!;
    const forged = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect((await fetch(`${base}/files/${forged}`)).status).toBe(404);
    expect((await fetch(`${base}/files/short`)).status).toBe(404);
    expect((await fetch(`${base}/files/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);

    t.clock.advance(t.app.services.config.limits.digest.chartTtl + 1000);
    const expired = await fetch(local(image.url));
    expect(expired.status).toBe(404);
    expect(await expired.text()).toMatch(/expired, was already used or is not valid/);
    t.clock.set('2026-11-23T10:00:00Z');
  });

  it("exports the manager's team's log as CSV with named columns, escaping commas, quotes, newlines and formulas", async () => {
    const log = t.app.services.activityLog;
    const tricky = await log.append(
      entryInput(
        { worker: 'sw.chloe', school: 'greave', type: 'parent_contact', minutes: 25, at: '2026-11-17T10:30:00Z', query: 'Mum said "no, not today", then\nleft; call back' },
        { response: '=HYPERLINK("http://x")', child: { yearGroup: 'Y4', reference: 'GP12' }, consent: 'not_asked', outcome: 'early_help' },
      ),
    );
    await log.amend(tricky.id, { minutes: 35 }, 'Took longer, with the "call back"', 'sw.chloe');
    // Another team's entry at the same school must not appear.
    await log.append(entryInput({ worker: 'sw.chloe', school: 'greave', type: 'direct_work', minutes: 5, at: '2026-11-17T11:00:00Z' }, { teamId: 'other-team' }));

    const [r] = await t.say('tm.grace', 'export 2026-11-16 2026-11-22 greave');
    expect(r.card?.body[0]).toMatchObject({ text: "2 entries, Mon 16 Nov 2026 to Sun 22 Nov 2026, Greave Primary School" });
    const res = await fetch(local(linkOf(r.card)));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="swis-activity-greave-2026-11-16-to-2026-11-22.csv"');
    const text = await res.text();
    const rows = readCsv(text.replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    expect(rows[0]).toEqual(expect.arrayContaining(['School', 'Date', 'Time', 'Raised by role', 'Child year group', 'Child reference', 'Query', 'Response and advice', 'Activity type', 'Outcome', 'Time spent', 'Social worker', 'Consent status', 'Holding note', 'Amends entry ID']));
    expect(rows).toHaveLength(3);
    const byCol = (row: string[]) => Object.fromEntries(EXPORT_COLUMNS.map((c, i) => [c, row[i]]));
    const original = byCol(rows[1]);
    const correction = byCol(rows[2]);
    expect(original).toMatchObject({
      'Entry ID': tricky.id,
      School: 'Greave Primary School',
      Date: '2026-11-17',
      Time: '10:30',
      'Raised by role': 'DSL',
      'Child year group': 'Y4',
      'Child reference': 'GP12',
      Query: 'Mum said "no, not today", then\nleft; call back',
      'Response and advice': "'=HYPERLINK(\"http://x\")",
      'Activity type': 'Parent contact',
      Outcome: 'Early help',
      'Time spent': '5–30 minutes',
      Minutes: '25',
      'Social worker': 'Chloe Davies',
      'Consent status': 'Not asked',
      'Holding note': 'yes',
      'Superseded by correction': 'yes',
    });
    expect(correction).toMatchObject({ 'Amends entry ID': tricky.id, 'Amendment reason': 'Took longer, with the "call back"', Minutes: '35', 'Superseded by correction': 'no' });
  });

  it('exports a whole range for the team when no school is named', async () => {
    const [r] = await t.say('tm.grace', 'export 2026-11-09 2026-11-22');
    const rows = readCsv((await (await fetch(local(linkOf(r.card)))).text()).replace(/^\uFEFF/, ''));
    const schools = new Set(rows.slice(1).map((row) => row[EXPORT_COLUMNS.indexOf('School ID')]));
    expect(schools).toEqual(new Set(['werneth', 'st-marks', 'arden', 'harrytown', 'st-christophers', 'st-bernadettes', 'greave', 'woodley', 'westmorland']));
    expect(rows.slice(1).every((row) => row[EXPORT_COLUMNS.indexOf('Team ID')] === 'werneth-swis')).toBe(true);
  });

  it('serves an export link once: a second download, or a forwarded copy, gets 404', async () => {
    const [r] = await t.say('tm.grace', 'export last week');
    expect(r.text).toMatch(/The link works once/);
    const url = local(linkOf(r.card));
    const [first, second] = await Promise.all([fetch(url), fetch(url)]);
    expect([first.status, second.status].sort()).toEqual([200, 404]);
    const again = await fetch(url);
    expect(again.status).toBe(404);
    expect(await again.text()).toMatch(/already used/);
  });

  it('expires the download link after limits.linkTtl', async () => {
    const [r] = await t.say('tm.grace', 'export last week');
    const url = local(linkOf(r.card));
    expect((await fetch(url)).status).toBe(200);
    t.clock.advance(t.app.services.config.limits.linkTtl + 1);
    expect((await fetch(url)).status).toBe(404);
    t.clock.set('2026-11-23T10:00:00Z');
  });

  it('refuses an export to anyone but a team manager, and explains bad ranges', async () => {
    for (const who of ['sw.amira', 'sp.olu', 'dsl.werneth', 'bs.mo']) {
      const [r] = await t.say(who, 'export 2026-11-16 2026-11-22');
      expect(r.text).toMatch(/isn't something your role can do/);
      expect(r.card).toBeUndefined();
    }
    const [bad] = await t.say('tm.grace', 'export sometime');
    expect(bad.text).toMatch(/Which dates\?/);
    const [backwards] = await t.say('tm.grace', 'export 2026-11-22 2026-11-16');
    expect(backwards.text).toMatch(/start date is after the end date/);
    const [form] = await t.say('tm.grace', 'export');
    expect(form.form).toBe(true);
    const [missing] = await t.press('tm.grace', 'export.submit', {}, { from: '2026-11-16', to: '', school: 'nowhere' });
    expect(missing.formErrors).toEqual({ to: 'Choose an end date', school: "I don't know that school" });
  });
});
