/**
 * How to reach Redis, from the environment: one server (`REDIS_URL`) or a Sentinel group
 * (`REDIS_SENTINELS` + `REDIS_SENTINEL_NAME`), with an ACL user and password and TLS. The store
 * and BullMQ make every client from this, so both follow a Sentinel failover to the new primary.
 *
 * @example
 *   const conn = redisConnectionFromEnv(env);            // undefined: no Redis configured
 *   const client = newRedisClient(conn!, { maxRetriesPerRequest: 2 });
 */
import fs from 'node:fs';
import Redis, { type RedisOptions } from 'ioredis';

export interface RedisConnection {
  /** A single server (`redis://` or `rediss://`, may carry user and password). */
  url?: string;
  /** Sentinels to ask for the current primary; when set, `url` is not used. */
  sentinels?: { host: string; port: number }[];
  /** The name the Sentinels monitor the primary under. */
  sentinelName?: string;
  username?: string;
  password?: string;
  /** ACL user and password of the Sentinels themselves, when they require one. */
  sentinelUsername?: string;
  sentinelPassword?: string;
  /** TLS to the data nodes (and to the Sentinels when `sentinelTls`). */
  tls?: { ca?: string; servername?: string };
  sentinelTls?: boolean;
}

/** The fields of the environment schema this reads (see bot/config/schema.ts). */
export interface RedisEnv {
  REDIS_URL?: string;
  REDIS_SENTINELS?: { host: string; port: number }[];
  REDIS_SENTINEL_NAME?: string;
  REDIS_USERNAME?: string;
  REDIS_PASSWORD?: string;
  REDIS_SENTINEL_USERNAME?: string;
  REDIS_SENTINEL_PASSWORD?: string;
  REDIS_TLS?: boolean;
  REDIS_TLS_CA_FILE?: string;
  REDIS_TLS_SERVERNAME?: string;
}

/** The connection the environment describes, or undefined when no Redis is configured. */
export function redisConnectionFromEnv(env: RedisEnv): RedisConnection | undefined {
  if (!env.REDIS_URL && !env.REDIS_SENTINELS?.length) return undefined;
  const tlsOn = env.REDIS_TLS ?? env.REDIS_URL?.startsWith('rediss://') ?? false;
  return {
    url: env.REDIS_SENTINELS?.length ? undefined : env.REDIS_URL,
    sentinels: env.REDIS_SENTINELS?.length ? env.REDIS_SENTINELS : undefined,
    sentinelName: env.REDIS_SENTINEL_NAME ?? 'swis',
    username: env.REDIS_USERNAME,
    password: env.REDIS_PASSWORD,
    sentinelUsername: env.REDIS_SENTINEL_USERNAME,
    sentinelPassword: env.REDIS_SENTINEL_PASSWORD,
    tls: tlsOn ? { ca: env.REDIS_TLS_CA_FILE ? fs.readFileSync(env.REDIS_TLS_CA_FILE, 'utf8') : undefined, servername: env.REDIS_TLS_SERVERNAME } : undefined,
    sentinelTls: tlsOn && !!env.REDIS_SENTINELS?.length,
  };
}

/** A connection from a plain URL (tests, benches). */
export function urlConnection(url: string): RedisConnection {
  return { url };
}

/** ioredis options for the connection (without the URL, which goes first to the constructor). */
export function redisOptions(conn: RedisConnection, extra: RedisOptions = {}): RedisOptions {
  const options: RedisOptions = { ...extra };
  if (conn.username) options.username = conn.username;
  if (conn.password) options.password = conn.password;
  if (conn.tls) options.tls = { ca: conn.tls.ca, servername: conn.tls.servername };
  if (conn.sentinels) {
    options.sentinels = conn.sentinels;
    options.name = conn.sentinelName;
    if (conn.sentinelUsername) options.sentinelUsername = conn.sentinelUsername;
    if (conn.sentinelPassword) options.sentinelPassword = conn.sentinelPassword;
    if (conn.sentinelTls) {
      options.enableTLSForSentinelMode = true;
      options.sentinelTLS = { ca: conn.tls?.ca, servername: conn.tls?.servername };
    }
    // A promoted replica is found at once (Sentinel's +switch-master), not at the next error.
    options.failoverDetector = true;
    // After a failover the old primary may answer READONLY until it is told: reconnect and resend.
    options.reconnectOnError = (err) => (err.message.startsWith('READONLY') ? 2 : false);
    // Sentinels give their peers' addresses; keep to the ones configured (loopback tests, NAT).
    options.updateSentinels = false;
  }
  return options;
}

export function newRedisClient(conn: RedisConnection, extra: RedisOptions = {}): Redis {
  const options = redisOptions(conn, extra);
  return conn.sentinels || !conn.url ? new Redis(options) : new Redis(conn.url, options);
}

/** A short description for logs and /readyz: where, never a password. */
export function describeRedis(conn: RedisConnection): string {
  if (conn.sentinels) return `sentinel ${conn.sentinelName} via ${conn.sentinels.map((s) => `${s.host}:${s.port}`).join(',')}`;
  try {
    const u = new URL(conn.url ?? '');
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'redis';
  }
}
