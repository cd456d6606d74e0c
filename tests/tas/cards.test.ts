/**
 * Every TAS card, with real data in it (a series, agenda items, open and overdue actions),
 * renders for Teams (Adaptive Card 1.5) and Slack (Block Kit limits, forms as modals).
 */
import { toAdaptiveCard } from '../../cards/adaptive';
import { toBlockKit, toSlackModal } from '../../cards/blockkit';
import type { Reply } from '../../bot/core/reply';
import { makeApp } from '../helpers/app';
import { adaptiveCardProblems, blockKitProblems } from '../cards/validate';
import { advanceTo, greet, inChat, press, say, setupWerneth } from './helpers';

it('every TAS card renders on Teams and Slack', async () => {
  const t = await makeApp();
  try {
    await greet(t, 'tas.leon', 'dsl.werneth', 'sw.amira');
    const replies: Reply[] = [];
    replies.push(...(await say(t, 'tas.leon', 'tas setup werneth')));
    replies.push(...(await setupWerneth(t)));
    await say(t, 'dsl.werneth', 'tas agenda Y9 JS attendance down since half term');
    for (let i = 0; i < 7; i++) await inChat(t, 'tas.leon', `action @sw.amira follow-up number ${i + 1} with a fairly long description of what is needed (Y9 JS) by Friday`);
    await inChat(t, 'tas.leon', 'action @Sam Green send the form by Friday');
    replies.push(...(await press(t, 'tas.leon', 'tas.action.form')));
    replies.push(...(await press(t, 'sw.amira', 'tas.action.done', { id: 'A1' })));
    replies.push(...(await press(t, 'sw.amira', 'tas.action.update', { id: 'A1' })));
    replies.push(...(await press(t, 'tas.leon', 'tas.action.change', { id: 'A1' })));
    replies.push(...(await say(t, 'dsl.werneth', 'tas agenda')));
    await advanceTo(t, '2026-11-30T09:00:00Z');
    replies.push(...(await inChat(t, 'tas.leon', 'tas actions')));
    replies.push(...(await say(t, 'sw.amira', 'tas actions')));
    replies.push(...(await say(t, 'sw.amira', 'home')));
    replies.push(...t.channel.sent.map((s) => s.reply));

    const cards = replies.filter((r) => r.card);
    expect(cards.length).toBeGreaterThan(15);
    const problems = cards.flatMap((r) => [
      ...adaptiveCardProblems(toAdaptiveCard(r.card!)).map((p) => `${r.card!.title}: ${p}`),
      ...blockKitProblems(toBlockKit(r.card!).blocks, 'message').map((p) => `${r.card!.title}: ${p}`),
      ...(r.form ? blockKitProblems((toSlackModal(r.card!, { callbackId: 'x' }) as any).blocks, 'modal').map((p) => `${r.card!.title} (modal): ${p}`) : []),
    ]);
    expect(problems).toEqual([]);
  } finally {
    await t.close();
  }
});
