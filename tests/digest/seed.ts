/**
 * A known week for the digest tests: activity-log entries for the Werneth SWIS team in the
 * week of Mon 16 Nov 2026 and the week before, and a figures provider standing in for the
 * consultations, drop-ins and TAS features with fixed numbers per week.
 *
 * @example
 *   await seedWeek(t.app.services);
 *   registerKnownFigures(t.app.services);
 */
import type { Services } from '../../bot/core/services';
import type { WorkerFigures } from '../../bot/core/figures';
import type { ActivityEntryInput, ActivityType, TimeSpent } from '../../storage/activity-log';
import { bucketFor } from '../../storage/activity-log';

export const WEEK = '2026-11-16';
export const PREVIOUS = '2026-11-09';

interface Seed {
  worker: string;
  school: string;
  type: ActivityType;
  minutes?: number;
  bucket?: TimeSpent;
  at: string;
  query?: string;
}

/** This week (16-22 Nov) and last week (9-15 Nov). Times are UTC (GMT in November). */
export const SEEDS: Seed[] = [
  // Amira: 155 minutes this week, 100 the week before (+55%).
  { worker: 'sw.amira', school: 'werneth', type: 'direct_work', minutes: 30, at: '2026-11-16T09:15:00Z' },
  { worker: 'sw.amira', school: 'werneth', type: 'direct_work', minutes: 20, at: '2026-11-17T11:00:00Z' },
  { worker: 'sw.amira', school: 'st-marks', type: 'parent_contact', minutes: 60, at: '2026-11-18T14:00:00Z' },
  { worker: 'sw.amira', school: 'arden', type: 'advice_or_information', bucket: '30_60', at: '2026-11-19T10:00:00Z' },
  { worker: 'sw.amira', school: 'werneth', type: 'direct_work', minutes: 100, at: '2026-11-10T10:00:00Z' },
  // Ben: 2040 minutes (34 h) this week, 1457 the week before (+40%).
  { worker: 'sw.ben', school: 'harrytown', type: 'statutory_casework', minutes: 1200, at: '2026-11-16T08:00:00Z' },
  { worker: 'sw.ben', school: 'st-christophers', type: 'direct_work', minutes: 840, at: '2026-11-20T08:00:00Z' },
  { worker: 'sw.ben', school: 'harrytown', type: 'statutory_casework', minutes: 1440, at: '2026-11-11T08:00:00Z' },
  { worker: 'sw.ben', school: 'harrytown', type: 'parent_contact', minutes: 17, at: '2026-11-12T08:00:00Z' },
  // Chloe: 60 and 60.
  { worker: 'sw.chloe', school: 'st-bernadettes', type: 'group_work', minutes: 60, at: '2026-11-18T13:00:00Z' },
  { worker: 'sw.chloe', school: 'greave', type: 'tas_meeting', minutes: 60, at: '2026-11-11T13:00:00Z' },
  // Dan: nothing this week, 120 the week before.
  { worker: 'sw.dan', school: 'woodley', type: 'staff_training', minutes: 120, at: '2026-11-13T15:00:00Z' },
  // Olu: 90 and 80 (+12.5%, under the 25% threshold). Kate: 30 and 30.
  { worker: 'sp.olu', school: 'werneth', type: 'potential_referral_discussion', minutes: 90, at: '2026-11-19T09:00:00Z' },
  { worker: 'sp.olu', school: 'arden', type: 'potential_referral_discussion', minutes: 80, at: '2026-11-12T09:00:00Z' },
  { worker: 'sp.kate', school: 'woodley', type: 'advice_or_information', minutes: 30, at: '2026-11-20T09:00:00Z' },
  { worker: 'sp.kate', school: 'westmorland', type: 'advice_or_information', minutes: 30, at: '2026-11-13T09:00:00Z' },
  // Outside both weeks: must not count.
  { worker: 'sw.amira', school: 'werneth', type: 'direct_work', minutes: 500, at: '2026-11-23T09:00:00Z' },
  { worker: 'sw.amira', school: 'werneth', type: 'direct_work', minutes: 500, at: '2026-11-08T23:59:00Z' },
];

export function entryInput(s: Seed, extra: Partial<ActivityEntryInput> = {}): ActivityEntryInput {
  return {
    occurredAt: s.at,
    schoolId: s.school,
    teamId: 'werneth-swis',
    workerId: s.worker,
    raisedBy: { personId: 'dsl.werneth', role: 'dsl' },
    query: s.query ?? 'Seeded entry',
    response: 'Advice given',
    activityType: s.type,
    outcome: 'advice_and_monitor',
    timeSpent: s.bucket ?? bucketFor(s.minutes ?? 0),
    ...(s.minutes !== undefined ? { minutes: s.minutes } : {}),
    consent: 'consented',
    source: { kind: 'test', id: `seed-${s.at}` },
    recordedBy: s.worker,
    ...extra,
  };
}

export async function seedWeek(services: Services): Promise<void> {
  for (const s of SEEDS) await services.activityLog.append(entryInput(s));
}

const SCHOOLS = ['werneth', 'harrytown', 'st-marks', 'st-christophers', 'arden', 'st-bernadettes', 'st-pauls', 'greave', 'woodley', 'westmorland'];

/** Known figures for the seeded week; other weeks get quiet numbers. Greave never has a booking. */
export function knownFigures(from: Date): Record<string, WorkerFigures> {
  const thisWeek = from.toISOString().startsWith(WEEK);
  const bySchool = Object.fromEntries(SCHOOLS.map((s) => [s, { offered: 2, booked: s === 'greave' ? 0 : 1, attended: s === 'greave' ? 0 : 1 }]));
  const quiet = { received: 1, answered: 1, firstResponseMs: [600_000], open: 0, overdue: 0, escalated: 0 };
  return {
    'sw.amira': {
      consultations: thisWeek ? { received: 5, answered: 4, firstResponseMs: [600_000, 1_200_000, 1_800_000, 7_200_000], open: 1, overdue: 3, escalated: 0 } : quiet,
      dropIns: { offered: 4, booked: 3, attended: 2 },
      dropInsBySchool: { werneth: bySchool.werneth, 'st-marks': bySchool['st-marks'], arden: bySchool.arden },
      tasActions: { open: 2, overdue: 0, completed: 1 },
    },
    'sw.ben': {
      consultations: thisWeek ? { received: 2, answered: 2, firstResponseMs: [900_000, 1_500_000], open: 0, overdue: 0, escalated: 1 } : quiet,
      dropInsBySchool: { harrytown: bySchool.harrytown, 'st-christophers': bySchool['st-christophers'] },
    },
    'sw.chloe': {
      tasActions: thisWeek ? { open: 3, overdue: 2, completed: 0 } : { open: 1, overdue: 0, completed: 0 },
      dropInsBySchool: { 'st-bernadettes': bySchool['st-bernadettes'], 'st-pauls': bySchool['st-pauls'], greave: bySchool.greave },
    },
    'sw.dan': { dropInsBySchool: { woodley: bySchool.woodley, westmorland: bySchool.westmorland } },
  };
}

export function registerKnownFigures(services: Services): void {
  services.figures.register({ name: 'test-known-week', forWorkers: async (q) => knownFigures(q.from) });
}
