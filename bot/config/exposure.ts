/**
 * What the environment may not combine: the Bot Framework Emulator's unauthenticated mode is
 * only for a bot listening on this machine (loopback), and never beside a real app id. Checked
 * with the rest of the environment at start-up; a problem stops start-up with one line.
 *
 * @example
 *   exposureProblem({ ...env, TEAMS_EMULATOR: true, HOST: '0.0.0.0' })
 *   // 'field "TEAMS_EMULATOR": Emulator mode has no authentication, so it needs HOST to be loopback (127.0.0.1 or ::1), not "0.0.0.0"'
 */
import type { Env } from './schema';

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

export function exposureProblem(env: Pick<Env, 'TEAMS_EMULATOR' | 'HOST' | 'MicrosoftAppId'>): string | undefined {
  if (!env.TEAMS_EMULATOR) return undefined;
  if (env.MicrosoftAppId) return 'field "TEAMS_EMULATOR": Emulator mode has no authentication; unset it when MicrosoftAppId is set';
  if (!isLoopbackHost(env.HOST)) {
    return `field "TEAMS_EMULATOR": Emulator mode has no authentication, so it needs HOST to be loopback (127.0.0.1 or ::1), not "${env.HOST}"`;
  }
  return undefined;
}
