/**
 * The card census: every card the bot produces, collected by walking the bot the way people
 * would. For one person in each role: the welcome card, each command they may use, and each
 * button on the cards that come back (two levels deep); then every card the bot sent to others
 * on the way (notifications, reminders, digests). Used by the census test (parses on both
 * platforms) and the browser test (reads well at phone and desktop width).
 *
 * @example
 *   const census = await collectCensus();
 *   for (const c of census.cards) check(c.where, c.card);
 *   await census.close();
 */
import type { Card } from '../../cards/tree';
import type { Reply } from '../../bot/core/reply';
import { consoleEvent, makeApp } from '../helpers/app';
import { registerKnownFigures, seedWeek } from '../digest/seed';

export const PEOPLE = ['dsl.werneth', 'staff.werneth.hoy9', 'sw.amira', 'sp.olu', 'tm.grace', 'tas.leon', 'bs.mo'];

export interface CensusCard {
  /** Who saw it and after what ("sw.amira consult.answer"). */
  where: string;
  card: Card;
  form: boolean;
  /** The card replaced the one pressed (its final state). */
  replace: boolean;
}

export interface Census {
  cards: CensusCard[];
  /** What the bot's own server answers for a URL it put in a card (the digest chart). */
  serve(url: string): Promise<{ status: number; contentType: string; body: Buffer } | undefined>;
  close(): Promise<void>;
}

export async function collectCensus(): Promise<Census> {
  const t = await makeApp();
  // A known week of work, so the digest shows what a team manager would see.
  await seedWeek(t.app.services);
  registerKnownFigures(t.app.services);
  const cards: CensusCard[] = [];
  const collect = (where: string, replies: Reply[]) => {
    for (const r of replies) if (r.card) cards.push({ where, card: r.card, form: !!r.form, replace: !!r.replace });
    return replies;
  };
  for (const personId of PEOPLE) {
    const person = t.app.services.directory.person(personId)!;
    const first = [...collect(`${personId} installed`, await t.app.bot.handle({ ...consoleEvent(personId, { type: 'message', text: '' }), type: 'installed' }))];
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
  for (const s of t.channel.sent) if (s.reply.card) cards.push({ where: `sent to ${s.ref.id}`, card: s.reply.card, form: !!s.reply.form, replace: false });
  const serve = async (url: string) => {
    const path = new URL(url).pathname;
    for (const r of t.app.services.routes.routes) {
      const pattern = new RegExp(`^${r.path.replace(/:(\w+)/g, '(?<$1>[^/]+)')}$`);
      const m = pattern.exec(path);
      if (!m) continue;
      const res = await r.handler({ params: { ...m.groups }, query: {} });
      return { status: res.status, contentType: res.contentType, body: Buffer.isBuffer(res.body) ? res.body : Buffer.from(res.body) };
    }
    return undefined;
  };
  return { cards, serve, close: () => t.close() };
}
