/**
 * Helpers for the TAS tests: a meeting chat (a channel conversation on the terminal platform,
 * so the RecordingChannel shows what the bot posts there), messages and clicks from it, and
 * moving the test clock to a local instant.
 *
 * @example
 *   await setupWerneth(t);
 *   await inChat(t, 'tas.leon', 'action @sw.amira call mum by Friday');
 */
import type { ConversationRef, InboundEvent, PlatformUser } from '../../bot/core/events';
import type { Reply } from '../../bot/core/reply';
import { makeApp, type TestApp } from '../helpers/app';

export const CHAT: ConversationRef = { platform: 'console', id: 'console:chat:werneth-tas', kind: 'channel', address: { channel: 'werneth-tas' } };

let n = 0;

function base(personId: string, t: TestApp, conversation: ConversationRef) {
  return {
    id: `console:tas:${++n}`,
    platform: 'console' as const,
    user: { platform: 'console' as const, userId: personId },
    conversation,
    receivedAt: t.clock.now(),
  };
}

export function inChat(t: TestApp, personId: string, text: string, mentions?: { user: PlatformUser; text: string }[]): Promise<Reply[]> {
  const e: InboundEvent = { ...base(personId, t, CHAT), type: 'message', text, mentions };
  return settled(t, t.app.bot.handle(e));
}

export function pressInChat(t: TestApp, personId: string, verb: string, data: Record<string, string> = {}, inputs: Record<string, string> = {}): Promise<Reply[]> {
  const e: InboundEvent = { ...base(personId, t, CHAT), type: 'action', verb, data, inputs };
  return settled(t, t.app.bot.handle(e));
}

/** The replies, once every message the turn sent has been delivered. */
async function settled(t: TestApp, replies: Promise<Reply[]>): Promise<Reply[]> {
  const r = await replies;
  await t.settle();
  return r;
}

/** A person types in their 1:1 chat; waits for what it sent to others. */
export function say(t: TestApp, personId: string, text: string): Promise<Reply[]> {
  return settled(t, t.say(personId, text));
}

/** A person presses a button or submits a form in their 1:1 chat; waits for deliveries. */
export function press(t: TestApp, personId: string, verb: string, data: Record<string, string> = {}, inputs: Record<string, string> = {}): Promise<Reply[]> {
  return settled(t, t.press(personId, verb, data, inputs));
}

/** What the bot posted into the meeting chat. */
export function chatPosts(t: TestApp): Reply[] {
  return t.channel.sent.filter((s) => s.ref.id === CHAT.id).map((s) => s.reply);
}

/** Moves the clock to an instant (ISO, with zone) and runs what fell due. */
export async function advanceTo(t: TestApp, iso: string): Promise<void> {
  const ms = Date.parse(iso) - t.clock.now().getTime();
  if (ms < 0) throw new Error(`${iso} is before the test clock`);
  await t.advance(ms);
}

/** People who have talked to the bot, so it can reach them 1:1 on the terminal platform. */
export async function greet(t: TestApp, ...people: string[]): Promise<void> {
  for (const p of people) await t.say(p, 'hello');
}

export const WERNETH_SETUP = {
  school: 'werneth',
  weekday: 'tue',
  time: '09:00',
  every: '2',
  first: '2026-11-30',
  length: '60',
  attendees: 'dsl.werneth,sw.amira,staff.werneth.nurse',
  others: 'Sam Green',
};

/** Werneth's TAS, set up from its meeting chat: every other Tuesday 09:00 from Tue 1 Dec 2026. */
export async function setupWerneth(t: TestApp, inputs: Record<string, string> = {}): Promise<Reply[]> {
  return pressInChat(t, 'tas.leon', 'tas.setup.submit', {}, { ...WERNETH_SETUP, ...inputs });
}

export function texts(replies: Reply[]): string {
  return replies.map((r) => r.text).join('\n');
}

export function buttons(r: Reply | undefined): string[] {
  return (r?.card?.actions ?? []).map((a) => a.title);
}

/** A fresh app (Mon 23 Nov 2026, 10:00 London) with the TAS chair, a DSL and two workers greeted and Werneth's TAS set up. */
export async function wernethTas(): Promise<TestApp> {
  const t = await makeApp();
  await greet(t, 'tas.leon', 'dsl.werneth', 'sw.amira', 'sw.ben');
  await setupWerneth(t);
  return t;
}

/** Werneth's open TAS actions. */
export function openActionCount(t: TestApp): Promise<number> {
  return t.store.indexCount('tas:action:school-open:werneth');
}
