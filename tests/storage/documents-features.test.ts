/**
 * Every feature collection declared once (issue 16 point 5): for each declaration file of the
 * features (records, evidence, consultation extras, digest, dashboard, TAS chat) a stored
 * document of the wrong shape is refused with DocumentInvalid naming collection, id and fields
 * (never content), and a good one reads back as written. Collections that keep a bare value
 * (the id behind a consultation number, a quick-log role kept before roles were dated) read
 * that value and refuse anything else.
 *
 * @example
 *   node --no-deprecation node_modules/jest/bin/jest.js tests/storage/documents-features
 */
import { DocumentInvalid, type DocumentDef } from '../../storage/documents';
import { MemoryStore } from '../../storage/memory/memory-store';
import { AWAY_DOC, CONSULTATION_READ_DOC, FORM_CLAIM_DOC, FORM_OF_DOC, NUMBER_DOC, PENDING_REPLY_DOC } from '../../bot/features/consultations/document';
import { LINK_DOC, SESSION_DOC } from '../../bot/features/dashboard/documents';
import { QUICK_LOG_DRAFT_DOC, QUICK_LOG_ROLE_DOC, SERVED_FILE_DOC } from '../../bot/features/digest/documents';
import { CASELOAD_DOC, FOLLOW_UP_DOC, OVERSIGHT_DOC, PULSE_ANSWER_DOC, RE_REFERRAL_DOC } from '../../bot/features/evidence/documents';
import { ERASURE_REQUEST_DOC, LEGAL_HOLD_DOC, RECORDS_AUDIT_DOC, SEALED_REDACTION_DOC, TOMBSTONE_DOC } from '../../bot/features/records/documents';
import { TAS_CHAT_DOC } from '../../bot/features/tas/documents';

const AT = '2026-11-23T10:00:00.000Z';

/** [declaration, a good document, a bad one (with a marker that must never appear in the error), the fields it names]. */
type Case = [DocumentDef<unknown>, unknown, Record<string, unknown> | string, string];

