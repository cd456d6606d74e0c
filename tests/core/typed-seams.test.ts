/**
 * The typed seams hold across the whole code (issue 16 point 5), checked on the sources:
 * - a handler never reads a raw value of a press or a form (`turn.values.x`): a button's data
 *   arrives parsed by its verb's schema, a form's inputs through `parseForm` and the form's
 *   zod schema (bot/core/forms.ts);
 * - a stored collection is never read or written with an unchecked generic
 *   (`store.get<Foo>('foo', …)`): every read and write goes through the collection's one
 *   `defineDocument` declaration (storage/documents.ts), which validates and versions it.
 *
 * @example
 *   node --no-deprecation node_modules/jest/bin/jest.js tests/core/typed-seams
 */
import { grepSources } from '../helpers/source-files';

describe('typed seams, across the code', () => {
  it('no handler reads a raw press or form value: data comes parsed by its verb or its form', () => {
    // `turn.values` may only be handed whole to a parser (parseForm, a form's parse function).
    const reads = grepSources(['bot', 'adapters'], /\bturn\.values\s*(\.|\[)/);
    expect(reads).toEqual([]);
  });

  it('no stored document is read or written without its declaration', () => {
    // The store's own implementations and the declaration helper are where collections are handled generically.
    const generic = grepSources(['bot', 'storage', 'adapters'], /\bstore\.(get|getMany|put|create|update)\s*(<[^>(]*>)?\(/, [
      'storage/documents.ts',
      'storage/store.ts',
      'storage/unavailable.ts',
      'storage/memory/memory-store.ts',
      'storage/redis/redis-store.ts',
    ]);
    expect(generic).toEqual([]);
  });
});
