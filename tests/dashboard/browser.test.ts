/**
 * The dashboard in a real browser (the system's Chromium through playwright-core), opened
 * from a link the bot made in a chat turn, against the real server on loopback.
 * Screenshots go to a temporary folder; UPDATE_SCREENSHOTS=1 writes them to docs/screenshots
 * for the README.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TIME_SPENT_LABELS } from '../../bot/core/activity-labels';
import { BUCKET_MINUTES, TIME_SPENT } from '../../storage/activity-log';
import { makeApp, type TestApp } from '../helpers/app';
import { readCsv } from '../digest/csv';
import { launchChromium } from './browser';
import { dashboardSettings, RANGE, seedDashboard, seedTerm } from './fixture';

jest.setTimeout(180_000);

const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(__dirname, '../../docs/screenshots') : fs.mkdtempSync(path.join(os.tmpdir(), 'swis-dash-'));

function linkOf(reply: { card?: { actions: { type: string; url?: string }[] } }): string {
  const url = reply.card?.actions.find((a) => a.type === 'link')?.url;
  if (!url) throw new Error('the reply has no link');
  return url;
}

async function tableRows(page: Page, id: string): Promise<string[][]> {
  return page.$$eval(`#table-${id} tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll('th,td')].map((c) => (c.textContent ?? '').trim())));
}

async function tableMap(page: Page, id: string): Promise<Record<string, string[]>> {
  return Object.fromEntries((await tableRows(page, id)).map(([k, ...rest]) => [k, rest]));
}

const plain = (s: string) => s.replace(/,/g, '');

describe('the dashboard in Chromium, opened from chat', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function open(personId: string, width = 1280): Promise<Page> {
    const [reply] = await t.say(personId, 'dashboard');
    const ctx = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await page.goto(linkOf(reply));
    await page.waitForURL(/\/dashboard$/);
    return page;
  }

  async function showRange(page: Page, extra = ''): Promise<void> {
    const base = page.url().replace(/\?.*$/, '');
    await page.goto(`${base}?range=custom&from=${RANGE.from}&to=${RANGE.to}${extra}`);
  }

  beforeAll(async () => {
    t = await makeApp({ settings: dashboardSettings(true) }); // clock: Mon 23 Nov 2026 10:00
    await t.app.start(0);
    await seedDashboard(t.app.services);
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await new Promise<void>((r) => t.app.server.close(() => r()));
    await t.close();
  });

  it("shows a manager their team's figures, the same as the export of the same data says", async () => {
    const page = await open('tm.grace');
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: 'swis_dashboard', httpOnly: true, sameSite: 'Strict', path: '/dashboard' });

    // Choose the range with the form, as a manager would.
    await page.selectOption('#range', 'custom');
    await page.fill('#from', RANGE.from);
    await page.fill('#to', RANGE.to);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/range=custom/);
    await expect(page.locator('#range-label').textContent()).resolves.toContain('Mon 16 Nov 2026 to Sun 22 Nov 2026');

    const [exp] = await t.say('tm.grace', `export ${RANGE.from} ${RANGE.to}`);
    const csv = readCsv((await (await fetch(linkOf(exp))).text()).replace(/^\uFEFF/, ''));
    const [head, ...rows] = csv;
    const col = (name: string) => head.indexOf(name);
    const bucket = Object.fromEntries(TIME_SPENT.map((b) => [TIME_SPENT_LABELS[b], BUCKET_MINUTES[b]]));
    const live = rows.filter((r) => r[col('Superseded by correction')] === 'no' && r[col('Withdrawn')] === 'no');
    const sum = (key: string) => {
      const out: Record<string, { minutes: number; entries: number }> = {};
      for (const r of live) {
        const k = r[col(key)];
        out[k] ??= { minutes: 0, entries: 0 };
        out[k].minutes += r[col('Minutes')] ? Number(r[col('Minutes')]) : bucket[r[col('Time spent')]];
        out[k].entries++;
      }
      return out;
    };
    // The known week: nine entries, a corrected one (its correction counts), an undone one (does not).
    expect(live.length).toBe(10);

    const bySchool = await tableMap(page, 'time-by-school');
    for (const [school, f] of Object.entries(sum('School'))) expect(bySchool[school].slice(0, 2).map(plain)).toEqual([String(f.entries), String(f.minutes)]);
    const byActivity = await tableMap(page, 'time-by-activity');
    for (const [type, f] of Object.entries(sum('Activity type'))) expect(byActivity[type].slice(0, 2).map(plain)).toEqual([String(f.entries), String(f.minutes)]);
    const byWorker = await tableMap(page, 'time-by-worker');
    for (const [worker, f] of Object.entries(sum('Social worker'))) expect(plain(byWorker[worker].at(-1)!)).toBe(String(f.minutes));
    // The other team's school and worker are not on it.
    expect(await page.textContent('body')).not.toMatch(/Reddish|Zara/);

    const consultations = await tableMap(page, 'consultations');
    expect(consultations['Received']).toEqual(['3']);
    expect(consultations['Answered within target']).toEqual(['1']);
    expect(consultations['Escalated']).toEqual(['1']);
    expect(consultations['Open and overdue now']).toEqual(['1']);
    expect(consultations['Time to first response, median']).toEqual(['1h 05m']);
    expect(consultations['Time to first response, 90th percentile']).toEqual(['1h 49m']);
    const visits = await tableMap(page, 'dropins-tas');
    expect(Object.fromEntries(Object.entries(visits).map(([k, [v]]) => [k, v]))).toEqual({
      'Drop-in places offered': '4',
      'Drop-in places booked': '3',
      Attended: '1',
      'Did not attend': '1',
      'TAS actions agreed': '3',
      'TAS actions completed': '2',
      'TAS actions completed on time': '1',
      'TAS actions open now': '1',
      'TAS actions overdue now': '1',
    });
    const outcomes = await tableMap(page, 'outcomes');
    expect(outcomes['MASH decision: Referred – section 47 enquiry or strategy discussion']).toEqual(['0']);
    expect(outcomes['Re-referrals within 12 months']).toEqual(['0']);
    expect(await page.textContent('body')).not.toContain('not recorded yet');

    const reads = await t.app.services.activityLog.accessRecords(new Date(0), new Date('2030-01-01'));
    expect(reads.filter((r) => r.personId === 'tm.grace' && r.purpose === 'dashboard').length).toBeGreaterThanOrEqual(2);
  });

  it('downloads each table as a CSV holding exactly what the table shows', async () => {
    const page = await open('tm.grace');
    await showRange(page);
    for (const id of ['time-by-school', 'consultations', 'trend-weeks']) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`#table-${id}`).locator('xpath=../..').getByRole('link', { name: /Download CSV/ }).click()]);
      expect(download.suggestedFilename()).toBe(`swis-dashboard-${id}-${RANGE.from}-to-${RANGE.to}.csv`);
      const file = readCsv(fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, ''));
      const headers = await page.$$eval(`#table-${id} thead th`, (ths) => ths.map((th) => (th.textContent ?? '').trim()));
      expect(file[0]).toEqual(headers);
      expect(file.slice(1).map((r) => r.map(plain))).toEqual((await tableRows(page, id)).map((r) => r.map(plain)));
    }
    const reads = await t.app.services.activityLog.accessRecords(new Date(0), new Date('2030-01-01'));
    expect(reads.some((r) => r.personId === 'tm.grace' && r.purpose === 'dashboard-csv')).toBe(true);
  });

  it('works from the keyboard, names its charts for screen readers, and fits a phone; screenshots at both widths', async () => {
    const page = await open('tm.grace');
    await showRange(page);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to the figures');
    // Each chart is an image named by its title and description (aria-labelledby), as a screen reader reads it.
    const charts = (await page.evaluate(`[...document.querySelectorAll('svg.chart')].map((s) => ({
      role: s.getAttribute('role'),
      name: (s.getAttribute('aria-labelledby') || '').split(' ').map((id) => document.getElementById(id)?.textContent).join(' '),
    }))`)) as { role: string; name: string }[];
    expect(charts.length).toBeGreaterThanOrEqual(5);
    for (const c of charts) {
      expect(c.role).toBe('img');
      expect(c.name.length).toBeGreaterThan(20);
    }
    // The screenshots show the term so far, with earlier weeks filled in (outside the known weeks).
    await seedTerm(t.app.services);
    await page.goto(page.url().replace(/\?.*$/, '?range=this-term'));
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-desktop.png'), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-phone.png'), fullPage: false });
    for (const f of ['dashboard-desktop.png', 'dashboard-phone.png']) expect(fs.statSync(path.join(SHOTS, f)).size).toBeGreaterThan(10_000);

    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('form.filters')).toBe(false);
  });

  it("shows a manager of another team only their own team, whatever the address asks for", async () => {
    const page = await open('tm.ravi');
    await showRange(page, '&school=werneth&worker=sw.amira');
    const text = (await page.textContent('body'))!;
    expect(text).toContain('That school is not one of yours');
    expect(text).toContain('Reddish Vale High School');
    expect(text).not.toMatch(/Werneth School|Harrytown|Amira|Ben Carter|Grace/);
    expect(Object.keys(await tableMap(page, 'time-by-school'))).toEqual(['Reddish Vale High School']);
    expect((await tableMap(page, 'time-by-worker'))['Zara Quinn'].at(-1)).toBe('120');
    expect((await tableMap(page, 'consultations'))['Received']).toEqual(['1']);
    expect((await tableMap(page, 'dropins-tas'))['Drop-in places offered']).toEqual(['0']);
    const [cookie] = await page.context().cookies();
    const base = page.url().replace(/\/dashboard\?.*$/, '');
    const res = await fetch(`${base}/dashboard/csv/time-by-school?range=custom&from=${RANGE.from}&to=${RANGE.to}&school=werneth`, { headers: { cookie: `${cookie.name}=${cookie.value}` } });
    expect(res.status).toBe(200);
    const csv = await res.text();
    expect(csv).not.toContain('Werneth');
  });

  it("shows a DSL their own school's figures only, with no worker's name", async () => {
    const page = await open('dsl.werneth');
    await showRange(page, '&worker=sw.ben&school=harrytown');
    const text = (await page.textContent('body'))!;
    expect(Object.keys(await tableMap(page, 'time-by-school'))).toEqual(['Werneth School']);
    expect(await page.$('#table-time-by-worker')).toBeNull();
    expect(await page.$('#worker')).toBeNull();
    expect(text).not.toMatch(/Harrytown|Amira|Ben Carter|Olu|Reddish/);
    expect((await tableMap(page, 'consultations'))['Received']).toEqual(['3']);
    expect((await tableMap(page, 'time-by-school'))['Werneth School'].slice(0, 2)).toEqual(['3', '140']);
  });

  it('refuses a used or expired link, and ends the session on sign-out or after a working day', async () => {
    const [reply] = await t.say('tm.grace', 'dashboard');
    const link = linkOf(reply);
    const ctx = await browser.newContext();
    contexts.push(ctx);
    const page = await ctx.newPage();
    await page.goto(link);
    await page.waitForURL(/\/dashboard$/);

    const other = await (await browser.newContext()).newPage();
    contexts.push(other.context());
    const again = await other.goto(link);
    expect(again?.status()).toBe(410);
    expect(await other.textContent('body')).toContain('already been used');
    expect((await other.goto(link.replace(/\/open\/.*/, '/')))?.status()).toBe(401);

    const [late] = await t.say('tm.grace', 'dashboard');
    t.clock.advance(t.app.services.config.dashboard.linkTtl + 1000);
    const expired = await other.goto(linkOf(late));
    expect(expired?.status()).toBe(410);
    expect(await other.textContent('body')).toContain('expired');

    // Still signed in a little later; signed out after a working day.
    expect((await page.reload())?.status()).toBe(200);
    t.clock.advance(t.app.services.config.dashboard.sessionTtl);
    expect((await page.reload())?.status()).toBe(401);
    t.clock.set('2026-11-23T10:00:00Z');

    const fresh = await open('tm.grace');
    await fresh.getByRole('link', { name: 'Sign out' }).click();
    await expect(fresh.textContent('h1')).resolves.toBe('Signed out');
    expect((await fresh.goto(fresh.url().replace(/\/sign-out$/, '')))?.status()).toBe(401);
  });
});
