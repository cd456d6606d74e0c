/**
 * The bot's logger (pino): JSON lines carrying ids, route names and error codes, never content.
 * Nothing a person typed, and never a child's name or date of birth, goes into a log line.
 *
 * Errors are logged as `err` (the Error object itself): the serializer keeps the type, code,
 * status and stack frames, and redacts the message (quoted text, long tokens) before it is
 * written, because error messages can echo what came in (JSON.parse quotes the body it choked
 * on). Other properties of the error (request options, response bodies) are dropped.
 *
 * @example
 *   log.info({ personId, consultationId }, 'consultation opened');
 *   log.error({ activityId, err }, 'teams: request failed');
 */
import pino from 'pino';
import { prettyStream, wantsPretty } from './log-pretty';

export type Logger = pino.Logger;

/** An error message with quoted text, long tokens and anything past 300 characters removed. */
export function redactMessage(message: string): string {
  return message
    .replace(/(["'`])(?:(?!\1)[\s\S]){0,4000}?\1/g, '$1[redacted]$1')
    .replace(/[A-Za-z0-9+/_=.-]{40,}/g, '[redacted]')
    .slice(0, 300);
}

interface LoggedError {
  type: string;
  message: string;
  stack?: string;
  code?: string | number;
  statusCode?: number;
  cause?: LoggedError | unknown;
}

/**
 * pino's err serializer, with values redacted and only type, code, status, stack frames and
 * the `cause` chain (a few levels, each redacted the same way) kept.
 */
export function errSerializer(err: unknown, depth = 0): LoggedError | unknown {
  if (!(err instanceof Error)) return typeof err === 'string' ? redactMessage(err) : err === undefined || err === null ? err : '[not an error]';
  const e = err as Error & { code?: unknown; statusCode?: unknown };
  const message = redactMessage(e.message ?? '');
  const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  return {
    type: e.name || e.constructor?.name || 'Error',
    message,
    stack: [`${e.name || 'Error'}: ${message}`, ...frames].join('\n'),
    ...(typeof e.code === 'string' || typeof e.code === 'number' ? { code: e.code } : {}),
    ...(typeof e.statusCode === 'number' ? { statusCode: e.statusCode } : {}),
    ...(e.cause !== undefined && depth < 3 ? { cause: errSerializer(e.cause, depth + 1) } : {}),
  };
}

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { app: 'swis-bot' },
    serializers: { err: (e: unknown) => errSerializer(e) },
    // Belt and braces: fields that could carry content are removed if a caller slips.
    redact: { paths: ['text', '*.text', 'inputs', '*.inputs', 'body', '*.body', 'card', '*.card'], remove: true },
  };
  if (destination) return pino(options, destination);
  // Readable lines for a person at a terminal; JSON lines otherwise (production, tests).
  return wantsPretty() ? pino(options, prettyStream(process.stdout)) : pino(options);
}

/** A logger that writes nothing, for tests and the terminal channel. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
