import { z } from 'zod';
import { defineAction } from '../../bot/core/actions';
import { ConsoleSession } from '../../adapters/console/console-session';
import { makeApp } from '../helpers/app';

describe('terminal channel', () => {
  it('talks to the same core: help as text, numbered buttons pressed by typing their number', async () => {
    const t = await makeApp();
    const lines: string[] = [];
    const session = new ConsoleSession(t.app, 'tm.grace', (l) => lines.push(l));
    await session.input('help');
    expect(lines.join('\n')).toContain('What I can do for you, Grace');
    lines.length = 0;
    await session.input('9');
    expect(lines.join('\n')).toMatch(/didn't understand/);
    await t.close();
  });

  it('fills a form one field at a time and submits it as a card action', async () => {
    const t = await makeApp();
    const seen: { verb: string; inputs: Record<string, string> }[] = [];
    t.app.router.command({ name: 'try form', summary: 'test form' }, async (turn) => {
      turn.reply({
        text: 'form',
        form: true,
        card: {
          title: 'Form',
          body: [
            { type: 'input.text', id: 'ref', label: 'Reference', required: true },
            { type: 'input.choice', id: 'year', label: 'Year', choices: [{ title: 'Year 9', value: 'Y9' }] },
          ],
          actions: [{ type: 'submit', verb: 'try.submit', title: 'Send', data: { id: 'f1' } }],
        },
      });
    });
    t.app.router.action(defineAction('try.submit', z.object({})), async (turn) => {
      if (turn.event.type === 'action') seen.push({ verb: turn.event.verb, inputs: turn.event.inputs });
      turn.reply('thanks');
    });
    const lines: string[] = [];
    const session = new ConsoleSession(t.app, 'dsl.werneth', (l) => lines.push(l));
    await session.input('try form');
    await session.input('1');
    expect(session.prompt()).toBe('Reference: ');
    await session.input('');
    expect(lines.at(-1)).toContain('Reference is needed');
    await session.input('JS');
    await session.input('Y9');
    expect(seen).toEqual([{ verb: 'try.submit', inputs: { ref: 'JS', year: 'Y9' } }]);
    expect(lines.at(-1)).toBe('thanks');
    await t.close();
  });
});
