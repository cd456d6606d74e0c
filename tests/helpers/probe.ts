/**
 * A small test feature on the real router, for adapter tests that check what the core was
 * given and how a platform shows forms: `probe form` replies with a one-field form whose Submit
 * is `probe.save`; `probe echo <words>` says the words back; `probe.save` refuses the note "bad"
 * with a field error, answers "more" with a second form (`probe.step2`), and otherwise says what
 * it got. Every turn it sees is recorded.
 *
 * @example
 *   let seen: InboundEvent[] = [];
 *   const s = await startSlack({ setup: (app) => void (seen = addProbe(app)) });
 *   await s.send(s.dm('U0SWIS0004', 'probe echo hello'));
 *   expect((seen[0] as MessageEvent).text).toBe('probe echo hello');
 */
import { z } from 'zod';
import type { App } from '../../bot/app';
import { defineAction } from '../../bot/core/actions';
import type { InboundEvent } from '../../bot/core/events';
import { card } from '../../cards/tree';

export function addProbe(app: App): InboundEvent[] {
  const seen: InboundEvent[] = [];
  const form = (verb: string, title: string) =>
    card(title).input({ type: 'input.text', id: 'note', label: 'Note', required: true }).submit(verb, 'Save', { id: 'x1' }).build();
  app.router.command({ name: 'probe form', summary: 'test form' }, async (turn) => {
    seen.push(turn.event);
    turn.reply({ text: 'Fill in the form', card: form('probe.save', 'Quick note'), form: true });
  });
  app.router.command({ name: 'probe echo', summary: 'test echo' }, async (turn) => {
    seen.push(turn.event);
    turn.reply(`echo: ${turn.args}`);
  });
  app.router.action(defineAction('probe.save', z.object({})), async (turn) => {
    seen.push(turn.event);
    const note = turn.values.note;
    if (note === 'bad') turn.reply({ text: 'Please check the form', formErrors: { note: 'Say a little more' } });
    else if (note === 'more') turn.reply({ text: 'One more step', card: form('probe.step2', 'Step two'), form: true });
    else turn.reply(`Saved ${turn.values.id}: ${note ?? '(none)'}`);
  });
  app.router.action(defineAction('probe.step2', z.object({})), async (turn) => {
    seen.push(turn.event);
    turn.reply('Step two saved');
  });
  return seen;
}

