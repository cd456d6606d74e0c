/**
 * The try-it-in-five-minutes path, with the real commands: `npm start`, then a DSL and the link
 * worker each in their own `npm run chat`. The DSL asks for advice, the worker sees it arrive in
 * their terminal and answers, the DSL sees the answer; then everything stops cleanly (the chats
 * on Ctrl+D, the bot on SIGTERM, its console secret file removed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, npmProcess, type NpmProcess } from './npm-process';

jest.setTimeout(300_000);

/** Answers a form the terminal asks field by field. */
async function fill(p: NpmProcess, answers: [RegExp, string][]): Promise<void> {
  for (const [prompt, answer] of answers) {
    await p.waitFor(prompt);
    p.mark();
    p.send(answer);
  }
}

describe('npm start + two npm run chat terminals', () => {
  const started: NpmProcess[] = [];
  afterAll(async () => {
    for (const p of started) await p.terminate().catch(() => undefined);
  });

  it('runs a whole consultation between a DSL and the link worker, then stops cleanly', async () => {
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'swis-e2e-'));
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), SWIS_RUN_DIR: runDir, LOG_LEVEL: 'info' };
    const bot = npmProcess(['start'], env, 'npm start');
    started.push(bot);
    await bot.waitFor(/console: terminals can connect/, 120_000);
    const secret = path.join(runDir, `console-${port}.json`);
    expect(fs.statSync(secret).mode & 0o777).toBe(0o600);

    const dsl = npmProcess(['run', 'chat', '--', '--as', 'dsl.werneth'], env, 'DSL terminal');
    const worker = npmProcess(['run', 'chat', '--', '--as', 'sw.amira'], env, 'worker terminal');
    started.push(dsl, worker);
    await dsl.waitFor(/Connected to the bot running on port \d+[\s\S]*You are Priya Shah/, 120_000);
    await worker.waitFor(/Connected to the bot running on port \d+[\s\S]*You are Amira Hassan/, 120_000);
    worker.mark();

    dsl.mark();
    dsl.send('is this a MASH referral?');
    const no = await dsl.waitFor(/\[(\d)\] No – I would like advice/);
    dsl.mark();
    dsl.send(no[1]);
    const next = await dsl.waitFor(/\[(\d)\] Next/);
    dsl.mark();
    dsl.send(next[1]);
    await fill(dsl, [
      [/Year group: $/m, 'Y9'],
      [/Child reference[^\n]*: $/m, 'JS'],
      [/What is the concern about\?[^\n]*: $/m, 'neglect'],
      [/What happened, and what did the child say\?: $/m, 'Came in hungry again and said there is no food at home since the weekend.'],
      [/known to children's social care\?: $/m, 'no'],
      [/Do parents or carers know about the concern\?: $/m, 'no'],
      [/consent to share information\?: $/m, 'not_asked'],
      [/What has the school done so far\?[^\n]*: $/m, 'Breakfast club.'],
      [/How urgent is it\?: $/m, 'amber'],
    ]);
    const send = await dsl.waitFor(/\[(\d)\] Send to my social worker/);
    dsl.mark();
    dsl.send(send[1]);
    await fill(dsl, [[/Neglect[^\n]*: $/m, 'neglect-hunger']]);
    await dsl.waitFor(/#\d+/);

    // The worker's terminal shows the new consultation without typing anything.
    const card = await worker.waitFor(/\(message\)[\s\S]*Werneth[\s\S]*\[(\d)\] Early help/);
    expect(worker.since()).toMatch(/Y9 JS/);
    worker.mark();
    dsl.mark();
    worker.send(card[1]);
    // A quick answer may ask for advice in a form; answer any field it asks.
    await worker.waitFor(/(Advice[^\n]*: $|#\d+)/m);
    if (/Advice[^\n]*: $/m.test(worker.since())) {
      worker.mark();
      worker.send('Early help assessment with the family; I will call you this afternoon.');
      for (let i = 0; i < 3 && /\(optional, Enter to skip\): $/m.test(await worker.waitFor(/: $|#\d+/m).then(() => worker.since())); i++) {
        worker.mark();
        worker.send('');
      }
    }
    // The DSL's terminal shows Amira's answer.
    await dsl.waitFor(/\(message\)[\s\S]*(Amira|early help)/i);

    expect(await dsl.endInput()).toBe(0);
    expect(await worker.endInput()).toBe(0);
    await bot.terminate();
    expect(bot.output()).toMatch(/"msg":"stopping"/);
    expect(fs.existsSync(secret)).toBe(false);
    // Nothing anyone typed reached the bot's log.
    expect(bot.output()).not.toMatch(/hungry|Early help assessment with the family/);
  });
});
