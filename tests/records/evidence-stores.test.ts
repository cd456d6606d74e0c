/**
 * Data protection for the evidence stores (issue 19): a worker's caseload, a DSL's pulse answer
 * and the quick-log role remembered per school are found by a subject access request for that
 * person and erased on an approved erasure; a quick-log role kept before it had a date is dated
 * by the first retention run and swept a period later; what was shared without consent (and
 * with whom, and why) is redacted like any other text. On the real Redis.
 */
import { rememberedRole } from '../../bot/features/digest/quick-log-role';
import { pulseAnswers } from '../../bot/features/evidence/pulse';
import { runRetention } from '../../bot/features/records/retention';
import { fragmentsOf } from '../../bot/features/records/traces';
import { consultApp } from '../consultations/flow';
import type { TestApp } from '../helpers/app';
import { entry } from '../storage/contract';
import { seedStaffRecords, fileLinks } from './seed';

const DAY = 86_400_000;
// Whole-store scans on the shared Redis: a busy machine must not fail them by the clock.
jest.setTimeout(120_000);

describe('the evidence stores under subject access, erasure, retention and redaction', () => {
  let t: TestApp;
  let base: string;
  beforeEach(async () => {
    t = await consultApp({ redis: true }); // Mon 23 Nov 2026, 10:00
    const port = await t.app.start(0);
    base = `http://127.0.0.1:${port}`;
  });
  afterEach(async () => {
    await new Promise<void>((r) => t.app.server.close(() => r()));
    await t.close();
  });
  const get = (url: string) => fetch(url.replace(/^http:\/\/localhost:\d+/, base));

  async function subjectAccess(person: string): Promise<{ html: string; data: any }> {
    const [r] = await t.say('bs.mo', `subject access person ${person}`);
    const [htmlUrl, jsonUrl] = fileLinks(r.text);
    return { html: await (await get(htmlUrl)).text(), data: await (await get(jsonUrl)).json() };
  }

  async function erase(record: string): Promise<string> {
    const [asked] = await t.say('ro.jade', `erase ${record} staff member asked, DPO agreed`);
    const requestId = /erase approve (e-[0-9a-f]{8})/.exec(asked.text)?.[1];
    expect([record, requestId]).toEqual([record, expect.any(String)]);
    const [done] = await t.say('dpo.ravi', `erase approve ${requestId}`);
    return done.text;
  }

  it("finds a worker's caseload and quick-log roles and a DSL's pulse answer by subject access, and erases each", async () => {
    expect((await t.say('sw.amira', 'caseload 14'))[0].text).toMatch(/Recorded: your caseload is 14 children/);
    const term = '2026-09-02';
    const seeded = await seedStaffRecords(t.app.services, { at: '2026-11-23T10:00:00Z', tag: 'x', worker: 'sw.amira', dsl: 'dsl.werneth', term });

    const amira = await subjectAccess('sw.amira');
    expect(amira.data.caseloads).toEqual([expect.objectContaining({ record: 'caseload:sw.amira', count: 14 })]);
    expect(amira.data.quickLogRoles).toEqual([{ record: 'quickLogRole:sw.amira:werneth', schoolId: 'werneth', role: 'head_or_year_head', at: '2026-11-23T10:00:00.000Z' }]);
    expect(amira.html).toContain('Caseload (caseload:sw.amira)');
    expect(amira.html).toContain('head_or_year_head');
    const dee = await subjectAccess('dsl.werneth');
    expect(dee.data.pulseAnswers).toEqual([expect.objectContaining({ record: `pulseAnswer:${seeded.pulseAnswer}`, score: 4, term })]);
    expect(dee.data.caseloads).toEqual([]);
    // Another person's subject access holds none of them.
    const other = await subjectAccess('sw.ben');
    expect([other.data.caseloads, other.data.pulseAnswers, other.data.quickLogRoles]).toEqual([[], [], []]);

    expect(await erase('caseload:sw.amira')).toMatch(/^Erased 1 record\(s\): caseload:sw\.amira\./);
    expect(await t.store.get('caseload', 'sw.amira')).toBeUndefined();
    expect((await t.say('sw.amira', 'caseload'))[0].text).toMatch(/No caseload recorded yet/);
    expect(await erase(`pulseAnswer:${seeded.pulseAnswer}`)).toMatch(/^Erased 1 record/);
    expect(await pulseAnswers(t.store, term)).toEqual([]);
    expect(await erase('quickLogRole:sw.amira:werneth')).toMatch(/^Erased 1 record/);
    expect(await rememberedRole(t.store, 'sw.amira', 'werneth')).toBeUndefined();
    const after = await subjectAccess('sw.amira');
    expect([after.data.caseloads, after.data.quickLogRoles]).toEqual([[], []]);
    // The officers' trail names the records, and a second erasure of one is refused.
    expect((await t.say('ro.jade', 'erase caseload:sw.amira again'))[0].text).toMatch(/There is no sw\.amira/);
  });

  it('retention: each swept at the first daily run after its configured period, kept before; an undated role is dated first', async () => {
    const { services } = t.app;
    const periods = services.config.records.retention;
    await seedStaffRecords(services, { at: '2026-11-23T10:00:00Z', tag: 'r' });
    await t.store.put('quick-log-role', 'sw.old:werneth', 'dsl'); // kept before roles were dated
    expect(periods).toMatchObject({ caseload: 365 * DAY, pulseAnswer: 3 * 365 * DAY, quickLogRole: 365 * DAY });

    t.clock.set(new Date(Date.parse('2026-11-23T10:00:00Z') + 365 * DAY - DAY).toISOString());
    await runRetention(services);
    expect(await t.store.get('caseload', 'sw.r')).toBeDefined();
    expect(await rememberedRole(t.store, 'sw.r', 'werneth')).toBe('head_or_year_head');
    expect(await t.store.get<any>('quick-log-role', 'sw.old:werneth')).toEqual({ role: 'dsl', at: t.clock.now().toISOString() });
    t.clock.set(new Date(Date.parse('2026-11-23T10:00:00Z') + 365 * DAY + DAY).toISOString());
    await runRetention(services);
    expect(await t.store.get('caseload', 'sw.r')).toBeUndefined();
    expect(await rememberedRole(t.store, 'sw.r', 'werneth')).toBeUndefined();
    expect(await rememberedRole(t.store, 'sw.old', 'werneth')).toBe('dsl'); // dated a year after the others
    expect(await pulseAnswers(t.store, '2026-09-02')).toHaveLength(1); // three years
    t.clock.set(new Date(Date.parse('2026-11-23T10:00:00Z') + 3 * 365 * DAY + DAY).toISOString());
    const run = await runRetention(services);
    expect(run?.removed).toMatchObject({ pulseAnswer: 1, quickLogRole: 1, caseload: 0 });
    expect(await pulseAnswers(t.store, '2026-09-02')).toEqual([]);
    expect(await t.store.get('pulse-answer', '2026-09-02:dsl.r')).toBeUndefined();
  });

  it('redacts what was shared without consent, with whom and why, named by the entry the correction amends', async () => {
    const log = t.app.services.activityLog;
    const e = await log.append(entry({ occurredAt: '2026-11-23T09:00:00Z', child: { yearGroup: 'Y9', reference: 'JS' }, query: 'Attendance worries', response: 'Called the housing officer', source: { kind: 'quick-log', id: 'q-1' } }));
    const amended = await log.amend(
      e.id,
      { informationSharing: { what: 'Attendance and that Dana Okafor moved in', withWhom: 'Housing officer Dana Okafor', why: 'Dana Okafor is at risk of eviction', decidedBy: 'sw.amira', at: '2026-11-23T09:30:00.000Z' } },
      'sharing without consent recorded',
      'sw.amira',
    );
    const [r] = await t.say('ro.jade', `redact ${e.id} "Dana Okafor" name typed by mistake`);
    expect(r.text).toMatch(/^Redacted in 3 places of activity-log entry/);
    const stored = await t.store.get<any>('activity', amended.id);
    expect(JSON.stringify(stored)).not.toContain('Dana Okafor');
    expect(stored.informationSharing.what).toMatch(/^Attendance and that \[removed: name typed by mistake, by .+\] moved in$/);
    expect(stored.informationSharing.withWhom).toMatch(/^Housing officer \[removed: /);
    // The child's subject access shows the sharing decision, redacted.
    const [sar] = await t.say('bs.mo', 'subject access child werneth JS');
    const html = await (await get(fileLinks(sar.text)[0])).text();
    expect(html).toContain('Shared without consent');
    expect(html).not.toContain('Dana Okafor');
    // An erasure looks for the same words in message copies and served files.
    expect(fragmentsOf({ informationSharing: amended.informationSharing })).toEqual(expect.arrayContaining(['Attendance and that Dana Okafor moved in', 'Housing officer Dana Okafor', 'Dana Okafor is at risk of eviction']));
  });
});
