/**
 * The service's figures as plain-text tables in the shape of the 2020 final report's
 * activity-log tables (person making enquiry, year group, activity type, time spent, each with
 * n and %; s.17/s.47 starts per school with pupils and the count per 100 pupils), plus the
 * outcome loop, response times, drop-ins, TAS and the DSL pulse. Monospace, for a terminal,
 * a text file or a code block.
 *
 * @example
 *   const f = await serviceFigures(services, range, reader);
 *   console.log(reportText(services, f, 'Autumn 2026'));
 */
import { formatDuration } from '../../config/duration';
import type { Services } from '../../core/services';
import { ENQUIRER_LABELS, MASH_DECISION_LABELS, OUTCOME_LABELS, PLACE_LABELS, TIME_SPENT_LABELS } from '../../core/activity-labels';
import { ACTIVITY_TYPES, CONSENT, ENQUIRER_ROLES, MASH_DECISIONS, OUTCOMES, TIME_SPENT } from '../../../storage/activity-log';
import { ACTIVITY_LABELS, CONSENT_LABELS } from '../digest/labels';
import type { Durations, Figures, ServiceFigures } from './figures';

type Cell = string | number;

/** Columns padded to their widest cell; numbers right-aligned. */
export function table(title: string, head: string[], rows: Cell[][]): string {
  const all = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...all.map((r) => String(r[i] ?? '').length)));
  const line = (r: Cell[]) =>
    r
      .map((c, i) => (typeof c === 'number' || (i > 0 && /^[\d.,%–-]+$/.test(String(c))) ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [title, line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const pct = (n: number, of: number) => (of ? `${Math.round((n / of) * 1000) / 10}%` : '–');
const per100 = (n: number, pupils?: number) => (pupils ? (Math.round((n / pupils) * 10000) / 100).toFixed(2) : '–');
const dur = (d: Durations, k: 'medianMs' | 'p90Ms') => (d[k] === undefined ? '–' : formatDuration(Math.round(d[k]! / 60_000) * 60_000 || 60_000));

/** A "Person making enquiry"-style table: one row per key with entries, n and %. */
function shareTable(title: string, label: string, counts: Record<string, number>, names: (k: string) => string, total: number, keepZero = false): string {
  const rows = Object.entries(counts)
    .filter(([, n]) => keepZero || n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => [names(k), n, pct(n, total)]);
  rows.push(['Total', total, total ? '100%' : '–']);
  return table(title, [label, 'n', '%'], rows);
}

export function reportText(services: Services, f: ServiceFigures, heading: string): string {
  const t = f.total;
  const cats = new Map(services.config.thresholds.categories.map((c) => [c.id, c.label]));
  const svc = new Map(services.config.evidence.services.map((s) => [s.id, s.label]));
  const rows = f.schools;
  const catTotal = Object.values(t.byCategory).reduce((a, b) => a + b, 0);
  const yearOrder = (k: string) => (k === 'N' ? -1 : k === 'R' ? 0 : Number(k.slice(1)));
  const years = Object.fromEntries(Object.entries(t.byYearGroup).sort((a, b) => yearOrder(a[0]) - yearOrder(b[0])));
  const parts = [
    `SWIS activity log report: ${heading}`,
    `${services.calendar.formatDate(services.calendar.dateOf(new Date(f.from)))} to ${services.calendar.formatDate(services.calendar.dateOf(new Date(f.to)))} · ${t.entries} contacts recorded · ${t.consultations} consultations`,
    table(
      'Table 1. Activity by school',
      ['School', 'Group', 'Pupils', 'Contacts', 'per 100', 'Consultations', 'per 100', 'Potential referral', 'Hours', 'People reached'],
      [...rows, t].map((s) => [s.name, s.comparisonGroup ?? '', s.pupils ?? '–', s.entries, per100(s.entries, s.pupils), s.consultations, per100(s.consultations, s.pupils), pct(s.potentialReferralDiscussions, s.entries), (Math.round((s.minutes / 60) * 10) / 10).toFixed(1), s.peopleReached]),
    ),
    table(
      'Table 2. Referral outcomes by school (after advice to refer)',
      ['School', 'Advised', 'Made', 'Not referred', 'Awaiting', ...MASH_DECISIONS.map((d) => MASH_DECISION_LABELS[d].replace(/^Referred – /, '').replace(/ (child in need assessment|enquiry or strategy discussion)$/, '')), 'Re-referrals'],
      [...rows, t].map((s) => [s.name, s.referralsAdvised, s.referralsMade, s.notReferred, s.awaitingOutcome, ...MASH_DECISIONS.map((d) => s.mashDecisions[d]), s.reReferrals]),
    ),
    table(
      'Table 3. Section 17 and section 47 outcomes by school (count per 100 pupils)',
      ['School', 'Group', 's.17', 'Pupils', 'per 100', 's.47', 'per 100', 'Referrals made', 'per 100'],
      [...rows, t].filter((s) => s.schoolId !== 'none').map((s) => [s.name, s.comparisonGroup ?? '', s.mashDecisions.s17, s.pupils ?? '–', per100(s.mashDecisions.s17, s.pupils), s.mashDecisions.s47, per100(s.mashDecisions.s47, s.pupils), s.referralsMade, per100(s.referralsMade, s.pupils)]),
    ),
    shareTable('Table 4. Person making enquiry', 'Person', pick(t.byEnquirer, ENQUIRER_ROLES), (k) => ENQUIRER_LABELS[k as keyof typeof ENQUIRER_LABELS], t.entries),
    shareTable('Table 5. Year group of the child', 'Year group', years, (k) => k, Object.values(years).reduce((a, b) => a + b, 0)),
    shareTable('Table 6. Activity type', 'Activity', pick(t.byActivity, ACTIVITY_TYPES), (k) => ACTIVITY_LABELS[k as keyof typeof ACTIVITY_LABELS], t.entries, true),
    shareTable('Table 7. Concern category (an entry may name several)', 'Category', t.byCategory, (k) => cats.get(k) ?? k, catTotal),
    table(
      'Table 8. Time spent',
      ['Time spent', 'n', '%', 'Hours'],
      [...TIME_SPENT.map((b) => [TIME_SPENT_LABELS[b], t.byTimeBand[b], pct(t.byTimeBand[b], t.entries), (Math.round((t.minutesByTimeBand[b] / 60) * 10) / 10).toFixed(1)]), ['Total', t.entries, t.entries ? '100%' : '–', (Math.round((t.minutes / 60) * 10) / 10).toFixed(1)]],
    ),
    shareTable('Table 9. Outcome of the contact', 'Outcome', pick(t.byOutcome, OUTCOMES), (k) => OUTCOME_LABELS[k as keyof typeof OUTCOME_LABELS], t.entries),
    shareTable('Table 10. Place', 'Place', t.byPlace, (k) => (k === 'not_recorded' ? 'Not recorded' : PLACE_LABELS[k as keyof typeof PLACE_LABELS]), t.entries),
    table(
      'Table 11. Services signposted or referred to',
      ['Service', 'Signposted', 'Referred'],
      Object.entries(t.byService).sort((a, b) => b[1].signposted + b[1].referred - a[1].signposted - a[1].referred).map(([id, v]) => [svc.get(id) ?? id, v.signposted, v.referred]),
    ),
    shareTable('Table 12. Consent to share', 'Consent', pick(t.byConsent, CONSENT), (k) => CONSENT_LABELS[k as keyof typeof CONSENT_LABELS], t.entries),
    table(
      'Table 13. Response times, drop-ins, TAS actions and DSL confidence by school',
      ['School', 'First response (median)', '90%', 'To MASH decision (median)', 'Drop-in places', 'Booked', 'Attended', 'Did not attend', 'Walk-ins', 'TAS done', 'On time', 'Pulse n', 'Pulse mean'],
      [...rows, t].map((s) => [s.name, dur(s.timeToFirstResponse, 'medianMs'), dur(s.timeToFirstResponse, 'p90Ms'), dur(s.timeToDecision, 'medianMs'), s.dropIns.offered, s.dropIns.booked, s.dropIns.attended, s.dropIns.didNotAttend, s.dropIns.walkIns, s.tasActions.completed, pct(s.tasActions.onTime, s.tasActions.completed), s.pulse.answers, s.pulse.mean?.toFixed(2) ?? '–']),
    ),
    `Shared without consent (a recorded decision): ${t.sharedWithoutConsent}. Contacts are activity-log entries with corrections applied; withdrawn entries and drop-ins not attended are left out.`,
  ];
  return parts.join('\n\n');
}

function pick<K extends string>(counts: Record<K, number>, order: readonly K[]): Record<string, number> {
  return Object.fromEntries(order.map((k) => [k, counts[k]]));
}

/** The headline per school for a phone-sized card. */
export function schoolLine(s: Figures): string {
  const rate = s.per100Pupils ? ` (${s.per100Pupils.consultations} per 100 pupils)` : '';
  return `${s.name}: ${s.consultations} consultations${rate}, ${s.referralsMade} referred, NFA ${s.mashDecisions.nfa} · EH ${s.mashDecisions.early_help} · s.17 ${s.mashDecisions.s17} · s.47 ${s.mashDecisions.s47}, ${s.reReferrals} re-referrals`;
}