const cases: Record<string, Case[]> = {
  'records/documents.ts': [
    [LEGAL_HOLD_DOC, { key: 'child:werneth:JS', target: { kind: 'child', schoolId: 'werneth', reference: 'JS' }, reason: 'litigation', placedBy: 'ro.jade', placedAt: AT }, { key: 'k', target: { kind: 'pupil', name: 'Quokka Marker' }, reason: 'x', placedBy: 'ro.jade', placedAt: AT }, 'target.kind'],
    [RECORDS_AUDIT_DOC, { id: 'ra-1', at: AT, action: 'redaction', by: 'ro.jade', record: 'consultation:c12', counts: { places: 2 } }, { id: 'ra-2', at: AT, action: 'shredding', by: 'ro.jade', reason: 'Quokka Marker' }, 'action'],
    [ERASURE_REQUEST_DOC, { id: 'e-1', record: { kind: 'consultation', id: 'c12' }, reason: 'court order', requestedBy: 'ro.jade', requestedAt: AT, status: 'pending' }, { id: 'e-2', record: { kind: 'consultation', id: 'c12' }, reason: 'Quokka Marker', requestedBy: 'ro.jade', requestedAt: AT, status: 'half-done' }, 'status'],
    [TOMBSTONE_DOC, { record: 'consultation:c12', erasedAt: AT, requestId: 'e-1', requestedBy: 'ro.jade', approvedBy: 'dpo.ravi' }, { record: 'Quokka Marker', erasedAt: AT, requestId: 'e-1', requestedBy: 'ro.jade' }, 'approvedBy'],
    [SEALED_REDACTION_DOC, { id: 'rd-1', record: 'consultation:c12', text: 'a name', at: AT, by: 'ro.jade' }, { id: 'rd-2', record: 'consultation:c12', text: ['Quokka Marker'], at: AT, by: 'ro.jade' }, 'text'],
  ],
  'evidence/documents.ts': [
    [CASELOAD_DOC, { count: 14, at: AT }, { count: 'Quokka Marker', at: AT }, 'count'],
    [PULSE_ANSWER_DOC, { term: '2026-09-02', personId: 'dsl.werneth', schoolIds: ['werneth'], score: 4, at: AT }, { term: '2026-09-02', personId: 'dsl.werneth', schoolIds: ['Quokka Marker'], score: 9, at: AT }, 'score'],
    [FOLLOW_UP_DOC, { consultationId: 'c12', schoolId: 'werneth', teamId: 't', workerId: 'sw.amira', advisedAt: AT, entryId: 'a-1', asked: [AT] }, { consultationId: 'c12', schoolId: 'werneth', teamId: 't', workerId: 'sw.amira', advisedAt: AT, entryId: 'a-1', asked: 'Quokka Marker' }, 'asked'],
    [RE_REFERRAL_DOC, { consultationId: 'c12', schoolId: 'werneth', earlier: ['c3'], at: AT }, { consultationId: 'c12', schoolId: 'werneth', at: 'Quokka Marker' }, 'earlier'],
    [OVERSIGHT_DOC, { consultationId: 'c12', number: 12, schoolId: 'werneth', teamId: 't', workerId: 'sw.amira', level: 1, at: AT }, { consultationId: 'c12', schoolId: 'werneth', teamId: 't', workerId: 'sw.amira', level: 'Quokka Marker', at: AT }, 'level'],
  ],
  'consultations/document.ts': [
    [CONSULTATION_READ_DOC, { id: 'cr-1', at: AT, personId: 'sw.amira', consultationId: 'c12', purpose: 'view' }, { id: 'cr-2', at: AT, personId: 'sw.amira', purpose: 'Quokka Marker' }, 'consultationId'],
    [AWAY_DOC, { personId: 'sw.amira', until: '2026-11-27' }, { personId: 'sw.amira', until: 'Quokka Marker' }, 'until'],
    [PENDING_REPLY_DOC, { id: 'p-1', personId: 'dsl.werneth', text: 'he was hungry again' }, { id: 'p-2', text: 'Quokka Marker' }, 'personId'],
    [FORM_CLAIM_DOC, { formId: 'f-1', personId: 'dsl.werneth', consultationId: 'c12' }, { formId: 'f-2', personId: 'dsl.werneth', consultationId: 42, note: 'Quokka Marker' }, 'consultationId'],
    [FORM_OF_DOC, 'f-1', { formId: 'Quokka Marker' }, '(document)'],
    [NUMBER_DOC, 'c-1b2c', { id: 'Quokka Marker' }, '(document)'],
  ],
  'digest/documents.ts': [
    [SERVED_FILE_DOC, { contentType: 'text/csv', body: 'YSxi', filename: 'export.csv', expiresAt: 1, singleUse: true }, { contentType: 'text/csv', body: 'Quokka Marker' }, 'expiresAt'],
    [QUICK_LOG_ROLE_DOC, { role: 'dsl', at: AT }, { role: 'Quokka Marker', at: AT }, '(document)'],
    [QUICK_LOG_DRAFT_DOC, { workerId: 'sw.amira', minutes: 10, activityType: 'direct_work', note: 'attendance', fields: {} }, { workerId: 'sw.amira', minutes: 10, activityType: 'Quokka Marker', note: '', fields: {} }, 'activityType'],
  ],
  'dashboard/documents.ts': [
    [LINK_DOC, { personId: 'tm.priya', expiresAt: 1 }, { personId: 'Quokka Marker' }, 'expiresAt'],
    [SESSION_DOC, { personId: 'tm.priya', expiresAt: 1 }, { personId: '', expiresAt: 1, note: 'Quokka Marker' }, 'personId'],
  ],
  'tas/documents.ts': [[TAS_CHAT_DOC, { seriesId: 'S-werneth' }, { series: 'Quokka Marker' }, 'seriesId']],
};

describe.each(Object.keys(cases))('the declarations in %s', (file) => {
  it.each(cases[file].map((c) => [c[0].collection, ...c] as const))('%s: a good document reads back; one of the wrong shape is refused by collection, id and field', async (collection, doc, good, bad, fields) => {
    const store = new MemoryStore();
    await doc.put(store, 'good', good);
    expect(await doc.get(store, 'good')).toEqual(good);
    expect(await doc.getMany(store, ['good', 'missing'])).toEqual([good, undefined]);

    await store.put(collection, 'bad', bad);
    const err = await doc.get(store, 'bad').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentInvalid);
    expect((err as DocumentInvalid).message).toBe(`stored ${collection} bad does not fit its schema: ${fields}`);
    expect((err as DocumentInvalid).message).not.toMatch(/Quokka/);
    await expect(doc.put(store, 'bad2', bad)).rejects.toBeInstanceOf(DocumentInvalid);
    expect(await store.get(collection, 'bad2')).toBeUndefined();
  });
});

describe('a quick-log role kept before roles were dated', () => {
  it('reads as the bare role', async () => {
    const store = new MemoryStore();
    await store.put(QUICK_LOG_ROLE_DOC.collection, 'sw.old:werneth', 'dsl');
    expect(await QUICK_LOG_ROLE_DOC.get(store, 'sw.old:werneth')).toBe('dsl');
  });
});
