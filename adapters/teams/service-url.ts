/**
 * Where the bot may send a Teams activity: the `serviceUrl` an activity names is where replies
 * and later proactive messages go, so only Microsoft's Bot Connector hosts are allowed (or
 * loopback in Emulator mode, or the origins in TEAMS_SERVICE_URL_ALLOWLIST). An activity naming
 * any other serviceUrl is refused before anything is stored, and a stored reference that names
 * one is never used.
 *
 * Patterns are origins: `https://smba.trafficmanager.net`, `https://*.botframework.com` (any
 * subdomain), `http://127.0.0.1:3978` (that port only; without a port, any port).
 *
 * @example
 *   const allowed = ServiceUrlAllowList.forMode('authenticated', process.env.TEAMS_SERVICE_URL_ALLOWLIST);
 *   allowed.allows('https://smba.trafficmanager.net/uk/'); // true
 *   allowed.allows('https://attacker.example/');           // false
 */

/** Microsoft's Bot Connector for Teams: public cloud, GCC, GCC High, DoD; and Bot Framework channels. */
export const BOT_CONNECTOR_ORIGINS = [
  'https://smba.trafficmanager.net',
  'https://*.botframework.com',
  'https://smba.infra.gcc.teams.microsoft.com',
  'https://smba.infra.gov.teams.microsoft.us',
  'https://smba.infra.dod.teams.microsoft.us',
];

/** The Bot Framework Emulator listens on this machine. */
export const LOOPBACK_ORIGINS = ['http://127.0.0.1', 'http://localhost', 'http://[::1]'];

interface Pattern {
  protocol: string;
  host: string;
  wildcard: boolean;
  port?: string;
}

function parsePattern(text: string): Pattern | undefined {
  const m = /^(https?):\/\/(\*\.)?([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?\/?$/i.exec(text.trim());
  if (!m) return undefined;
  return { protocol: `${m[1].toLowerCase()}:`, wildcard: !!m[2], host: m[3].toLowerCase(), ...(m[4] ? { port: m[4] } : {}) };
}

export class ServiceUrlAllowList {
  private readonly patterns: Pattern[];

  constructor(readonly origins: string[]) {
    this.patterns = origins.map((o) => {
      const p = parsePattern(o);
      if (!p) throw new Error(`"${o}" is not an origin such as https://smba.trafficmanager.net`);
      return p;
    });
  }

  /** The configured list when there is one, else the mode's default. */
  static forMode(mode: 'emulator' | 'authenticated', configured?: string): ServiceUrlAllowList {
    const list = (configured ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    return new ServiceUrlAllowList(list.length ? list : mode === 'emulator' ? LOOPBACK_ORIGINS : BOT_CONNECTOR_ORIGINS);
  }

  allows(serviceUrl: unknown): boolean {
    if (typeof serviceUrl !== 'string') return false;
    let url: URL;
    try {
      url = new URL(serviceUrl);
    } catch {
      return false;
    }
    if (url.username || url.password) return false;
    const host = url.hostname.toLowerCase();
    const port = url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '');
    return this.patterns.some(
      (p) =>
        p.protocol === url.protocol &&
        (p.wildcard ? host.endsWith(`.${p.host}`) : host === p.host) &&
        (p.port === undefined || p.port === port),
    );
  }
}
