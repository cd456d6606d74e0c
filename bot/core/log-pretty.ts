/**
 * Readable log lines for a person at a terminal: `10:04:12 INFO  consultation opened
 * personId=dsl.werneth`. The same pino records as the JSON lines production keeps; only the
 * look changes. Used when stdout is a TTY (and LOG_FORMAT is not `json`).
 *
 * @example
 *   pino({ level: 'info' }, prettyStream(process.stdout));
 */
import type { Writable } from 'node:stream';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const HIDDEN = new Set(['level', 'time', 'msg', 'app', 'pid', 'hostname', 'v']);

export function prettyLine(json: string): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(json);
  } catch {
    return json;
  }
  const time = new Date(Number(rec.time ?? Date.now())).toTimeString().slice(0, 8);
  const fields = Object.entries(rec)
    .filter(([k]) => !HIDDEN.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return `${time} ${LEVELS[Number(rec.level)] ?? 'INFO '} ${String(rec.msg ?? '')}${fields.length ? `  ${fields.join(' ')}` : ''}\n`;
}

export function prettyStream(out: Pick<Writable, 'write'>): { write(chunk: string): boolean } {
  return {
    write(chunk: string) {
      return out.write(
        chunk
          .split('\n')
          .filter(Boolean)
          .map((line) => prettyLine(line))
          .join(''),
      );
    },
  };
}

/** Pretty when a person is watching, JSON otherwise (or when LOG_FORMAT=json). */
export function wantsPretty(env: NodeJS.ProcessEnv = process.env, stdout: { isTTY?: boolean } = process.stdout): boolean {
  if (env.LOG_FORMAT === 'json') return false;
  return env.LOG_FORMAT === 'pretty' || !!stdout.isTTY;
}
