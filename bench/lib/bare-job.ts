/**
 * What the fan-out benchmark queues for its bare baseline workers (bench/servers/bare-fanout.ts).
 *
 * @example
 *   await queue.add('send', { platform: 'slack', channel: 'DU123', text: 'Reminder' } satisfies BareJob);
 */
import type { ConversationReference } from 'botbuilder';

export const BARE_QUEUE = 'bare-fanout';

export type BareJob = { platform: 'teams'; reference: Partial<ConversationReference>; text: string } | { platform: 'slack'; channel: string; text: string };
