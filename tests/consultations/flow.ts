/**
 * Test helpers for consultations: an app with short response targets, people who have talked
 * to the bot (so they can be reached), and the school's steps from question to sent.
 *
 * @example
 *   const t = await consultApp();
 *   const { id } = await askAdvice(t, 'dsl.werneth', { urgency: 'amber' });
 */
import type { Reply } from '../../bot/core/reply';
import type { CardAction } from '../../cards/tree';
import { makeApp, sampleConfigData, settingsFrom, TestClock, type TestApp } from '../helpers/app';

export const MINUTE = 60_000;

/** Response targets short enough to pass with the test clock: red 10m, amber 20m, green 30m. */
export function consultConfig(change: (d: Record<string, any>) => void = () => undefined): Record<string, any> {
  const data = sampleConfigData();
  data.limits.consultationSla = { red: '10m', amber: '20m', green: '30m' };
  change(data);
  return data;
}

/** Monday 23 Nov 2026, 10:00 London (in term, in school hours) unless told otherwise. */
export async function consultApp(opts: { redis?: boolean; at?: string; config?: Record<string, any> } = {}): Promise<TestApp> {
  const t = await makeApp({ redis: opts.redis, clock: new TestClock(opts.at ?? '2026-11-23T10:00:00Z'), settings: settingsFrom(opts.config ?? consultConfig()) });
  for (const p of ['dsl.werneth', 'staff.werneth.hoy9', 'sw.amira', 'sp.olu', 'sp.kate', 'tm.grace', 'dsl.harrytown', 'sw.ben', 'dsl.arden']) await t.say(p, 'hello');
  t.channel.sent.length = 0;
  return t;
}

export const GOOD_FORM = {
  yearGroup: 'Y9',
  reference: 'JS',
  categories: 'neglect',
  whatHappened: 'Came in hungry again and said there is no food at home since the weekend.',
  knownToSocialCare: 'no',
  parentsKnow: 'no',
  consent: 'not_asked',
  schoolActions: 'Breakfast club; spoke to the child with the form tutor.',
  urgency: 'amber',
};

export function actions(r: Reply | undefined): Extract<CardAction, { type: 'submit' }>[] {
  return (r?.card?.actions ?? []).filter((a): a is Extract<CardAction, { type: 'submit' }> => a.type === 'submit');
}

export function action(r: Reply | undefined, verb: string, title?: string) {
  const a = actions(r).find((x) => x.verb === verb && (!title || x.title === title));
  if (!a) throw new Error(`no ${verb}${title ? ` "${title}"` : ''} button on: ${r?.text}`);
  return a;
}

/** Everything a reply shows, card included, as one string to match against. */
export function shown(r: Reply | undefined): string {
  if (!r) return '';
  const body = (r.card?.body ?? []).map((el) => {
    if (el.type === 'text') return el.text;
    if (el.type === 'facts') return el.facts.map((f) => `${f.label}: ${f.value}`).join('\n');
    if (el.type === 'input.choice') return [el.label, ...el.choices.map((c) => c.title)].join('\n');
    if ('label' in el) return el.label;
    return '';
  });
  return [r.text, r.card?.title ?? '', ...body, ...actions(r).map((a) => a.title)].join('\n');
}

export function last(t: TestApp, personId: string): Reply | undefined {
  const all = t.channel.to(personId);
  return all[all.length - 1];
}

/** The school's steps: question → "No" → form → indicators (when asked) → sent. Returns the id and every reply. */
export async function askAdvice(
  t: TestApp,
  who = 'dsl.werneth',
  form: Partial<typeof GOOD_FORM> = {},
  indicators: Record<string, string> = { ind_neglect: 'neglect-hunger' },
): Promise<{ id: string; sent: Reply; steps: Reply[] }> {
  const steps: Reply[] = [];
  steps.push(...(await t.say(who, 'is this a MASH referral?')));
  steps.push(...(await t.press(who, 'consult.danger.no')));
  const [afterForm] = await t.press(who, 'consult.submit', {}, { ...GOOD_FORM, ...form });
  steps.push(afterForm);
  let sent = afterForm;
  const ind = actions(afterForm).find((a) => a.verb === 'consult.indicators');
  if (ind) {
    [sent] = await t.press(who, 'consult.indicators', ind.data, indicators);
    steps.push(sent);
  }
  await t.settle();
  const id = actions(sent).find((a) => a.data?.id)?.data?.id;
  if (!id) throw new Error(`not sent: ${sent?.text}`);
  return { id, sent, steps };
}

/** Moves the clock to an instant and runs whatever fell due (escalations, deliveries). */
export async function jumpTo(t: TestApp, iso: string): Promise<void> {
  t.clock.set(iso);
  await t.advance(0);
}
