/**
 * The bot's one Slack Web API client and the few calls it makes: post a message (paced to
 * about one a second per channel across processes), answer through a response_url, open a DM,
 * open a modal, publish the App Home. Slack's errors become the scheduler's words: 429 is
 * `RetryLater` with Retry-After, hopeless errors (channel gone, account inactive, bad token)
 * are `PermanentFailure`. The WebClient's own retry policy is kept short, and 429s are handed
 * back rather than waited out, so no call hangs for the default half hour.
 *
 * @example
 *   const api = new SlackApi({ token, slackApiUrl, store, log });
 *   await api.post({ channel: 'D123' }, { text: 'Booked: Mon 10:00' });
 *   const dm = await api.openDm('U0SWIS0004');
 */
import { ErrorCode, WebClient, type Logger as SlackLogger, LogLevel, type WebClientOptions } from '@slack/web-api';
import { fallbackText, escapeMrkdwn, toBlockKit, toSlackModal, SLACK_LIMITS, clip } from '../../cards/blockkit';
import type { Card } from '../../cards/tree';
import type { Logger } from '../../bot/core/log';
import { pace } from '../../bot/core/pacer';
import type { Reply } from '../../bot/core/reply';
import { NotYet, PermanentFailure, RetryLater } from '../../bot/scheduling/scheduler';
import type { Store } from '../../storage/store';

/** Slack allows about one chat.postMessage a second per channel, with short bursts. */
const PER_CHANNEL_PER_SECOND = 1;
const PACE_BURST = 2;

/** Errors that another try cannot fix. */
const HOPELESS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'account_inactive',
  'user_not_found',
  'user_disabled',
  'users_not_found',
  'cannot_dm_bot',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'no_permission',
  'team_access_not_granted',
  'restricted_action',
  'msg_too_long',
  'invalid_blocks',
  'invalid_arguments',
  'no_text',
  'too_many_attachments',
]);

export interface Where {
  channel: string;
  threadTs?: string;
}

export class SlackApi {
  readonly client: WebClient;
  private readonly dms = new Map<string, string>();

  constructor(
    private readonly deps: { token: string; slackApiUrl?: string; store: Store; log: Logger },
  ) {
    const options: WebClientOptions = {
      slackApiUrl: deps.slackApiUrl,
      logger: quietLogger(deps.log),
      logLevel: LogLevel.WARN,
      // One quick retry for a network blip; anything longer is the scheduler's job.
      retryConfig: { retries: 1, factor: 2, minTimeout: 250, maxTimeout: 1000, maxRetryTime: 5000 },
      rejectRateLimitedCalls: true,
      timeout: 10_000,
    };
    this.client = new WebClient(deps.token, options);
  }

  /** chat.postMessage, paced per channel (`queued`: the delivery's id, see pace). Returns the message ts. */
  async post(where: Where, reply: Reply, queued?: string): Promise<string | undefined> {
    await this.pace(where.channel, queued);
    const res = await call(() =>
      this.client.chat.postMessage({
        channel: where.channel,
        ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
        ...messageBody(reply),
      }),
    );
    return res.ts as string | undefined;
  }

  /** chat.postMessage without the shared pacer (which lives in storage): for the storage-away notice only. */
  async postUnpaced(where: Where, reply: Reply): Promise<void> {
    await call(() => this.client.chat.postMessage({ channel: where.channel, ...(where.threadTs ? { thread_ts: where.threadTs } : {}), ...messageBody(reply) }));
  }

  /** chat.update: the message a person clicked shows its card's new state (Tier 3, not the 1/s post limit). */
  async update(where: Where & { ts: string }, reply: Reply): Promise<void> {
    await call(() => this.client.chat.update({ channel: where.channel, ts: where.ts, ...messageBody(reply) }));
  }

