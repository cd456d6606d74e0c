/**
 * Form values parsed with zod (issue 16 point 5): the schema's issue paths are the form's field
 * errors, one message per field, and a refused value never comes back in a message. Shown on
 * the schema itself and on forms people use (changing advice, the activity-log export).
 *
 * @example
 *   node --no-deprecation node_modules/jest/bin/jest.js tests/core/forms
 */
import { z } from 'zod';
import { choiceInput, formAcross, formResolved, isoDate, listInput, optionalChoiceInput, optionalText, parseForm, requiredText } from '../../bot/core/forms';
import { askAdvice, consultApp } from '../consultations/flow';
import { makeApp } from '../helpers/app';

describe('parseForm', () => {
  const schema = z.object({
    from: isoDate('Choose a start date'),
    note: requiredText('Please fill this in.', (t) => (/\d{2}\/\d{2}\/\d{4}/.test(t) ? 'Leave out dates.' : undefined)),
    school: optionalText(20, 'Keep it short'),
  });

  it('gives the parsed values, trimmed, with an empty optional field left out', () => {
    expect(parseForm(schema, { from: '2026-11-02', note: '  home visit ', school: ' ' })).toEqual({ ok: true, data: { from: '2026-11-02', note: 'home visit', school: undefined } });
  });

  it('gives one message per field, keyed by input id, with nothing of what was typed', () => {
    const r = parseForm(schema, { from: 'next week', note: 'born 01/02/2015', school: 'x'.repeat(30) });
    expect(r).toEqual({ ok: false, errors: { from: 'Choose a start date', note: 'Leave out dates.', school: 'Keep it short' } });
    expect(parseForm(schema, {})).toEqual({ ok: false, errors: { from: 'Choose a start date', note: 'Please fill this in.' } });
  });
});

describe('a form whose last step builds its data from several inputs', () => {
  const rooms: Record<string, string[]> = { a: ['sw.amira'], b: ['sw.zara'] };
  const schema = formResolved({ room: choiceInput(['a', 'b'], 'Choose a room'), host: requiredText('Choose a host'), note: requiredText('Add a note') }, (f, on) => {
    if (on.failed('room') || on.failed('host')) return undefined;
    if (rooms[f.room].includes(f.host)) return { room: f.room, host: f.host, note: f.note };
    on.refuse('host', 'That host is not in this room.');
    return undefined;
  });

  it('gives the data the step built once everything passed', () => {
    expect(parseForm(schema, { room: 'a', host: 'sw.amira', note: 'ok' })).toEqual({ ok: true, data: { room: 'a', host: 'sw.amira', note: 'ok' } });
  });

  it("lists the step's message with the inputs' own, in the inputs' order", () => {
    const r = parseForm(schema, { room: 'a', host: 'sw.zara' });
    expect(r).toEqual({ ok: false, errors: { host: 'That host is not in this room.', note: 'Add a note' } });
    if (!r.ok) expect(Object.keys(r.errors)).toEqual(['host', 'note']);
  });
});

describe('a form with rules across its inputs', () => {
  const schema = formAcross(
    {
      day: choiceInput(['mon', 'tue'], 'Choose a day'),
      start: isoDate('Choose the start'),
      end: isoDate('Choose the end'),
      places: listInput(),
      room: optionalChoiceInput(['a', 'b'], 'Choose a room'),
    },
    (f, on) => {
      if (!on.failed('start') && !on.failed('end') && f.end < f.start) on.refuse('end', 'The end must not be before the start.');
      if (f.places.length > 2) on.refuse('places', 'At most two places.');
    },
  );

  it('parses choices, lists and dates, with an optional choice left empty as undefined', () => {
    expect(parseForm(schema, { day: 'tue', start: '2026-11-02', end: '2026-11-03', places: ' x, ,y ', room: '' })).toEqual({
      ok: true,
      data: { day: 'tue', start: '2026-11-02', end: '2026-11-03', places: ['x', 'y'], room: undefined },
    });
  });

  it('runs its rules even when another input failed, and lists every message in the inputs\' order', () => {
    const r = parseForm(schema, { day: 'sun', start: '2026-11-05', end: '2026-11-03', places: 'x,y,z', room: 'c' });
    expect(r).toEqual({ ok: false, errors: { day: 'Choose a day', end: 'The end must not be before the start.', places: 'At most two places.', room: 'Choose a room' } });
    if (!r.ok) expect(Object.keys(r.errors)).toEqual(['day', 'end', 'places', 'room']);
  });

  it('does not apply a rule to an input that already failed', () => {
    expect(parseForm(schema, { day: 'mon', start: 'soon', end: '2026-11-03' })).toEqual({ ok: false, errors: { start: 'Choose the start' } });
  });
});

describe('forms people use', () => {
  it('changing advice: the same advice again and a reason with a date of birth are refused on their fields', async () => {
    const t = await consultApp();
    try {
      const { id } = await askAdvice(t, 'staff.werneth.hoy9');
      await t.press('sw.amira', 'consult.answer', { id, answer: 'early_help' }, { timeSpent: '5_30' });
      const [same] = await t.press('sw.amira', 'consult.change.send', { id }, { outcome: 'early_help', reason: 'Seen again, born 03/04/2015' });
      expect(same.form).toBe(true);
      expect(Object.keys(same.formErrors ?? {}).sort()).toEqual(['outcome', 'reason']);
      expect(same.formErrors?.outcome).toMatch(/^That is the advice already given \(Early help\)/);
      expect(same.formErrors?.reason).toMatch(/date of birth/);
      expect(JSON.stringify(same.formErrors)).not.toMatch(/03\/04\/2015/);
      const [none] = await t.press('sw.amira', 'consult.change.send', { id }, { reason: 'The nurse saw bruising.' });
      expect(none.formErrors).toEqual({ outcome: 'Please choose the new advice.' });
    } finally {
      await t.close();
    }
  });

  it('the export form: a bad date and an unknown school, each on its field', async () => {
    const t = await makeApp();
    try {
      const [r] = await t.press('tm.grace', 'export.submit', {}, { from: 'soon', to: '2026-11-20', school: 'Hogwarts' });
      expect(r.formErrors).toEqual({ from: 'Choose a start date', school: "I don't know that school" });
    } finally {
      await t.close();
    }
  });
});
