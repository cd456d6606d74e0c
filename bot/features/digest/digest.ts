/**
 * Builds a digest for a scope and week, and sends the weekly one: gathers the workload,
 * works out the flags, renders the chart and stores it behind a short-lived token.
 *
 * Each team's weekly digest is its own scheduled job (so one team's failure does not hold up
 * another), and a claim per team and week means a retried or duplicated job never sends the
 * same week twice.
 *
 * @example
 *   const reply = await buildDigest(services, files, { kind: 'team', team }, week, 'tm.grace');
 *   await sendWeeklyDigest(services, files, 'werneth-swis');
 */
import type { Services } from '../../core/services';
import { PermanentFailure } from '../../scheduling/scheduler';
import type { Reply } from '../../core/reply';
import { renderTimeChart } from './chart';
import { digestDetails, digestReply } from './digest-card';
import type { TokenFiles } from './files';
import { flagGroups, workloadFlags } from './flags';
import { lastCompleteWeek, type Week } from './week';
import { gatherWorkload, type DigestScope } from './workload';
import { evidenceSection, withEvidence } from '../evidence/digest-section';
import { defineJob, jobId } from '../../scheduling/jobs';
import { z } from 'zod';

export const WEEKLY_DIGEST_JOB = defineJob('digest.weekly', z.object({ teamId: jobId }));

export async function buildDigest(
  services: Services,
  files: TokenFiles,
  scope: DigestScope,
  week: Week,
  readerId: string,
  purpose = 'digest',
): Promise<Reply> {
  const workload = await gatherWorkload(services, scope, week, readerId, purpose);
  const flags = workloadFlags(services, workload);
  const rows = workload.workerIds.map((id) => ({ label: services.directory.firstName(id), minutes: workload.current[id].byActivity }));
  const png = renderTimeChart(rows, 'Recorded time by activity');
  const chartUrl = await files.save({ body: png, contentType: 'image/png', ttlMs: services.config.limits.digest.chartTtl });
  return withEvidence(digestReply(services, workload, flags, chartUrl), await evidenceSection(services, workload));
}

/** The per-worker detail of a digest, for "Show details" on platforms that cannot open it in place. */
export async function buildDigestDetails(services: Services, scope: DigestScope, week: Week, readerId: string): Promise<Reply[]> {
  const workload = await gatherWorkload(services, scope, week, readerId, 'digest');
  return digestDetails(services, workload, flagGroups(services, workload));
}

/** The job handler's work: last week's digest for one team, to its manager. */
export async function sendWeeklyDigest(services: Services, files: TokenFiles, teamId: string): Promise<void> {
  const team = services.directory.team(teamId);
  if (!team) throw new PermanentFailure(`team ${teamId} is no longer in the directory`);
  const week = lastCompleteWeek(services.calendar, services.now());
  const key = `digest-sent:${team.id}:${week.start}`;
  if (!(await services.store.claim(key, 8 * 86_400_000))) {
    services.log.info({ teamId, week: week.start }, 'weekly digest already sent');
    return;
  }
  try {
    const reply = await buildDigest(services, files, { kind: 'team', team }, week, team.manager, 'weekly-digest');
    await services.notifier.toPerson(team.manager, reply, { describe: `The weekly digest for ${team.name}` });
    services.log.info({ teamId, week: week.start, managerId: team.manager }, 'weekly digest queued');
  } catch (err) {
    await services.store.release(key);
    throw err;
  }
}
