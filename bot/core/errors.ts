/**
 * The project's typed errors: each carries a stable `code` (what logs and metrics count, never
 * content) and, where it wraps another failure, its `cause`, so a log line keeps the whole
 * chain through the logger's error serializer instead of only a message.
 *
 * @example
 *   throw new SwisError('storage_unreachable', 'Redis did not answer', { cause: err });
 *   if (isSwisError(err, 'lock_timeout')) reply('busy');
 */
export class SwisError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** True when err is one of the project's errors (optionally with the given code). */
export function isSwisError(err: unknown, code?: string): err is SwisError {
  return err instanceof SwisError && (code === undefined || err.code === code);
}
