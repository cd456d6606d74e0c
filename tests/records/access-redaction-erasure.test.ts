import Redis from 'ioredis';
import { RecordsAudit } from '../../bot/features/records/audit';
import { askAdvice, consultApp } from '../consultations/flow';
import { testRedisUrl, type TestApp } from '../helpers/app';
import { consultationDoc, seedConsultation, seedEveryKind, fileLinks } from './seed';

/** Every key under the test's prefix with everything it holds, as text. */
async function everyKey(prefix: string): Promise<Map<string, string>> {
  const r = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
  const out = new Map<string, string>();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      for (const k of keys) {
        const type = await r.type(k);
        const value =
          type === 'string' ? await r.get(k)
          : type === 'zset' ? (await r.zrange(k, 0, -1)).join('\n')
          : type === 'set' ? (await r.smembers(k)).join('\n')
          : type === 'hash' ? JSON.stringify(await r.hgetall(k))
          : type === 'list' ? (await r.lrange(k, 0, -1)).join('\n')
          : type === 'stream' ? JSON.stringify(await r.xrange(k, '-', '+'))
          : `unreadable ${type}`;
        // A served file's bytes are base64 in the store: read them as text too.
        const body = type === 'string' && /"body":"([^"]+)"/.exec(value ?? '')?.[1];
        out.set(k, `${value}\n${body ? Buffer.from(body, 'base64').toString('utf8') : ''}`);
      }
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
  return out;
}

function keysHolding(all: Map<string, string>, text: string): string[] {
  return [...all].filter(([k, v]) => k.includes(text) || v.includes(text)).map(([k]) => k);
}

