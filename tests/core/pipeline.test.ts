/**
 * The one turn pipeline on the memory store, as every adapter uses it: an event is stored
 * before it is acknowledged, a copy of it is not a second turn, a reply the platform refuses
 * goes to the outbox, a turn that dies after the ack is run again from storage and answered
 * once, and every failure is told to the person in words.
 */
import type { Reply } from '../../bot/core/reply';
import type { Transport } from '../../bot/core/pipeline/transport';
import { INBOUND_EVENT_DOC, type InboundRecord } from '../../bot/core/pipeline/inbound-events';
import { RetryLater } from '../../bot/scheduling/scheduler';
import { consoleEvent, consoleRef, makeApp, type TestApp } from '../helpers/app';

/** What a platform was asked to do for one request. */
function recordingTransport(personId: string, opts: { failSends?: number } = {}) {
  const shown: Reply[] = [];
  const log: string[] = [];
  let failures = opts.failSends ?? 0;
  const transport: Transport = {
    fallback: consoleRef(personId),
    ack: async () => void log.push('ack'),
    send: async (reply) => {
      if (failures-- > 0) throw new RetryLater('platform down');
      log.push('send');
      shown.push(reply);
    },
  };
  return { transport, shown, log };
}

describe('the turn pipeline', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeApp();
  });
  afterEach(() => t.close());

  it('stores the event before acknowledging it, answers it, and keeps no content once done', async () => {
    const { transport, shown, log } = recordingTransport('sw.amira');
    const event = consoleEvent('sw.amira', { type: 'message', text: 'help' }, t.clock.now());
    let storedAtAck: InboundRecord | undefined;
    transport.ack = async () => {
      storedAtAck = await INBOUND_EVENT_DOC.get(t.store, event.id);
      log.push('ack');
    };
    expect(await t.app.pipeline.run({ event, transport })).toBe('done');
    expect(storedAtAck).toMatchObject({ status: 'pending', receivedAt: t.clock.now().toISOString() });
    expect(log[0]).toBe('ack');
    expect(shown[0].card?.title).toMatch(/What I can do for you, Amira/);
    const done = await INBOUND_EVENT_DOC.get(t.store, event.id);
    expect(done).toMatchObject({ status: 'done', attempts: 1 });
    expect(done?.event).toBeUndefined();
  });

  it('answers a copy of an event already taken with the ack only', async () => {
    const event = consoleEvent('sw.amira', { type: 'message', text: 'help' }, t.clock.now());
    const first = recordingTransport('sw.amira');
    const copy = recordingTransport('sw.amira');
    expect(await t.app.pipeline.run({ event, transport: first.transport })).toBe('done');
    expect(await t.app.pipeline.run({ event, transport: copy.transport })).toBe('duplicate');
    expect(copy.log).toEqual(['ack']);
  });

  it('hands a reply the platform cannot take now to the outbox, which delivers it', async () => {
    const { transport, shown } = recordingTransport('sw.amira', { failSends: 1 });
    const event = consoleEvent('sw.amira', { type: 'message', text: 'help' }, t.clock.now());
    expect(await t.app.pipeline.run({ event, transport })).toBe('done');
    expect(shown).toHaveLength(0);
    await t.settle();
    expect(t.channel.to('sw.amira')[0].card?.title).toMatch(/What I can do for you, Amira/);
  });

  it('runs an event again from storage when its turn died after the ack, and answers it once', async () => {
    const event = consoleEvent('sw.amira', { type: 'message', text: 'help' }, t.clock.now());
    // What a process that acknowledged the event and then died leaves behind.
    const { transport } = recordingTransport('sw.amira');
    await t.app.pipeline.inbound.accept({ key: event.id, event, fallback: transport.fallback, receivedAt: t.clock.now().toISOString(), status: 'pending', attempts: 1 }, t.clock.now().getTime() + 15_000);
    expect(await t.app.recovery.sweep()).toEqual([]); // not yet: its own process may still be on it
    t.clock.advance(20_000);
    expect(await t.app.recovery.sweep()).toEqual(['done']);
    await t.settle();
    expect(t.channel.to('sw.amira').map((r) => r.card?.title)).toEqual([expect.stringMatching(/What I can do for you, Amira/)]);
    t.clock.advance(60_000);
    expect(await t.app.recovery.sweep()).toEqual([]);
    expect(await t.app.pipeline.run({ event, transport })).toBe('duplicate');
  });

  it('tells the person when the turn stops, runs it again, and asks them to try again once the tries run out', async () => {
    const broken = new Error('the remembering step broke');
    const remember = t.app.services.conversations.saveForPerson.bind(t.app.services.conversations);
    t.app.services.conversations.saveForPerson = async () => {
      throw broken;
    };
    const { transport, shown } = recordingTransport('sw.amira');
    const event = consoleEvent('sw.amira', { type: 'message', text: 'help' }, t.clock.now());
    expect(await t.app.pipeline.run({ event, transport })).toBe('retrying');
    expect(shown.map((r) => r.text)).toEqual([expect.stringMatching(/couldn't finish that just now. I'll try again by myself.*999/)]);
    t.clock.advance(10 * 60_000);
    expect(await t.app.recovery.sweep()).toEqual(['retrying']);
    t.clock.advance(10 * 60_000);
    expect(await t.app.recovery.sweep()).toEqual(['failed']);
    await t.settle();
    expect(t.channel.to('sw.amira').map((r) => r.text)).toEqual([expect.stringMatching(/couldn't finish that just now. Please try again in a minute/)]);
    t.app.services.conversations.saveForPerson = remember;
    t.clock.advance(10 * 60_000);
    expect(await t.app.recovery.sweep()).toEqual([]);
    expect((await INBOUND_EVENT_DOC.get(t.store, event.id))?.status).toBe('failed');
  });

  it('tells the person when their previous turn still holds the conversation, then answers from storage', async () => {
    const { transport, shown } = recordingTransport('sw.amira');
    const event = consoleEvent('sw.amira', { type: 'message', text: 'help' }, t.clock.now());
    let release!: () => void;
    const held = t.store.withLock(`turn:console:${event.conversation.id}`, () => new Promise<void>((r) => (release = r)));
    expect(await t.app.pipeline.run({ event, transport, lockWaitMs: 50 })).toBe('retrying');
    expect(shown[0].text).toMatch(/still working on what you sent just before/);
    release();
    await held;
    t.clock.advance(60_000);
    expect(await t.app.recovery.sweep()).toEqual(['done']);
    await t.settle();
    expect(t.channel.to('sw.amira')[0].card?.title).toMatch(/What I can do for you, Amira/);
  });
});
