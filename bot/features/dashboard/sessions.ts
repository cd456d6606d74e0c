/**
 * Getting from a chat turn to a browser session without a new password. The bot makes a link
 * for one person: 32 random bytes, usable once, for `dashboard.linkTtl`. Opening it starts a
 * session held in an HttpOnly, SameSite=Strict cookie (Secure when the bot's public address is
 * HTTPS) that lasts `dashboard.sessionTtl` (a working day) or until the person signs out.
 *
 * Only a SHA-256 of each token is stored, so a copy of the store opens nothing. Expiry is
 * checked against the stored time as well as the store's TTL (a moved test clock or a slow
 * TTL never lets a stale link or session through). Single use is a `claim` (SET NX), so two
 * tabs racing with the same link get one session between them.
 *
 * @example
 *   const sessions = new DashboardSessions(services);
 *   const url = await sessions.makeLink('tm.grace');          // posted in chat
 *   const opened = await sessions.redeem(token);             // { ok: true, cookie } once
 *   const personId = await sessions.personFor(cookieHeader); // on every page view
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Services } from '../../core/services';
import { LINK_DOC, SESSION_DOC } from './documents';

export const COOKIE = 'swis_dashboard';
export const DASHBOARD_PATH = '/dashboard';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export type Redeemed = { ok: true; personId: string; cookie: string } | { ok: false; reason: 'invalid' | 'used' };

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export class DashboardSessions {
  constructor(private readonly services: Services) {}

  private get limits() {
    return this.services.config.dashboard;
  }

  private now(): number {
    return this.services.now().getTime();
  }

  /** A single-use link for this person, on the bot's public address. */
  async makeLink(personId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const ttl = this.limits.linkTtl;
    await LINK_DOC.put(this.services.store, hash(token), { personId, expiresAt: this.now() + ttl }, { ttlMs: ttl });
    return `${this.services.publicUrl.replace(/\/$/, '')}${DASHBOARD_PATH}/open/${token}`;
  }

  /** Turns a link into a session, once. */
  async redeem(token: string): Promise<Redeemed> {
    if (!TOKEN.test(token)) return { ok: false, reason: 'invalid' };
    const key = hash(token);
    const grant = await LINK_DOC.get(this.services.store, key);
    if (!grant || grant.expiresAt <= this.now()) return { ok: false, reason: 'invalid' };
    if (!(await this.services.store.claim(`${LINK_DOC.collection}-used:${key}`, this.limits.linkTtl))) return { ok: false, reason: 'used' };
    const session = randomBytes(32).toString('base64url');
    const ttl = this.limits.sessionTtl;
    await SESSION_DOC.put(this.services.store, hash(session), { personId: grant.personId, expiresAt: this.now() + ttl }, { ttlMs: ttl });
    return { ok: true, personId: grant.personId, cookie: this.cookie(session, Math.floor(ttl / 1000)) };
  }

  /** The person whose live session the request's cookie names, if any. */
  async personFor(cookieHeader: string | undefined): Promise<string | undefined> {
    const token = readCookie(cookieHeader);
    if (!token) return undefined;
    const grant = await SESSION_DOC.get(this.services.store, hash(token));
    return grant && grant.expiresAt > this.now() ? grant.personId : undefined;
  }

  /** Ends the session and returns the cookie that clears it in the browser. */
  async signOut(cookieHeader: string | undefined): Promise<string> {
    const token = readCookie(cookieHeader);
    if (token) await SESSION_DOC.delete(this.services.store, hash(token));
    return this.cookie('', 0);
  }

  private cookie(value: string, maxAgeSeconds: number): string {
    const secure = this.services.publicUrl.startsWith('https:') ? '; Secure' : '';
    return `${COOKIE}=${value}; Path=${DASHBOARD_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure}`;
  }
}

function readCookie(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    const value = rest.join('=');
    if (name === COOKIE && TOKEN.test(value)) return value;
  }
  return undefined;
}
