/**
 * A reporting range as a manager types it: "this term", "last term", a term's name ("autumn
 * 2026"), or dates as the export takes them ("2026-09-01 2026-12-18", "last month"); then
 * optionally a school. Whole days in the authority's zone.
 *
 * @example
 *   reportRange(services, 'this term', now);           // { from, to, label: 'Autumn 2026' }
 *   reportRange(services, 'spring 2027 greave', now);  // { ..., schoolId: 'greave' }
 */
import type { Services } from '../../core/services';
import { parseRange } from '../digest/export';
import { schoolWords } from '../digest/quick-log';

export interface ReportRange {
  from: Date;
  to: Date;
  /** The term's name, or the dates. */
  label: string;
  /** YYYY-MM-DD, for file names. */
  fromDate: string;
  toDate: string;
  schoolId?: string;
}

function whole(services: Services, from: string, to: string, label: string, schoolId?: string): ReportRange {
  const { calendar } = services;
  return {
    from: calendar.at(from, '00:00'),
    to: new Date(calendar.at(calendar.addDays(to, 1), '00:00').getTime() - 1),
    label,
    fromDate: from,
    toDate: to,
    ...(schoolId ? { schoolId } : {}),
  };
}

export function reportRange(services: Services, text: string, now: Date): ReportRange | undefined {
  const { calendar, config, directory } = services;
  const terms = [...config.authority.terms].sort((a, b) => a.from.localeCompare(b.from));
  let rest = ` ${text.trim().toLowerCase()} `;
  let schoolId: string | undefined;
  for (const s of schoolWords(directory.allSchools())) {
    const re = new RegExp(`\\s(?:for\\s+|at\\s+)?${s.word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=\\s)`, 'i');
    if (re.test(rest)) {
      schoolId = s.schoolId;
      rest = rest.replace(re, ' ');
      break;
    }
  }
  const t = rest.replace(/\s+/g, ' ').trim() || 'this term';
  const today = calendar.dateOf(now);
  const currentIndex = terms.findIndex((x) => x.from <= today && x.to >= today);
  const lastStarted = terms.map((x) => x.from <= today).lastIndexOf(true);
  const pickTerm = (i: number) => (i >= 0 && i < terms.length ? whole(services, terms[i].from, terms[i].to, terms[i].name, schoolId) : undefined);
  if (t === 'this term') return pickTerm(currentIndex >= 0 ? currentIndex : lastStarted);
  if (t === 'last term') return pickTerm((currentIndex >= 0 ? currentIndex : lastStarted + 1) - 1);
  const named = terms.findIndex((x) => x.name.toLowerCase() === t);
  if (named >= 0) return pickTerm(named);
  const r = parseRange(t, services, now, []);
  if (!r || r.from > r.to) return undefined;
  return whole(services, r.from, r.to, `${calendar.formatDate(r.from)} to ${calendar.formatDate(r.to)}`, schoolId);
}
