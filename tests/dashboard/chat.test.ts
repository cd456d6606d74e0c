/**
 * The dashboard from the chat side and over plain HTTP: who gets a link, where the buttons
 * are, what the link and the cookie are like, and the configuration that governs them.
 */
import YAML from 'yaml';
import { parseConfig } from '../../bot/config/load';
import { buildManifest } from '../../manifest/teams/package';
import { makeApp, sampleConfigData, settingsFrom, type TestApp } from '../helpers/app';
import { seedWeek } from '../digest/seed';
import { dashboardSettings } from './fixture';

function linkOf(reply: { card?: { actions: { type: string; url?: string }[] } }): string | undefined {
  return reply.card?.actions.find((a) => a.type === 'link')?.url;
}

describe('asking for the dashboard in chat', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp(); // the sample: DSL dashboards off
  });
  afterAll(() => t.close());

  it('gives a team manager a link made for them, saying it works once and for how long', async () => {
    const [r] = await t.say('tm.grace', 'dashboard');
    expect(linkOf(r)).toMatch(/\/dashboard\/open\/[A-Za-z0-9_-]{43}$/);
    expect(r.text).toMatch(/works once, within 10m/);
    // Only on the button: a notification line or a link preview must not spend it.
    expect(r.text).not.toContain('/dashboard/open/');
    const [again] = await t.say('tm.grace', 'dashboard');
    expect(linkOf(again)).not.toBe(linkOf(r));
  });

  it('tells a DSL the authority has not turned school dashboards on, and a worker that it is not for them', async () => {
    const [dsl] = await t.say('dsl.werneth', 'dashboard');
    expect(linkOf(dsl)).toBeUndefined();
    expect(dsl.text).toMatch(/not turned on school dashboards/);
    const [worker] = await t.say('sw.amira', 'dashboard');
    expect(linkOf(worker)).toBeUndefined();
    const [press] = await t.press('sw.amira', 'dashboard.open');
    expect(linkOf(press)).toBeUndefined();
  });

  it("puts an 'Open the dashboard' button on the manager's home and on the team digest, and help lists it", async () => {
    const [home] = await t.say('tm.grace', 'home');
    expect(home.card?.actions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'submit', verb: 'dashboard.open' })]));
    const [noHome] = await t.say('dsl.werneth', 'home');
    expect(JSON.stringify(noHome.card ?? {})).not.toContain('dashboard.open');
    await seedWeek(t.app.services);
    const [digest] = await t.say('tm.grace', 'digest');
    expect(digest.card?.actions).toEqual(expect.arrayContaining([expect.objectContaining({ verb: 'dashboard.open', title: 'Open the dashboard' })]));
    const [pressed] = await t.press('tm.grace', 'dashboard.open');
    expect(linkOf(pressed)).toMatch(/\/dashboard\/open\//);
    const [help] = await t.say('tm.grace', 'help');
    expect(help.text + JSON.stringify(help.card ?? {})).toMatch(/dashboard/);
  });
});

