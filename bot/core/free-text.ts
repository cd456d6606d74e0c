/**
 * The checks every feature runs on free text a person writes (what happened, advice, replies,
 * TAS lines, quick-log notes) before it is stored or sent:
 * - `checkFreeText`: a date that could be a child's date of birth is refused, with the reason;
 * - `warnOfNames`: a common first name gets a gentle warning card first. The person can send it
 *   anyway ("Send anyway" replays what they sent, held for a day under an id, never in the
 *   button); both the warning and the choice are recorded, by id, never the text.
 *
 * The held text (`HELD_TEXT_DOC`) and the warning (`NAME_WARNING_DOC`) are declared documents,
 * validated on every read and write.
 *
 * @example
 *   const problem = checkFreeText(text);              // refuse: never stored
 *   if (problem) return turn.reply(problem);
 *   if (await warnOfNames(turn, [text])) return;      // warned: wait for "Send anyway"
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineDocument } from '../../storage/documents';
import { actionId, defineAction } from './actions';
import { card } from '../../cards/tree';
import { findDateOfBirth } from './dates-of-birth';
import { firstNames, namesIn } from './first-names';
import type { InboundEvent } from './events';
import type { Turn } from './turn';

/** "Send anyway" on a first-name warning: the held text's id (the text itself stays in the store). */
export const SEND_ANYWAY = defineAction('freetext.send-anyway', z.object({ held: actionId }));
const HOLD_MS = 86_400_000;
const KEEP_WARNINGS_MS = 365 * 86_400_000;

/** What a "Send anyway" replays: the event as it came, minus where it came from. */
export interface HeldText {
  id: string;
  personId: string;
  route: string;
  event: Pick<InboundEvent, 'type'> & { text?: string; verb?: string; data?: Record<string, string>; inputs?: Record<string, string> };
}

/** One warning, as recorded: who, where, when, how many names, and whether it was sent anyway. */
export interface NameWarning {
  id: string;
  personId: string;
  route: string;
  names: number;
  at: string;
  sentAnyway?: string;
}

const nonEmpty = z.string().min(1);

/** What "Send anyway" replays, held for a day under the warning's id. */
export const HELD_TEXT_DOC = defineDocument<HeldText>(
  'free-text-held',
  1,
  z.looseObject({ id: nonEmpty, personId: nonEmpty, route: z.string(), event: z.looseObject({ type: z.string() }) }),
);
/** The held text's collection (read it through HELD_TEXT_DOC). */
export const HELD = HELD_TEXT_DOC.collection;

/** A first-name warning as recorded (kept a year), by the same id. */
export const NAME_WARNING_DOC = defineDocument<NameWarning>(
  'free-text-warnings',
  1,
  z.looseObject({ id: nonEmpty, personId: nonEmpty, route: z.string(), names: z.number().int(), at: z.string(), sentAnyway: z.string().optional() }),
);
/** The warnings' collection (read it through NAME_WARNING_DOC). */
export const WARNINGS = NAME_WARNING_DOC.collection;

/** Why this text cannot be stored (it may hold a child's date of birth), else undefined. */
export function checkFreeText(text: string, today: Date = new Date()): string | undefined {
  if (!findDateOfBirth(text, today)) return undefined;
  return (
    "That includes a date that could be a child's date of birth, and dates of birth never go into this chat or the record. " +
    'Please take it out (the year group and reference are enough) and send it again. Nothing was sent.'
  );
}

function heldEvent(event: InboundEvent): HeldText['event'] {
  if (event.type === 'message') return { type: 'message', text: event.text };
  if (event.type === 'action') return { type: 'action', verb: event.verb, data: event.data, inputs: event.inputs };
  return { type: event.type };
}

/**
 * Warns when `texts` hold a common first name, unless this turn is the "Send anyway" replay.
 * Returns true when it warned (the caller stops; nothing is sent yet).
 */
export async function warnOfNames(turn: Turn, texts: string[], route: string): Promise<boolean> {
  const { config, store, log } = turn.services;
  const cfg = config.childData.firstNames;
  if (!cfg.warn) return false;
  // Words of school names (St Christopher's, St Paul's) are places here, not children.
  const schoolWords = config.schools.flatMap((s) => s.name.split(/[\s'’]+/));
  const found = namesIn(texts.join('\n'), firstNames({ add: cfg.add, ignore: [...cfg.ignore, ...schoolWords.filter((w) => w.length > 1)] }));
  if (!found.length) return false;
  if (turn.warningAccepted) {
    await NAME_WARNING_DOC.update(store, turn.warningAccepted, (w) => w && { ...w, sentAnyway: turn.now.toISOString() });
    log.info({ personId: turn.person.id, route, warningId: turn.warningAccepted }, 'first-name warning: sent anyway');
    return false;
  }
  const id = `w-${randomUUID()}`;
  const held: HeldText = { id, personId: turn.person.id, route, event: heldEvent(turn.event) };
  await HELD_TEXT_DOC.put(store, id, held, { ttlMs: HOLD_MS });
  const warning: NameWarning = { id, personId: turn.person.id, route, names: found.length, at: turn.now.toISOString() };
  await NAME_WARNING_DOC.put(store, id, warning, { ttlMs: KEEP_WARNINGS_MS });
  log.info({ personId: turn.person.id, route, warningId: id, names: found.length }, 'first-name warning shown');
  const words = found.map((w) => `"${w}"`).join(', ');
  const says = `${words} ${found.length > 1 ? 'look like first names' : 'looks like a first name'}.`;
  const text =
    `${says} A child is referred to only by year group and reference, never by name. ` +
    'If it is not a child (a member of staff, a place), you can send it as it is; otherwise change it and send it again.';
  turn.reply({
    text: `${text} Nothing has been sent yet.`,
    card: card('Is that a name?').text(text).text('Nothing has been sent yet.', 'subtle').action(SEND_ANYWAY.button('Send anyway', { held: id })).build(),
  });
  return true;
}

/**
 * Both checks in one: refuses (replying with the reason) a possible date of birth, then warns
 * of first names. Returns true when the caller must stop; nothing has been stored or sent.
 */
export async function screenFreeText(turn: Turn, texts: string[], route: string): Promise<boolean> {
  const problem = texts.map((t) => checkFreeText(t, turn.now)).find(Boolean);
  if (problem) {
    turn.services.log.info({ personId: turn.person.id, route }, 'free text refused: possible date of birth');
    turn.reply(problem);
    return true;
  }
  return warnOfNames(turn, texts, route);
}
