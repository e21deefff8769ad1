import { isLogLevel, type LogLevel } from './log.ts';

/** Every setting Sono reads, each from one environment variable (see the README). */
export interface Config {
  port: number;
  host: string | undefined;
  dataDir: string;
  tls: { certFile: string; keyFile: string } | undefined;
  secret: string | undefined;
  /** Length of a free session; may be fractional, so tests can run seconds-long sessions. */
  sessionMinutes: number;
  /** Wait after a free session ends before the next may start; 0 turns the cooldown off. */
  cooldownMinutes: number;
  /** Session records whose end is older than this are purged. */
  retentionDays: number;
  /** Absolute lifetime of a sign-in: the sono_token cookie is never extended. */
  loginDays: number;
  /** Failed sign-ins allowed on one e-mail address per hour, from all clients together. */
  accountFailuresPerHour: number;
  /** Failed sign-ins allowed from one client network per 15 minutes, over all addresses. */
  loginFailuresPer15Min: number;
  stunUrls: string[];
  turn: { urls: string[]; secret: string } | undefined;
  relayOnly: boolean;
  publicOrigins: string[];
  trustProxy: boolean;
  joinFailuresPer15Min: number;
  sessionsPerHour: number;
  brokerMaxPeers: number;
  brokerPeersPerAddress: number;
  logLevel: LogLevel;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

export function readConfig(env: Env): Config {
  const certFile = text(env, 'SONO_TLS_CERT');
  const keyFile = text(env, 'SONO_TLS_KEY');
  if (Boolean(certFile) !== Boolean(keyFile)) {
    throw new ConfigError('SONO_TLS_CERT and SONO_TLS_KEY go together: set both files or neither.');
  }
  const secret = text(env, 'SONO_SECRET');
  if (secret !== undefined && secret.length < 32) {
    throw new ConfigError('SONO_SECRET must be at least 32 characters; leave it unset to have '
      + 'Sono generate one under SONO_DATA_DIR.');
  }
  const turnUrls = urls(env, 'SONO_TURN_URLS', /^turns?:/);
  const turnSecret = text(env, 'SONO_TURN_SECRET');
  if ((turnUrls.length > 0) !== (turnSecret !== undefined)) {
    throw new ConfigError('SONO_TURN_URLS and SONO_TURN_SECRET go together: set both (the secret '
      + 'is coturn\'s static-auth-secret) or neither.');
  }
  const relayOnly = flag(env, 'SONO_RELAY_ONLY');
  if (relayOnly && turnSecret === undefined) {
    throw new ConfigError('SONO_RELAY_ONLY needs a TURN server: set SONO_TURN_URLS and SONO_TURN_SECRET.');
  }
  const logLevel = text(env, 'SONO_LOG_LEVEL') ?? 'info';
  if (!isLogLevel(logLevel)) {
    throw new ConfigError('SONO_LOG_LEVEL must be one of silent, error, warn, info, debug.');
  }

  return {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: text(env, 'HOST'),
    dataDir: text(env, 'SONO_DATA_DIR') ?? 'data',
    tls: certFile && keyFile ? { certFile, keyFile } : undefined,
    secret,
    sessionMinutes: decimal(env, 'SONO_SESSION_MINUTES', 60, 0.05, 24 * 60),
    cooldownMinutes: decimal(env, 'SONO_COOLDOWN_MINUTES', 30, 0, 7 * 24 * 60),
    retentionDays: integer(env, 'SONO_RETENTION_DAYS', 30, 1, 3650),
    loginDays: integer(env, 'SONO_LOGIN_DAYS', 14, 1, 365),
    // The promise is "no more than 100 failures an hour on one account": never more.
    accountFailuresPerHour: integer(env, 'SONO_ACCOUNT_LOGIN_LIMIT', 100, 1, 100),
    loginFailuresPer15Min: integer(env, 'SONO_LOGIN_LIMIT', 20, 1, 10_000),
    stunUrls: urls(env, 'SONO_STUN_URLS', /^stuns?:/),
    turn: turnSecret ? { urls: turnUrls, secret: turnSecret } : undefined,
    relayOnly,
    publicOrigins: urls(env, 'SONO_PUBLIC_ORIGIN', /^https?:\/\/[^/]+$/),
    trustProxy: flag(env, 'SONO_TRUST_PROXY'),
    joinFailuresPer15Min: integer(env, 'SONO_JOIN_LIMIT', 10, 1, 10_000),
    sessionsPerHour: integer(env, 'SONO_SESSION_LIMIT', 30, 1, 100_000),
    brokerMaxPeers: integer(env, 'SONO_BROKER_MAX_PEERS', 5000, 1, 1_000_000),
    brokerPeersPerAddress: integer(env, 'SONO_BROKER_PEERS_PER_ADDRESS', 50, 1, 1_000_000),
    logLevel,
  };
}

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; got "${value}".`);
  }
  return parsed;
}

/** A number that may have a fraction, e.g. 0.1 minutes for a six-second test session. */
function decimal(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  const parsed = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!(parsed >= min && parsed <= max)) {
    throw new ConfigError(`${name} must be a number from ${min} to ${max}, like 60 or 0.5; `
      + `got "${value}".`);
  }
  return parsed;
}

function flag(env: Env, name: string): boolean {
  const value = text(env, name)?.toLowerCase();
  if (value === undefined || value === '0' || value === 'false' || value === 'no') return false;
  if (value === '1' || value === 'true' || value === 'yes') return true;
  throw new ConfigError(`${name} must be true or false; got "${value}".`);
}

function urls(env: Env, name: string, shape: RegExp): string[] {
  const list = (text(env, name) ?? '').split(',').map((url) => url.trim()).filter(Boolean);
  const wrong = list.find((url) => !shape.test(url));
  if (wrong !== undefined) {
    throw new ConfigError(`${name} holds "${wrong}", which is not a URL of the expected kind `
      + `(see the README); separate several with commas.`);
  }
  return list;
}
