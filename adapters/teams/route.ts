/**
 * `POST /api/messages`: reads the body itself (the shared server has no body parser) with a
 * size limit, checks the activity's shape (activity-shape.ts) and that its serviceUrl is on the
 * allow-list, refuses a token that cannot be Bot Framework's without fetching any key, then lets
 * CloudAdapter authenticate it before anything else runs. Answers are always small JSON without
 * a stack: 413 too large, 400 malformed or a wrong shape (naming the field, never a value), 403
 * a serviceUrl or tenant not served, 401 without a valid Bot Framework token, 503 with
 * Retry-After when Microsoft's signing keys or the bot's storage cannot be reached (logged once
 * per outage), 200 (with the invoke response for invokes) otherwise.
 *
 * In Emulator mode there is no authentication at all: the Authorization header is ignored.
 *
 * @example
 *   server.post('/api/messages', messagesRoute({ adapter, turns, log, allowList, emulator: false }));
 */
import type { IncomingMessage } from 'node:http';
import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type restify from 'restify';
import type { Logger } from '../../bot/core/log';
import { isStorageUnavailable } from '../../storage/unavailable';
import { checkActivity } from './activity-shape';
import { classifyAuthError, RETRY_AFTER_SECONDS, tokenProblem } from './auth-failures';
import type { ServiceUrlAllowList } from './service-url';
import type { Outcome, TeamsTurns } from './turn';

/** CloudAdapter with its authenticate-then-run step reachable, so this route owns the HTTP answer. */
export class TeamsCloudAdapter extends CloudAdapter {
  authenticateAndRun(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

type BodyResult = { ok: true; text: string } | { ok: false; status: 400 | 413 };

/** Reads at most `limit` bytes; past that keeps draining (up to a hard cap) so the 413 can be read. */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: BodyResult) => {
      if (!done) {
        done = true;
        resolve(r);
      }
    };
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      finish({ ok: false, status: 413 });
      return;
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > limit * 8) req.destroy();
    });
    req.on('end', () => finish(size > limit ? { ok: false, status: 413 } : { ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => finish({ ok: false, status: 400 }));
    req.on('close', () => finish(size > limit ? { ok: false, status: 413 } : { ok: false, status: 400 }));
  });
}

export interface MessagesRouteDeps {
  adapter: TeamsCloudAdapter;
  turns: TeamsTurns;
  log: Logger;
  allowList: ServiceUrlAllowList;
  /** Emulator mode: no authentication, the Authorization header is ignored. */
  emulator: boolean;
  maxBodyBytes?: number;
}

const retryLater = (message: string): Outcome => ({ status: 503, body: { code: 'Unavailable', message }, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } });

export function messagesRoute(deps: MessagesRouteDeps) {
  const limit = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let keysDown = false;
  return async (req: restify.Request, res: restify.Response): Promise<void> => {
    const answer = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      if (res.headersSent) return;
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      if (body === undefined) {
        res.status(status);
        res.end();
      } else res.send(status, body);
    };
    const read = await readBody(req, limit);
    if (!read.ok) {
      deps.log.warn({ status: read.status }, read.status === 413 ? 'teams: body too large' : 'teams: body unreadable');
      if (read.status === 413) res.setHeader('Connection', 'close');
      return answer(read.status, { code: read.status === 413 ? 'PayloadTooLarge' : 'BadRequest', message: read.status === 413 ? `body over ${limit} bytes` : 'body unreadable' });
    }
    let body: unknown;
    try {
      body = JSON.parse(read.text);
    } catch {
      deps.log.warn({}, 'teams: malformed JSON');
      return answer(400, { code: 'BadRequest', message: 'body is not JSON' });
    }
    const checked = checkActivity(body);
    if (!checked.ok) {
      deps.log.warn({ field: checked.field }, 'teams: activity of the wrong shape');
      return answer(400, { code: 'BadRequest', message: `activity field "${checked.field}" is missing or not valid` });
    }
    const activity = checked.activity as unknown as Activity;
    if (!deps.allowList.allows(activity.serviceUrl)) {
      deps.log.warn({ activityId: activity.id }, 'teams: refused an activity whose serviceUrl is not on the allow-list');
      return answer(403, { code: 'Forbidden', message: 'this serviceUrl is not served' });
    }
    const auth = deps.emulator ? '' : String(req.headers.authorization ?? '');
    const badToken = deps.emulator ? undefined : tokenProblem(auth);
    if (badToken) {
      deps.log.warn({ activityId: activity.id, reason: badToken }, 'teams: request refused, no valid Bot Framework token');
      return answer(401, { code: 'Unauthorized', message: 'a valid Bot Framework token is needed' });
    }
    let outcome: Outcome = {};
    let started = false;
    try {
      const invokeResponse = await deps.adapter.authenticateAndRun(auth, activity, async (context) => {
        started = true;
        outcome = await deps.turns.run(context);
      });
      if (keysDown) {
        keysDown = false;
        deps.log.info({}, 'teams: signing keys reachable again');
      }
      if (outcome.status) return answer(outcome.status, outcome.body, outcome.headers);
      if (invokeResponse) return answer(invokeResponse.status, invokeResponse.body ?? {});
      return answer(200);
    } catch (err) {
      const authFailure = started ? undefined : classifyAuthError(err);
      if (authFailure === 'unauthorized') {
        deps.log.warn({ activityId: activity.id, reason: (err as Error).name }, 'teams: request refused, no valid Bot Framework token');
        return answer(401, { code: 'Unauthorized', message: 'a valid Bot Framework token is needed' });
      }
      if (authFailure === 'keys-unavailable') {
        if (!keysDown) deps.log.error({ err }, "teams: Microsoft's signing keys cannot be fetched; answering 503 with Retry-After until they can");
        keysDown = true;
        const r = retryLater('authentication is unavailable for a moment, try again shortly');
        return answer(r.status!, r.body, r.headers);
      }
      if (isStorageUnavailable(err)) {
        deps.log.warn({ activityId: activity.id, err }, 'teams: storage unreachable');
        const r = retryLater('storage is unavailable for a moment, try again shortly');
        return answer(r.status!, r.body, r.headers);
      }
      deps.log.error({ activityId: activity.id, err }, 'teams: request failed');
      return answer(500, { code: 'Internal', message: 'internal error' });
    }
  };
}
