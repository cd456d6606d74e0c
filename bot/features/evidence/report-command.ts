/**
 * `report [this term | last term | autumn 2026 | 2026-09-01 2026-12-18] [school]` for team
 * managers: their team's schools' figures as the 2020 report's tables, a short card for the
 * phone, and two downloads behind short-lived links (the tables as text, and the
 * consultations-with-outcomes CSV). `export consultations …` gives that CSV on its own.
 *
 * @example
 *   // manager: "report this term" -> card "Service report: Autumn 2026" + [Full tables] [Consultations CSV]
 */
import { card } from '../../../cards/tree';
import { formatDuration } from '../../config/duration';
import type { Router } from '../../core/router';
import type { Services } from '../../core/services';
import type { Turn } from '../../core/turn';
import { NO_SCHOOL, type ActivityEntry } from '../../../storage/activity-log';
import { TokenFiles } from '../digest/files';
import { consultationOutcomesCsv } from './consultation-export';
import { serviceFigures } from './figures';
import { reportText, schoolLine } from './report';
import { reportRange, type ReportRange } from './range';

const USAGE = 'report [this term | last term | autumn 2026 | 2026-09-01 2026-12-18] [school]';

/** The manager's schools (and work not tied to a school), or undefined when they manage no team. */
function scopeOf(services: Services, turn: Turn, range: ReportRange): { schoolIds: string[]; teamIds: string[] } | undefined {
  const { directory } = services;
  const teams = directory.teamsManagedBy(turn.person.id);
  if (!teams.length) return undefined;
  const teamIds = teams.map((t) => t.id);
  const schools = directory.allSchools().filter((s) => teamIds.includes(directory.teamForSchool(s.id)?.id ?? ''));
  const schoolIds = range.schoolId ? schools.filter((s) => s.id === range.schoolId).map((s) => s.id) : [...schools.map((s) => s.id), NO_SCHOOL];
  return { schoolIds, teamIds };
}

async function consultationEntries(services: Services, turn: Turn, range: ReportRange, schoolIds: string[], teamIds: string[]): Promise<ActivityEntry[]> {
  const reader = { personId: turn.person.id, purpose: 'consultation-export' };
  const lists = await Promise.all(schoolIds.map((schoolId) => services.activityLog.query({ schoolId, from: range.from, to: range.to }, reader)));
  return lists.flat().filter((e) => e.source.kind === 'consultation' && teamIds.includes(e.teamId));
}

export function registerReport(router: Router, services: Services): void {
  const files = new TokenFiles(services);
  const ttl = () => services.config.limits.linkTtl;

  router.command({ name: 'report', roles: ['team_manager'], summary: "Your service's figures per school and term", usage: USAGE }, async (turn) => {
    const range = reportRange(services, turn.args, turn.now);
    if (!range) return void turn.reply(`Which period? Try *report this term*, *report last term*, *report autumn 2026* or *report 2026-09-01 2026-12-18*, optionally with a school.`);
    const scope = scopeOf(services, turn, range);
    if (!scope) return void turn.reply("Reports are for team managers, for their own team's schools. You don't manage a team in the directory.");
    if (!scope.schoolIds.length) return void turn.reply("That school isn't one of your team's.");
    const f = await serviceFigures(services, { from: range.from, to: range.to, ...scope }, { personId: turn.person.id, purpose: 'report' });
    const text = reportText(services, f, range.label);
    const entries = await consultationEntries(services, turn, range, scope.schoolIds, scope.teamIds);
    const name = `swis-${range.schoolId ?? 'report'}-${range.fromDate}-to-${range.toDate}`;
    const [tablesUrl, csvUrl] = await Promise.all([
      files.save({ body: text, contentType: 'text/plain; charset=utf-8', ttlMs: ttl(), filename: `${name}.txt` }),
      files.save({ body: consultationOutcomesCsv(services, entries), contentType: 'text/csv; charset=utf-8', ttlMs: ttl(), filename: `${name}-consultations.csv` }),
    ]);
    const t = f.total;
    const c = card(`Service report: ${range.label}`).facts({
      Contacts: `${t.entries} (${t.potentialReferralDiscussions} about a potential referral)`,
      Consultations: String(t.consultations),
      Referrals: `${t.referralsAdvised} advised, ${t.referralsMade} made, ${t.notReferred} not made, ${t.awaitingOutcome} awaiting an answer`,
      'MASH decisions': `NFA ${t.mashDecisions.nfa} · early help ${t.mashDecisions.early_help} · s.17 ${t.mashDecisions.s17} · s.47 ${t.mashDecisions.s47} · already open ${t.mashDecisions.already_open}`,
      'Re-referrals': String(t.reReferrals),
      'First response': t.timeToFirstResponse.medianMs !== undefined ? `median ${formatDuration(Math.max(60_000, Math.round(t.timeToFirstResponse.medianMs / 60_000) * 60_000))}` : 'none yet',
    });
    for (const s of f.schools) c.text(schoolLine(s), 'subtle');
    c.text(`The links work for ${formatDuration(ttl())}. The files hold safeguarding records: keep them on council systems.`, 'subtle');
    c.link('Full tables (text)', tablesUrl).link('Consultations and outcomes (CSV)', csvUrl);
    services.log.info({ personId: turn.person.id, entries: t.entries }, 'service report built');
    turn.reply({ text: `${text}\n\nFull tables: ${tablesUrl}\nConsultations and outcomes (CSV): ${csvUrl}`, card: c.build() });
  });

  router.command(
    { name: 'export consultations', roles: ['team_manager'], summary: 'One row per consultation with its outcome, as CSV', usage: 'export consultations this term [school]' },
    async (turn) => {
      const range = reportRange(services, turn.args, turn.now);
      if (!range) return void turn.reply('Which period? Try *export consultations this term* or *export consultations 2026-09-01 2026-12-18*.');
      const scope = scopeOf(services, turn, range);
      if (!scope) return void turn.reply("Exports are for team managers, for their own team's records. You don't manage a team in the directory.");
      const entries = await consultationEntries(services, turn, range, scope.schoolIds, scope.teamIds);
      const url = await files.save({
        body: consultationOutcomesCsv(services, entries),
        contentType: 'text/csv; charset=utf-8',
        ttlMs: ttl(),
        filename: `swis-consultations-${range.fromDate}-to-${range.toDate}.csv`,
      });
      const what = `${entries.length} consultation${entries.length === 1 ? '' : 's'}, ${range.label}`;
      turn.reply({ text: `Consultations and outcomes (${what}): ${url}`, card: card('Consultations and outcomes').text(what).link('Download CSV', url).build() });
    },
  );
}
