/**
 * "Send anyway" after a first-name warning: replays the held text (a message or a form) through
 * the same route, for the same person, once. The replay carries the warning's id so the route
 * does not warn again and the warning is marked as sent anyway.
 *
 * @example
 *   // the warning card's button: SEND_ANYWAY.button('Send anyway', { held: 'w-…' })
 */
import { HELD_TEXT_DOC, SEND_ANYWAY } from '../../core/free-text';
import type { InboundEvent } from '../../core/events';
import { allowed, type Router } from '../../core/router';
import type { Feature, Services } from '../../core/services';
import { Turn } from '../../core/turn';

function register(router: Router, services: Services): void {
  router.action(SEND_ANYWAY, async (turn, { held: id }) => {
    const held = await HELD_TEXT_DOC.get(services.store, id);
    if (!held || held.personId !== turn.person.id) {
      return void turn.reply('That was already sent, or it waited too long. Please write it again.');
    }
    await HELD_TEXT_DOC.delete(services.store, id);
    const base = { ...turn.event, id: `${turn.event.id}:replay` };
    const event: InboundEvent =
      held.event.type === 'message'
        ? { ...base, type: 'message', text: held.event.text ?? '' }
        : { ...base, type: 'action', verb: held.event.verb ?? '', data: held.event.data ?? {}, inputs: held.event.inputs ?? {} };
    const resolved = event.type === 'message' ? router.resolveText(event.text) : router.resolveAction(event.verb);
    if (!resolved || !allowed(resolved.roles, turn.person.roles)) return void turn.reply("That can't be sent any more. Please write it again.");
    const replay = new Turn(event, turn.person, services, resolved.args);
    replay.warningAccepted = id;
    await resolved.handler(replay);
    for (const r of replay.replies) turn.reply(r);
  });
}

export const freeText: Feature = { name: 'free-text', register };
