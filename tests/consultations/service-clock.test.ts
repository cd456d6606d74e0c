/**
 * The service's own clock (issue 17, point 3): response targets count the MASH and SWIS team's
 * hours, not the school day; school holidays do not stop the service; only outside its hours
 * is the emergency duty team the number. Escalation follows the same clock.
 * Response targets in these tests: red 10m, amber 20m, green 30m; service hours 08:30-17:00.
 */
import type { TestApp } from '../helpers/app';
import { askAdvice, consultApp, jumpTo, MINUTE, shown } from './flow';

const EDT = /emergency duty team/;

async function dueOf(t: TestApp, id: string): Promise<string | undefined> {
  return (await t.app.services.store.get<{ dueAt?: string }>('consultation', id))?.dueAt;
}

describe('consultations: the service clock', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('term time, Monday 10:00: due in 10 minutes, no EDT number, escalated at 10:10', async () => {
    t = await consultApp({ at: '2026-11-23T10:00:00Z' });
    const { id, sent } = await askAdvice(t, 'dsl.werneth', { urgency: 'red' });
    expect(await dueOf(t, id)).toBe('2026-11-23T10:10:00.000Z');
    expect(shown(sent)).not.toMatch(EDT);
    await t.advance(11 * MINUTE);
    expect(t.channel.to('sp.olu')).toHaveLength(1);
  });

  it('half term, Tuesday 10:00: the MASH is open, so it is answered like term time and no EDT number is given', async () => {
    t = await consultApp({ at: '2026-10-27T10:00:00Z' });
    const { id, sent } = await askAdvice(t, 'dsl.werneth', { urgency: 'red' });
    expect(await dueOf(t, id)).toBe('2026-10-27T10:10:00.000Z');
    expect(shown(sent)).not.toMatch(EDT);
    expect(shown(sent)).toMatch(/Red: a reply is expected within 10m of working time, by Tue 27 Oct, 10:10/);
    await t.advance(11 * MINUTE);
    expect(t.channel.to('sp.olu')).toHaveLength(1); // escalation runs in holidays too
  });

  it('a bank holiday (Christmas Day, then the Boxing Day substitute): out of hours, the EDT number, due when the service reopens', async () => {
    t = await consultApp({ at: '2026-12-25T10:00:00Z' });
    const { id, sent } = await askAdvice(t, 'dsl.werneth', { urgency: 'red' });
    expect(shown(sent)).toMatch(/It's out of hours: the MASH and SWIS team are closed, so Amira may not see this until Tue 29 Dec, 08:30[\s\S]*emergency duty team on 0161 496 0999/);
    expect(await dueOf(t, id)).toBe('2026-12-29T08:40:00.000Z');
    await jumpTo(t, '2026-12-28T12:00:00Z');
    expect(t.channel.to('sp.olu')).toHaveLength(0);
    await jumpTo(t, '2026-12-29T08:41:00Z');
    expect(t.channel.to('sp.olu')).toHaveLength(1);
  });

  it('Friday 16:55: five minutes count on Friday and the rest on Monday; still in hours, so no EDT number', async () => {
    t = await consultApp({ at: '2026-11-27T16:55:00Z' });
    const { id, sent } = await askAdvice(t, 'dsl.werneth', { urgency: 'red' });
    expect(shown(sent)).not.toMatch(EDT);
    expect(await dueOf(t, id)).toBe('2026-11-30T08:35:00.000Z');
    await jumpTo(t, '2026-11-28T12:00:00Z');
    expect(t.channel.to('sp.olu')).toHaveLength(0);
    await jumpTo(t, '2026-11-30T08:36:00Z');
    expect(t.channel.to('sp.olu')).toHaveLength(1);
  });

  it('Saturday: out of hours, the EDT number, due Monday morning', async () => {
    t = await consultApp({ at: '2026-11-28T11:00:00Z' });
    const { id, sent } = await askAdvice(t, 'dsl.werneth', { urgency: 'amber' });
    expect(shown(sent)).toMatch(/emergency duty team on 0161 496 0999/);
    expect(await dueOf(t, id)).toBe('2026-11-30T08:50:00.000Z');
  });

  it('whole days are whole service days (08:30-17:00), and the hours are configuration', async () => {
    const { consultConfig } = await import('./flow');
    t = await consultApp({
      at: '2026-11-23T16:00:00Z',
      config: consultConfig((d) => {
        d.limits.consultationSla.green = '1d';
        d.authority.serviceHours = { start: '09:00', end: '17:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] };
      }),
    });
    const { id } = await askAdvice(t, 'dsl.werneth', { urgency: 'green' });
    expect(await dueOf(t, id)).toBe('2026-11-24T16:00:00.000Z');
  });
});
