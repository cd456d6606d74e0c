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
import { DropInRepository } from '../../bot/features/dropins/repository';
import type { TasAction } from '../../bot/features/tas/model';
import { TasRepository } from '../../bot/features/tas/repository';
import { overdueFrom } from '../../bot/features/tas/timing';
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
  await seedDropInsAndTas(services);
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

/**
 * Drop-ins and TAS actions at Werneth in the known week, through their own repositories:
 * 4 places offered (a cancelled slot does not count), 3 booked (a cancelled booking does not),
 * 1 attended, 1 did not attend; 3 TAS actions agreed, 2 completed, 1 of them on time, 1 open and
 * overdue on Mon 23 Nov.
 */
export async function seedDropInsAndTas(services: Services): Promise<void> {
  const { calendar } = services;
  const dropIns = new DropInRepository(services.store);
  const slot = (id: string, date: string, capacity: number, status: 'open' | 'cancelled' = 'open') => ({
    id,
    seriesId: 'ser-dash',
    schoolId: 'werneth',
    workerId: 'sw.amira',
    date,
    startsAt: `${date}T10:00:00Z`,
    endsAt: `${date}T10:30:00Z`,
    capacity,
    audience: ['staff' as const],
    place: 'Pastoral office',
    status,
  });
  const slots = [slot('sl-1', '2026-11-17', 1), slot('sl-2', '2026-11-19', 3), slot('sl-3', '2026-11-20', 2, 'cancelled')];
  await dropIns.createSeries(
    { id: 'ser-dash', schoolId: 'werneth', workerId: 'sw.amira', weekdays: ['tue', 'thu'], start: '10:00', end: '10:30', slotMinutes: 30, capacity: 1, audience: ['staff'], place: 'Pastoral office', firstDate: '2026-11-17', lastDate: '2026-11-20', status: 'active', createdBy: 'sw.amira', createdAt: '2026-11-01T09:00:00Z' },
    slots,
  );
  const attendance = (outcome: 'attended' | 'did_not_attend') => ({ outcome, note: '', timeSpent: '5_30', recordedBy: 'sw.amira', recordedAt: '2026-11-19T11:00:00Z' });
  const bookings = [
    { id: 'bk-1', slot: slots[0], status: 'booked' as const, attendance: attendance('attended') },
    { id: 'bk-2', slot: slots[1], status: 'booked' as const, attendance: attendance('did_not_attend') },
    { id: 'bk-3', slot: slots[1], status: 'booked' as const },
    { id: 'bk-4', slot: slots[1], status: 'cancelled' as const },
  ];
  for (const b of bookings) {
    await dropIns.addBooking({ id: b.id, slotId: b.slot.id, seriesId: 'ser-dash', schoolId: 'werneth', workerId: 'sw.amira', personId: 'dsl.werneth', startsAt: b.slot.startsAt, endsAt: b.slot.endsAt, status: b.status, createdAt: '2026-11-16T09:00:00Z', ...(b.attendance ? { attendance: b.attendance } : {}) });
  }
  const tas = new TasRepository(services.store, (due) => overdueFrom(calendar, due).getTime());
  const action = (id: string, due: string) => ({
    id,
    schoolId: 'werneth',
    chairId: 'tas.leon',
    owner: { personId: 'sw.amira', name: 'Amira Hassan' },
    what: 'Follow up',
    due,
    status: 'open' as const,
    createdAt: '2026-11-17T15:00:00Z',
    createdBy: 'tas.leon',
    activityEntries: [],
    history: [],
  });
  await tas.createAction(action('A901', '2026-11-20'));
  await tas.createAction(action('A902', '2026-11-18'));
  await tas.createAction(action('A903', '2026-11-20'));
  const done = (at: string) => (a: TasAction) => ({ ...a, status: 'done' as const, completedAt: at });
  await tas.updateAction('A901', done('2026-11-19T12:00:00Z'));
  await tas.updateAction('A902', done('2026-11-20T12:00:00Z'));
}
