/**
 * `npm run playground` for real: it starts the bot (Teams Emulator mode, loopback) and
 * Microsoft's 365 Agents Playground; system Chromium (playwright-core) opens the Playground,
 * sends `help` and sees the help card rendered as an Adaptive Card. Then, with a consultation
 * raised by a DSL in a terminal (the console channel of the same bot), the link worker opens
 * it in the Playground; the screenshot goes to docs/screenshots/ for the README. Fails, saying
 * why, when Chromium or the Playground cannot start.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { RemoteLink } from '../../adapters/console/link';
import { readConsoleSecret } from '../../adapters/console/secret';
import { freePort, npmProcess, type NpmProcess } from '../console/npm-process';

jest.setTimeout(300_000);

const CHROMIUM = '/usr/bin/chromium';
// The README's screenshots are rewritten only when asked (UPDATE_SCREENSHOTS=1), as the dashboard's are.
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(__dirname, '..', '..', 'docs', 'screenshots') : fs.mkdtempSync(path.join(os.tmpdir(), 'swis-playground-'));

async function type(page: Page, text: string): Promise<void> {
  // The compose box is a rich-text editor (contenteditable), as in Teams.
  const box = page.locator('[data-lexical-editor="true"][role="textbox"]').last();
  await box.click();
  await page.keyboard.type(text);
  await page.getByRole('button', { name: 'Send Message' }).click();
}

describe('Microsoft 365 Agents Playground against the local bot', () => {
  let pg: NpmProcess | undefined;
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await pg?.terminate().catch(() => undefined);
  });

  it('opens, sends help and shows the help card; a worker opens a consultation raised in a terminal', async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: install it (apt-get install chromium) to run the Playground test.`);
    const port = await freePort();
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'swis-pg-'));
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), PLAYGROUND_PORT: String(await freePort()), SWIS_RUN_DIR: runDir, LOG_LEVEL: 'warn' };
    pg = npmProcess(['run', 'playground'], env, 'npm run playground');
    const [, url] = await pg.waitFor(/Open (http:\/\/localhost:\d+) in your browser/, 180_000).catch((err: Error) => {
      throw new Error(`The Playground could not start, so the test cannot run: ${err.message}`);
    });

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // The Playground fetches fonts from Microsoft's CDN; offline it falls back to local fonts.
    await page.route(/^https?:\/\/(?!localhost|127\.0\.0\.1)/, (r) => r.abort());
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await page.getByText('Act as someone from the configuration').first().waitFor({ timeout: 120_000 });

    await type(page, 'as dsl.werneth');
    await page.getByText(/You are now Priya Shah/).first().waitFor({ timeout: 60_000 });
    await type(page, 'help');
    const help = page.locator('.ac-adaptiveCard', { hasText: 'What I can do for you, Priya' });
    await help.first().waitFor({ timeout: 60_000 });
    expect(await help.first().innerText()).toMatch(/consult/);
    await page.screenshot({ path: path.join(SHOTS, 'playground-help.png') });

    // A DSL raises a consultation from a terminal (the same bot's console channel).
    const secret = readConsoleSecret(env, port);
    if (!secret) throw new Error('the bot started by npm run playground has no console channel');
    const dsl = await RemoteLink.connect(secret, 'dsl.werneth', () => undefined, () => undefined);
    await dsl.handle('dsl.werneth', { type: 'action', verb: 'consult.danger.no', data: {}, inputs: {} });
    const sent = await dsl.handle('dsl.werneth', {
      type: 'action',
      verb: 'consult.submit',
      data: {},
      inputs: {
        yearGroup: 'Y9', reference: 'JS', categories: 'other',
        whatHappened: 'Came in hungry again and said there is no food at home since the weekend.',
        knownToSocialCare: 'no', parentsKnow: 'no', consent: 'not_asked', schoolActions: 'Breakfast club; spoke to the form tutor.', urgency: 'amber',
      },
    });
    expect(sent.map((r) => r.text).join('\n')).toMatch(/#\d+/);
    dsl.close();

    // The link worker, in the Playground, opens it.
    await type(page, 'as sw.amira');
    await page.getByText(/You are now Amira Hassan/).first().waitFor({ timeout: 60_000 });
    await type(page, 'consultations');
    const open = page.getByRole('button', { name: /^Open #\d+$/ }).last();
    await open.waitFor({ timeout: 60_000 });
    await open.click();
    // The opened view ("Consultation #N"), not the "New consultation" notice, which the outbox
    // may deliver after it on a busy machine.
    const consultation = page.locator('.ac-adaptiveCard', { hasText: 'no food at home' }).filter({ hasText: /Consultation #\d+/ }).last();
    await consultation.waitFor({ timeout: 60_000 });
    // The worker's answers are a compact choice list (more than three would not fit a phone's
    // row of buttons): opened as a person would, it offers Early help.
    expect(await consultation.innerText()).toMatch(/Choose one[\s\S]*Go/);
    await consultation.getByText('Choose one').first().click();
    await page.getByText(/Early help/).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await consultation.evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(SHOTS, 'playground-consultation.png') });
  });
});
