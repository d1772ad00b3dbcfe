/**
 * Configuration is read once, at start-up, from the environment, and validated: a bad value stops
 * the process with a message naming the variable (conventions.md, "Nest is the shell").
 * With nothing set, the whole system runs embedded: SQLite under DATA_DIR and an in-process scheduler.
 */
import * as path from 'node:path';
import { operationsConfig, type OperationsConfig } from './operations-config';
import { personalDataConfig, type PersonalDataConfig } from './personal-data-config';
import { mailConfig, type MailConfig } from './mail-config';

export interface AppConfig {
  /** Where the embedded default keeps its SQLite files. */
  dataDir: string;
  eventStore: { kind: 'sqlite'; file: string } | { kind: 'eventstoredb'; connectionString: string };
  /** Redis, for read models and BullMQ, when configured; otherwise SQLite and the in-process scheduler. */
  redis: { url: string } | undefined;
  http: {
    port: number;
    host: string;
    /**
     * The HTTP platform under Nest (HTTP_ADAPTER, default fastify, or express); either serves the
     * whole app (docs/http-platform.md says what was measured and what was tried on fastify).
     */
    adapter: 'express' | 'fastify';
  };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  auth: AuthConfig;
  web: WebConfig;
  imports: {
    /** A register row for an unknown UPN registers the pupil (from the row's details) instead of being rejected. */
    registerUnknownPupils: boolean;
  };
  projections: {
    /** Run the projections in this process (the embedded default); false when a worker runs them. */
    runInProcess: boolean;
    /**
     * When they run in this process, run them on a worker thread of it (PROJECTIONS_THREAD, default
     * true): a big import or a rebuild then has a core of its own and never holds up requests.
     */
    thread: boolean;
    /** How long a query given a command's position waits for the read models to reach it. */
    readYourWritesTimeoutMs: number;
    /** Prefix of every read-model and lease key in Redis (so two deployments can share a server). */
    redisPrefix: string;
    /**
     * How long a projection's lease outlives a worker that stopped renewing it (killed, hung): the
     * longest another worker waits before taking the projection over.
     */
    leaseTtlMs: number;
    /**
     * Projections run as several partitions shared by the workers (PROJECTION_PARTITIONS, e.g.
     * `tasks:4,casework:2`); every other projection runs whole, as does one given 1.
     */
    partitions: Record<string, number>;
    /**
     * The memory of a rebuild, or of a catch-up from far behind (a big import, a worker back after
     * a stop), bounded whatever the backlog: each projection reads and applies this many events at
     * a time (PROJECTION_REBUILD_PAGE_EVENTS)...
     */
    rebuildPageEvents: number;
    /** ...and holds at most this many of its documents (PROJECTION_REBUILD_CACHE_DOCUMENTS). */
    rebuildCacheDocuments: number;
    /** Documents each projection keeps from one live batch to the next (PROJECTION_LIVE_CACHE_DOCUMENTS). */
    liveCacheDocuments: number;
  };
  jobs: {
    /**
     * How long a job's claim outlives a process that died running it (JOB_LEASE_MS): after that
     * another process (or the same one restarted) runs it again. The in-process scheduler's lease,
     * BullMQ's lock duration and stalled-job check.
     */
    leaseMs: number;
  };
  /** Who the LA is, as the DfE's Parental Responsibility Measures census names it. */
  localAuthority: LocalAuthorityConfig;
  /**
   * The transparency log (an append-only Merkle log of every event) and its signed tree heads.
   * The signing key is a file outside the event store's database; tree heads are signed every
   * `treeHeadIntervalMs` when the log has grown, and on demand.
   */
  transparencyLog: { file: string; keyFile: string; treeHeadIntervalMs: number };
  /**
   * Run the process managers (deadlines, monitor rules) and the deadline jobs here:
   * RUN_PROCESS_MANAGERS, or, when unset, wherever the projections run.
   */
  processManagers?: { runInProcess: boolean | undefined };
  /** What a council's IT expects around the API: CORS, rate limits, upload size, metrics. */
  operations: OperationsConfig;
  /**
   * The outbound event feed (docs/event-feed.md): the CloudEvents `source` this deployment
   * publishes as (EVENT_FEED_SOURCE), webhook delivery attempts before an event is dead-lettered
   * (EVENT_FEED_MAX_ATTEMPTS) and the first retry's wait, doubled each time (EVENT_FEED_BACKOFF_MS),
   * how long a receiver may take to answer (EVENT_FEED_TIMEOUT_MS), how often new events are
   * looked for (EVENT_FEED_POLL_MS), and whether plain-http receivers are allowed
   * (EVENT_FEED_ALLOW_HTTP: for tests and private networks only).
   */
  eventFeed: {
    source: string;
    maxAttempts: number;
    backoffMs: number;
    timeoutMs: number;
    pollMs: number;
    allowHttp: boolean;
  };
  /** Where people's data keys are kept (crypto-shredding): never in the event store. */
  personalData: PersonalDataConfig;
  /** E-mail (the daily digest of tasks): SMTP, or `.eml` files in DATA_DIR/outbox. */
  mail: MailConfig;
  /** Letters: the headless browser (Debian's chromium) that prints them to PDF. */
  letters: { chromiumPath: string };
  idempotency: {
    /**
     * How long a claimed key whose request never finished (its process died) answers "in
     * progress" (409) before a repeat runs it again (IDEMPOTENCY_IN_PROGRESS_MS). Running it again
     * is safe: the repeat finds the first sending's events by their key-derived ids.
     */
    inProgressMs: number;
  };
}

