/**
 * Conversation references, saved the first time a person talks to the bot (or installs it),
 * so reminders, escalations and digests can reach them later on the platform they last used.
 *
 * Stored as declared documents, validated on every read and write: a person's 1:1 conversation
 * per platform in `PERSON_CONVERSATION_DOC` (id `<person id>:<platform>`), group chats and
 * channels in `CONVERSATION_DOC` (id `<platform>:<conversation id>`). Both are read on every
 * turn and every delivery, so the schema checks the reference's outline, not the platform's
 * address inside it.
 *
 * @example
 *   await conversations.saveForPerson('sw.amira', event.conversation);
 *   const refs = await conversations.forPerson('sw.amira'); // most recently used first
 */
import { z } from 'zod';
import type { ConversationRef, Platform } from '../bot/core/events';
import { defineDocument } from './documents';
import type { Store } from './store';

export interface SavedConversation {
  ref: ConversationRef;
  savedAt: number;
}

const PLATFORMS = ['teams', 'slack', 'console'] as const satisfies readonly Platform[];

const savedConversation = z.looseObject({
  ref: z.looseObject({
    platform: z.enum(PLATFORMS),
    id: z.string().min(1),
    kind: z.enum(['personal', 'group', 'channel']),
    threadId: z.string().optional(),
    address: z.record(z.string(), z.unknown()),
  }),
  savedAt: z.number(),
});

/** A person's 1:1 conversation on one platform. */
export const PERSON_CONVERSATION_DOC = defineDocument<SavedConversation>('conversation-person', 1, savedConversation);
/** A group chat or channel the bot was added to (a TAS meeting's chat). */
export const CONVERSATION_DOC = defineDocument<SavedConversation>('conversation', 1, savedConversation);

export class ConversationStore {
  constructor(private readonly store: Store) {}

  /** A personal (1:1) conversation with this person on this platform. */
  async saveForPerson(personId: string, ref: ConversationRef, at = Date.now()): Promise<void> {
    await PERSON_CONVERSATION_DOC.put(this.store, `${personId}:${ref.platform}`, { ref, savedAt: at });
  }

  async forPerson(personId: string): Promise<ConversationRef[]> {
    const saved = await PERSON_CONVERSATION_DOC.getMany(this.store, PLATFORMS.map((p) => `${personId}:${p}`));
    return saved
      .filter((s): s is SavedConversation => !!s)
      .sort((a, b) => b.savedAt - a.savedAt)
      .map((s) => s.ref);
  }

  /** Group chats and channels (e.g. a TAS meeting's chat), by platform conversation id. */
  async saveConversation(ref: ConversationRef): Promise<void> {
    await CONVERSATION_DOC.put(this.store, `${ref.platform}:${ref.id}`, { ref, savedAt: Date.now() });
  }

  async conversation(platform: Platform, id: string): Promise<ConversationRef | undefined> {
    return (await CONVERSATION_DOC.get(this.store, `${platform}:${id}`))?.ref;
  }
}
