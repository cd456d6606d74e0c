/**
 * A person's "home": what is coming up for them (drop-ins), what is waiting (consultations),
 * what they owe (TAS actions). Each feature contributes a section; Slack shows it on the App
 * Home tab (views.publish), Teams and the terminal on the `home` command.
 *
 * @example
 *   services.home.register({ name: 'drop-ins', order: 20, async section(person) { return { title: 'Upcoming drop-ins', lines: [...] }; } });
 *   const card = await services.home.card(person);
 */
import { card, type Card, type CardAction } from '../../cards/tree';
import type { Person } from '../config/schema';

export interface HomeSection {
  title: string;
  /** Short lines, phone-friendly; an empty list shows "Nothing here". */
  lines: string[];
  actions?: Extract<CardAction, { type: 'submit' }>[];
}

export interface HomeProvider {
  name: string;
  /** Lower comes first. */
  order: number;
  section(person: Person): Promise<HomeSection | undefined>;
}

export class HomeRegistry {
  private readonly providers: HomeProvider[] = [];

  register(p: HomeProvider): void {
    this.providers.push(p);
    this.providers.sort((a, b) => a.order - b.order);
  }

  async sections(person: Person): Promise<HomeSection[]> {
    const all = await Promise.all(this.providers.map((p) => p.section(person)));
    return all.filter((s): s is HomeSection => !!s);
  }

  async card(person: Person): Promise<Card> {
    const c = card(`Hello, ${person.name.split(' ')[0]}`);
    const sections = await this.sections(person);
    if (!sections.length) c.text('Nothing waiting for you. Type help to see what I can do.');
    for (const s of sections) {
      c.text(s.title, 'heading');
      if (!s.lines.length) c.text('Nothing here.', 'subtle');
      for (const line of s.lines) c.text(line);
      for (const a of s.actions ?? []) c.submit(a.verb, a.title, a.data, a.style);
    }
    return c.build();
  }
}
