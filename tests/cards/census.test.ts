/**
 * Every card the bot can produce must render for Teams (Adaptive Card 1.5 without errors or
 * warnings) and Slack (within Block Kit limits). This walks the bot the way people would:
 * for one person in each role, the welcome card, `help`, `home`, each command they may use,
 * and each button on the cards that come back (two levels deep), collecting every card in
 * replies and in messages the bot sends to others.
 */
import { toAdaptiveCard } from '../../cards/adaptive';
import { toBlockKit, toSlackModal } from '../../cards/blockkit';
import type { Card } from '../../cards/tree';
import type { Reply } from '../../bot/core/reply';
import { consoleEvent, makeApp, type TestApp } from '../helpers/app';
import { adaptiveCardProblems, blockKitProblems } from './validate';

const PEOPLE = ['dsl.werneth', 'staff.werneth.hoy9', 'sw.amira', 'sp.olu', 'tm.grace', 'tas.leon', 'bs.mo'];

describe('card census: every card the bot produces renders on both platforms', () => {
  let t: TestApp;
  const cards: { where: string; card: Card; form: boolean }[] = [];

  beforeAll(async () => {
    t = await makeApp();
    const collect = (where: string, replies: Reply[]) => {
      for (const r of replies) if (r.card) cards.push({ where, card: r.card, form: !!r.form });
      return replies;
    };
    for (const personId of PEOPLE) {
      const person = t.app.services.directory.person(personId)!;
      const first = [
        ...collect(`${personId} installed`, await t.app.bot.handle({ ...consoleEvent(personId, { type: 'message', text: '' }), type: 'installed' })),
      ];
      for (const cmd of t.app.router.commandsFor(person.roles)) {
        first.push(...collect(`${personId} ${cmd.name}`, await t.say(personId, cmd.name)));
      }
      // Press each button once, and each button on what comes back.
      let frontier = first;
      for (let depth = 0; depth < 2; depth++) {
        const next: Reply[] = [];
        for (const r of frontier) {
          for (const a of r.card?.actions ?? []) {
            if (a.type !== 'submit') continue;
            next.push(...collect(`${personId} ${a.verb}`, await t.press(personId, a.verb, a.data ?? {}, {})));
          }
        }
        frontier = next.slice(0, 40);
      }
    }
    await t.settle();
    for (const s of t.channel.sent) if (s.reply.card) cards.push({ where: `sent to ${s.ref.id}`, card: s.reply.card, form: !!s.reply.form });
  }, 120_000);

  afterAll(() => t.close());

  it('found cards to check', () => {
    expect(cards.length).toBeGreaterThan(PEOPLE.length * 2);
  });

  it('every card parses as Adaptive Card 1.5 without errors or warnings', () => {
    const problems = cards.flatMap((c) => adaptiveCardProblems(toAdaptiveCard(c.card)).map((p) => `${c.where}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('every card fits Slack Block Kit limits, as a message and (for forms) as a modal', () => {
    const problems = cards.flatMap((c) => [
      ...blockKitProblems(toBlockKit(c.card).blocks, 'message').map((p) => `${c.where}: ${p}`),
      ...(c.form ? blockKitProblems((toSlackModal(c.card, { callbackId: 'x' }) as any).blocks, 'modal').map((p) => `${c.where} (modal): ${p}`) : []),
    ]);
    expect(problems).toEqual([]);
  });
});
