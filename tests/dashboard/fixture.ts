/**
 * A known authority for the dashboard tests: the sample's Werneth SWIS team plus a second
 * team (Reddish, manager Ravi, worker Zara, school Reddish Vale) so a manager can be shown
 * not to see another team; DSL dashboards turned on (or off). Seeds the digest's known week
 * of activity-log entries, entries for the other team, and consultations written through the
 * consultations repository with hand-worked figures.
 *
 * @example
 *   const t = await makeApp({ settings: dashboardSettings(true) });
 *   await seedDashboard(t.app.services);
 *   // Werneth, 16-22 Nov: 3 consultations received, 2 answered, 1 within target, 1 escalated,
 *   // 1 open and overdue; first response median 1h 05m, 90th percentile 1h 49m.
 */
import type { Services } from '../../bot/core/services';
import type { Consultation } from '../../bot/features/consultations/model';
import { ConsultationRepository } from '../../bot/features/consultations/repository';
import { sampleConfigData, settingsFrom } from '../helpers/app';
import type { Settings } from '../../bot/config/load';
import { entryInput, seedWeek } from '../digest/seed';

export const RANGE = { from: '2026-11-16', to: '2026-11-22' };

export function dashboardSettings(dslAccess: boolean): Settings {
  const data = sampleConfigData();
  data.dashboard = { dslAccess, linkTtl: '10m', sessionTtl: '9h' };
  data.teams.push({ id: 'reddish-swis', name: 'Reddish SWIS team', manager: 'tm.ravi', members: ['sw.zara'], cover: ['sw.zara'] });
  data.schools.push({ id: 'reddish-vale', name: 'Reddish Vale High School', phase: 'secondary', linkWorkers: ['sw.zara'], dsls: ['dsl.reddish'] });
  data.people.push(
    { id: 'tm.ravi', name: 'Ravi Patel', roles: ['team_manager'] },
    { id: 'sw.zara', name: 'Zara Quinn', roles: ['social_worker'] },
    { id: 'dsl.reddish', name: 'Rowan Hale', roles: ['dsl'] },
  );
  return settingsFrom(data);
}

function consultation(id: string, over: Partial<Consultation>): Consultation {
  return {
    id,
    number: Number(id.slice(1)),
    schoolId: 'werneth',
    raisedBy: 'dsl.werneth',
    raisedRole: 'dsl',
    status: 'closed',
    immediateDanger: false,
    categories: [],
    indicators: [],
    urgency: 'amber',
    linkWorkerId: 'sw.amira',
    holderId: 'sw.amira',
    escalations: [],
    createdAt: '2026-11-16T00:00:00Z',
    messages: [],
    participants: [],
    consultedBefore: [],
    ...over,
  };
}

const CONSULTATIONS: Consultation[] = [
  // Answered in 10 minutes, within its 2-hour target.
  consultation('c9001', { submittedAt: '2026-11-17T10:00:00Z', dueAt: '2026-11-17T12:00:00Z', firstResponseAt: '2026-11-17T10:10:00Z', firstResponseBy: 'sw.amira' }),
  // Red, escalated to Olu after 30 minutes, answered after 2 hours: late.
  consultation('c9002', {
    urgency: 'red',
    submittedAt: '2026-11-18T09:00:00Z',
    dueAt: '2026-11-18T09:30:00Z',
    escalations: [{ at: '2026-11-18T09:30:00Z', from: 'sw.amira', to: 'sp.olu' }],
    holderId: 'sp.olu',
    firstResponseAt: '2026-11-18T11:00:00Z',
    firstResponseBy: 'sp.olu',
  }),
  // Still open and never answered: overdue.
  consultation('c9003', { status: 'open', submittedAt: '2026-11-19T14:00:00Z', dueAt: '2026-11-19T16:00:00Z', participants: ['dsl.werneth', 'sw.amira'] }),
  // The other team's school: never on Werneth's dashboard.
  consultation('c9004', { schoolId: 'reddish-vale', linkWorkerId: 'sw.zara', holderId: 'sw.zara', submittedAt: '2026-11-18T10:00:00Z', dueAt: '2026-11-18T12:00:00Z', firstResponseAt: '2026-11-18T10:05:00Z', firstResponseBy: 'sw.zara' }),
];

export async function seedDashboard(services: Services): Promise<void> {
  await seedWeek(services);
  const log = services.activityLog;
  // A correction and an undo: the dashboard and the export must agree on both.
  const first = await log.append(entryInput({ worker: 'sw.chloe', school: 'greave', type: 'parent_contact', minutes: 25, at: '2026-11-17T10:30:00Z' }));
  await log.amend(first.id, { minutes: 35 }, 'Took longer', 'sw.chloe');
  const undone = await log.append(entryInput({ worker: 'sw.dan', school: 'woodley', type: 'direct_work', minutes: 40, at: '2026-11-18T10:30:00Z' }));
  await log.amend(undone.id, { minutes: 0 }, 'Withdrawn by the worker (undo)', 'sw.dan');
  // The other team: Zara at Reddish Vale.
  for (const [i, minutes] of [50, 70].entries()) {
    await log.append(entryInput({ worker: 'sw.zara', school: 'reddish-vale', type: 'direct_work', minutes, at: `2026-11-1${7 + i}T09:00:00Z` }, { teamId: 'reddish-swis', raisedBy: { personId: 'dsl.reddish', role: 'dsl' } }));
  }
  const repo = new ConsultationRepository(services.store);
  for (const c of CONSULTATIONS) {
    await repo.create(c);
    await repo.indexForWorker(c.linkWorkerId, c.id, Date.parse(c.submittedAt!));
    for (const e of c.escalations) await repo.indexForWorker(e.to, c.id, Date.parse(e.at));
    for (const p of c.participants) await repo.addOpen(p, c);
  }
}

/**
 * Earlier weeks of the autumn term (7 Sep to 6 Nov, half term left empty) for the screenshots:
 * a few entries a week per worker at their schools, with varied types and outcomes. All before
 * 9 Nov, so the known weeks' figures are unchanged.
 */
export async function seedTerm(services: Services): Promise<void> {
  const { directory, calendar } = services;
  const types = ['potential_referral_discussion', 'advice_or_information', 'direct_work', 'parent_contact', 'drop_in', 'tas_meeting', 'group_work'] as const;
  const outcomes = ['advice_and_monitor', 'early_help', 'signposted', 'mash_referral_advised', 'no_further_action'] as const;
  let n = 0;
  for (let week = '2026-09-07'; week < '2026-11-09'; week = calendar.addDays(week, 7)) {
    if (!calendar.isSchoolDay(week) && !calendar.isSchoolDay(calendar.addDays(week, 1))) continue;
    for (const worker of directory.team('werneth-swis')!.members) {
      const schools = directory.linkedSchools(worker).map((s) => s.id);
      const count = 2 + ((n + week.charCodeAt(9)) % 4);
      for (let i = 0; i < count; i++, n++) {
        const school = schools.length ? schools[n % schools.length] : 'werneth';
        const minutes = 10 + ((n * 37) % 110);
        await services.activityLog.append(
          entryInput(
            { worker, school, type: types[n % types.length], minutes, at: `${calendar.addDays(week, i % 5)}T${String(9 + (i % 7)).padStart(2, '0')}:00:00Z` },
            { outcome: outcomes[n % outcomes.length] },
          ),
        );
      }
    }
  }
}
