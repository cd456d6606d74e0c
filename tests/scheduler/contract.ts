/**
 * The scheduler contract: what every timed feature relies on, run against both the embedded
 * scheduler and BullMQ on real Redis (embedded.test.ts, bullmq.test.ts). Its job kinds are
 * `probe.*`, not the features' own: a declared kind (bot/scheduling/jobs.ts) only takes data
 * that fits its declaration, and these jobs carry test data.
 *
 * @example
 *   runSchedulerContract('embedded', async ({ clock }) => ({ scheduler: new EmbeddedScheduler(...), close: ... }));
 */
import { DateTime } from 'luxon';
import {
  DEFAULT_ATTEMPTS,
  NotYet,
  PermanentFailure,
  RetryLater,
  type Job,
  type Scheduler,
} from '../../bot/scheduling/scheduler';
import { OffsetClock, sampleCalendar, sleep, waitFor } from './helpers';

export interface Made {
  scheduler: Scheduler;
  close(): Promise<void>;
}

export type MakeScheduler = (opts: { clock: OffsetClock; baseBackoffMs?: number }) => Promise<Made>;

const calendar = sampleCalendar();
const local = (d: Date) => DateTime.fromJSDate(d, { zone: 'Europe/London' }).toFormat('ccc d LLL HH:mm');
const soon = (ms: number) => new Date(Date.now() + ms);

