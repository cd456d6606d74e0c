/**
 * Renders the card tree as plain text: for the terminal channel and for notification previews.
 * Actions are numbered so a person at a terminal can answer "2" to press the second button.
 *
 * @example
 *   toText(card('Drop-in booked').facts({ When: 'Mon 10:00' }).submit('probe.cancel', 'Cancel').build());
 *   // "Drop-in booked\n  When: Mon 10:00\n  [1] Cancel"
 */
import type { Card, CardElement } from './tree';

function line(el: CardElement): string[] {
  switch (el.type) {
    case 'text':
      return [el.style === 'warning' ? `! ${el.text}` : el.style === 'heading' ? el.text.toUpperCase() : el.text];
    case 'facts':
      return el.facts.map((f) => `  ${f.label}: ${f.value}`);
    case 'image':
      return [`  (image: ${el.alt}) ${el.url}`];
    case 'divider':
      return ['  ---'];
    case 'details':
      return [`  ${el.title}:`, ...el.body.flatMap(line).map((l) => `  ${l}`)];
    case 'input.text':
      return [`  <${el.id}> ${el.label}${el.required ? ' (needed)' : ''}${el.placeholder ? ` (${el.placeholder})` : ''}`];
    case 'input.choice':
      return [
        `  <${el.id}> ${el.label}${el.multiple ? ' (one or more, comma separated)' : ''}${el.required ? ' (needed)' : ''}:`,
        `      ${el.choices.map((c) => `${c.value} = ${c.title}`).join('; ')}`,
      ];
    case 'input.date':
      return [`  <${el.id}> ${el.label} (YYYY-MM-DD)${el.required ? ' (needed)' : ''}`];
    case 'input.time':
      return [`  <${el.id}> ${el.label} (HH:MM)${el.required ? ' (needed)' : ''}`];
  }
}

export function toText(c: Card): string {
  const lines: string[] = [];
  if (c.title) lines.push(c.title);
  for (const el of c.body) lines.push(...line(el));
  c.actions.forEach((a, i) => lines.push(a.type === 'link' ? `  [${i + 1}] ${a.title}: ${a.url}` : `  [${i + 1}] ${a.title}`));
  return lines.join('\n');
}
