/**
 * The subject-access export: one readable HTML document and the same records as JSON, built
 * from what the finder gathered: every field of every activity-log entry version, and for a
 * staff member their caseload, pulse answers and remembered quick-log roles, each named as
 * `erase` takes it. Text appears as stored, so a redaction shows as "[removed: reason, by,
 * when]" here too.
 *
 * @example
 *   const { html, json } = subjectAccessExport(services, subject, found, 'ro.jade');
 */
import type { Services } from '../../core/services';
import type { Found } from './finder';
import { subjectWords, type Subject } from './subjects';

const esc = (v: unknown): string =>
  String(v ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function table(rows: [string, unknown][]): string {
  return `<table>${rows
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(typeof v === 'object' ? JSON.stringify(v) : v)}</td></tr>`)
    .join('')}</table>`;
}

function section(title: string, items: string[]): string {
  return `<h2>${esc(title)} (${items.length})</h2>${items.length ? items.join('\n') : '<p>None held.</p>'}`;
}

export function subjectAccessExport(services: Services, subject: Subject, found: Found, by: string): { html: string; json: string } {
  const { directory, calendar } = services;
  const at = services.now();
  const who = (id?: string) => (id ? `${directory.person(id)?.name ?? id} (${id})` : '');
  const school = (id: string) => directory.school(id)?.name ?? id;
  const when = (iso?: string) => (iso ? calendar.local(new Date(iso)).toFormat('ccc d LLL yyyy, HH:mm') : '');

  const consultations = found.consultations.map(
    (c) =>
      `<h3>Consultation #${c.number} (${esc(c.id)})</h3>${table([
        ['School', school(c.schoolId)],
        ['Child', c.child ? `${c.child.yearGroup} ${c.child.reference}` : ''],
        ['Raised by', who(c.raisedBy)],
        ['Status', c.status],
        ['Urgency', c.urgency],
        ['Started', when(c.createdAt)],
        ['Closed', when(c.closedAt)],
        ['Outcome', c.outcome],
        ['What happened', c.details?.whatHappened],
        ['What the school has done', c.details?.schoolActions],
        ['Consent', c.details?.consent],
      ])}<ol>${c.messages.map((m) => `<li>${esc(when(m.at))}, ${esc(who(m.by))} (${esc(m.kind)}): ${esc(m.text)}</li>`).join('')}</ol>`,
  );
  const entries = found.activityEntries.map(
    (e) =>
      `<h3>Activity-log entry ${esc(e.id)}${e.amends ? ` (corrects ${esc(e.amends.entryId)}: ${esc(e.amends.reason)})` : ''}</h3>${table([
        ['School', school(e.schoolId)],
        ['When', when(e.occurredAt)],
        ['Child', e.child ? `${e.child.yearGroup} ${e.child.reference}` : ''],
        ['Social worker', who(e.workerId)],
        ['Raised by', `${e.raisedBy.role}${e.raisedBy.personId ? `, ${who(e.raisedBy.personId)}` : ''}`],
        ['Query', e.query],
        ['Response and advice', e.response],
        ['Activity', e.activityType],
        ['Outcome', e.outcome],
        ['Time spent', `${e.timeSpent}${e.minutes !== undefined ? ` (${e.minutes} minutes)` : ''}`],
        ['Consent', `${e.consent}${e.consentFrom ? ` (${e.consentFrom})` : ''}`],
        ['Shared without consent', e.informationSharing && `${e.informationSharing.what}; with ${e.informationSharing.withWhom}; why: ${e.informationSharing.why}; decided by ${who(e.informationSharing.decidedBy)}, ${when(e.informationSharing.at)}`],
        ['Referral outcome', e.referral && `${e.referral.referred ? 'referred' : 'not referred'}${e.referral.decision ? `, MASH decided ${e.referral.decision}` : ''}${e.referral.reason ? ` (${e.referral.reason})` : ''}; answered by ${who(e.referral.answeredBy)}, ${when(e.referral.answeredAt)}`],
        ['Re-referral of', e.reReferralOf?.join(', ')],
        ['Concern categories', e.concernCategories?.join(', ')],
        ['Known to social care', e.knownToSocialCare],
        ['Services', e.services?.map((x) => `${x.how} ${x.serviceId}`).join(', ')],
        ['People reached', e.peopleReached],
        ['Place', e.place],
        ['Attendance', e.attendance],
        ['Source', `${e.source.kind} ${e.source.id}`],
        ['Measures', e.measures],
        ['Holding note (before consent)', e.holding ? 'yes' : undefined],
        ['Recorded by', who(e.recordedBy)],
        ['Recorded', when(e.recordedAt)],
      ])}`,
  );
  const staff = [
    ...found.caseloads.map((c) => `<h3>Caseload (${esc(c.record)})</h3>${table([['Children', c.count], ['Recorded', when(c.at)]])}`),
    ...found.pulseAnswers.map((a) => `<h3>Termly question (${esc(a.record)})</h3>${table([['Term starting', a.term], ['Schools', a.schoolIds.map(school).join(', ')], ['Answer (1–5)', a.score], ['Given', when(a.at)]])}`),
    ...found.quickLogRoles.map((r) => `<h3>Quick log: who usually raises it (${esc(r.record)})</h3>${table([['School', school(r.schoolId)], ['Role', r.role], ['Given', when(r.at)]])}`),
  ];
  const actions = found.tasActions.map(
    (a) =>
      `<h3>TAS action ${esc(a.id)}</h3>${table([
        ['School', school(a.schoolId)],
        ['What', a.what],
        ['Owner', a.owner.personId ? who(a.owner.personId) : a.owner.name],
        ['Due', a.due],
        ['Status', a.status],
        ['Completion note', a.completionNote],
      ])}<ol>${a.history.map((h) => `<li>${esc(when(h.at))}, ${esc(who(h.by))}: ${esc(h.kind)} ${esc(h.note ?? '')}</li>`).join('')}</ol>`,
  );
  const agenda = found.tasAgendaItems.flatMap((m) =>
    m.items.map((i) => `<h3>TAS agenda, ${esc(school(m.schoolId))}, ${esc(m.date)}</h3>${table([['Item', i.text], ['Added by', who(i.addedBy)], ['Added', when(i.addedAt)]])}`),
  );
  const bookings = found.dropInBookings.map((b) => `<h3>Drop-in booking ${esc(b.id)}</h3>${table([['School', school(b.schoolId)], ['Starts', when(b.startsAt)], ['Status', b.status], ['Topic', b.topic], ['Attendance note', b.attendance?.note]])}`);
  const messages = found.messages.map((m) => `<h3>Message ${esc(m.id)}</h3>${table([['Queued', when(m.createdAt)], ['Status', m.status], ['Text', m.reply.text]])}`);
  const reads = found.reads.map((r) => `<li>${esc(when(r.at))}: ${esc(who(r.personId))} read ${esc(r.entries)} record(s) for ${esc(r.purpose)}</li>`);
  const officer = found.recordsActions.map((a) => `<li>${esc(when(a.at))}: ${esc(a.action)} by ${esc(who(a.by))}${a.reason ? ` (${esc(a.reason)})` : ''}</li>`);

  const title = `Subject access: ${subjectWords(subject, directory)}`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:auto;padding:1rem}th{text-align:left;vertical-align:top;padding-right:1rem}</style></head><body>
<h1>${esc(title)}</h1><p>${esc(services.config.authority.name)}. Produced ${esc(when(at.toISOString()))} by ${esc(who(by))}. Safeguarding records: review third-party information before disclosure.</p>
${section('Consultations', consultations)}
${section('Activity-log entries, every version', entries)}
${section('TAS actions', actions)}
${section('TAS agenda items', agenda)}
${section('Drop-in bookings', bookings)}
${section('Messages the bot sent', messages)}
${section('Kept about this person as staff (caseload, termly question, quick-log roles)', staff)}
${section('Reads of these records', reads.length ? [`<ul>${reads.join('')}</ul>`] : [])}
${section('Records officer actions', officer.length ? [`<ul>${officer.join('')}</ul>`] : [])}
</body></html>`;
  const json = JSON.stringify({ subject, authority: services.config.authority.name, producedAt: at.toISOString(), producedBy: by, ...found }, null, 2);
  return { html, json };
}