/** The LA's name and codes (LA_NAME, LA_OLD_CODE, LA_NEW_CODE, LA_REGION_CODE, LA_REGION_NAME). */
export interface LocalAuthorityConfig {
  name?: string;
  /** The DfE's 3-digit LA number, e.g. 886. */
  oldCode?: string;
  /** The ONS (GSS) code, e.g. E10000016. */
  newCode?: string;
  regionCode?: string;
  regionName?: string;
}

/**
 * Production verifies bearer tokens from the LA's identity provider (OIDC, e.g. Entra ID) against
 * its JWKS. The embedded default signs and verifies with a local secret kept in DATA_DIR, and
 * `npm run token` prints development tokens with it.
 */
export type AuthConfig = (
  | { kind: 'jwks'; jwksUrl: string; issuer: string; audience: string }
  | { kind: 'local'; secretFile: string; issuer: string; audience: string }
) & {
  /**
   * The longest a token may be valid, from its `iat` (or `nbf`) to its `exp`
   * (AUTH_MAX_TOKEN_LIFETIME_SECONDS): a token without `exp`, or valid for longer, is refused.
   */
  maxTokenLifetimeSeconds?: number;
};

/**
 * The web front end: where browsers reach it (sign-in redirects back there) and who signs people
 * in. With an identity provider configured (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET) staff
 * sign in there; on the embedded default (no AUTH_JWKS_URL) a development provider built into
 * the api, with one seeded user per role, signs them in; otherwise the web front end is off.
 */
export interface WebConfig {
  /** Serve the web pages (WEB_PAGES, default true); false: the API alone, nothing of the pages mounted. */
  pages: boolean;
  publicUrl: string;
  signIn:
    | { kind: 'external'; issuer: string; clientId: string; clientSecret: string }
    | { kind: 'development' }
    | { kind: 'off' };
  /** Signs the session cookie; shared by every api replica (WEB_SESSION_SECRET or a file in DATA_DIR). */
  sessionSecret: { kind: 'env'; value: string } | { kind: 'file'; file: string };
  /** How long a signed-in session lasts without signing in again. */
  sessionHours: number;
}

export const LOCAL_ISSUER = 'attendance-casework-local';
export const DEFAULT_AUDIENCE = 'attendance-casework';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const present = (env: Env, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

export function urlWithScheme(
  env: Env,
  name: string,
  schemes: readonly string[],
): string | undefined {
  const value = present(env, name);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      name,
      `must be a URL starting with ${schemes.join(' or ')} (got a value that is not a URL).`,
    );
  }
  if (!schemes.includes(url.protocol.replace(/:$/, '') + '://')) {
    throw new ConfigError(
      name,
      `must start with ${schemes.join(' or ')} (got ${url.protocol}//…).`,
    );
  }
  if (!url.hostname) throw new ConfigError(name, 'must name a host.');
  return value;
}

export function port(env: Env, name: string, fallback: number): number {
  const value = present(env, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) {
    throw new ConfigError(name, `must be a whole number from 1 to 65535 (got "${value}").`);
  }
  return n;
}

/** `name:count` pairs, comma-separated; a count from 1 to 64. */
function projectionPartitions(env: Env): Record<string, number> {
  const value = present(env, 'PROJECTION_PARTITIONS');
  const out: Record<string, number> = {};
  for (const item of value ? value.split(',') : []) {
    const match = /^([A-Za-z0-9_-]+):(\d{1,2})$/.exec(item.trim());
    const count = match ? Number(match[2]) : 0;
    if (!match || count < 1 || count > 64)
      throw new ConfigError(
        'PROJECTION_PARTITIONS',
        `must be projection:count pairs separated by commas, each count from 1 to 64 (got "${value}").`,
      );
    out[match[1]] = count;
  }
  return out;
}

