/**
 * `POST /api/messages`: reads the body itself (the shared server has no body parser) with a
 * size limit, checks the activity has what botbuilder needs, then lets CloudAdapter
 * authenticate it before anything else runs. Answers are always small JSON without a stack:
 * 413 too large, 400 malformed or incomplete, 401 without a valid Bot Framework token, 403 a
 * tenant not served, 200 (with the invoke response for invokes) otherwise.
 *
 * @example
 *   server.post('/api/messages', messagesRoute({ adapter, turns, log }));
 */
import type { IncomingMessage } from 'node:http';
import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type restify from 'restify';
import type { Logger } from '../../bot/core/log';
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

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** What is missing for botbuilder to handle this activity at all, or undefined when complete. */
export function missingField(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'activity';
  const a = body as { type?: unknown; channelId?: unknown; serviceUrl?: unknown; conversation?: { id?: unknown }; from?: { id?: unknown }; recipient?: { id?: unknown } };
  if (!isText(a.type)) return 'type';
  if (!isText(a.channelId)) return 'channelId';
  if (!isText(a.serviceUrl) || !/^https?:\/\//i.test(a.serviceUrl)) return 'serviceUrl';
  if (!isText(a.conversation?.id)) return 'conversation.id';
  if (!isText(a.from?.id)) return 'from.id';
  if (!isText(a.recipient?.id)) return 'recipient.id';
  return undefined;
}

/** Errors botbuilder raises for a token it will not accept. */
function isAuthFailure(err: unknown): boolean {
  const e = err as { name?: string; statusCode?: number };
  if (err instanceof AuthenticationError) return e.statusCode === undefined || e.statusCode === 401;
  return e?.name === 'JsonWebTokenError' || e?.name === 'TokenExpiredError' || e?.name === 'NotBeforeError';
}

export function messagesRoute(deps: { adapter: TeamsCloudAdapter; turns: TeamsTurns; log: Logger; maxBodyBytes?: number }) {
  const limit = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (req: restify.Request, res: restify.Response): Promise<void> => {
    const answer = (status: number, body?: unknown) => {
      if (res.headersSent) return;
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
    const missing = missingField(body);
    if (missing) {
      deps.log.warn({ missing }, 'teams: incomplete activity');
      return answer(400, { code: 'BadRequest', message: `activity needs ${missing}` });
    }
    const activity = body as Activity;
    const auth = String(req.headers.authorization ?? '');
    let outcome: Outcome = {};
    let started = false;
    try {
      const invokeResponse = await deps.adapter.authenticateAndRun(auth, activity, async (context) => {
        started = true;
        outcome = await deps.turns.run(context);
      });
      if (outcome.status) return answer(outcome.status, outcome.body);
      if (invokeResponse) return answer(invokeResponse.status, invokeResponse.body ?? {});
      return answer(200);
    } catch (err) {
      if (!started && isAuthFailure(err)) {
        deps.log.warn({ activityId: activity.id, reason: (err as Error).message }, 'teams: request refused, no valid Bot Framework token');
        return answer(401, { code: 'Unauthorized', message: 'a valid Bot Framework token is needed' });
      }
      deps.log.error({ activityId: activity.id, err: (err as Error).message }, 'teams: request failed');
      return answer(500, { code: 'Internal', message: 'internal error' });
    }
  };
}
