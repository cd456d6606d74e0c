/**
 * Emulator mode only (TEAMS_EMULATOR=true, no MicrosoftAppId, a loopback server): the Bot
 * Framework Emulator's users are not in any directory, so someone on this machine can choose
 * whom to act as with `as <person id>`, and the choice is remembered for that Emulator user.
 * Otherwise none of this exists, and the directory is never listed: people are who their
 * aadObjectId says.
 *
 * @example
 *   as dsl.werneth      → "You are now Priya Shah (dsl)…"
 *   as                  → lists the people in the configuration
 */
import { card } from '../../cards/tree';
import type { Reply } from '../../bot/core/reply';
import type { Services } from '../../bot/core/services';
import { ACTING_AS_DOC } from './documents';

const KEEP_MS = 30 * 86_400_000;
/** The picker card's button; handled here, never by the core. */
export const PICK_VERB = 'teams.emulator.as';

export class EmulatorIdentity {
  constructor(private readonly services: Pick<Services, 'store' | 'directory' | 'log'>) {}

  async actingAs(emulatorUserId: string): Promise<string | undefined> {
    const saved = await ACTING_AS_DOC.get(this.services.store, emulatorUserId);
    return saved && this.services.directory.person(saved.personId) ? saved.personId : undefined;
  }

  /** `as <id>` typed, or the picker's button pressed: undefined when it is neither. */
  parse(text: string | undefined, verb?: string, inputs: Record<string, string> = {}): { personId: string } | undefined {
    if (verb === PICK_VERB) return { personId: inputs.personId ?? '' };
    const m = /^\s*as(?:\s+(\S+))?\s*$/i.exec(text ?? '');
    return m ? { personId: (m[1] ?? '').toLowerCase() } : undefined;
  }

  /** Switches identity when the id is a person; otherwise lists the people to choose from. */
  async choose(emulatorUserId: string, personId: string): Promise<{ reply: Reply; personId?: string }> {
    const person = this.services.directory.person(personId);
    if (!person) return { reply: this.picker(personId) };
    await ACTING_AS_DOC.put(this.services.store, emulatorUserId, { personId: person.id }, { ttlMs: KEEP_MS });
    this.services.log.info({ personId: person.id }, 'emulator user now acting as a directory person');
    return {
      personId: person.id,
      reply: { text: `You are now ${person.name} (${person.roles.join(', ')}) in this Emulator conversation. Type help to see what they can do, or "as <person id>" to switch.` },
    };
  }

  /** The list of people, as text and as a card with a picker. */
  picker(unknownId = ''): Reply {
    const people = this.services.directory.allPeople();
    const intro = unknownId
      ? `"${unknownId}" is not a person in this configuration.`
      : 'Emulator mode (TEAMS_EMULATOR=true, this machine only): choose whom to act as.';
    const lines = people.map((p) => `• ${p.id}: ${p.name} (${p.roles.join(', ')})`);
    const c = card('Act as someone from the configuration')
      .text(intro)
      .input({ type: 'input.choice', id: 'personId', label: 'Person', required: true, choices: people.map((p) => ({ title: `${p.name} (${p.roles.join(', ')})`, value: p.id })) })
      .submit(PICK_VERB, 'Act as this person', {}, 'primary')
      .build();
    return { text: [intro, 'Type "as <person id>", for example "as dsl.werneth". People:', ...lines].join('\n'), card: c };
  }
}
