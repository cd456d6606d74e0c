/**
 * Slack's one URL on the bot's shared restify server, for the Events API, slash commands and
 * interactivity: a thin receiver of the adapter's own (Bolt's App is not used; the Web API
 * client is @slack/web-api). In order, for every request: read the raw body (at most
 * MAX_BODY_BYTES, else 413); verify Slack's signature and timestamp (else 401, and nothing else
 * happens); parse (400/415); check the shape (shape.ts: an event of the wrong shape gets 200 and
 * nothing is done, so Slack does not retry it; anything else 400 with X-Slack-No-Retry); answer
 * ssl_check and the url_verification challenge; refuse workspaces not in the configuration (403,
 * logged by team id, nothing stored); refuse with 503 past `maxInFlight` turns in hand (Slack
 * retries); then translate (routes.ts) and hand the turn to the core's pipeline with a Slack
 * transport (transport.ts).
 *
 * Timing: the pipeline acks once the event is stored (durable, with its dedupe key), so a retry
 * Slack sends (X-Slack-Retry-Num) is recognised and answered 200 without a second turn; whatever
 * happens the request is answered within ACK_DEADLINE_MS. A turn that fails after the ack is not
 * retried by Slack (it had its 200): the bot runs it again from storage itself.
 *
 * @example
 *   const receiver = new SlackReceiver({ server, signingSecret, log, serves, maxInFlight, onTurn });
 *   receiver.mount(); // POST /slack/events
 */
import type restify from 'restify';
import type { Logger } from '../../bot/core/log';
import { BodyError, MAX_BODY_BYTES, parseBody, readRaw, type SlackBody } from './body';
import { teamOf } from './inbound';
import { shapeProblem } from './shape';
import { verifySignature } from './verify';

export const SLACK_EVENTS_PATH = '/slack/events';
/** Slack gives up after 3 s; answer before that whatever the handler is doing. */
export const ACK_DEADLINE_MS = 2500;

/** Answers the HTTP request once: true when this call answered it, false when it had been already. */
export type Answer = (payload?: unknown) => boolean;

export interface ReceiverDeps {
  server: restify.Server;
  signingSecret: string;
  log: Logger;
  /** True for a Slack team id someone in the directory in use is in (follows changes made from chat). */
  serves: (teamId: string) => boolean;
  /**
   * Turns acknowledged but not finished that this process will hold. Past it, requests get 503
   * (before anything is stored) so Slack retries them later, instead of acknowledged work
   * piling up in memory without bound under a sustained overload.
   */
  maxInFlight: number;
  /** Handles one verified request from a configured workspace; answers through `answer`. */
  onRequest: (body: SlackBody, answer: Answer) => Promise<void>;
}

export class SlackReceiver {
  private mounted = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: ReceiverDeps) {}

  mount(): void {
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
    if (!teamId || !this.deps.serves(teamId)) {
      log.warn({ platform: 'slack', teamId: teamId ?? 'none' }, 'slack request from a workspace not in the configuration refused');
      res.setHeader('X-Slack-No-Retry', '1');
      return send(res, 403, { error: 'workspace not configured' });
    }

    if (this.inFlight.size >= this.deps.maxInFlight) {
      log.warn({ platform: 'slack', inFlight: this.inFlight.size }, 'slack request refused: too much work in hand; Slack will retry');
      return send(res, 503, { error: 'busy, try again shortly' });
    }
    await this.process(res, body, retryNum(req));
  }

  private async process(res: restify.Response, body: SlackBody, retry: number | undefined): Promise<void> {
    const { log } = this.deps;
    let answered!: () => void;
    const responded = new Promise<void>((r) => (answered = r));
    let done = false;
    const answer: Answer = (payload) => {
      if (done) return false;
      done = true;
      clearTimeout(safety);
      send(res, 200, payload);
      answered();
      return true;
    };
    const safety = setTimeout(() => answer(), ACK_DEADLINE_MS);
    const work = (async () => {
      try {
        await this.deps.onRequest(body, answer);
      } catch (err) {
        // The pipeline tells the person itself; this is a bug in translating the request.
        log.error({ platform: 'slack', retry, err }, 'slack request failed');
      } finally {
        answer();
      }
    })();
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    await responded;
  }
}

function retryNum(req: restify.Request): number | undefined {
  const num = Number(req.headers['x-slack-retry-num']);
  return Number.isInteger(num) ? num : undefined;
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