export function runSchedulerContract(name: string, make: MakeScheduler): void {
  describe(`scheduler contract: ${name}`, () => {
    let made: Made | undefined;
    let clock: OffsetClock;

    async function build(opts: { baseBackoffMs?: number } = {}): Promise<Scheduler> {
      clock = new OffsetClock();
      made = await make({ clock, ...opts });
      return made.scheduler;
    }

    afterEach(async () => {
      await made?.close();
      made = undefined;
    });

    test('a due job runs once, with its owner, data and attempt 1', async () => {
      const s = await build();
      const ran: Job[] = [];
      s.register('probe.remind', async (job) => void ran.push(job));
      await s.start();
      const id = await s.schedule({ kind: 'probe.remind', runAt: soon(100), owner: 'booking:b-1', data: { bookingId: 'b-1' } });
      await waitFor('the reminder', () => ran.length === 1);
      await sleep(300);
      expect(ran).toHaveLength(1);
      expect(ran[0]).toMatchObject({ id, kind: 'probe.remind', owner: 'booking:b-1', data: { bookingId: 'b-1' }, attempt: 1 });
      expect(await s.pending('booking:b-1')).toEqual([]);
    });

    test('a job does not run before its time', async () => {
      const s = await build();
      const ran: string[] = [];
      s.register('nudge', async (job) => void ran.push(job.id));
      await s.start();
      await s.schedule({ id: 'later', kind: 'nudge', runAt: soon(60_000), owner: 'tas:t-1', data: {} });
      await s.schedule({ id: 'now', kind: 'nudge', runAt: soon(50), owner: 'tas:t-1', data: {} });
      await waitFor('the due job', () => ran.includes('now'));
      expect(ran).toEqual(['now']);
      expect((await s.pending('tas:t-1')).map((j) => j.id)).toEqual(['later']);
    });

    test('scheduling the same id again replaces the earlier job', async () => {
      const s = await build();
      const ran: Job[] = [];
      s.register('probe.escalate', async (job) => void ran.push(job));
      await s.start();
      await s.schedule({ id: 'esc:c-1', kind: 'probe.escalate', runAt: soon(300), owner: 'consultation:c-1', data: { level: 1 } });
      await s.schedule({ id: 'esc:c-1', kind: 'probe.escalate', runAt: soon(400), owner: 'consultation:c-1', data: { level: 2 } });
      expect((await s.pending('consultation:c-1')).map((j) => j.data)).toEqual([{ level: 2 }]);
      await waitFor('the escalation', () => ran.length === 1);
      await sleep(400);
      expect(ran.map((j) => j.data.level)).toEqual([2]);
    });

    test('cancelling an owner takes all its jobs with it, and they never fire', async () => {
      const s = await build();
      const ran: string[] = [];
      s.register('probe.remind', async (job) => void ran.push(job.id));
      await s.start();
      await s.schedule({ id: 'r1', kind: 'probe.remind', runAt: soon(300), owner: 'booking:b-1', data: { bookingId: 'b-1' } });
      await s.schedule({ id: 'r2', kind: 'probe.remind', runAt: soon(350), owner: 'booking:b-1', data: { bookingId: 'b-1' } });
      await s.schedule({ id: 'r3', kind: 'probe.remind', runAt: soon(400), owner: 'booking:b-2', data: { bookingId: 'b-2' } });
      // r4 moved from booking b-1 to b-2: cancelling b-1 must not take it.
      await s.schedule({ id: 'r4', kind: 'probe.remind', runAt: soon(300), owner: 'booking:b-1', data: { bookingId: 'b-1' } });
      await s.schedule({ id: 'r4', kind: 'probe.remind', runAt: soon(450), owner: 'booking:b-2', data: { bookingId: 'b-2' } });
      expect(await s.cancelOwner('booking:b-1')).toBe(2);
      expect(await s.cancelOwner('booking:b-1')).toBe(0);
      await waitFor('the other booking\'s reminders', () => ran.length === 2);
      await sleep(400);
      expect(ran.sort()).toEqual(['r3', 'r4']);
    });

    test('a send refused with Retry-After is tried again after that wait, not the usual backoff', async () => {
      const s = await build({ baseBackoffMs: 60_000 });
      const tries: { attempt: number; at: number }[] = [];
      s.register('probe.deliver', async (job) => {
        tries.push({ attempt: job.attempt, at: Date.now() });
        if (job.attempt === 1) throw new RetryLater('429 from the platform', 400);
      });
      await s.start();
      await s.schedule({ kind: 'probe.deliver', runAt: soon(0), owner: 'outbox:sw.amira', data: { messageId: 'm-1' } });
      await waitFor('the second try', () => tries.length === 2);
      expect(tries.map((t) => t.attempt)).toEqual([1, 2]);
      expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(380);
      expect((await s.health()).failed).toBe(0);
    });

    test('an error is retried with backoff, counting attempts from 1', async () => {
      const s = await build({ baseBackoffMs: 30 });
      const attempts: number[] = [];
      s.register('probe.deliver', async (job) => {
        attempts.push(job.attempt);
        if (job.attempt < 3) throw new Error('platform down (503)');
      });
      await s.start();
      await s.schedule({ kind: 'probe.deliver', runAt: soon(0), owner: 'outbox:sw.amira', data: { messageId: 'm-2' } });
      await waitFor('the third try', () => attempts.length === 3);
      await sleep(300);
      expect(attempts).toEqual([1, 2, 3]);
      expect((await s.health()).failed).toBe(0);
    });

    test('a permanent failure is not retried, and failures after the last try are counted in health', async () => {
      const s = await build({ baseBackoffMs: 10 });
      const seen: string[] = [];
      s.register('probe.deliver', async (job) => {
        seen.push(`${job.data.messageId}#${job.attempt}`);
        if (job.data.messageId === 'gone') throw new PermanentFailure('person sw.left is not in the directory');
        throw new Error('platform down (503)');
      });
      await s.start();
      await s.schedule({ kind: 'probe.deliver', runAt: soon(0), owner: 'outbox:sw.left', data: { messageId: 'gone' } });
      await waitFor('the permanent failure counted', async () => (await s.health()).failed === 1);
      await s.schedule({ kind: 'probe.deliver', runAt: soon(0), owner: 'outbox:sw.amira', data: { messageId: 'down' } });
      await waitFor('every try used up', async () => (await s.health()).failed === 2);
      expect(seen.filter((x) => x.startsWith('gone'))).toEqual(['gone#1']);
      expect(seen.filter((x) => x.startsWith('down'))).toEqual(Array.from({ length: DEFAULT_ATTEMPTS }, (_, i) => `down#${i + 1}`));
    });

    test('a job replaced while it runs, that then fails for good, is still counted, and its replacement runs', async () => {
      const s = await build();
      const runs: string[] = [];
      s.register('probe.deliver', async (job) => {
        runs.push(String(job.data.round));
        if (job.data.round === 1) {
          await s.schedule({ id: 'batch-1', kind: 'probe.deliver', runAt: soon(0), owner: 'outbox:sw.amira', data: { round: 2 } });
          throw new PermanentFailure('the conversation is gone');
        }
      });
      await s.start();
      await s.schedule({ id: 'batch-1', kind: 'probe.deliver', runAt: soon(0), owner: 'outbox:sw.amira', data: { round: 1 } });
      await waitFor('the replacement', () => runs.includes('2'));
      await waitFor('the failure counted', async () => (await s.health()).failed === 1);
      await sleep(200);
      expect(runs).toEqual(['1', '2']);
      expect(await s.pending('outbox:sw.amira')).toEqual([]);
    });

    test('a job that is only waiting its turn (NotYet) runs again without using up a try', async () => {
      const s = await build({ baseBackoffMs: 60_000 });
      const attempts: number[] = [];
      s.register('probe.deliver', async (job) => {
        attempts.push(job.attempt);
        if (attempts.length < 3) throw new NotYet(100);
      });
      await s.start();
      await s.schedule({ kind: 'probe.deliver', runAt: soon(0), owner: 'outbox:sw.amira', data: { messageId: 'm-3' } });
      await waitFor('the third run', () => attempts.length === 3);
      expect(attempts).toEqual([1, 1, 1]);
    });

    test('job data carries small values only (ids), never content', async () => {
      const s = await build();
      await expect(s.schedule({ kind: 'x', runAt: soon(1000), owner: 'o', data: { note: 'a'.repeat(500) } })).rejects.toThrow(/ids/);
      await expect(s.schedule({ kind: 'x', runAt: soon(1000), owner: 'o', data: { child: { name: 'x' } as any } })).rejects.toThrow(/string, number or boolean/);
    });

    test('a Monday 08:00 weekly stays 08:00 London time across the March 2027 clock change', async () => {
      const s = await build();
      const ran: Job[] = [];
      s.register('digest.send', async (job) => void ran.push(job));
      await s.start();
      clock.set('2027-03-22T09:00:00Z'); // Monday 22 March, GMT, after the digest went
      await s.weekly({ id: 'digest', kind: 'digest.send', weekday: 'mon', at: '08:00', data: { teamId: 'werneth-swis' } });
      let next = await s.pending('weekly:digest');
      expect(next.map((j) => j.runAt.toISOString())).toEqual(['2027-03-29T07:00:00.000Z']); // 08:00 BST
      // Just before that Monday's 08:00 (the clocks went forward on Sunday 28th): it fires then.
      // (The clock jumps a week here, so the series is registered afresh at the new time.)
      await s.cancelOwner('weekly:digest');
      clock.set('2027-03-29T06:59:59.600Z');
      await s.weekly({ id: 'digest', kind: 'digest.send', weekday: 'mon', at: '08:00', data: { teamId: 'werneth-swis' } });
      await waitFor('the digest', () => ran.length === 1);
      expect(local(ran[0].runAt)).toBe('Mon 29 Mar 08:00');
      expect(ran[0].data).toMatchObject({ teamId: 'werneth-swis' });
      await waitFor('the next occurrence', async () => (await s.pending('weekly:digest')).length === 1);
      next = await s.pending('weekly:digest');
      expect(next.map((j) => j.runAt.toISOString())).toEqual(['2027-04-05T07:00:00.000Z']);
      expect(local(next[0].runAt)).toBe('Mon 5 Apr 08:00');
    });

    test('a Monday 08:00 weekly stays 08:00 London time across the October 2027 clock change', async () => {
      const s = await build();
      const ran: Job[] = [];
      s.register('digest.send', async (job) => void ran.push(job));
      await s.start();
      clock.set('2027-10-25T06:59:59.600Z'); // Monday 25 October, still BST
      await s.weekly({ id: 'digest', kind: 'digest.send', weekday: 'mon', at: '08:00', data: {} });
      await waitFor('the digest', () => ran.length === 1);
      expect(ran[0].runAt.toISOString()).toBe('2027-10-25T07:00:00.000Z');
      await waitFor('the next occurrence', async () => (await s.pending('weekly:digest')).length === 1);
      const [next] = await s.pending('weekly:digest');
      // The clocks went back on Sunday 31st: 08:00 GMT is 08:00Z.
      expect(next.runAt.toISOString()).toBe('2027-11-01T08:00:00.000Z');
      expect(local(next.runAt)).toBe('Mon 1 Nov 08:00');
    });

    test('registering the same weekly again keeps one job; a changed time replaces it', async () => {
      const s = await build();
      await s.start();
      clock.set('2026-11-24T12:00:00Z');
      const spec = { id: 'digest', kind: 'digest.send', weekday: 'mon' as const, at: '08:00', data: {} };
      await s.weekly(spec);
      await s.weekly(spec);
      expect((await s.pending('weekly:digest')).map((j) => j.runAt.toISOString())).toEqual(['2026-11-30T08:00:00.000Z']);
      await s.weekly({ ...spec, weekday: 'tue', at: '07:30' });
      expect((await s.pending('weekly:digest')).map((j) => local(j.runAt))).toEqual(['Tue 1 Dec 07:30']);
    });

    test('a school-days-only weekly skips the Easter break and a bank-holiday closure', async () => {
      const s = await build();
      await s.start();
      const spec = { id: 'nudges', kind: 'tas.nudge', weekday: 'mon' as const, at: '08:00', data: {}, schoolDaysOnly: true };
      clock.set('2027-03-22T09:00:00Z');
      await s.weekly(spec);
      // 29 Mar and 5 Apr are in the Easter break (Spring term ends 26 Mar, Summer starts 12 Apr).
      expect((await s.pending('weekly:nudges')).map((j) => local(j.runAt))).toEqual(['Mon 12 Apr 08:00']);
      await s.cancelOwner('weekly:nudges');
      clock.set('2027-04-26T09:00:00Z');
      await s.weekly(spec);
      // 3 May is the Early May bank holiday closure.
      expect((await s.pending('weekly:nudges')).map((j) => local(j.runAt))).toEqual(['Mon 10 May 08:00']);
    });

    test('a job scheduled for a school-day helper instant fires at that local time', async () => {
      const { schoolDayBefore } = await import('../../bot/scheduling/school-days');
      // Drop-in on Monday 12 April 2027: the school day before is Friday 26 March (before Easter).
      expect(local(schoolDayBefore(calendar, '2027-04-12', '15:00')!)).toBe('Fri 26 Mar 15:00');
      const s = await build();
      const ran: Job[] = [];
      s.register('probe.remind', async (job) => void ran.push(job));
      await s.start();
      clock.set('2027-03-26T14:59:59.700Z');
      await s.schedule({ kind: 'probe.remind', runAt: schoolDayBefore(calendar, '2027-04-12', '15:00')!, owner: 'booking:b-9', data: { bookingId: 'b-9' } });
      await waitFor('the reminder', () => ran.length === 1);
      expect(local(ran[0].runAt)).toBe('Fri 26 Mar 15:00');
    });
  });
}
