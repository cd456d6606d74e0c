/**
 * The evidence part of the weekly digest, a small block beside the workload card: each
 * worker's caseload next to their school time and the work outside schools (court, home
 * visits, office, work not tied to a school), and, for a team, the consultations where
 * indicators at the s.47 level were answered "no further action" that week, for a second look.
 *
 * @example
 *   const section = await evidenceSection(services, workload);
 *   // { lines: ['Amira: caseload 14 · schools 6h 30m · outside schools 2h (court 1h 30m, home visit 30m)', ...], oversight: [...] }
 */
import type { Reply } from '../../core/reply';
import type { Services } from '../../core/services';
import { PLACE_LABELS } from '../../core/activity-labels';
import { NO_SCHOOL, PLACES } from '../../../storage/activity-log';
import { formatMinutes } from '../digest/labels';
import type { Workload } from '../digest/workload';
import { caseloadOf } from './caseload';
import { EvidenceRecords } from './records';

export interface EvidenceSection {
  /** One line per worker: caseload, school time, time outside schools. */
  lines: string[];
  /** Oversight flags for the team manager. */
  oversight: string[];
}

const OUTSIDE = PLACES.filter((p) => p !== 'school' && p !== 'phone_or_online');

export async function evidenceSection(services: Services, w: Workload): Promise<EvidenceSection> {
  const { directory } = services;
  const lines: string[] = [];
  for (const id of w.workerIds) {
    const cur = w.current[id];
    const caseload = await caseloadOf(services, id);
    const schoolMinutes = Object.entries(cur.bySchool).filter(([s]) => s !== NO_SCHOOL).reduce((a, [, m]) => a + m, 0);
    const noSchool = cur.bySchool[NO_SCHOOL] ?? 0;
    const places = OUTSIDE.filter((p) => cur.byPlace[p]).map((p) => `${PLACE_LABELS[p].toLowerCase()} ${formatMinutes(cur.byPlace[p]!)}`);
    const outside = [noSchool ? `not tied to a school ${formatMinutes(noSchool)}` : '', ...places].filter(Boolean);
    lines.push(
      `${directory.firstName(id)}: caseload ${caseload ? caseload.count : 'not recorded'} · schools ${formatMinutes(schoolMinutes)}` +
        (outside.length ? ` · outside schools: ${outside.join(', ')}` : ' · nothing recorded outside schools'),
    );
  }
  const oversight: string[] = [];
  if (w.scope.kind === 'team') {
    const flags = await new EvidenceRecords(services.store).oversightFor(w.scope.team.id, w.week.from, w.week.to);
    for (const f of flags) {
      const school = directory.school(f.schoolId)?.name ?? f.schoolId;
      oversight.push(`Second look: consultation #${f.number ?? f.consultationId} at ${school} (${directory.firstName(f.workerId)}) had level ${f.level} indicators ticked and was answered "no further action".`);
    }
  }
  return { lines, oversight };
}

/** Adds the section to a digest reply: oversight flags as warnings, then caseload and time. */
export function withEvidence(reply: Reply, section: EvidenceSection): Reply {
  const body = [
    ...section.oversight.map((text) => ({ type: 'text' as const, text, style: 'warning' as const })),
    { type: 'text' as const, text: 'Caseload and time outside schools:', style: 'subtle' as const },
    ...section.lines.map((text) => ({ type: 'text' as const, text, style: 'normal' as const })),
  ];
  const text = [reply.text, ...section.oversight.map((o) => `• ${o}`), 'Caseload and time outside schools:', ...section.lines.map((l) => `• ${l}`)].join('\n');
  return { ...reply, text, ...(reply.card ? { card: { ...reply.card, body: [...reply.card.body, ...body] } } : {}) };
}
