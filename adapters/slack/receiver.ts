/**
 * A Bolt receiver on the bot's shared restify server, at one URL for the Events API, slash
 * commands and interactivity. In order, for every request: read the raw body (at most
 * MAX_BODY_BYTES, else 413); verify Slack's signature and timestamp (else 401, and nothing
 * else happens); parse (400/415); check the shape (shape.ts: an event of the wrong shape gets 200
 * and nothing is done, so Slack does not retry it; anything else 400 with X-Slack-No-Retry);
 * answer the url_verification challenge; refuse workspaces not
 * in the configuration (403, logged by team id, nothing stored); drop a retry of something
 * already handled or being handled; then hand it to Bolt with an ack that answers the HTTP
 * request. The ack is sent within ACK_DEADLINE_MS whatever happens; the work goes on after it.
 * When storage cannot be reached, the request is acked and the person told (onStorageAway).
 *
 * Dedupe keeps an event from being lost: a short "handling" claim while it runs, and a "done"
 * mark (kept for limits.dedupeTtl) only when handling succeeded. A failure releases the claim,
 * so Slack's retry is handled; a crash lets the claim expire.
 *
 * @example
 *   const receiver = new RestifyReceiver({ server, signingSecret, store, log, workspaces, dedupeTtlMs });
 *   const bolt = new BoltApp({ receiver, authorize });
 *   await bolt.start(); // mounts POST /slack/events
 */
import type { App as BoltApp, Receiver, ReceiverEvent } from '@slack/bolt';
import type restify from 'restify';
import type { Logger } from '../../bot/core/log';
import type { Store } from '../../storage/store';
import { BodyError, MAX_BODY_BYTES, parseBody, readRaw, type SlackBody } from './body';
import { dedupeKey, teamOf } from './inbound';
import { isStorageUnavailable } from '../../storage/unavailable';
import { shapeProblem } from './shape';
import { verifySignature } from './verify';

export const SLACK_EVENTS_PATH = '/slack/events';
/** Slack gives up after 3 s; answer before that whatever the handler is doing. */
export const ACK_DEADLINE_MS = 2500;
/** How long a handling claim lives if the process dies mid-turn. */
const HANDLING_TTL_MS = 2 * 60_000;
const DONE = 'slack-handled';

export interface ReceiverDeps {
  server: restify.Server;
  signingSecret: string;
  store: Store;
  log: Logger;
  /** Slack team ids from the configuration. */
  workspaces: ReadonlySet<string>;
  dedupeTtlMs: number;
  /**
   * Turns acknowledged but not finished that this process will hold. Past it, requests get 503
   * (before anything is claimed) so Slack retries them later, instead of acknowledged work
   * piling up in memory without bound under a sustained overload.
   */
  maxInFlight: number;
  /**
   * Storage could not be reached before the turn started: the request is acknowledged (a retry
   * would meet the same outage) and this tells the person, once, to try again shortly.
   */
  onStorageAway?: (body: SlackBody) => Promise<void>;
}

