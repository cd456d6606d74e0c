/**
 * The one adapter contract: the same journeys, as a person would make them, through every
 * platform adapter (Teams, Slack, the terminal). Each platform has a small driver
 * (tests/adapters/drivers/*) that starts the real server with the real adapter and plays the
 * platform on loopback; the journeys only say, press and look at what the person saw.
 *
 * Every request a driver makes must be answered as the platform expects (200, never a bare
 * 500): a driver fails otherwise. Nothing waits on the clock's speed: journeys wait for what the
 * person should see (`sees`, `until`). What a platform cannot do at all is declared beside its
 * driver (`PlatformCan`), and that journey is then listed as skipped, never silently passed.
 *
 * @example
 *   adapterContract('slack', startSlackDriver, { resends: true, refuses: true });   // slack.test.ts
 */
import type { App } from '../../bot/app';
import type { Pressable } from '../cards/pressable';
import { GOOD_FORM } from '../consultations/flow';
import { until } from '../helpers/until';

/** One message (or form answer) a person saw, as the platform showed it. */
export interface Seen {
  /** Its words: the message text or the card's notification text. */
  text: string;
  /** Everything shown, card included (raw platform payload), to match against. */
  shown: string;
  /** What can be pressed on it. */
  buttons: Pressable[];
  /** Field errors shown beside the fields of a form kept open (a Slack modal, a terminal form). */
  fieldErrors?: Record<string, string>;
}

