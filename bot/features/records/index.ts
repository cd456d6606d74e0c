/**
 * Records officer commands (issue 22): subject access, legal holds, redaction and erasure, and
 * the daily retention job. Subject access, holds and redaction are for records officers and
 * business support; erasure needs a records officer to ask and a second one to approve.
 *
 * @example
 *   // "subject access child werneth JS"   -> links to a readable export and its JSON
 *   // "hold c12 litigation pending"       -> nothing about #12 is removed until released
 *   // "redact c12 "Jayden Smith" name typed by mistake"
 *   // "erase c12 court order 2026/123"    -> "dpo.ravi: erase approve e-1a2b3c4d"
 */
import { card } from '../../../cards/tree';
import type { Role } from '../../config/schema';
import { formatDuration } from '../../config/duration';
import type { Feature, Services } from '../../core/services';
import type { Turn } from '../../core/turn';
import { TokenFiles } from '../digest/files';
import { RecordsAudit } from './audit';
import { approveErasure, requestErasure } from './erasure';
import { subjectAccessExport } from './export';
import { countOf, findSubject, subjectName } from './finder';
import { LegalHolds, type HoldTarget } from './holds';
import { redact } from './redaction';
import { scheduleRetention } from './retention';
import { ConsultationRepository } from '../consultations/repository';
import { KIND_WORDS, parseRecord, parseSubject, subjectWords, type Subject } from './subjects';

const RECORDS_ROLES: Role[] = ['records_officer', 'business_support'];
const OFFICERS: Role[] = ['records_officer'];

/** "#12" / "c12" names a consultation by its short number: the stored id is random (issue 17). */
async function byNumber<T>(services: Services, x: T): Promise<T> {
  const ref = x as { kind?: string; id?: string } | undefined;
  if (!ref || ref.kind !== 'consultation' || !ref.id || !/^c\d+$/.test(ref.id)) return x;
  const id = await new ConsultationRepository(services.store).idForNumber(Number(ref.id.slice(1)));
  return id ? ({ ...ref, id } as T) : x;
}

async function subjectAccess(services: Services, files: TokenFiles, turn: Turn): Promise<void> {
  const subject = await byNumber(services, parseSubject(turn.args, services.directory));
  if (!subject) return turn.reply('Whose records? Try *subject access child werneth JS*, *subject access person sw.amira* or *subject access c12*.');
  if ('error' in subject) return turn.reply(subject.error);
  const found = await findSubject(services, subject);
  const { html, json } = subjectAccessExport(services, subject, found, turn.person.id);
  const ttlMs = services.config.limits.linkTtl;
  const stamp = services.calendar.local(turn.now).toFormat('yyyy-LL-dd');
  const doc = await files.save({ body: html, contentType: 'text/html; charset=utf-8', ttlMs, filename: `subject-access-${stamp}.html` });
  const data = await files.save({ body: json, contentType: 'application/json; charset=utf-8', ttlMs, filename: `subject-access-${stamp}.json` });
  const n = countOf(found);
  const school = subject.kind === 'child' ? subject.schoolId : undefined;
  await services.activityLog.recordRead(subjectName(subject), { personId: turn.person.id, purpose: 'subject-access' }, n, school);
  await new RecordsAudit(services.store, services.now).add({ action: 'subject-access', by: turn.person.id, record: subjectName(subject), counts: { records: n, reads: found.reads.length } });
  const what = `${n} record${n === 1 ? '' : 's'} about ${subjectWords(subject, services.directory)}, with ${found.reads.length} recorded read${found.reads.length === 1 ? '' : 's'}.`;
  const note = `The links work for ${formatDuration(ttlMs)}. This export is recorded as a read. It holds safeguarding records: keep it on council systems.`;
  const c = card('Subject access export').text(what).text(note, 'subtle').link('Readable document', doc).link('Machine-readable JSON', data);
  turn.reply({ text: `Subject access export: ${what}\n${doc}\n${data}\n${note}`, card: c.build() });
}

function holdTarget(subject: Subject | { error: string } | undefined): HoldTarget | { error: string } | undefined {
  if (!subject || 'error' in subject) return subject;
  if (subject.kind === 'person') return { error: 'A legal hold covers a child (school and reference) or a consultation.' };
  return subject;
}

/** "child werneth JS <reason>" or "c12 <reason>": the subject words, then the reason. */
function splitHold(args: string): { target: string; reason: string } {
  const words = args.trim().split(/\s+/);
  const n = /^(child|pupil)$/i.test(words[0] ?? '') ? 3 : /^(consultation|person)$/i.test(words[0] ?? '') ? 2 : 1;
  return { target: words.slice(0, n).join(' '), reason: words.slice(n).join(' ') };
}

