/**
 * Drives consultations into running bot processes the way a DSL does on Teams (Emulator mode):
 * "is this a MASH referral?", "no immediate danger", the form, the indicators. A consultation
 * counts as acknowledged when the last request was answered 200 (Teams shows it as sent).
 * Replies land on a FakeConnector, where the next button's data is read from.
 *
 * @example
 *   const driver = new ConsultDriver(connector);
 *   const ok = await driver.consult(bot.url, 'dsl.werneth', 'AB');   // true: acknowledged
 */
import { ActivityBuilder, cardActions, type FakeConnector, type TeamsUser } from '../teams/harness';
import { sampleConfigData } from '../helpers/app';
import { GOOD_FORM } from '../consultations/flow';

/** Werneth and Harrytown are secondary schools (Y7-Y11), the others primary (R-Y6). */
const SECONDARY = new Set(['dsl.werneth', 'dsl.harrytown']);

/** The bot's answer when a turn failed (storage away): the person is asked to try again. */
const SORRY = /something went wrong|couldn't finish that/;

export const DSLS = ['dsl.werneth', 'dsl.harrytown', 'dsl.st-marks', 'dsl.st-christophers', 'dsl.arden', 'dsl.st-bernadettes', 'dsl.st-pauls', 'dsl.greave', 'dsl.woodley', 'dsl.westmorland'];

export class ConsultDriver {
  private readonly activities: ActivityBuilder;
  private readonly people = new Map<string, TeamsUser>();

  constructor(private readonly connector: FakeConnector) {
    this.activities = new ActivityBuilder(() => connector.url);
    for (const p of sampleConfigData().people) {
      if (p.teams) this.people.set(p.id, { id: `29:${p.id}`, name: p.name, aadObjectId: p.teams.aadObjectId, tenantId: p.teams.tenantId });
    }
  }

  person(id: string): TeamsUser {
    const p = this.people.get(id);
    if (!p) throw new Error(`${id} has no Teams identity in the sample`);
    return p;
  }

  /** The last card the bot sent into this person's chat. */
  private lastTo(user: TeamsUser, after: number, wants?: string) {
    const mine = this.connector.sent.slice(after).filter((s) => s.conversationId === `a:personal-${user.aadObjectId}`);
    // The card with the button the next step presses: other messages (a notice delivered from
    // the outbox after a failover, say) can arrive in the same chat in between.
    const fits = wants ? mine.filter((s) => cardActions(s).some((a) => a.verb === wants) || SORRY.test(JSON.stringify(s.body ?? ''))) : mine;
    return fits.pop();
  }

  /** Every request not answered 200, or answered "sorry, try again" (status 200): when, and the status (0 = no answer). */
  readonly refusals: { at: number; status: number }[] = [];

  /** How many times each step is tried over every URL before the consultation counts as refused. */
  rounds = 40;

  private async post(url: string, activity: unknown): Promise<number> {
    let code: number;
    try {
      const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(activity) });
      await res.text();
      code = res.status;
    } catch {
      code = 0;
    }
    if (code !== 200) this.refusals.push({ at: Date.now(), status: code });
    return code;
  }

  /**
   * One whole consultation; `urls` are tried in turn when one refuses (a stopping process), as
   * a load balancer would. Returns true when the final step was acknowledged (200).
   */
  /** Why the last consultation of each reference was not acknowledged (for a failing test's message). */
  readonly why = new Map<string, string>();

  async consult(urls: string | string[], dslId: string, reference: string): Promise<boolean> {
    const targets = Array.isArray(urls) ? urls : [urls];
    const user = this.person(dslId);
    const send = async (make: () => unknown, verb?: string, wants?: string): Promise<any> => {
      // The same activity (and id) on every try, as Teams resends it; a new one when the bot
      // answered "sorry, try again" (as the person would press again).
      let activity = make();
      for (let round = 0; round < this.rounds; round++) {
        for (const url of targets) {
          const mark = this.connector.sent.length;
          const code = await this.post(url, activity);
          if (code !== 200) continue;
          const reply = this.lastTo(user, mark, wants);
          // "Sorry, try again", or nothing shown at all (a resend the bot took for a duplicate).
          if (SORRY.test(JSON.stringify(reply?.body ?? '')) || (verb && !reply)) {
            this.refusals.push({ at: Date.now(), status: 200 });
            activity = make();
            continue;
          }
          return verb ? reply : true;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      return undefined;
    };
    const question = await send(() => this.activities.personal(user, 'is this a MASH referral?'), 'q', 'consult.danger.no');
    const fail = (step: string, got: unknown) => {
      this.why.set(reference, `${step}: ${JSON.stringify((got as { body?: { text?: string; summary?: string; attachments?: { content?: unknown }[] } })?.body?.attachments?.[0]?.content ?? got ?? 'nothing').slice(0, 600)}`);
      return false;
    };
    const no = question && cardActions(question).find((a) => a.verb === 'consult.danger.no');
    if (!no) return fail('question', question);
    const form = await send(() => this.activities.submit(user, no.verb, no.data), 'form', 'consult.submit');
    if (!form) return fail('danger', form);
    // The form's own Send button carries the card's id (a double press makes one consultation).
    const submit = cardActions(form).find((a) => a.verb === 'consult.submit');
    if (!submit) return fail('danger', form);
    const indicators = await send(() => this.activities.submit(user, 'consult.submit', submit.data, { ...GOOD_FORM, yearGroup: SECONDARY.has(dslId) ? 'Y9' : 'Y5', reference }), 'ind', 'consult.indicators');
    const sendIt = indicators && cardActions(indicators).find((a) => a.verb === 'consult.indicators');
    if (!sendIt) return fail('form', indicators);
    return (await send(() => this.activities.submit(user, sendIt.verb, sendIt.data, { ind_neglect: 'neglect-hunger' }))) === true;
  }
}