/** Fastify (the default) or Express: either serves the whole app, the web pages included. */
function httpAdapter(env: Env): AppConfig['http']['adapter'] {
  const value = present(env, 'HTTP_ADAPTER') ?? 'fastify';
  if (value !== 'express' && value !== 'fastify')
    throw new ConfigError('HTTP_ADAPTER', `must be express or fastify (got "${value}").`);
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const value = present(env, name);
  if (value === undefined) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ConfigError(name, `must be true or false (got "${value}").`);
}

export function wholeNumber(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = present(env, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${value}").`);
  }
  return n;
}

function keyPrefix(env: Env, name: string, fallback: string): string {
  const value = present(env, name);
  if (value === undefined) return fallback;
  if (!/^[A-Za-z0-9_.:-]+$/.test(value))
    throw new ConfigError(name, `may use only letters, digits, _ . : - (got "${value}").`);
  return value;
}

function matching(env: Env, name: string, pattern: RegExp, example: string): string | undefined {
  const value = present(env, name);
  if (value !== undefined && !pattern.test(value))
    throw new ConfigError(name, `must look like ${example} (got "${value}").`);
  return value;
}

function localAuthority(env: Env): LocalAuthorityConfig {
  const gss = /^E\d{8}$/;
  const la: LocalAuthorityConfig = {
    name: present(env, 'LA_NAME'),
    oldCode: matching(env, 'LA_OLD_CODE', /^\d{3}$/, '886'),
    newCode: matching(env, 'LA_NEW_CODE', gss, 'E10000016'),
    regionCode: matching(env, 'LA_REGION_CODE', gss, 'E12000008'),
    regionName: present(env, 'LA_REGION_NAME'),
  };
  return Object.fromEntries(
    Object.entries(la).filter(([, v]) => v !== undefined),
  ) as LocalAuthorityConfig;
}

