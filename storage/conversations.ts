/**
 * Conversation references, saved the first time a person talks to the bot (or installs it),
 * so reminders, escalations and digests can reach them later on the platform they last used.
 *
 * @example
 *   await conversations.saveForPerson('sw.amira', event.conversation);
 *   const refs = await conversations.forPerson('sw.amira'); // most recently used first
 */
import type { ConversationRef, Platform } from '../bot/core/events';
import type { Store } from './store';

interface Saved {
  ref: ConversationRef;
  savedAt: number;
}

const PERSON = 'conversation-person';
const CONVERSATION = 'conversation';

export class ConversationStore {
  constructor(private readonly store: Store) {}

  /** A personal (1:1) conversation with this person on this platform. */
  async saveForPerson(personId: string, ref: ConversationRef, at = Date.now()): Promise<void> {
    await this.store.put<Saved>(PERSON, `${personId}:${ref.platform}`, { ref, savedAt: at });
  }

  async forPerson(personId: string): Promise<ConversationRef[]> {
    const platforms: Platform[] = ['teams', 'slack', 'console'];
    const saved = await this.store.getMany<Saved>(PERSON, platforms.map((p) => `${personId}:${p}`));
    return saved
      .filter((s): s is Saved => !!s)
      .sort((a, b) => b.savedAt - a.savedAt)
      .map((s) => s.ref);
  }

  /** Group chats and channels (e.g. a TAS meeting's chat), by platform conversation id. */
  async saveConversation(ref: ConversationRef): Promise<void> {
    await this.store.put<Saved>(CONVERSATION, `${ref.platform}:${ref.id}`, { ref, savedAt: Date.now() });
  }

  async conversation(platform: Platform, id: string): Promise<ConversationRef | undefined> {
    return (await this.store.get<Saved>(CONVERSATION, `${platform}:${id}`))?.ref;
  }
}