async function hold(services: Services, turn: Turn, release: boolean): Promise<void> {
  const { target: words, reason } = splitHold(turn.args);
  const target = holdTarget(await byNumber(services, parseSubject(words, services.directory)));
  if (!target) return turn.reply(`Which records? Try *${release ? 'release hold' : 'hold'} child werneth JS${release ? '' : ' <reason>'}* or *${release ? 'release hold' : 'hold'} c12${release ? '' : ' <reason>'}*.`);
  if ('error' in target) return turn.reply(target.error);
  const holds = new LegalHolds(services.store);
  const audit = new RecordsAudit(services.store, services.now);
  const name = target.kind === 'child' ? `child ${target.reference}` : target.id;
  if (release) {
    if (!(await holds.release(target))) return turn.reply(`There is no legal hold on ${name}.`);
    await audit.add({ action: 'hold-released', by: turn.person.id, record: subjectName(target) });
    return turn.reply(`Legal hold on ${name} released. Retention applies to it again.`);
  }
  if (!reason) return turn.reply('Give a reason for the hold, e.g. *hold c12 litigation pending*.');
  await holds.place(target, turn.person.id, reason, turn.now);
  await audit.add({ action: 'hold', by: turn.person.id, record: subjectName(target), reason });
  turn.reply(`Legal hold placed on ${name}. Nothing it covers will be removed by retention or erased until the hold is released.`);
}

/** redact <record> "<text>" <reason> */
async function redactCommand(services: Services, turn: Turn): Promise<void> {
  const m = /^(\S+)\s+["“](.+?)["”]\s+(.+)$/s.exec(turn.args.trim());
  const ref = m && (await byNumber(services, parseRecord(m[1])));
  if (!m || !ref) return turn.reply('Try *redact c12 "the exact text" reason*, e.g. *redact c12 "Jayden Smith" name typed by mistake*. Records: c12, A7, a-…, b-…, S-werneth:2026-11-23.');
  const r = await redact(services, ref, m[2], m[3].trim(), turn.person.id);
  if ('error' in r) return turn.reply(r.error);
  turn.reply(`Redacted in ${r.places} place${r.places === 1 ? '' : 's'} of ${KIND_WORDS[ref.kind]} ${ref.id} and what was made from it. Exports made earlier that held it are withdrawn.${services.config.records.keepSealedRedactions ? ' A sealed copy is kept, as your records policy asks.' : ' No copy of the removed text is kept.'}`);
}

async function eraseCommand(services: Services, turn: Turn): Promise<void> {
  const [first, ...rest] = turn.args.trim().split(/\s+/);
  if (/^approve$/i.test(first ?? '')) {
    const done = await approveErasure(services, rest[0] ?? '', turn.person.id);
    if ('error' in done) return turn.reply(done.error);
    await services.notifier.toPerson(done.requestedBy, { text: `Erasure ${done.id} was approved by ${services.directory.person(turn.person.id)?.name ?? turn.person.id} and carried out.` });
    return turn.reply(`Erased ${done.erased?.length ?? 0} record(s): ${(done.erased ?? []).join(', ')}. A tombstone without personal data records that they existed.`);
  }
  const ref = await byNumber(services, parseRecord(first ?? ''));
  const reason = rest.join(' ').trim();
  if (!ref || !reason) return turn.reply('Try *erase c12 <reason>* (records: c12, A7, a-…, b-…, S-werneth:2026-11-23, or a staff member\'s caseload:…, pulseAnswer:…, quickLogRole:… as a subject access export lists them); a second records officer then approves with *erase approve <id>*.');
  const req = await requestErasure(services, ref, reason, turn.person.id);
  if ('error' in req) return turn.reply(req.error);
  const others = services.directory.allPeople().filter((p) => p.id !== turn.person.id && p.roles.includes('records_officer'));
  for (const p of others) await services.notifier.toPerson(p.id, { text: `${services.directory.person(turn.person.id)?.name ?? turn.person.id} asks to erase ${KIND_WORDS[ref.kind]} ${ref.id}. To approve: *erase approve ${req.id}*` });
  turn.reply(`Erasure ${req.id} of ${KIND_WORDS[ref.kind]} ${ref.id} needs a second records officer's approval: *erase approve ${req.id}*.${others.length ? '' : ' There is no other records officer in the directory.'}`);
}

export const records: Feature = {
  name: 'records',
  register(router, services) {
    const files = new TokenFiles(services);
    router.command(
      { name: 'subject access', aliases: ['sar'], roles: RECORDS_ROLES, summary: 'Everything held about a child, a person or a consultation', usage: 'subject access child werneth JS | person sw.amira | c12' },
      (turn) => subjectAccess(services, files, turn),
    );
    router.command({ name: 'hold', roles: RECORDS_ROLES, summary: 'Place a legal hold', usage: 'hold child werneth JS <reason> | hold c12 <reason>' }, (turn) => hold(services, turn, false));
    router.command({ name: 'release hold', roles: RECORDS_ROLES, summary: 'Release a legal hold', usage: 'release hold c12' }, (turn) => hold(services, turn, true));
    router.command({ name: 'redact', roles: RECORDS_ROLES, summary: 'Remove text recorded by mistake', usage: 'redact c12 "exact text" reason' }, (turn) => redactCommand(services, turn));
    router.command({ name: 'erase', roles: OFFICERS, summary: 'Erase a record (a second officer approves)', usage: 'erase c12 <reason> | erase approve e-1a2b3c4d' }, (turn) => eraseCommand(services, turn));
    scheduleRetention(services);
  },
};
