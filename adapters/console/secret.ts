/**
 * Where a running bot tells terminals how to reach its console channel: a file readable only by
 * the user who started it (mode 0600, in a directory of mode 0700 that this user owns), holding
 * the loopback port and a secret made fresh at every start. Nothing on a network can use the
 * channel: it listens on 127.0.0.1 only, and a terminal must send the secret first.
 *
 * @example
 *   writeConsoleSecret(env, { port: 40123, token, pid: process.pid });
 *   const s = readConsoleSecret(env); // { port, token, pid } or undefined
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ConsoleSecret {
  port: number;
  token: string;
  pid: number;
}

/** `SWIS_RUN_DIR`, else a per-user directory under the system's temporary directory. */
export function runDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SWIS_RUN_DIR ?? path.join(os.tmpdir(), `swis-bot-${os.userInfo().uid}`);
}

/** One file per bot port, so two bots on one machine do not mix. */
export function secretPath(env: NodeJS.ProcessEnv, botPort: number): string {
  return path.join(runDir(env), `console-${botPort}.json`);
}

function privateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(dir);
  const uid = os.userInfo().uid;
  if (!st.isDirectory() || (uid >= 0 && st.uid !== uid)) throw new Error(`${dir} is not a directory owned by this user; the console channel stays off`);
  if ((st.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
}

export function writeConsoleSecret(env: NodeJS.ProcessEnv, botPort: number, secret: ConsoleSecret): string {
  const dir = runDir(env);
  privateDir(dir);
  const file = secretPath(env, botPort);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(secret), { mode: 0o600 });
  fs.renameSync(tmp, file);
  return file;
}

export function readConsoleSecret(env: NodeJS.ProcessEnv, botPort: number): ConsoleSecret | undefined {
  try {
    const s = JSON.parse(fs.readFileSync(secretPath(env, botPort), 'utf8')) as ConsoleSecret;
    return typeof s.port === 'number' && typeof s.token === 'string' ? s : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the file if it is still this process's (a newer bot may have replaced it). */
export function removeConsoleSecret(env: NodeJS.ProcessEnv, botPort: number, token: string): void {
  if (readConsoleSecret(env, botPort)?.token === token) fs.rmSync(secretPath(env, botPort), { force: true });
}
