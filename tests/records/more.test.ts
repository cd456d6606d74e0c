import { ConfigError, parseConfig } from '../../bot/config/load';
import YAML from 'yaml';
import { askAdvice, consultApp, consultConfig } from '../consultations/flow';
import { sampleConfigData, type TestApp } from '../helpers/app';
import { COLLECTIONS, seedEveryKind } from './seed';

/** Every document of every collection the bot writes, as text, through the store's own scan. */
async function everyDocument(t: TestApp): Promise<string> {
  const collections = [...Object.values(COLLECTIONS), 'activity-superseded', 'consultation-pending-reply', 'quick-log-draft', 'served-file', 'records-audit', 'records-erasure', 'records-tombstone', 'records-sealed', 'legal-hold'];
  const parts: string[] = [];
  for (const c of collections) {
    for await (const ids of t.store.scanIds(c)) {
      for (const doc of await t.store.getMany<{ body?: string }>(c, ids)) {
        parts.push(JSON.stringify(doc));
        if (typeof doc?.body === 'string') parts.push(Buffer.from(doc.body, 'base64').toString('utf8'));
      }
    }
  }
  return parts.join('\n');
}

describe('records officer work on the memory store', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('erases an activity-log entry with its correction and leaves its consultation and the rest', async () => {
    t = await consultApp();
    await t.say('dpo.ravi', 'hello');
    const seeded = await seedEveryKind(t.app.services, { at: '2026-11-20T10:00:00Z', child: 'JS', tag: 'entryonly' });
    const fix = await t.app.services.activityLog.amend(seeded.activityEntry, { response: 'Corrected advice entryonly with detail' }, 'advice recorded wrongly', 'sw.amira');
    const [asked] = await t.say('ro.jade', `erase ${seeded.activityEntry} recorded against the wrong family`);
    const id = /erase approve (e-[0-9a-f]{8})/.exec(asked.text)![1];
    // The other officer is told, without any content of the record.
    await t.settle();
    const told = t.channel.to('dpo.ravi').map((r) => r.text).join('\n');
    expect(told).toContain(`erase approve ${id}`);
    expect(told).not.toMatch(/entryonly|Advice|Query/);
    const [done] = await t.say('dpo.ravi', `erase approve ${id}`);
    expect(done.text).toMatch(/Erased 2 record/);
    const all = await everyDocument(t);
    expect(all).not.toMatch(/Query entryonly|Advice entryonly|Corrected advice entryonly/);
    expect(await t.store.get('activity', fix.id)).toBeUndefined();
    expect(await t.store.get('consultation', seeded.consultation)).toBeDefined();
    expect(await t.store.indexRange('activity:school:werneth', -Infinity, Infinity)).not.toContain(seeded.activityEntry);
    // Not for business support, and not for a DSL.
    expect((await t.say('bs.mo', `erase ${seeded.tasAction} reason`))[0].text).not.toMatch(/approval/);
    expect((await t.say('ro.jade', 'erase'))[0].text).toMatch(/Try \*erase c12/);
  });

  it('erases a consultation from the memory store: documents, indexes, outbox, served files', async () => {
    t = await consultApp();
    const secret = 'Distinctive words about the garden shed at night';
    const { id } = await askAdvice(t, 'dsl.werneth', { whatHappened: secret });
    await t.settle();
    await t.say('ro.jade', `subject access ${id}`);
    expect(await everyDocument(t)).toContain(secret);
    const [asked] = await t.say('ro.jade', `erase ${id} court order`);
    const req = /erase approve (e-[0-9a-f]{8})/.exec(asked.text)![1];
    await t.say('dpo.ravi', `erase approve ${req}`);
    expect(await everyDocument(t)).not.toContain(secret);
    for (const name of await t.store.indexNames('consultation:')) expect(await t.store.indexRange(name, -Infinity, Infinity)).not.toContain(id);
  });

  it('keeps a sealed copy of redacted text only when the configuration says so', async () => {
    t = await consultApp({ config: consultConfig((d) => (d.records = { keepSealedRedactions: true })) });
    const { id } = await askAdvice(t, 'dsl.werneth', { whatHappened: 'Mistaken Fullname was upset at lunch today.' });
    const [r] = await t.say('ro.jade', `redact ${id} "Mistaken Fullname" name typed by mistake`);
    expect(r.text).toMatch(/sealed copy is kept/);
    const sealed: string[] = [];
    for await (const ids of t.store.scanIds('records-sealed')) sealed.push(...ids);
    expect(sealed).toHaveLength(1);
    expect(await t.store.get('records-sealed', sealed[0])).toMatchObject({ text: 'Mistaken Fullname', record: `consultation:${id}`, by: 'ro.jade' });
    // Everywhere else, only the marker.
    const rest = (await everyDocument(t)).split('\n').filter((line) => !line.includes('"records-sealed"') && !line.includes('"text":"Mistaken Fullname"'));
    expect(rest.join('\n')).not.toContain('Mistaken Fullname');
  });

  it('answers subject access for a person and for a consultation, only for records roles', async () => {
    t = await consultApp();
    const { id } = await askAdvice(t, 'dsl.werneth');
    await seedEveryKind(t.app.services, { at: '2026-11-20T10:00:00Z', child: 'AB', tag: 'person' });
    const [p] = await t.say('bs.mo', 'subject access person dsl.werneth');
    expect(p.text).toMatch(/records about Priya Shah \(dsl\.werneth\)/);
    expect(p.card?.actions.map((a) => a.title)).toEqual(['Readable document', 'Machine-readable JSON']);
    const [c] = await t.say('ro.jade', `sar #${id.slice(1)}`);
    expect(c.text).toMatch(new RegExp(`records? about consultation ${id},`));
    expect((await t.say('ro.jade', 'subject access person nobody'))[0].text).toMatch(/not a person id/);
    expect((await t.say('ro.jade', 'subject access'))[0].text).toMatch(/Whose records/);
    for (const who of ['dsl.werneth', 'sw.amira', 'tm.grace']) expect((await t.say(who, 'subject access person dsl.werneth'))[0].text).not.toMatch(/Subject access export/);
    expect((await t.say('ro.jade', 'hold person sw.amira x'))[0].text).toMatch(/covers a child/);
    expect((await t.say('ro.jade', `hold ${id}`))[0].text).toMatch(/Give a reason/);
    expect((await t.say('ro.jade', `release hold ${id}`))[0].text).toMatch(/no legal hold/);
  });
});

describe('records configuration', () => {
  it('has defaults when a configuration has no records section, and names a bad field', () => {
    const data = sampleConfigData();
    delete data.records;
    const config = parseConfig(YAML.stringify(data), 'authority.yaml');
    expect(config.records.retention.outboxMessage).toBe(30 * 86_400_000);
    expect(config.records.retention.consultation).toBe(2190 * 86_400_000);
    expect(config.records.keepSealedRedactions).toBe(false);
    data.records = { retention: { consultation: 'seven years' } };
    expect(() => parseConfig(YAML.stringify(data), 'authority.yaml')).toThrow(ConfigError);
    expect(() => parseConfig(YAML.stringify(data), 'authority.yaml')).toThrow(/field "records.retention.consultation"/);
  });
});