export interface AdapterDriver {
  readonly platform: 'teams' | 'slack' | 'console';
  readonly app: App;
  /** The person types this to the bot in their 1:1 conversation. */
  say(personId: string, text: string): Promise<void>;
  /** The person presses a button (verb and its data), with a form's inputs when it has some. */
  press(personId: string, verb: string, data?: Record<string, string>, inputs?: Record<string, string>): Promise<void>;
  /** Someone the platform knows but the directory does not writes to the bot: what they saw. */
  stranger(text: string): Promise<Seen[]>;
  /** What this person has seen so far, in order. */
  seen(personId: string): Seen[];
  /** The platform delivers the last event sent again, unchanged (only where it `resends`). */
  again(): Promise<void>;
  /** The platform refuses the next reply the bot sends (only where it `refuses`). */
  refuseNextReply(): void;
  /** How many sends the platform has refused so far. */
  refused(): number;
  /** Until the adapter and the scheduler have nothing left to do. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Waits until the person has seen something matching `pattern`; returns that message. */
export async function sees(d: AdapterDriver, personId: string, pattern: RegExp): Promise<Seen> {
  const find = () => d.seen(personId).find((s) => pattern.test(everything([s])));
  try {
    await until(() => !!find(), `${personId} to see ${pattern}`);
  } catch (err) {
    throw new Error(`${(err as Error).message}; saw: ${d.seen(personId).map((s) => s.text).join(' | ')}`, { cause: err });
  }
  return find()!;
}

/** Everything a person saw, as one string (field errors included). */
export function everything(seen: Seen[]): string {
  return seen.map((s) => [s.text, s.shown, ...Object.values(s.fieldErrors ?? {})].join('\n')).join('\n');
}

function button(s: Seen, verb: string, title?: string): Pressable {
  const b = s.buttons.find((x) => x.verb === verb && (!title || x.title === title));
  if (!b) throw new Error(`no ${verb}${title ? ` "${title}"` : ''} button on: ${s.text} (has ${s.buttons.map((x) => `${x.verb} "${x.title}"`).join(', ')})`);
  return b;
}

/** Amira says hello (so she can be reached), then Priya asks and sends a consultation. */
async function raiseConsultation(d: AdapterDriver): Promise<void> {
  await d.say('sw.amira', 'hello');
  await until(() => d.seen('sw.amira').length > 0, 'Amira to be greeted');
  await d.say('dsl.werneth', 'is this a MASH referral?');
  const question = await sees(d, 'dsl.werneth', /immediate danger/);
  const no = button(question, 'consult.danger.no');
  await d.press('dsl.werneth', no.verb, no.data);
  await sees(d, 'dsl.werneth', /reference/);
  const before = d.seen('dsl.werneth').length;
  await d.press('dsl.werneth', 'consult.submit', {}, GOOD_FORM);
  await until(() => d.seen('dsl.werneth').length > before, 'the form to be answered');
  const answered = d.seen('dsl.werneth').slice(before);
  const withIndicators = answered.find((s) => s.buttons.some((b) => b.verb === 'consult.indicators'));
  if (withIndicators) {
    const send = button(withIndicators, 'consult.indicators');
    await d.press('dsl.werneth', send.verb, send.data, { ind_neglect: 'neglect-hunger' });
  }
  await sees(d, 'sw.amira', /New consultation: #1 · Werneth School · Y9 JS/);
}

/** Count of messages matching `pattern` the person saw. */
function count(d: AdapterDriver, personId: string, pattern: RegExp): number {
  return d.seen(personId).filter((s) => pattern.test(s.shown)).length;
}

/** What a platform can be asked to do at all; a journey it cannot make is listed as skipped. */
export interface PlatformCan {
  /** The platform sends the same event again (Teams, Slack); a terminal line is always a new input. */
  resends: boolean;
  /**
   * The platform can be made to refuse a reply to a turn (rate limit, outage). A terminal cannot
   * on cue; one closed mid-turn is tests/console/terminal-gone.test.ts.
   */
  refuses: boolean;
}

export function adapterContract(name: string, make: () => Promise<AdapterDriver>, can: PlatformCan): void {
  describe(`adapter contract: ${name}`, () => {
    /** A journey: slow machines are waited for (until), so only a wedged one fails, after a minute. */
    const journey = (run: boolean) => (title: string, fn: () => Promise<void>) => (run ? it : it.skip)(title, fn, 60_000);
    let d: AdapterDriver;
    beforeEach(async () => {
      d = await make();
    });
    afterEach(async () => {
      await d.close();
    });

    journey(true)('answers someone not in the directory politely and stores nothing about them', async () => {
      const seen = await d.stranger('is this a MASH referral?');
      // Teams and Slack answer in words with the safety net; a terminal refuses to act as them at all.
      if (d.platform === 'console') expect(everything(seen)).toMatch(/is not in the directory/);
      else {
        expect(everything(seen)).toMatch(/don't have you in my directory/);
        expect(everything(seen)).toContain('999');
      }
      await d.idle();
      for (const collection of ['conversation', 'conversation-person']) {
        const ids: string[] = [];
        for await (const batch of d.app.services.store.scanIds(collection)) ids.push(...batch);
        expect(ids).toEqual([]);
      }
    });

    journey(true)("answers help with the card for the person's role", async () => {
      await d.say('dsl.werneth', 'help');
      const priya = await sees(d, 'dsl.werneth', /What I can do for you, Priya/);
      expect(priya.text).toMatch(/Designated Safeguarding Lead/);
      await d.say('sw.amira', 'help');
      const amira = await sees(d, 'sw.amira', /What I can do for you, Amira/);
      expect(amira.text).toMatch(/link social worker/);
    });

    journey(true)('takes a DSL from "is this a MASH referral?" to a consultation, and the worker is told', async () => {
      await raiseConsultation(d);
      const toAmira = await sees(d, 'sw.amira', /New consultation: #1/);
      expect(toAmira.buttons.some((b) => b.title === 'Early help')).toBe(true);
      expect(everything(d.seen('sw.amira'))).not.toMatch(/Jayden|Smith/);
      await sees(d, 'dsl.werneth', /Indicative level 3/);
    });

    journey(true)('answers a button press, and a second press of the same button acts once', async () => {
      await raiseConsultation(d);
      const card = await sees(d, 'sw.amira', /New consultation: #1/);
      const early = card.buttons.find((b) => b.title === 'Early help')!;
      const advice = { advice: 'Start an early help assessment.', timeSpent: '5_30' };
      await d.press('sw.amira', early.verb, early.data, advice);
      await sees(d, 'dsl.werneth', /Amira: Early help\. Start an early help assessment\./);
      await d.press('sw.amira', early.verb, early.data, advice);
      await sees(d, 'sw.amira', /already answered/i);
      await d.idle();
      expect(count(d, 'dsl.werneth', /Amira: Early help/)).toBe(1);
    });

    journey(true)('closes an answered consultation from the school: the worker is told, and it is recorded once', async () => {
      await raiseConsultation(d);
      const card = await sees(d, 'sw.amira', /New consultation: #1/);
      const early = card.buttons.find((b) => b.title === 'Early help')!;
      await d.press('sw.amira', early.verb, early.data, { advice: 'Start an early help assessment.', timeSpent: '5_30' });
      const answer = await sees(d, 'dsl.werneth', /Amira: Early help\. Start an early help assessment\./);
      const close = button(answer, 'consult.close');
      await d.press('dsl.werneth', close.verb, close.data);
      await sees(d, 'sw.amira', /Priya Shah closed consultation #1: Early help/);
      await d.idle();
      const all = { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') };
      const entries = await d.app.services.activityLog.query({ schoolId: 'werneth', ...all }, { personId: 'test', purpose: 'test' });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ workerId: 'sw.amira', outcome: 'early_help', timeSpent: '5_30', child: { yearGroup: 'Y9', reference: 'JS' } });
    });

    journey(true)('refuses a form with a bad value field by field, without repeating the value', async () => {
      await d.say('dsl.werneth', 'is this a MASH referral?');
      const question = await sees(d, 'dsl.werneth', /immediate danger/);
      const no = button(question, 'consult.danger.no');
      await d.press('dsl.werneth', no.verb, no.data);
      await sees(d, 'dsl.werneth', /reference/);
      await d.press('dsl.werneth', 'consult.submit', {}, { ...GOOD_FORM, reference: 'Jayden Smith' });
      await sees(d, 'dsl.werneth', /looks like a name/);
      // Where the form stays open (a Slack modal, a terminal form) the error sits beside its field.
      for (const s of d.seen('dsl.werneth').filter((x) => x.fieldErrors && Object.keys(x.fieldErrors).length)) {
        expect(s.fieldErrors!.reference).toMatch(/looks like a name/);
      }
      await d.idle();
      expect(everything(d.seen('dsl.werneth'))).not.toContain('Jayden');
    });

    journey(true)('tells the person in words when a handler fails, never silence', async () => {
      d.app.router.command({ name: 'contract boom', summary: 'a handler that fails' }, async () => {
        throw new Error('the handler broke');
      });
      await d.say('dsl.werneth', 'contract boom');
      const told = await sees(d, 'dsl.werneth', /something went wrong/);
      expect(told.text).toMatch(/reference [\w-]+/);
      expect(told.text).toContain('999');
      expect(everything(d.seen('dsl.werneth'))).not.toContain('the handler broke');
    });

    journey(can.resends)('handles the same event delivered twice once', async () => {
      await d.say('dsl.werneth', 'help');
      await sees(d, 'dsl.werneth', /What I can do for you, Priya/);
      await d.again();
      await d.idle();
      expect(count(d, 'dsl.werneth', /What I can do for you/)).toBe(1);
    });

    journey(can.refuses)('hands a reply the platform refuses to the outbox, and it arrives later, once', async () => {
      d.refuseNextReply();
      await d.say('dsl.werneth', 'help');
      await sees(d, 'dsl.werneth', /What I can do for you, Priya/);
      await d.idle();
      expect(d.refused()).toBe(1);
      expect(count(d, 'dsl.werneth', /What I can do for you/)).toBe(1);
    });
  });
}
