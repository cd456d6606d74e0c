/**
 * Where a console person is reached: one conversation per directory person, whichever of their
 * terminals are open.
 *
 * @example
 *   consoleRef('sw.amira'); // { platform: 'console', id: 'console:sw.amira', kind: 'personal', … }
 */
import type { ConversationRef } from '../../bot/core/events';

export function consoleRef(personId: string): ConversationRef {
  return { platform: 'console', id: `console:${personId}`, kind: 'personal', address: { personId } };
}
