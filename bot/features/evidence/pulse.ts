/**
 * The termly DSL confidence pulse: a short configurable question (e.g. "How confident are you
 * deciding whether a concern meets the threshold for a MASH referral?") sent to every DSL a
 * set number of days into each term, answered 1–5 with one press. Answers are kept per term
 * and school, so the figures can show change over terms.
 *
 * @example
 *   registerPulse(router, services);           // schedules one job per coming term
 *   // DSL: card with [1] [2] [3] [4] [5]  -> "Thank you: 4 recorded for Autumn 2026."
 *   await pulseAnswers(services.store, '2026-09-02'); // [{ personId, schoolIds, score, ... }]
 */
import { z } from 'zod';
import { card } from '../../../cards/tree';
import type { Router } from '../../core/router';
import type { Services } from '../../core/services';
import type { Store } from '../../../storage/store';
import { PermanentFailure } from '../../scheduling/scheduler';
import { EVIDENCE } from './verbs';
import { defineJob } from '../../scheduling/jobs';
import { PULSE_ANSWER_DOC } from './documents';

export const PULSE_JOB = defineJob('evidence.pulse', z.object({ term: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }));

export interface PulseAnswer {
  /** The term's first day: the term's key. */
  term: string;
  personId: string;
  /** The schools the DSL answered for. */
  schoolIds: string[];
  score: number;
  at: string;
}

/** Stored by `<term>:<person>` (PULSE_ANSWER_DOC), about the DSL (retention `records.retention.pulseAnswer`, from `at`). */
const termIndex = (term: string) => `pulse:term:${term}`;
const SCORES = ['1', '2', '3', '4', '5'];

export async function pulseAnswers(store: Store, term: string): Promise<PulseAnswer[]> {
  const ids = await store.indexRange(termIndex(term), 0, Number.MAX_SAFE_INTEGER);
  return (await PULSE_ANSWER_DOC.getMany(store, ids)).filter((a): a is PulseAnswer => !!a);
}

export const pulseAnswerId = (term: string, personId: string) => `${term}:${personId}`;

export async function savePulseAnswer(store: Store, a: PulseAnswer): Promise<void> {
  const id = pulseAnswerId(a.term, a.personId);
  await PULSE_ANSWER_DOC.put(store, id, a);
  await store.indexAdd(termIndex(a.term), id, Date.parse(a.at));
}

/** Retention and erasure: the answer and its place in its term's index. */
export async function removePulseAnswer(store: Store, id: string): Promise<void> {
  const a = await PULSE_ANSWER_DOC.get(store, id);
  if (a) await store.indexRemove(termIndex(a.term), id);
  await PULSE_ANSWER_DOC.delete(store, id);
}

function dsls(services: Services): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of services.directory.allSchools()) for (const p of s.dsls) out.set(p, [...(out.get(p) ?? []), s.id]);
  return out;
}

async function send(services: Services, term: string): Promise<void> {
  const t = services.config.authority.terms.find((x) => x.from === term);
  if (!t) throw new PermanentFailure(`term starting ${term} is no longer configured`);
  const { question } = services.config.evidence.pulse;
  const b = card(`A quick question for ${t.name}`).text(question).text('1 = not at all confident, 5 = very confident. One press; you can change it this term.', 'subtle');
  for (const s of SCORES) b.action(EVIDENCE.pulseAnswer.button(s, { term, score: s }));
  for (const personId of dsls(services).keys()) {
    if (await services.store.claim(`pulse-sent:${term}:${personId}`, 200 * 86_400_000)) {
      await services.notifier.toPerson(personId, { text: `${question} (1–5)`, card: b.build() }, { describe: 'The termly question' });
    }
  }
  services.log.info({ term }, 'dsl pulse sent');
}

export function registerPulse(router: Router, services: Services): void {
  services.scheduler.register(PULSE_JOB.kind, async (job) => {
    const parsed = PULSE_JOB.data.safeParse(job.data);
    if (!parsed.success) throw new PermanentFailure(`bad ${PULSE_JOB.kind} job data`);
    await send(services, parsed.data.term);
  });
  router.action(
    EVIDENCE.pulseAnswer,
    async (turn, data) => {
      const { term } = data;
      const t = services.config.authority.terms.find((x) => x.from === term);
      const score = Number(data.score);
      if (!t || !SCORES.includes(data.score)) return void turn.reply('That question is from an older card.');
      const schoolIds = dsls(services).get(turn.person.id) ?? [];
      if (!schoolIds.length) return void turn.reply('This question is for DSLs.');
      const a: PulseAnswer = { term, personId: turn.person.id, schoolIds, score, at: turn.now.toISOString() };
      await savePulseAnswer(services.store, a);
      turn.reply(`Thank you: ${score} recorded for ${t.name}.`);
    },
    { roles: ['dsl'] },
  );
  const { enabled, afterTermStartDays, at } = services.config.evidence.pulse;
  if (!enabled) return;
  const now = services.now().getTime();
  for (const t of services.config.authority.terms) {
    const runAt = services.calendar.at(services.calendar.addDays(t.from, afterTermStartDays), at);
    if (runAt.getTime() <= now || runAt.getTime() > Date.parse(`${t.to}T23:59:59Z`)) continue;
    services.scheduler
      .schedule({ id: `pulse:${t.from}`, kind: PULSE_JOB.kind, runAt, owner: 'pulse', data: { term: t.from } })
      .catch((err: Error) => services.log.error({ term: t.from, err }, 'could not schedule the dsl pulse'));
  }
}
