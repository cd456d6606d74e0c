/**
 * A platform's side of the wire, played on loopback: an HTTP peer on 127.0.0.1 that records
 * every request the bot makes to it (as the platform's own record type), answers in JSON the way
 * the platform does, answers differently when a test scripts it (`answerNext` once, `answerAlways`
 * from now on; `hang` never answers), and lets a test wait for requests: `waitForRequests` resolves the
 * moment the request it waits for arrives, and fails naming what came instead after a generous
 * timeout. Slack's Web API (tests/slack/harness.ts), Teams' Bot Connector and its OpenID metadata
 * (tests/teams/harness.ts) are each one of these with their platform's records and answers.
 *
 * @example
 *   const peer = await new FakePlatform<{ path: string; body: any }>({
 *     record: (req) => ({ path: req.path, body: req.body }),
 *     answer: () => ({ body: { ok: true } }),
 *   }).start();
 *   peer.answerNext((r) => r.path === '/api/chat.postMessage', { status: 429, headers: { 'Retry-After': '1' } });
 *   // ... the bot posts twice ...
 *   const [refused, sent] = await peer.waitForRequests((r) => r.path === '/api/chat.postMessage', 2, 'two posts');
 *   expect(refused.refused).toBe(true);
 *   await peer.close();
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as it reached the peer: the HTTP method, path, headers and body (parsed). */
export interface PeerRequest {
  method: string;
  /** The path with its query, as requested. */
  url: string;
  /** The path without the query. */
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The body as text. */
  text: string;
  /** The body parsed: JSON, or a form's fields (JSON-looking fields parsed too), or the text. */
  body: any;
}

/** How the peer answers one request. */
export interface PeerAnswer {
  /** Never answer (the request hangs until the peer closes): a platform gone quiet mid-reply. */
  hang?: boolean;
  /** Default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON; default `{ ok: true }`. */
  body?: unknown;
}

/** What a platform is, for the peer: how a request is recorded, and how it is normally answered. */
export interface PlatformPlay<R> {
  record(req: PeerRequest): R;
  answer(record: R, req: PeerRequest): PeerAnswer;
  /** A record in a few words, for the message of a wait that timed out (default: its JSON). */
  label?(record: R): string;
}

/** What every record carries: whether the peer refused it. */
export interface Refusable {
  /** The peer answered with an error (an HTTP error or `ok: false`): the platform showed nothing. */
  refused?: boolean;
}

type Scripted<R> = { match: (r: R) => boolean; answer: (r: R) => PeerAnswer | undefined };

/** Long enough for any honest wait on a loaded machine, short of Jest's 20 s test timeout. */
export const WAIT_MS = 15_000;

export class FakePlatform<R extends object> {
  /** Every request the bot made, recorded in arrival order. */
  readonly requests: (R & Refusable)[] = [];
  private readonly scriptedOnce: Scripted<R>[] = [];
  private readonly scriptedAlways: Scripted<R>[] = [];
  private readonly arrivals = new Set<() => void>();
  private server?: http.Server;
  private base?: string;

  constructor(private readonly play: PlatformPlay<R>) {}

  async start(): Promise<this> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  /** http://127.0.0.1:<port> of the peer. */
  get url(): string {
    if (!this.base) throw new Error('the fake platform is not started');
    return this.base;
  }

  /** Answer the next request that matches with this (e.g. a 429), then answer normally again. */
  answerNext(match: (r: R) => boolean, answer: PeerAnswer | ((r: R) => PeerAnswer | undefined)): void {
    this.scriptedOnce.push({ match, answer: typeof answer === 'function' ? answer : () => answer });
  }

  /** Answer every request that matches with this from now on. */
  answerAlways(match: (r: R) => boolean, answer: PeerAnswer | ((r: R) => PeerAnswer | undefined)): void {
    this.scriptedAlways.unshift({ match, answer: typeof answer === 'function' ? answer : () => answer });
  }

  /** Resolves with the matching requests as soon as there are at least `count` of them. */
  waitForRequests(match: (r: R) => boolean, count: number, what: string, timeoutMs = WAIT_MS): Promise<(R & Refusable)[]> {
    const matching = () => this.requests.filter(match);
    if (matching().length >= count) return Promise.resolve(matching());
    return new Promise((resolve, reject) => {
      const arrived = () => {
        if (matching().length < count) return;
        done();
        resolve(matching());
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`expected ${what} (${count}), got ${matching().length}; the fake had: ${this.describe()}`));
      }, timeoutMs);
      timer.unref();
      const done = () => {
        clearTimeout(timer);
        this.arrivals.delete(arrived);
      };
      this.arrivals.add(arrived);
    });
  }

  /** Forgets what was recorded so far. */
  clear(): void {
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }

  private describe(): string {
    return this.requests.map((r) => this.play.label?.(r) ?? JSON.stringify(r).slice(0, 120)).join(', ') || 'nothing';
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = req.url ?? '/';
    const request: PeerRequest = { method: req.method ?? '', url, path: url.split('?')[0], headers: req.headers, text, body: parseBody(req.headers['content-type'], text) };
    const record: R & Refusable = this.play.record(request);
    const once = this.scriptedOnce.findIndex((s) => s.match(record));
    const scripted = once >= 0 ? this.scriptedOnce.splice(once, 1)[0].answer(record) : this.scriptedAlways.find((s) => s.match(record))?.answer(record);
    const answer = scripted ?? this.play.answer(record, request);
    if (!answer.hang && ((answer.status ?? 200) >= 300 || (answer.body as { ok?: boolean } | undefined)?.ok === false)) record.refused = true;
    this.requests.push(record);
    for (const arrived of [...this.arrivals]) arrived();
    if (answer.hang) return;
    res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json', ...(answer.headers ?? {}) });
    res.end(JSON.stringify(answer.body ?? { ok: true }));
  }
}

function parseBody(contentType: string | undefined, text: string): any {
  if (!text) return undefined;
  if ((contentType ?? '').includes('x-www-form-urlencoded')) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(text)) out[k] = /^[[{]/.test(v) ? jsonOr(v, v) : v;
    return out;
  }
  return jsonOr(text, text);
}

function jsonOr(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}