export class RestifyReceiver implements Receiver {
  private bolt?: BoltApp;
  private mounted = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: ReceiverDeps) {}

  init(app: BoltApp): void {
    this.bolt = app;
  }

  async start(): Promise<void> {
    if (this.mounted) return;
    this.mounted = true;
    this.deps.server.post(SLACK_EVENTS_PATH, async (req: restify.Request, res: restify.Response) => this.handle(req, res));
  }

  /** Waits (a little) for turns already acked to finish. */
  async stop(): Promise<void> {
    const all = Promise.allSettled([...this.inFlight]);
    await Promise.race([all, new Promise((r) => setTimeout(r, 5000).unref())]);
  }

  /** Resolves when every turn received so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private async handle(req: restify.Request, res: restify.Response): Promise<void> {
    const { log } = this.deps;
    let raw: Buffer;
    try {
      raw = await readRaw(req, MAX_BODY_BYTES);
    } catch (err) {
      const status = err instanceof BodyError ? err.status : 400;
      return send(res, status, { error: status === 413 ? 'body too large' : 'unreadable body' }, true);
    }
    const problem = verifySignature(this.deps.signingSecret, req.headers, raw, Date.now());
    if (problem) {
      log.warn({ platform: 'slack', reason: problem }, 'slack request refused');
      return send(res, 401, { error: 'invalid signature' });
    }
    let body: SlackBody;
    try {
      body = parseBody(req.headers['content-type'], raw);
    } catch (err) {
      const status = err instanceof BodyError ? err.status : 400;
      log.warn({ platform: 'slack', err }, 'slack request unreadable');
      return send(res, status, { error: (err as Error).message });
    }
    const wrong = shapeProblem(body);
    if (wrong) {
      log.warn({ platform: 'slack', kind: wrong.kind, field: wrong.field }, 'slack request of the wrong shape: nothing done');
      // An event answered with anything but 2xx comes back again and again: take it and do nothing.
      if (wrong.kind === 'event') return send(res, 200);
      res.setHeader('X-Slack-No-Retry', '1');
      return send(res, 400, { error: `field "${wrong.field}" is missing or not valid` });
    }
    if (body.ssl_check) return send(res, 200);
    if (body.type === 'url_verification') return send(res, 200, { challenge: String(body.challenge ?? '') });

    const teamId = teamOf(body);
    if (!teamId || !this.deps.workspaces.has(teamId)) {
      log.warn({ platform: 'slack', teamId: teamId ?? 'none' }, 'slack request from a workspace not in the configuration refused');
      res.setHeader('X-Slack-No-Retry', '1');
      return send(res, 403, { error: 'workspace not configured' });
    }

    if (this.inFlight.size >= this.deps.maxInFlight) {
      log.warn({ platform: 'slack', inFlight: this.inFlight.size }, 'slack request refused: too much work in hand; Slack will retry');
      return send(res, 503, { error: 'busy, try again shortly' });
    }

    const key = dedupeKey(body);
    const claim = key && `slack:handling:${key}`;
    try {
      if (key && claim && !(await this.claim(key, claim))) {
        log.debug({ platform: 'slack', key }, 'slack retry of something already handled');
        return send(res, 200);
      }
    } catch (err) {
      if (!isStorageUnavailable(err)) {
        log.error({ platform: 'slack', err }, 'slack dedupe failed');
        return send(res, 500, { error: 'try again' });
      }
      log.warn({ platform: 'slack', err }, 'slack: storage unreachable; acknowledged and the person told to try again');
      send(res, 200);
      await this.deps.onStorageAway?.(body).catch((e: unknown) => log.warn({ platform: 'slack', err: e }, 'slack: could not tell the person storage is away'));
      return;
    }
    await this.process(res, body, key, claim, retryHeaders(req));
  }

  /** True when this process should handle it: not done, and nobody else handling it now. */
  private async claim(key: string, claim: string): Promise<boolean> {
    const { store } = this.deps;
    if (await store.get(DONE, key)) return false;
    if (!(await store.claim(claim, HANDLING_TTL_MS))) return false;
    // It may have finished between the two looks above.
    if (await store.get(DONE, key)) {
      await store.release(claim);
      return false;
    }
    return true;
  }

  private async process(
    res: restify.Response,
    body: SlackBody,
    key: string | undefined,
    claim: string | undefined,
    retry: Pick<ReceiverEvent, 'retryNum' | 'retryReason'>,
  ): Promise<void> {
    const { store, log } = this.deps;
    let acked = false;
    let answered!: () => void;
    const responded = new Promise<void>((r) => (answered = r));
    const answer = (status: number, payload?: unknown) => {
      if (acked) return;
      acked = true;
      clearTimeout(safety);
      send(res, status, payload);
      answered();
    };
    const ack = async (response?: unknown) => answer(200, response);
    const safety = setTimeout(() => answer(200), ACK_DEADLINE_MS);

    const work = (async () => {
      try {
        await this.bolt!.processEvent({ body, ack, ...retry });
        if (key && claim) {
          await store.put(DONE, key, { at: Date.now() }, { ttlMs: this.deps.dedupeTtlMs });
          await store.release(claim);
        }
      } catch (err) {
        if (claim) await store.release(claim).catch(() => undefined);
        if (isStorageUnavailable(err)) log.warn({ platform: 'slack', key, err }, 'slack turn stopped: storage unreachable');
        else log.error({ platform: 'slack', key, err }, 'slack turn failed; a retry will be handled');
        // Not acked yet: a 500 makes Slack retry (events) or show the error (a modal stays open).
        answer(500, { error: 'try again' });
      } finally {
        answer(200);
      }
    })();
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    await responded;
  }
}

function retryHeaders(req: restify.Request): Pick<ReceiverEvent, 'retryNum' | 'retryReason'> {
  const num = Number(req.headers['x-slack-retry-num']);
  const reason = req.headers['x-slack-retry-reason'];
  return {
    ...(Number.isInteger(num) ? { retryNum: num } : {}),
    ...(typeof reason === 'string' ? { retryReason: reason } : {}),
  };
}

function send(res: restify.Response, status: number, payload?: unknown, close = false): void {
  if (res.headersSent) return;
  const headers: Record<string, string> = {};
  if (close) headers.Connection = 'close';
  if (payload === undefined || payload === null || payload === '') {
    res.writeHead(status, headers);
    res.end();
  } else if (typeof payload === 'string') {
    res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(payload);
  } else {
    res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(payload));
  }
}
