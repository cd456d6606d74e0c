/**
 * Turns a core Reply into a Teams message activity: the text (the notification line and what
 * a screen reader or an old client shows) plus the card as an Adaptive Card 1.5 attachment.
 * Refused form fields are listed in the text, since Teams cannot mark a submitted card's inputs.
 *
 * @example
 *   await context.sendActivity(toActivity({ text: 'Booked', card: card('Booked').build() }));
 */
import type { Activity } from 'botbuilder';
import { toAdaptiveCard } from '../../cards/adaptive';
import type { Reply } from '../../bot/core/reply';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export function toActivity(reply: Reply): Partial<Activity> {
  const problems = Object.values(reply.formErrors ?? {});
  const text = problems.length ? [reply.text, ...problems.map((p) => `• ${p}`)].join('\n\n') : reply.text;
  return {
    type: 'message',
    text,
    textFormat: 'markdown',
    ...(reply.card ? { attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: toAdaptiveCard(reply.card) }] } : {}),
  };
}

/**
 * The body of an `adaptiveCard/action` invoke response. Teams shows `value` briefly where the
 * button was; the full replies arrive as ordinary messages.
 */
export function executeResponse(message: string): { statusCode: 200; type: 'application/vnd.microsoft.activity.message'; value: string } {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: message };
}
