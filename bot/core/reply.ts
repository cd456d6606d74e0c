/**
 * What the core answers with: always a text (the notification line and the fallback), and
 * optionally a card. A reply marked `form` is a form to fill in: Teams shows the card, Slack
 * opens it as a modal when it can.
 *
 * @example
 *   const r: Reply = { text: 'Booked: Mon 10:00', card: card('Booked').build() };
 */
import type { Card } from '../../cards/tree';

export interface Reply {
  text: string;
  card?: Card;
  /** A form: Slack opens it as a modal (via trigger_id) when the turn came from a click or command. */
  form?: boolean;
  /** Per-input messages when a submitted form was refused (Slack shows them on the modal). */
  formErrors?: Record<string, string>;
  /** Shows something about a child: never posted in a channel or group chat, only 1:1. */
  private?: boolean;
}

export function textReply(text: string): Reply {
  return { text };
}
