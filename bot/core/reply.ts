/**
 * What the core answers with: always a text (the notification line and the fallback), and
 * optionally a card. A reply marked `form` is a form to fill in: Teams shows the card, Slack
 * opens it as a modal when it can.
 *
 * A reply marked `replace` is the new state of the card the person just pressed: Teams returns
 * it in the `Action.Execute` invoke response (or updates the message), Slack updates the
 * message (`chat.update`, or `replace_original` through the response_url), the terminal
 * reprints it. When the turn did not come from a card it is sent as an ordinary message.
 *
 * @example
 *   const r: Reply = { text: 'Booked: Mon 10:00', card: card('Booked').build() };
 *   turn.update({ text: 'Answered', card: finalCard }); // the pressed card becomes finalCard
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
  /** Replaces the card that was acted on (its final state after a press). */
  replace?: boolean;
  /**
   * A short answer about the press itself ("That button is from an older card"): Teams shows it
   * where the button was (the invoke response) and does not also post it as a message.
   */
  brief?: boolean;
}

export function textReply(text: string): Reply {
  return { text };
}
