/**
 * Every card of the census, as people see it: rendered by Microsoft's `adaptivecards` library
 * with Teams' light-theme host configuration and its container CSS (from the Adaptive Cards
 * Designer, npm `adaptivecards-designer` 2.4.4, MIT; see tests/cards/teams-host/README.md),
 * in headless Chromium (the system's Debian `chromium`, driven by playwright-core) at phone
 * width (360 px) and desktop width (540 px).
 *
 * It fails when any text, choice or button is cut (scrollWidth wider than the element, or an
 * ellipsis shown), when more than three buttons sit side by side, or when a card is taller
 * than a sensible limit for its kind. Screenshots of every card at both widths go to
 * test-output/cards/ (git-ignored) so a person can look at them.
 *
 * Chromium missing is a failure with a clear message, never a silent pass.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { toAdaptiveCard } from '../../cards/adaptive';
import { collectCensus, type Census, type CensusCard } from './census';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(__dirname, '..', '..', 'test-output', 'cards');
const WIDTHS = [360, 540] as const;
const HOST = path.join(__dirname, 'teams-host');
/** Teams' chat pane keeps about this much either side of a card on a phone. */
const MARGIN = 16;

/** Tallest a card may be, by kind: a form scrolls (it is filled in), a message should not. */
export function heightLimit(c: CensusCard, width: number): number {
  const phone = width < 400;
  if (c.form) return phone ? 3200 : 2600;
  if (/digest|workload/i.test(c.where) || /digest|workload/i.test(c.card.title ?? '')) return phone ? 1800 : 1500;
  return phone ? 1400 : 1100;
}

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}, so the cards cannot be checked in a browser. ` +
        'Install Debian\'s package (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** A page with the adaptivecards library and Teams' host config, ready to render cards. */
export async function cardPage(browser: Browser, width: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 800 }, deviceScaleFactor: 1 });
  const css = fs.readFileSync(path.join(HOST, 'teams-container-light.css'), 'utf8').replace(/url\([^)]*\)/g, 'none');
  await page.setContent(
    `<!doctype html><html><head><meta charset="utf-8"><style>${css}
      body { margin: 0; background: #f5f5f5; font-family: "Segoe UI", "DejaVu Sans", sans-serif; }
      #frame { margin: ${MARGIN}px; width: ${width - 2 * MARGIN}px; background: white; border-radius: 4px; }
    </style></head><body><div id="frame"><div id="card"></div></div></body></html>`,
  );
  await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.min.js') });
  await page.evaluate((hostConfig) => {
    (globalThis as any).hostConfig = hostConfig;
  }, JSON.parse(fs.readFileSync(path.join(HOST, 'host-config.json'), 'utf8')));
  await page.addScriptTag({ path: path.join(__dirname, 'in-page.js') });
  return page;
}

export interface Measured {
  height: number;
  cut: string[];
  maxButtonsInARow: number;
  errors: string[];
}

/** Renders one card and measures what a person would notice (see in-page.js). */
export async function renderAndMeasure(page: Page, json: unknown): Promise<Measured> {
  return page.evaluate((cardJson) => (globalThis as any).swisMeasure(cardJson), json) as Promise<Measured>;
}

function fileName(i: number, c: CensusCard): string {
  return `${String(i).padStart(3, '0')}-${c.where.replace(/[^a-z0-9.]+/gi, '-').replace(/^-|-$/g, '').slice(0, 60)}.png`;
}

describe('every card reads well in Teams at phone and desktop width (real browser)', () => {
  let census: Census;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
    census = await collectCensus();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await census?.close();
  });

  it.each(WIDTHS)('at %i px: nothing cut, at most three buttons in a row, not too tall (screenshots in test-output/cards/)', async (width) => {
    const page = await cardPage(browser, width);
    // Links to the bot's own server (the digest chart) are answered by the census app.
    await page.route(/^https?:\/\/localhost(:\d+)?\//, async (route) => {
      const res = await census.serve(route.request().url());
      if (res) await route.fulfill({ status: res.status, contentType: res.contentType, body: res.body });
      else await route.fulfill({ status: 404, body: 'not found' });
    });
    const dir = path.join(SCREENSHOTS, `${width}px`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const problems: string[] = [];
    const seen = new Set<string>();
    let i = 0;
    for (const c of census.cards) {
      const json = toAdaptiveCard(c.card);
      const key = JSON.stringify(json);
      if (seen.has(key)) continue;
      seen.add(key);
      const m = await renderAndMeasure(page, json);
      const where = `${c.where} ("${c.card.title ?? ''}")`;
      for (const e of m.errors) problems.push(`${where}: ${e}`);
      for (const x of m.cut) problems.push(`${where}: cut at ${width}px: ${x}`);
      if (m.maxButtonsInARow > 3) problems.push(`${where}: ${m.maxButtonsInARow} buttons side by side`);
      const limit = heightLimit(c, width);
      if (m.height > limit) problems.push(`${where}: ${m.height}px tall, more than ${limit}px for its kind`);
      await page.locator('#frame').screenshot({ path: path.join(dir, fileName(i++, c)) });
    }
    await page.close();
    expect(i).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  }, 600_000);
});
