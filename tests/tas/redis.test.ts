/** The TAS path on the real Redis store: series, agenda, actions, reminders, close, overdue, figures. */
import type { TasAction } from '../../bot/features/tas/model';
import { makeApp, type TestApp } from '../helpers/app';
import { advanceTo, greet, inChat, say, setupWerneth, texts } from './helpers';

describe('TAS on Redis', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp({ redis: true });
    await greet(t, 'tas.leon', 'dsl.werneth', 'sw.amira', 'sw.ben');
  });
  afterAll(() => t.close());

  it('runs a meeting cycle: setup, agenda, two actions, one done, one overdue and the chair hears of it', async () => {
    expect(t.store.kind).toBe('redis');
    await setupWerneth(t);
    await say(t, 'dsl.werneth', 'tas agenda Y9 JS attendance down');
    const [a] = await inChat(t, 'tas.leon', 'action @sw.amira call mum by Friday');
    const [b] = await inChat(t, 'tas.leon', 'action @sw.ben share the plan by Friday');
    expect([a.text, b.text]).toEqual([expect.stringContaining('A1 for Amira Hassan'), expect.stringContaining('A2 for Ben Carter')]);

    await advanceTo(t, '2026-11-26T16:00:00Z');
    expect(t.channel.to('sw.ben').filter((r) => r.text.startsWith('Due Fri 27 Nov'))).toHaveLength(1);
    await say(t, 'sw.amira', 'tas done A1 spoke to mum');

    await advanceTo(t, '2026-11-30T09:00:00Z');
    expect(texts(t.channel.to('tas.leon'))).toContain('A1 done by Amira Hassan');
    expect(texts(t.channel.to('tas.leon'))).toContain('A2 for Ben Carter at Werneth School is overdue');
    expect(t.channel.to('sw.amira').filter((r) => r.text.startsWith('Overdue'))).toEqual([]);
    const reminder = t.channel.to('dsl.werneth').find((r) => r.text.startsWith('Reminder: TAS'))!;
    expect(reminder.text).toContain('Y9 JS: attendance down');
    expect(reminder.text).toContain('A2 · Ben Carter · share the plan · due Fri 27 Nov 2026 (OVERDUE)');

    const done = (await t.store.get<TasAction>('tas-action', 'A1'))!;
    expect(done.completedAt).toBe('2026-11-26T16:00:00.000Z');
    const f = await t.app.services.figures.forWorkers({ workerIds: ['sw.amira', 'sw.ben'], from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-11-30T00:00:00Z') });
    expect(f['sw.amira'].tasActions).toEqual({ open: 0, overdue: 0, completed: 1 });
    expect(f['sw.ben'].tasActions).toEqual({ open: 1, overdue: 1, completed: 0 });
  });
});