  /**
   * Answers a slash command or an ephemeral message privately (only the person sees it);
   * `replaceOriginal` puts the reply in place of the ephemeral message that was clicked.
   */
  async respond(responseUrl: string, reply: Reply, replaceOriginal = false): Promise<void> {
    let res: Response;
    try {
      res = await fetch(responseUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: replaceOriginal, ...messageBody(reply) }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (err) {
      throw new RetryLater(`response_url unreachable: ${(err as Error).message}`);
    }
    if (res.status === 429) throw new RetryLater('response_url rate limited', retryAfterMs(res.headers.get('retry-after')));
    // A response_url expires after 30 minutes or five uses: then only a DM can reach the person.
    if (res.status >= 400 && res.status < 500) throw new PermanentFailure(`response_url refused (${res.status})`);
    if (!res.ok) throw new RetryLater(`response_url failed (${res.status})`);
  }

  /** The bot's DM channel with a user (conversations.open is idempotent; cached per process). */
  async openDm(userId: string): Promise<string> {
    const known = this.dms.get(userId);
    if (known) return known;
    const res = await call(() => this.client.conversations.open({ users: userId }));
    const id = (res.channel as { id?: string } | undefined)?.id;
    if (!id) throw new PermanentFailure('conversations.open returned no channel');
    this.dms.set(userId, id);
    return id;
  }

  /** Opens a form as a modal; the trigger id is only good for three seconds after the click. */
  async openModal(triggerId: string, form: Card, metadata: string): Promise<void> {
    await call(() => this.client.views.open({ trigger_id: triggerId, view: modalView(form, metadata) as never }));
  }

  async publishHome(userId: string, view: Record<string, unknown>): Promise<void> {
    await call(() => this.client.views.publish({ user_id: userId, view: view as never }));
  }

  /** Who the token belongs to (start-up check; never on the request path). */
  async whoAmI(): Promise<{ teamId?: string; botUserId?: string; botId?: string }> {
    const res = await call(() => this.client.auth.test());
    return { teamId: res.team_id as string | undefined, botUserId: res.user_id as string | undefined, botId: res.bot_id as string | undefined };
  }

  /** Shared across processes (GCRA in the store); throws NotYet when the wait would be long. */
  private async pace(channel: string, queued?: string): Promise<void> {
    await pace(this.deps.store, [{ key: `slack:channel:${channel}`, perSecond: PER_CHANNEL_PER_SECOND, burst: PACE_BURST }], { holder: queued });
  }
}

/** The modal view for a form card: its first submit button's verb is the callback id. */
export function modalView(form: Card, metadata: string): Record<string, unknown> {
  const submit = form.actions.find((a) => a.type === 'submit');
  return toSlackModal(form, { callbackId: submit?.type === 'submit' ? submit.verb : 'form', privateMetadata: metadata });
}

/** text + blocks for chat.postMessage and response_url. `text` is the notification line. */
export function messageBody(reply: Reply): { text: string; blocks?: Record<string, unknown>[] } {
  const text = clip(escapeMrkdwn(reply.text || (reply.card ? fallbackText(reply.card) : ' ')), SLACK_LIMITS.fallbackText);
  return reply.card ? { text, blocks: toBlockKit(reply.card).blocks } : { text };
}

/** Runs a Web API call and turns Slack's error into RetryLater / PermanentFailure. */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw deliveryError(err);
  }
}

export function deliveryError(err: unknown): Error {
  if (err instanceof RetryLater || err instanceof PermanentFailure) return err;
  // The pacer's "not before this": to the scheduler, another try after that wait.
  if (err instanceof NotYet) return new RetryLater('paced', err.ms);
  const e = err as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  switch (e.code) {
    case ErrorCode.RateLimitedError:
      return new RetryLater('slack rate limited', (e.retryAfter ?? 1) * 1000);
    case ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      if (code === 'ratelimited') return new RetryLater('slack rate limited');
      return HOPELESS.has(code) ? new PermanentFailure(`slack refused: ${code}`) : new RetryLater(`slack error: ${code}`);
    }
    case ErrorCode.HTTPError:
      return e.statusCode && e.statusCode >= 400 && e.statusCode < 500 && e.statusCode !== 408
        ? new PermanentFailure(`slack http ${e.statusCode}`)
        : new RetryLater(`slack http ${e.statusCode ?? 'error'}`);
    case ErrorCode.RequestError:
      return new RetryLater('slack unreachable');
    default:
      return err instanceof Error ? err : new Error(String(err));
  }
}

function retryAfterMs(header: string | null): number | undefined {
  const s = Number(header);
  return Number.isFinite(s) && s >= 0 ? s * 1000 : undefined;
}

/**
 * The WebClient logs request bodies at debug level; message content must never reach the logs,
 * so only its warnings and errors pass, as the first (string) argument.
 */
export function quietLogger(log: Logger): SlackLogger {
  const first = (args: unknown[]) => (typeof args[0] === 'string' ? args[0].slice(0, 200) : 'slack client message');
  let level: LogLevel = LogLevel.WARN;
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...args: unknown[]) => log.warn({ component: 'slack' }, first(args)),
    error: (...args: unknown[]) => log.error({ component: 'slack' }, first(args)),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}
