/**
 * Copies of a record's words outside the record: proactive messages in the outbox, text typed
 * and held before it was placed, and files served behind links (CSV exports, subject-access
 * exports). A redaction rewrites the words in the outbox and withdraws files that hold them;
 * an erasure removes them all. Each is read through its collection's declaration; one that does
 * not fit its schema stops the job with the DocumentInvalid (skipping it would leave the words).
 *
 * @example
 *   const fragments = fragmentsOf(consultation);
 *   const n = await forgetTraces(services, fragments, { replaceWith: '[removed: ...]' });
 */
import type { Services } from '../../core/services';
import type { DocumentDef } from '../../../storage/documents';
import { PENDING_REPLY_DOC } from '../consultations/document';
import { QUICK_LOG_DRAFT_DOC, SERVED_FILE_DOC } from '../digest/documents';
import { OUTBOX_DOC } from '../../core/notifier';
import { entriesIn, replaceIn, stringsIn } from './scan';

/** Stored copies of message text. */
const COPIES: DocumentDef<unknown>[] = [OUTBOX_DOC, PENDING_REPLY_DOC, QUICK_LOG_DRAFT_DOC];
/** Shorter text ("ok", "thanks") is not distinctive enough to look for elsewhere. */
const MIN_FRAGMENT = 12;

interface FreeText {
  messages?: { text?: string }[];
  details?: { whatHappened?: string; schoolActions?: string };
  query?: string;
  response?: string;
  what?: string;
  completionNote?: string;
  history?: { note?: string }[];
  topic?: string;
  attendance?: { note?: string };
  agenda?: { text?: string }[];
  informationSharing?: { what?: string; withWhom?: string; why?: string };
}

/** The free text people typed into a record: what may have been copied elsewhere. */
export function fragmentsOf(doc: FreeText): string[] {
  const texts = [
    ...(doc.messages ?? []).map((m) => m.text),
    doc.details?.whatHappened,
    doc.details?.schoolActions,
    doc.query,
    doc.response,
    doc.what,
    doc.completionNote,
    ...(doc.history ?? []).map((h) => h.note),
    doc.topic,
    doc.attendance?.note,
    ...(doc.agenda ?? []).map((a) => a.text),
    doc.informationSharing?.what,
    doc.informationSharing?.withWhom,
    doc.informationSharing?.why,
  ];
  return [...new Set(texts.filter((t): t is string => typeof t === 'string' && t.trim().length >= MIN_FRAGMENT).map((t) => t.trim()))];
}

/** How a fragment looks once written into a CSV cell, an HTML page or a JSON string. */
function variants(fragment: string): string[] {
  const html = fragment.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  return [fragment, fragment.replace(/"/g, '""'), html, JSON.stringify(fragment).slice(1, -1)];
}

function fileText(doc: { body?: string }): string {
  return typeof doc.body === 'string' ? Buffer.from(doc.body, 'base64').toString('utf8') : '';
}

export interface TraceOptions {
  /** Rewrite message copies with this instead of deleting them (redaction). */
  replaceWith?: string;
  /** Only count the places, changing nothing (an erasure's check that every copy can be read). */
  dryRun?: boolean;
}

/** Removes (or, for a redaction, rewrites) every copy of these fragments; returns how many places. */
export async function forgetTraces(services: Services, fragments: string[], opts: TraceOptions = {}): Promise<number> {
  const { store } = services;
  const all = fragments.flatMap(variants).filter((f) => f.length >= MIN_FRAGMENT);
  if (!all.length) return 0;
  const holds = (text: string) => all.some((f) => text.includes(f));
  let places = 0;
  for (const copies of COPIES) {
    for await (const batch of entriesIn(store, copies)) {
      for (const [id, doc] of batch) {
        if (!holds(stringsIn(doc).join('\n'))) continue;
        places++;
        if (opts.dryRun) continue;
        if (opts.replaceWith === undefined) await copies.delete(store, id);
        else {
          const replacement = opts.replaceWith;
          await copies.update(store, id, (d) => d && fragments.reduce((acc, f) => replaceIn(acc, f, replacement).value, d));
        }
      }
    }
  }
  // A file already handed out cannot be edited in place: it is withdrawn, and a new one asked for.
  for await (const batch of entriesIn(store, SERVED_FILE_DOC)) {
    for (const [id, doc] of batch) {
      if (holds(fileText(doc) + JSON.stringify(doc))) {
        if (!opts.dryRun) await SERVED_FILE_DOC.delete(store, id);
        places++;
      }
    }
  }
  return places;
}