function logLevel(env: Env): AppConfig['logLevel'] {
  const value = present(env, 'LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')} (got "${value}").`);
  }
  return value as AppConfig['logLevel'];
}

/** Reads and validates the configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): AppConfig {
  const dataDir = path.resolve(cwd, present(env, 'DATA_DIR') ?? 'data');
  const esdb = urlWithScheme(env, 'EVENTSTORE_CONNECTION_STRING', ['esdb://', 'esdb+discover://']);
  const redisUrl = urlWithScheme(env, 'REDIS_URL', ['redis://', 'rediss://']);
  return {
    dataDir,
    eventStore: esdb
      ? { kind: 'eventstoredb', connectionString: esdb }
      : { kind: 'sqlite', file: path.join(dataDir, 'events.db') },
    redis: redisUrl ? { url: redisUrl } : undefined,
    http: {
      port: port(env, 'PORT', 3000),
      host: present(env, 'HOST') ?? '127.0.0.1',
      adapter: httpAdapter(env),
    },
    logLevel: logLevel(env),
    auth: authConfig(env, dataDir),
    web: webConfig(env, dataDir),
    imports: { registerUnknownPupils: flag(env, 'IMPORT_REGISTER_UNKNOWN_PUPILS', false) },
    projections: {
      runInProcess: flag(env, 'RUN_PROJECTIONS', true),
      thread: flag(env, 'PROJECTIONS_THREAD', true),
      readYourWritesTimeoutMs: wholeNumber(env, 'READ_YOUR_WRITES_TIMEOUT_MS', 5_000, 0, 60_000),
      redisPrefix: keyPrefix(env, 'READ_MODELS_PREFIX', 'read-models:'),
      leaseTtlMs: wholeNumber(env, 'PROJECTION_LEASE_TTL_MS', 10_000, 300, 600_000),
      partitions: projectionPartitions(env),
      rebuildPageEvents: wholeNumber(env, 'PROJECTION_REBUILD_PAGE_EVENTS', 10_000, 100, 1_000_000),
      rebuildCacheDocuments: wholeNumber(
        env,
        'PROJECTION_REBUILD_CACHE_DOCUMENTS',
        20_000,
        100,
        10_000_000,
      ),
      liveCacheDocuments: wholeNumber(env, 'PROJECTION_LIVE_CACHE_DOCUMENTS', 1_000, 10, 1_000_000),
    },
    jobs: { leaseMs: wholeNumber(env, 'JOB_LEASE_MS', 30_000, 1_000, 600_000) },
    localAuthority: localAuthority(env),
    operations: operationsConfig(env),
    transparencyLog: {
      file: path.join(dataDir, 'transparency-log.db'),
      keyFile: path.resolve(
        cwd,
        present(env, 'TREE_HEAD_KEY_FILE') ?? path.join(dataDir, 'keys', 'tree-head-ed25519.pem'),
      ),
      treeHeadIntervalMs: wholeNumber(env, 'TREE_HEAD_INTERVAL_MS', 300_000, 1_000, 86_400_000),
    },
    processManagers: {
      runInProcess:
        present(env, 'RUN_PROCESS_MANAGERS') === undefined
          ? undefined
          : flag(env, 'RUN_PROCESS_MANAGERS', true),
    },
    eventFeed: {
      source: present(env, 'EVENT_FEED_SOURCE') ?? '/attendance-casework',
      maxAttempts: wholeNumber(env, 'EVENT_FEED_MAX_ATTEMPTS', 8, 1, 50),
      backoffMs: wholeNumber(env, 'EVENT_FEED_BACKOFF_MS', 10_000, 10, 3_600_000),
      timeoutMs: wholeNumber(env, 'EVENT_FEED_TIMEOUT_MS', 10_000, 100, 120_000),
      pollMs: wholeNumber(env, 'EVENT_FEED_POLL_MS', 1_000, 20, 600_000),
      allowHttp: flag(env, 'EVENT_FEED_ALLOW_HTTP', false),
    },
    personalData: personalDataConfig(env, dataDir, cwd, redisUrl !== undefined),
    mail: mailConfig(env, dataDir),
    letters: { chromiumPath: present(env, 'CHROMIUM_PATH') ?? '/usr/bin/chromium' },
    idempotency: {
      inProgressMs: wholeNumber(env, 'IDEMPOTENCY_IN_PROGRESS_MS', 60_000, 1_000, 3_600_000),
    },
  };
}

/** The mount point of the development identity provider on the embedded default. */
export const DEV_IDENTITY_PROVIDER_PATH = '/dev-oidc';

function webConfig(env: Env, dataDir: string): WebConfig {
  const host = present(env, 'HOST') ?? '127.0.0.1';
  const fallbackUrl = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port(env, 'PORT', 3000)}`;
  const publicUrl = (
    urlWithScheme(env, 'WEB_PUBLIC_URL', ['https://', 'http://']) ?? fallbackUrl
  ).replace(/\/+$/, '');
  const issuer = urlWithScheme(env, 'OIDC_ISSUER', ['https://', 'http://']);
  let signIn: WebConfig['signIn'];
  if (issuer) {
    const clientId = present(env, 'OIDC_CLIENT_ID');
    const clientSecret = present(env, 'OIDC_CLIENT_SECRET');
    if (!clientId) throw new ConfigError('OIDC_CLIENT_ID', 'must be set when OIDC_ISSUER is.');
    if (!clientSecret)
      throw new ConfigError('OIDC_CLIENT_SECRET', 'must be set when OIDC_ISSUER is.');
    signIn = { kind: 'external', issuer, clientId, clientSecret };
  } else {
    signIn = present(env, 'AUTH_JWKS_URL') ? { kind: 'off' } : { kind: 'development' };
  }
  const secret = present(env, 'WEB_SESSION_SECRET');
  if (secret !== undefined && secret.length < 32)
    throw new ConfigError('WEB_SESSION_SECRET', 'must be at least 32 characters long.');
  return {
    pages: flag(env, 'WEB_PAGES', true),
    publicUrl,
    signIn,
    sessionSecret: secret
      ? { kind: 'env', value: secret }
      : { kind: 'file', file: path.join(dataDir, 'web-session-secret') },
    sessionHours: wholeNumber(env, 'WEB_SESSION_HOURS', 8, 1, 24),
  };
}
/** A working day: an access token outliving the shift it was issued for is refused. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 8 * 60 * 60;

function authConfig(env: Env, dataDir: string): AuthConfig {
  const jwksUrl = urlWithScheme(env, 'AUTH_JWKS_URL', ['https://', 'http://']);
  const audience = present(env, 'AUTH_AUDIENCE') ?? DEFAULT_AUDIENCE;
  const maxTokenLifetimeSeconds = wholeNumber(
    env,
    'AUTH_MAX_TOKEN_LIFETIME_SECONDS',
    DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
    60,
    7 * 24 * 60 * 60,
  );
  if (!jwksUrl) {
    return {
      kind: 'local',
      secretFile: path.join(dataDir, 'dev-auth-secret'),
      issuer: LOCAL_ISSUER,
      audience,
      maxTokenLifetimeSeconds,
    };
  }
  const issuer = present(env, 'AUTH_ISSUER');
  if (!issuer)
    throw new ConfigError(
      'AUTH_ISSUER',
      'must be set when AUTH_JWKS_URL is (the issuer your identity provider puts in tokens).',
    );
  return { kind: 'jwks', jwksUrl, issuer, audience, maxTokenLifetimeSeconds };
}
