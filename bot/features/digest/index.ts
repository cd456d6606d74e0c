/**
 * Weekly workload digest, quick log and evaluation-ready export (issue 9).
 *
 * - Every week at limits.digest (weekday and time, authority zone) each team manager gets
 *   last week's digest for their team; `digest [week]` shows one on demand (managers: their
 *   team; workers: themselves; nobody else).
 * - `log 10m direct work Y9 attendance` or the three-field form records informal work.
 * - `export <from> <to> [school]` gives a manager their team's log as CSV behind a short link.
 * - Charts and CSVs are served at /files/:token on the bot's own server.
 *
 * @example
 *   // manager: "digest last week" -> the team's digest card with flags and chart
 *   // worker:  "log 20m parent contact" -> "Logged 20m parent contact at Werneth School."
 */
import { card } from '../../../cards/tree';
import type { Role } from '../../config/schema';
import type { Feature, Services } from '../../core/services';
import type { Turn } from '../../core/turn';
import type { ActivityEntry } from '../../../storage/activity-log';
import { buildDigest, buildDigestDetails, sendWeeklyDigest, WEEKLY_DIGEST_JOB } from './digest';
import { activityCsv, parseRange, type ExportRange } from './export';
import { TokenFiles } from './files';
import { formatDuration } from '../../config/duration';
import { registerQuickLog } from './quick-log-handlers';
import { parseWeek } from './week';
import type { DigestScope } from './workload';
import { DIGEST } from './verbs';
import { handleJob, weeklyJob } from '../../scheduling/jobs';
import { formAcross, isoDate, optionalText, parseForm } from '../../core/forms';

const DIGEST_ROLES: Role[] = ['team_manager', 'social_worker', 'senior_practitioner'];
const MAX_EXPORT_DAYS = 400;

async function showDigest(services: Services, files: TokenFiles, turn: Turn, args: string, details = false): Promise<void> {
  const { directory, calendar } = services;
  const week = parseWeek(args, calendar, turn.now);
  if (!week) {
    turn.reply('Which week? Try *digest*, *digest last week*, *digest this week* or *digest 2026-11-16* (any day in the week).');
    return;
  }
  const managed = directory.teamsManagedBy(turn.person.id);
  const show = async (scope: DigestScope) => {
    if (details) for (const r of await buildDigestDetails(services, scope, week, turn.person.id)) turn.reply(r);
    else turn.reply(await buildDigest(services, files, scope, week, turn.person.id));
  };
  if (managed.length) {
    for (const team of managed) await show({ kind: 'team', team });
    return;
  }
  if (turn.person.roles.some((r) => r === 'social_worker' || r === 'senior_practitioner')) {
    await show({ kind: 'worker' as const, workerId: turn.person.id, team: directory.teamOf(turn.person.id) });
    return;
  }
  turn.reply("Digests are for team managers (their team) and social workers (themselves), so I can't show you one.");
}

/**
 * Oldest first, and a correction always after the entry it corrects (a correction keeps the
 * original's time, and may be recorded in the same millisecond).
 */
function inReadingOrder(entries: ActivityEntry[]): ActivityEntry[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const depth = (e: ActivityEntry, guard = 0): number => {
    const parent = e.amends && byId.get(e.amends.entryId);
    return parent && guard < 100 ? depth(parent, guard + 1) + 1 : 0;
  };
  return [...entries].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || depth(a) - depth(b) || a.recordedAt.localeCompare(b.recordedAt));
}

/**
 * What the export form must hold: two dates and, if typed, a school the directory knows (by name
 * or id). The school is looked up as `export <from> <school>` reads it, with the start date as it
 * was typed; the output is the range to export.
 */
function exportFormSchema(services: Services, now: Date) {
  const schoolIdOf = (from: string | undefined, school: string) => parseRange(`${from} ${school}`, services, now, services.directory.allSchools())?.schoolId;
  return formAcross(
    {
      from: isoDate('Choose a start date'),
      to: isoDate('Choose an end date'),
      school: optionalText(80, 'Type a school name'),
    },
    (f, on) => {
      if (!on.failed('school') && f.school && !schoolIdOf(f.from, f.school)) on.refuse('school', "I don't know that school");
    },
  ).transform((f): ExportRange => ({ from: f.from, to: f.to, schoolId: f.school && schoolIdOf(f.from, f.school) }));
}