describe('subject access, redaction and erasure on Redis', () => {
  let t: TestApp;
  let base: string;
  beforeEach(async () => {
    t = await consultApp({ redis: true });
    const port = await t.app.start(0);
    base = `http://127.0.0.1:${port}`;
  });
  afterEach(async () => {
    await new Promise<void>((r) => t.app.server.close(() => r()));
    await t.close();
  });
  const get = (url: string) => fetch(url.replace(/^http:\/\/localhost:\d+/, base));

  it('exports everything about one school reference across features, and nothing about another child', async () => {
    const { id } = await askAdvice(t, 'dsl.werneth', { reference: 'JS', whatHappened: 'JS came in hungry again; no food at home since Friday.' });
    await t.press('sw.amira', 'consult.answer', { id, answer: 'early_help' }, { advice: 'Start an early help assessment for JS.', timeSpent: '5_30' });
    await t.press('sw.amira', 'consult.close', { id }, { outcome: 'early_help', timeSpent: '5_30' });
    await t.settle();
    const js = await seedEveryKind(t.app.services, { at: '2026-11-20T10:00:00Z', child: 'JS', tag: 'jsextra' });
    await t.app.services.activityLog.amend(js.activityEntry, { outcome: 'mash_referral_advised' }, 'outcome recorded wrongly', 'sw.amira');
    await seedEveryKind(t.app.services, { at: '2026-11-20T10:00:00Z', child: 'KL', tag: 'otherchild' });
    await seedConsultation(t.app.services, consultationDoc({ at: '2026-11-20T10:00:00Z', reference: 'JS', text: 'Harrytown pupil with the same reference', schoolId: 'harrytown' }));

    expect((await t.say('dsl.werneth', 'subject access child werneth JS'))[0].text).not.toMatch(/export/i);
    const [r] = await t.say('bs.mo', 'subject access child werneth JS');
    expect(r.text).toMatch(/Subject access export: \d+ records about child JS at Werneth School/);
    const [htmlUrl, jsonUrl] = fileLinks(r.text);
    const html = await (await get(htmlUrl)).text();
    const res = await get(jsonUrl);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const data = (await res.json()) as any;

    // Every record about JS: the real consultation and its exchange, the activity-log entries with
    // the correction, the TAS action and agenda item, and the reads of them.
    expect(data.consultations.map((c: { id: string }) => c.id).sort()).toEqual([id, js.consultation].sort());
    expect(html).toContain('no food at home since Friday');
    expect(html).toContain('Start an early help assessment for JS.');
    expect(data.activityEntries.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining([js.activityEntry]));
    expect(data.activityEntries.some((e: { amends?: { reason: string } }) => e.amends?.reason === 'outcome recorded wrongly')).toBe(true);
    expect(data.activityEntries.some((e: { source: { id: string } }) => e.source.id === id)).toBe(true);
    expect(data.tasActions.map((a: { id: string }) => a.id)).toEqual([js.tasAction]);
    expect(data.tasAgendaItems[0].items[0].text).toBe('Agenda item jsextra for discussion');
    expect(data.reads.some((rd: { scope: { entryId?: string } }) => rd.scope.entryId === js.activityEntry)).toBe(true);
    // Nothing about another child, nor the same reference at another school.
    for (const text of [html, JSON.stringify(data)]) {
      expect(text).not.toMatch(/otherchild|KL|Harrytown pupil/);
    }
    // The export is itself recorded as a read, and in the records officers' trail.
    const reads = await t.app.services.activityLog.accessRecords(new Date(0), new Date('2030-01-01'));
    expect(reads.filter((rd) => rd.purpose === 'subject-access' && rd.personId === 'bs.mo')).toHaveLength(1);
    const [again] = await t.say('bs.mo', 'subject access child werneth JS');
    const second = (await (await get(fileLinks(again.text)[1])).json()) as any;
    expect(second.reads.some((rd: { purpose: string }) => rd.purpose === 'subject-access')).toBe(true);
    expect((await t.say('bs.mo', 'subject access child nowhere JS'))[0].text).toMatch(/don't know a school/);
  });

  it('redacts text everywhere it is shown and exported, recorded, with no copy kept', async () => {
    // A name that slipped past the first-name warning (not on its list) is what redaction is for.
    const name = 'Zebedee Smithson';
    const { id } = await askAdvice(t, 'dsl.werneth', { whatHappened: `${name} came in hungry and said there is no food at home.` });
    await t.press('sw.amira', 'consult.answer', { id, answer: 'early_help' }, { advice: `Early help for ${name}; school to lead.`, timeSpent: '5_30' });
    await t.press('sw.amira', 'consult.close', { id }, { outcome: 'early_help', timeSpent: '5_30' });
    await t.settle();
    const [before] = await t.say('ro.jade', `subject access ${id}`);
    const oldLinks = fileLinks(before.text);
    expect(await (await get(oldLinks[0])).text()).toContain(name);
    expect(keysHolding(await everyKey(t.prefix), name).length).toBeGreaterThan(2);

    const [r] = await t.say('ro.jade', `redact ${id} "${name}" name typed by mistake`);
    expect(r.text).toMatch(/Redacted in \d+ places/);
    expect(keysHolding(await everyKey(t.prefix), name)).toEqual([]);
    // Exports made before are withdrawn; a new one shows the marker instead.
    expect((await get(oldLinks[0])).status).toBe(404);
    const [after] = await t.say('ro.jade', `subject access ${id}`);
    const html = await (await get(fileLinks(after.text)[0])).text();
    expect(html).not.toContain(name);
    expect(html).toMatch(/\[removed: name typed by mistake, by Jade Lewis, 23 Nov 2026 10:00\] came in hungry/);
    expect(html).toMatch(/Early help for \[removed: name typed by mistake/);
    const audit = await new RecordsAudit(t.store, t.app.services.now).list();
    expect(audit.find((a) => a.action === 'redaction')).toMatchObject({ by: 'ro.jade', record: `consultation:${id}`, reason: 'name typed by mistake' });
    expect((await t.say('ro.jade', `redact ${id} "not in it at all" typo`))[0].text).toMatch(/not in/);
  });

  it('erases a consultation with a second officer, leaving nothing of it in any Redis key', async () => {
    const secret = 'Unmistakable disclosure about the cellar at home';
    const { id } = await askAdvice(t, 'dsl.werneth', { reference: 'QZ', whatHappened: secret });
    await t.press('sw.amira', 'consult.answer', { id, answer: 'mash' }, { advice: 'Refer the cellar disclosure to the MASH today.', timeSpent: '30_60' });
    await t.press('sw.amira', 'consult.close', { id }, { outcome: 'mash_referral_advised', timeSpent: '30_60' });
    await t.settle();
    const keep = await seedEveryKind(t.app.services, { at: '2026-11-20T10:00:00Z', child: 'JS', tag: 'unrelated' });
    await t.say('tm.grace', 'export 2026-11-01 2026-11-30');
    const [sar] = await t.say('ro.jade', `subject access ${id}`);
    expect(keysHolding(await everyKey(t.prefix), secret).length).toBeGreaterThan(2);

    // A held record cannot be erased until the hold is released.
    await t.say('ro.jade', `hold ${id} complaint open`);
    expect((await t.say('ro.jade', `erase ${id} court order 2026/123`))[0].text).toMatch(/legal hold/);
    await t.say('ro.jade', `release hold ${id}`);

    const [asked] = await t.say('ro.jade', `erase ${id} court order 2026/123`);
    const requestId = /erase approve (e-[0-9a-f]{8})/.exec(asked.text)?.[1];
    expect(requestId).toBeDefined();
    expect((await t.say('ro.jade', `erase approve ${requestId}`))[0].text).toMatch(/second records officer/);
    expect((await t.say('bs.mo', `erase approve ${requestId}`))[0].text).not.toMatch(/Erased/);
    expect(await t.store.get('consultation', id)).toBeDefined();
    const [done] = await t.say('dpo.ravi', `erase approve ${requestId}`);
    expect(done.text).toMatch(/Erased 2 record\(s\)/);

    const all = await everyKey(t.prefix);
    for (const text of [secret, 'cellar disclosure', 'cellar at home']) expect([text, keysHolding(all, text)]).toEqual([text, []]);
    // Only the tombstone, the request and the audit trail still name the id; none holds its content.
    expect(keysHolding(all, 'QZ')).toEqual([]);
    // What still names the id is the trail of the erasure itself: the tombstone, the request, the
    // officers' audit, the read the subject-access export recorded, and the officers' notice.
    const naming = [...all].filter(([k, v]) => new RegExp(`\\b${id}\\b`).test(`${k}\n${v}`));
    for (const [key, value] of naming) {
      expect(key.slice(t.prefix.length)).toMatch(/^doc:(records-tombstone|records-erasure|records-audit|activity-access|outbox):/);
      if (key.includes(':outbox:')) expect(value).toMatch(/asks to erase consultation/);
    }
    expect((await get(fileLinks(sar.text)[0])).status).toBe(404);
    expect(await t.store.get('records-tombstone', `consultation:${id}`)).toMatchObject({ approvedBy: 'dpo.ravi', requestedBy: 'ro.jade' });
    expect(await t.store.indexRange('consultation:open:dsl.werneth', -Infinity, Infinity)).not.toContain(id);
    // Other records are untouched.
    expect(await t.store.get('consultation', keep.consultation)).toBeDefined();
    expect(await t.store.get('activity', keep.activityEntry)).toBeDefined();
    expect((await t.say('dpo.ravi', `erase approve ${requestId}`))[0].text).toMatch(/already/);
  });
});
