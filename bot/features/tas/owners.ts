/**
 * Who an action is for, read from the start of what the chair typed: a platform @mention
 * (resolved through the directory), `@<person id>` (`@sw.amira`), a full name or a unique first
 * name from the directory, or a named attendee of the school's series who has no directory
 * entry. Anything unknown or ambiguous is an error the chair can act on; nothing is guessed.
 *
 * @example
 *   resolveOwner('@sw.amira call mum by Friday', [], directory, series.attendees);
 *   // { owner: { personId: 'sw.amira', name: 'Amira Hassan' }, rest: 'call mum by Friday' }
 */
import type { Directory } from '../../core/directory';
import type { MessageEvent } from '../../core/events';
import type { Attendee } from './model';

export type OwnerResult = { owner: Attendee; rest: string } | { error: string };

type Mention = NonNullable<MessageEvent['mentions']>[number];

export function resolveOwner(text: string, mentions: Mention[], directory: Directory, named: Attendee[]): OwnerResult {
  const body = text.trim();
  if (!body.startsWith('@')) return { error: 'Start with the owner, e.g. *action @sw.amira call mum by Friday*.' };

  for (const m of mentions) {
    const label = m.text.startsWith('@') ? m.text : `@${m.text}`;
    if (!body.toLowerCase().startsWith(label.toLowerCase())) continue;
    const person = directory.byPlatformUser(m.user);
    if (!person) return { error: `${label} is not in my directory, so I can't give them an action. Ask business support to add them, or use a named attendee.` };
    return { owner: { personId: person.id, name: person.name }, rest: body.slice(label.length).trim() };
  }

  const after = body.slice(1);
  const idToken = /^([a-z0-9][a-z0-9._-]*[a-z0-9])(?=\s|$)/i.exec(after);
  if (idToken) {
    const person = directory.person(idToken[1].toLowerCase());
    if (person) return { owner: { personId: person.id, name: person.name }, rest: after.slice(idToken[1].length).trim() };
  }

  // Names: the longest full name first ("Amira Hassan"), then a first name ("Amira").
  const lower = after.toLowerCase();
  const startsWithWord = (name: string) => lower.startsWith(name.toLowerCase()) && /^(\s|$)/.test(after.slice(name.length));
  const people = directory.allPeople();
  const full = [
    ...people.map((p) => ({ owner: { personId: p.id, name: p.name }, label: p.name })),
    ...named.filter((a) => !a.personId).map((a) => ({ owner: a, label: a.name })),
  ]
    .filter((c) => startsWithWord(c.label))
    .sort((a, b) => b.label.length - a.label.length);
  if (full.length) return { owner: full[0].owner, rest: after.slice(full[0].label.length).trim() };

  const first = [
    ...people.map((p) => ({ owner: { personId: p.id, name: p.name } as Attendee, label: p.name.split(' ')[0] })),
    ...named.filter((a) => !a.personId).map((a) => ({ owner: a, label: a.name.split(' ')[0] })),
  ].filter((c) => startsWithWord(c.label));
  if (first.length === 1) return { owner: first[0].owner, rest: after.slice(first[0].label.length).trim() };
  const word = after.split(/\s+/)[0];
  if (first.length > 1)
    return { error: `"@${word}" could be ${first.map((c) => c.owner.name + (c.owner.personId ? ` (@${c.owner.personId})` : '')).join(' or ')}. Write the full name or the person id.` };
  return { error: `I couldn't find "@${word}" in the directory or among this TAS's attendees. Check the name, or use their person id (e.g. @sw.amira).` };
}