function exportForm(): { text: string; card: ReturnType<ReturnType<typeof card>['build']>; form: true } {
  const c = card('Export the activity log')
    .input({ type: 'input.date', id: 'from', label: 'From', required: true })
    .input({ type: 'input.date', id: 'to', label: 'To', required: true })
    .input({ type: 'input.text', id: 'school', label: 'School (optional; leave empty for all)', maxLength: 80 })
    .action(DIGEST.exportSubmit.button('Export CSV', undefined, 'primary'));
  return { text: 'Export the activity log', card: c.build(), form: true };
}

async function runExport(services: Services, files: TokenFiles, turn: Turn, range: ExportRange): Promise<void> {
  const { directory, calendar, activityLog, config } = services;
  const teams = directory.teamsManagedBy(turn.person.id);
  if (!teams.length) {
    turn.reply("Exports are for team managers, for their own team's records. You don't manage a team in the directory.");
    return;
  }
  if (range.from > range.to) return turn.reply('The start date is after the end date.');
  const from = calendar.at(range.from, '00:00');
  const to = new Date(calendar.at(calendar.addDays(range.to, 1), '00:00').getTime() - 1);
  if (to.getTime() - from.getTime() > MAX_EXPORT_DAYS * 86_400_000) return turn.reply(`Please export at most ${MAX_EXPORT_DAYS} days at a time.`);
  const entries = (
    await Promise.all(teams.map((t) => activityLog.history({ teamId: t.id, from, to }, { personId: turn.person.id, purpose: 'export' })))
  )
    .flat()
    .filter((e) => !range.schoolId || e.schoolId === range.schoolId);
  const csv = activityCsv(services, inReadingOrder(entries));
  const schoolPart = range.schoolId ? `-${range.schoolId}` : '';
  const ttl = config.limits.linkTtl;
  const url = await files.save({ body: csv, contentType: 'text/csv; charset=utf-8', ttlMs: ttl, filename: `swis-activity${schoolPart}-${range.from}-to-${range.to}.csv`, singleUse: true });
  services.log.info({ personId: turn.person.id, entries: entries.length }, 'activity log exported');
  const school = range.schoolId ? directory.school(range.schoolId)?.name : undefined;
  const what = `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}, ${calendar.formatDate(range.from)} to ${calendar.formatDate(range.to)}${school ? `, ${school}` : ''}`;
  const note = `The link works once, for ${formatDuration(ttl)}. The file holds safeguarding records: keep it on council systems.`;
  const c = card('Activity log export').text(what).text(note, 'subtle').link('Download CSV', url);
  turn.reply({ text: `Activity log export (${what}): ${url}\n${note}`, card: c.build() });
}

export const digest: Feature = {
  name: 'digest',
  register(router, services) {
    const files = new TokenFiles(services);
    files.mount();

    router.command(
      { name: 'digest', aliases: ['workload'], roles: DIGEST_ROLES, summary: 'Workload digest for a week', usage: 'digest [last week | this week | 2026-11-16]' },
      (turn) => showDigest(services, files, turn, turn.args),
    );
    router.action(DIGEST.show, (turn, { week }) => showDigest(services, files, turn, week ?? ''), { roles: DIGEST_ROLES });
    router.action(DIGEST.details, (turn, { week }) => showDigest(services, files, turn, week ?? '', true), { roles: DIGEST_ROLES });

    registerQuickLog(router, services);

    router.command(
      { name: 'export', roles: ['team_manager'], summary: "Your team's activity log as CSV", usage: 'export 2026-11-01 2026-11-30 [school]' },
      async (turn) => {
        if (!turn.args.trim()) return turn.reply(exportForm());
        const range = parseRange(turn.args, services, turn.now, services.directory.allSchools());
        if (!range) return turn.reply('Which dates? Try *export 2026-11-01 2026-11-30*, *export last month* or *export last week greave*.');
        await runExport(services, files, turn, range);
      },
    );
    router.action(
      DIGEST.exportSubmit,
      async (turn) => {
        const form = parseForm(exportFormSchema(services, turn.now), turn.values);
        if (!form.ok) return turn.reply({ text: 'Please check the form.', formErrors: form.errors });
        await runExport(services, files, turn, form.data);
      },
      { roles: ['team_manager'] },
    );

    handleJob(services.scheduler, WEEKLY_DIGEST_JOB, (job) => sendWeeklyDigest(services, files, job.data.teamId));
    const { weekday, at } = services.config.limits.digest;
    for (const team of services.directory.allTeams()) {
      weeklyJob(services.scheduler, WEEKLY_DIGEST_JOB, { id: `digest:${team.id}`, weekday, at, data: { teamId: team.id } })
        .catch((err: Error) => services.log.error({ teamId: team.id, err }, 'could not schedule the weekly digest'));
    }
  },
};
