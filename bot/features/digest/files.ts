/**
 * Short-lived files the bot serves from its own server (the digest chart, CSV exports),
 * each behind an unguessable token: 32 random bytes, stored with an expiry, and refused
 * after it (the store's TTL removes it; the stored expiry is checked too, so a slow TTL or a
 * moved test clock never serves a stale file). A bad or expired token gets a plain 404.
 *
 * A file saved `singleUse` (CSV exports: they hold safeguarding records) is served once: the
 * first download claims it atomically and removes it, so a link that was forwarded, logged by a
 * proxy or left in a browser's history is worth nothing afterwards. A chart image is not single
 * use (Teams and Slack fetch it each time the card is shown, from each device); it holds
 * workload counts only, and lives for limits.digest.chartTtl.
 *
 * @example
 *   const files = new TokenFiles(services);
 *   files.mount();
 *   const url = await files.save({ body: png, contentType: 'image/png', ttlMs: 15 * 60_000 });
 */
import { randomBytes } from 'node:crypto';
import type { Services } from '../../core/services';
import { SERVED_FILE_DOC } from './documents';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
export const FILES_PATH = '/files';

export interface StoredFile {
  contentType: string;
  /** Base64 of the bytes. */
  body: string;
  filename?: string;
  expiresAt: number;
  singleUse?: boolean;
}

export interface SaveFile {
  body: Buffer | string;
  contentType: string;
  ttlMs: number;
  /** Offered as a download under this name. */
  filename?: string;
  /** Served once, then gone. */
  singleUse?: boolean;
}

export class TokenFiles {
  constructor(private readonly services: Services) {}

  /** Serves GET /files/:token on the bot's server. */
  mount(): void {
    this.services.routes.get(`${FILES_PATH}/:token`, async ({ params }) => {
      const file = TOKEN.test(params.token ?? '') ? await SERVED_FILE_DOC.get(this.services.store, params.token) : undefined;
      const left = file ? file.expiresAt - this.services.now().getTime() : 0;
      const gone = !file || left <= 0 || (file.singleUse && !(await this.services.store.claim(`served-file-used:${params.token}`, left)));
      if (!file || gone) {
        return { status: 404, contentType: 'text/plain; charset=utf-8', body: 'This link has expired, was already used or is not valid. Ask the bot for a new one.' };
      }
      if (file.singleUse) await SERVED_FILE_DOC.delete(this.services.store, params.token);
      return {
        status: 200,
        contentType: file.contentType,
        body: Buffer.from(file.body, 'base64'),
        headers: {
          'X-Content-Type-Options': 'nosniff',
          ...(file.filename ? { 'Content-Disposition': `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"` } : {}),
        },
      };
    });
  }

  /** Stores the file and returns its URL on the bot's public address. */
  async save(f: SaveFile): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const doc: StoredFile = {
      contentType: f.contentType,
      body: (typeof f.body === 'string' ? Buffer.from(f.body, 'utf8') : f.body).toString('base64'),
      filename: f.filename,
      ...(f.singleUse ? { singleUse: true } : {}),
      expiresAt: this.services.now().getTime() + f.ttlMs,
    };
    await SERVED_FILE_DOC.put(this.services.store, token, doc, { ttlMs: f.ttlMs });
    // publicUrl is read at save time: the app sets it once the server knows its port.
    return `${this.services.publicUrl.replace(/\/$/, '')}${FILES_PATH}/${token}`;
  }
}
