import { Writable } from 'node:stream';
import pino from 'pino';
import { createApp } from '../../bot/app';
import { consoleEvent, RecordingChannel, settingsFrom, TestClock } from '../helpers/app';
import { MemoryStore } from '../../storage/memory/memory-store';
import { action, consultConfig, GOOD_FORM } from './flow';

describe('consultations: nothing anyone typed goes into a log line', () => {
  it('logs ids and states only, through a whole consultation with a refused name, at debug level', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const clock = new TestClock('2026-11-23T10:00:00Z');
    const app = createApp({ settings: settingsFrom(consultConfig()), store: new MemoryStore(), log: pino({ level: 'debug' }, stream), now: clock.now });
    app.services.notifier.addChannel(new RecordingChannel('console'));
    await app.services.scheduler.start();
    const act = (who: string, verb: string, data: Record<string, string> = {}, inputs: Record<string, string> = {}) =>
      app.bot.handle(consoleEvent(who, { type: 'action', verb, data, inputs }, clock.now()));
    try {
      await app.bot.handle(consoleEvent('sw.amira', { type: 'message', text: 'hello' }, clock.now()));
      await app.bot.handle(consoleEvent('dsl.werneth', { type: 'message', text: 'is this a MASH referral?' }, clock.now()));
      await act('dsl.werneth', 'consult.submit', {}, { ...GOOD_FORM, reference: 'Zephyrine Quigley' });
      const [step] = await act('dsl.werneth', 'consult.submit', {}, { ...GOOD_FORM, reference: 'ZQ7', whatHappened: 'Xanthippe said the flat has no heating.' });
      const id = action(step, 'consult.indicators').data!.id;
      await act('dsl.werneth', 'consult.indicators', { id }, { ind_neglect: 'neglect-hunger' });
      await act('sw.amira', 'consult.answer', { id, answer: 'early_help' }, { advice: 'Quokka advice text', timeSpent: '5_30' });
      await act('dsl.harrytown', 'consult.view', { id: 'Zephyrine Quigley' });
      await act('dsl.werneth', 'consult.close', { id });
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      await app.services.scheduler.stop();
    }
    const all = lines.join('');
    expect(all).toMatch(/consultation opened/);
    expect(all).toMatch(/consultation closed and recorded/);
    for (const typed of ['Zephyrine', 'Quigley', 'ZQ7', 'Xanthippe', 'heating', 'Quokka', 'hungry']) expect(all).not.toContain(typed);
  });
});
