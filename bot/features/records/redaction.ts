/**
 * Redaction: text that should never have been recorded (a name typed by mistake) is replaced,
 * in the record, in the records made from it (a consultation's activity-log entries and their
 * corrections) and in copies of its messages, by "[removed: reason, by, when]". Files already
 * exported that hold it are withdrawn. A sealed copy of the removed text is kept only when
 * `records.keepSealedRedactions` says so. Corrections stay addenda; this is not one.
 *
 * @example
 *   const r = await redact(services, { kind: 'consultation', id: 'c12' }, 'Jayden Smith', 'name typed by mistake', 'ro.jade');
 */
import { randomUUID } from 'node:crypto';
import type { Services } from '../../core/services';
import type { ActivityEntry } from '../../../storage/activity-log';
import { RecordsAudit } from './audit';
import { addCorrections } from './finder';
import { SEALED_REDACTION_DOC } from './documents';
import { ACTIVITY_DOC } from '../../../storage/activity-log';
import { findIn, replaceIn, stringsIn } from './scan';
import { DOC_OF, type RecordRef } from './subjects';
import { forgetTraces } from './traces';

/** The removed text, kept sealed when `records.keepSealedRedactions` says so. */
export interface SealedRedaction {
  id: string;
  /** `<kind>:<id>` of the record named. */
  record: string;
  text: string;
  at: string;
  by: string;
}

/** The records that carry the same words: a record and the activity-log entries made from it. */
export async function linkedRecords(services: Services, ref: RecordRef): Promise<RecordRef[]> {
  const doc = await DOC_OF[ref.kind].get(services.store, ref.id);
  if (!doc) return [];
  const out: RecordRef[] = [ref];
  const sources: Partial<Record<RecordRef['kind'], string>> = { consultation: 'consultation', activityEntry: 'activity', tasAction: 'tas-action', tasMeeting: 'tas-meeting', dropInBooking: 'dropin' };
  const sourceKind = sources[ref.kind];
  // A staff member's caseload, pulse answer or remembered role: nothing is made from it.
  if (!sourceKind) return out;
  const entries = await findIn(services.store, ACTIVITY_DOC, () => true);
  const named = new Set(stringsIn(doc).filter((v) => v.startsWith('a-')));
  const direct = new Set(entries.filter((e) => (e.source.id === ref.id && e.source.kind.startsWith(sourceKind)) || named.has(e.id)).map((e) => e.id));
  if (ref.kind === 'activityEntry') {
    const e = doc as unknown as ActivityEntry;
    if (e.source.kind === 'consultation') out.push({ kind: 'consultation', id: e.source.id });
  }
  if (ref.kind === 'activityEntry') direct.add(ref.id);
  addCorrections(entries, direct);
  for (const id of direct) if (id !== ref.id) out.push({ kind: 'activityEntry', id });
  return out;
}

export function redactionMark(reason: string, byName: string, at: string): string {
  return `[removed: ${reason}, by ${byName}, ${at}]`;
}

export async function redact(services: Services, ref: RecordRef, text: string, reason: string, by: string): Promise<{ places: number; id: string } | { error: string }> {
  const { store } = services;
  const target = await DOC_OF[ref.kind].get(store, ref.id);
  if (!target) return { error: `There is no ${ref.id}.` };
  // The words may be in a correction rather than the record named (what was shared without consent, with whom and why).
  const linked = await linkedRecords(services, ref);
  const docs = await Promise.all(linked.map((r) => DOC_OF[r.kind].get(store, r.id)));
  if (!docs.some((d) => stringsIn(d).some((s) => s.includes(text)))) return { error: `That text is not in ${ref.id} (it must match exactly, capitals included).` };
  const now = services.now();
  const mark = redactionMark(reason, services.directory.person(by)?.name ?? by, services.calendar.local(now).toFormat('d LLL yyyy HH:mm'));
  let places = 0;
  for (const r of linked) {
    let count = 0;
    await DOC_OF[r.kind].update(store, r.id, (d) => {
      if (d === undefined) return undefined;
      const out = replaceIn(d, text, mark);
      count = out.count;
      return out.count ? out.value : undefined;
    });
    places += count;
    if (count && r.kind === 'activityEntry') await services.activityLog.changed(r.id);
  }
  places += await forgetTraces(services, [text], { replaceWith: mark });
  const id = `rd-${randomUUID()}`;
  if (services.config.records.keepSealedRedactions) await SEALED_REDACTION_DOC.put(store, id, { id, record: `${ref.kind}:${ref.id}`, text, at: now.toISOString(), by });
  await new RecordsAudit(store, services.now).add({ action: 'redaction', by, record: `${ref.kind}:${ref.id}`, reason, counts: { places } });
  services.log.info({ record: ref.id, places, by }, 'text redacted');
  return { places, id };
}
