/**
 * The bot's logger (pino): JSON lines carrying ids, never content. Nothing a person typed,
 * and never a child's name or date of birth, goes into a log line.
 *
 * @example
 *   log.info({ personId, consultationId }, 'consultation opened');
 */
import pino from 'pino';
import { prettyStream, wantsPretty } from './log-pretty';

export type Logger = pino.Logger;

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { app: 'swis-bot' },
    // Belt and braces: fields that could carry content are removed if a caller slips.
    redact: { paths: ['text', '*.text', 'inputs', '*.inputs', 'body', '*.body', 'card', '*.card'], remove: true },
  };
  // Readable lines for a person at a terminal; JSON lines otherwise (production, tests).
  return wantsPretty() ? pino(options, prettyStream(process.stdout)) : pino(options);
}

/** A logger that writes nothing, for tests and the terminal channel. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
