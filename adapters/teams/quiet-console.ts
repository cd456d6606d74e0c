/**
 * botbuilder writes to `console.error` when a token fails verification, and what it prints
 * carries the signing key and the token's details. While the Teams adapter is mounted, console
 * output coming from inside botbuilder is replaced by one debug line on the bot's logger
 * (naming the source, never the content); everything else reaches the console unchanged.
 *
 * @example
 *   const restore = quietBotbuilderConsole(log);
 *   app.onStop(async () => restore());
 */
import type { Logger } from '../../bot/core/log';

const FROM_BOTBUILDER = /[\\/]node_modules[\\/](botframework-[a-z-]+|botbuilder(-[a-z-]+)?)[\\/]/;

let installed: { error: typeof console.error; warn: typeof console.warn } | undefined;
const loggers: Logger[] = [];

function fromBotbuilder(): boolean {
  const stack = new Error().stack ?? '';
  // Skip this file's own frames: the caller is the third line onwards.
  return FROM_BOTBUILDER.test(stack.split('\n').slice(3).join('\n'));
}

export function quietBotbuilderConsole(log: Logger): () => void {
  loggers.push(log);
  if (!installed) {
    const original = { error: console.error, warn: console.warn };
    installed = original;
    const wrap =
      (level: 'error' | 'warn') =>
      (...args: unknown[]): void => {
        if (!fromBotbuilder()) return original[level].apply(console, args);
        loggers[loggers.length - 1]?.debug({ source: 'botbuilder', level }, 'botbuilder console output withheld (it can carry tokens and keys)');
      };
    console.error = wrap('error');
    console.warn = wrap('warn');
  }
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    loggers.splice(loggers.indexOf(log), 1);
    if (!loggers.length && installed) {
      console.error = installed.error;
      console.warn = installed.warn;
      installed = undefined;
    }
  };
}
