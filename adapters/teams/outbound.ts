/**
 * Turns a core Reply into a Teams message activity. A reply with a card becomes the card (an
 * Adaptive Card 1.5 attachment) with the reply's text as the notification summary, so a phone
 * does not show the same words twice, above and inside the card; a reply without one is text.
 * Refused form fields are listed in the text, since Teams cannot mark a submitted card's inputs.
 *
 * @example
 *   await context.sendActivity(toActivity({ text: 'Booked', card: card('Booked').build() }));
 */
import type { Activity } from 'botbuilder';
import { toAdaptiveCard } from '../../cards/adaptive';
import type { Reply } from '../../bot/core/reply';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/**
 * Plain text as Teams' markdown shows it: `<` and `>` as entities (Teams drops what looks like
 * an HTML tag, so "as <person id>" lost its words), each line its own paragraph (Teams runs
 * single line breaks together), and "• " lines as a markdown list.
 */
export function teamsMarkdown(text: string): string {
  const escaped = text.replace(/&(?![a-z]+;|#\d+;)/gi, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  let out = '';
  let previousBullet = false;
  for (const line of escaped.split('\n')) {
    if (!line.trim()) continue;
    const bullet = /^\s*[•*-]\s+/.test(line);
    const item = bullet ? `- ${line.replace(/^\s*[•*-]\s+/, '')}` : line;
    if (out) out += bullet && previousBullet ? '\n' : '\n\n';
    out += item;
    previousBullet = bullet;
  }
  return out;
}

export function toActivity(reply: Reply): Partial<Activity> {
  const problems = Object.values(reply.formErrors ?? {});
  const text = teamsMarkdown(problems.length ? [reply.text, ...problems.map((p) => `• ${p}`)].join('\n') : reply.text);
  if (!reply.card) return { type: 'message', text, textFormat: 'markdown' };
  return {
    type: 'message',
    summary: reply.text,
    ...(problems.length ? { text: teamsMarkdown(problems.map((p) => `• ${p}`).join('\n')), textFormat: 'markdown' } : {}),
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: toAdaptiveCard(reply.card) }],
  };
}

/**
 * The body of an `adaptiveCard/action` invoke response. Teams shows `value` briefly where the
 * button was; the full replies arrive as ordinary messages.
 */
export function executeResponse(message: string): { statusCode: 200; type: 'application/vnd.microsoft.activity.message'; value: string } {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: message };
}

/**
 * The body of an `adaptiveCard/action` invoke response that replaces the pressed card with the
 * reply's card (Universal Actions), so a spent button cannot be pressed again.
 */
export function executeCardResponse(reply: Reply): { statusCode: 200; type: 'application/vnd.microsoft.card.adaptive'; value: Record<string, unknown> } {
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: toAdaptiveCard(reply.card!) };
}
