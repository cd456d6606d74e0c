/**
 * Launches the system's Chromium through playwright-core for browser tests. Fails with a
 * clear message when Chromium is missing (never skips): `.ci/run` installs it on a fresh
 * machine; `CHROMIUM_PATH` points at another build.
 *
 * @example
 *   const browser = await launchChromium();
 *   const page = await (await browser.newContext()).newPage();
 */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is needed for the browser tests and was not found at ${CHROMIUM}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}
