/**
 * Every card the bot can produce must render for Teams (Adaptive Card 1.5 without errors or
 * warnings) and Slack (within Block Kit limits). This walks the bot the way people would:
 * for one person in each role, the welcome card, `help`, `home`, each command they may use,
 * and each button on the cards that come back (two levels deep), collecting every card in
 * replies and in messages the bot sends to others.
 */
import { toAdaptiveCard } from '../../cards/adaptive';
import { toBlockKit, toSlackModal } from '../../cards/blockkit';
import { collectCensus, PEOPLE, type Census, type CensusCard } from './census';
import { adaptiveCardProblems, blockKitProblems } from './validate';

describe('card census: every card the bot produces renders on both platforms', () => {
  let census: Census;
  let cards: CensusCard[] = [];

  beforeAll(async () => {
    census = await collectCensus();
    cards = census.cards;
  }, 120_000);

  afterAll(() => census?.close());

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