describe('the link and the session over HTTP', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await makeApp({ settings: dashboardSettings(false) });
    base = `http://127.0.0.1:${await t.app.start(0)}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => t.app.server.close(() => r()));
    await t.close();
  });
  const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, base);

  it('sets an HttpOnly, SameSite=Strict cookie for a working day, and pages refuse to run scripts or be framed by others', async () => {
    const [r] = await t.say('tm.grace', 'dashboard');
    const res = await fetch(local(linkOf(r)!), { redirect: 'manual' });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^swis_dashboard=[A-Za-z0-9_-]{43}; Path=\/dashboard; Max-Age=32400; HttpOnly; SameSite=Strict$/);
    const page = await fetch(`${base}/dashboard`, { headers: { cookie: cookie.split(';')[0] } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'.*frame-ancestors 'self' https:\/\/teams\.microsoft\.com/);
    expect(await page.text()).not.toMatch(/<script/i);
  });

  it('refuses a forged or missing session, a forged link and an unknown table', async () => {
    expect((await fetch(`${base}/dashboard`)).status).toBe(401);
    expect((await fetch(`${base}/dashboard`, { headers: { cookie: `swis_dashboard=${'A'.repeat(43)}` } })).status).toBe(401);
    expect((await fetch(`${base}/dashboard/open/${'A'.repeat(43)}`)).status).toBe(410);
    expect((await fetch(`${base}/dashboard/open/short`)).status).toBe(410);
    const [r] = await t.say('tm.grace', 'dashboard');
    const cookie = (await fetch(local(linkOf(r)!))).headers.get('set-cookie')!.split(';')[0];
    expect((await fetch(`${base}/dashboard/csv/everything`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${base}/dashboard/csv/consultations`, { headers: { cookie } })).status).toBe(200);
  });

  it('stops showing anything to someone who is no longer a manager, even with a live session', async () => {
    const [r] = await t.say('tm.grace', 'dashboard');
    const cookie = (await fetch(local(linkOf(r)!))).headers.get('set-cookie')!.split(';')[0];
    const team = t.app.services.directory.team('werneth-swis')!;
    const manager = team.manager;
    (team as { manager: string }).manager = 'tm.ravi';
    try {
      const res = await fetch(`${base}/dashboard`, { headers: { cookie } });
      expect(res.status).toBe(403);
      expect(await res.text()).not.toMatch(/Werneth School/);
    } finally {
      (team as { manager: string }).manager = manager;
    }
  });

  it('marks the cookie Secure when the bot is served over HTTPS', async () => {
    const s = await makeApp({ settings: settingsFrom(sampleConfigData(), { PUBLIC_URL: 'https://swis.example.gov.uk' }) });
    const port = await s.app.start(0);
    try {
      const [r] = await s.say('tm.grace', 'dashboard');
      expect(linkOf(r)).toMatch(/^https:\/\/swis\.example\.gov\.uk\/dashboard\/open\//);
      const res = await fetch(linkOf(r)!.replace(/^https:\/\/[^/]+/, `http://127.0.0.1:${port}`));
      expect(res.headers.get('set-cookie')).toMatch(/; Secure$/);
    } finally {
      await new Promise<void>((r) => s.app.server.close(() => r()));
      await s.close();
    }
  });
});

describe('dashboard configuration', () => {
  it('defaults to DSL dashboards off, 10-minute links and 9-hour sessions when the section is absent', () => {
    const data = sampleConfigData();
    delete data.dashboard;
    const config = parseConfig(YAML.stringify(data), 'old.yaml');
    expect(config.dashboard).toEqual({ dslAccess: false, linkTtl: 600_000, sessionTtl: 32_400_000 });
  });

  it('names the bad field', () => {
    const data = sampleConfigData();
    data.dashboard = { linkTtl: 'soon' };
    expect(() => parseConfig(YAML.stringify(data), 'bad.yaml')).toThrow(/field "dashboard.linkTtl"/);
  });
});

describe('the Teams personal tab', () => {
  const env = {
    MicrosoftAppId: '6b1f0000-0000-4000-8000-000000000001',
    TEAMS_PRIVACY_URL: 'https://www.werneth-vale.gov.uk/privacy/swis',
    TEAMS_TERMS_URL: 'https://www.werneth-vale.gov.uk/terms/swis',
  };

  it("points the app's Dashboard tab at the bot's own /dashboard, and leaves it out without a public address", () => {
    const manifest = buildManifest({ ...env, PUBLIC_URL: 'https://swis.example.gov.uk/' }, []);
    expect(manifest.staticTabs).toEqual([
      { entityId: 'swis-dashboard', name: 'Dashboard', contentUrl: 'https://swis.example.gov.uk/dashboard', websiteUrl: 'https://swis.example.gov.uk/dashboard', scopes: ['personal'] },
    ]);
    expect(manifest.validDomains).toEqual(['swis.example.gov.uk']);
    expect(buildManifest(env, []).staticTabs).toBeUndefined();
  });
});
