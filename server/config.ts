import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parseTrustedProxies } from './auth/client-address.js';
import { judgePassword } from './auth/password-strength.js';
import { DEMO_EMAIL_DOMAIN } from './demo/accounts.js';
import { emailProblem, normalizeEmail } from './domain/email.js';

/**
 * The only reader of the environment. Everything else receives the frozen Config.
 * A bad value stops start-up with one line that names the variable.
 */
export type DatabaseTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  readonly database: DatabaseTarget;
  /**
   * DEMO: true = seed the demo network (explicitly asked, also next to real data); false = never;
   * 'auto' (unset) = only on an empty database with no ADMIN_EMAIL (server/bootstrap.ts).
   */
  readonly demo: boolean | 'auto';
  readonly demoSeed: number;
  readonly adminEmail: string | null;
  readonly adminPassword: string | null;
  readonly logLevel: LogLevel;
  readonly sessionTtlHours: number;
  /** Largest request body accepted, in bytes. */
  readonly maxBodyBytes: number;
  /** Mark session cookies Secure (serve behind HTTPS). */
  readonly secureCookies: boolean;
  /** argon2id cost: memory in KiB and iterations (OWASP: 19 MiB, 2 iterations at least). */
  readonly passwordHash: { readonly memoryKiB: number; readonly iterations: number };
  /**
   * Failed logins allowed per (client address, account) in the window; past the same number
   * per account across addresses, attempts wait a doubling delay capped at backoffMaxSeconds.
   */
  readonly loginRateLimit: {
    readonly maxFailures: number;
    readonly windowMinutes: number;
    readonly backoffMaxSeconds: number;
  };
  /** Reverse proxies (IPs, CIDR ranges) whose X-Forwarded-For is believed; empty: the socket's address. */
  readonly trustProxy: readonly string[];
  /** Stored route geometry is trimmed within this distance of origin and destination, metres. */
  readonly privacyRadiusM: number;
  /**
   * A calendar month (indicators) or quarter (map) is released to aggregate callers only once it
   * ended at least this many days ago, so trips logged a few days late are in it before it is
   * frozen (docs/methodology.md#release-units, #map-release-units).
   */
  readonly releaseDelayDays: number;
  /**
   * The server releases the months and map quarters that are due (releaseDue) at start-up and
   * then every this many minutes, in the background, so that no dashboard request pays for a
   * release (RELEASE_INTERVAL_MINUTES; 0: never, releases happen on `npm run release` or on the
   * first request that needs them).
   */
  readonly releaseIntervalMinutes: number;
  /**
   * CHROMIUM_PATH: the browser that renders report PDFs; default the first of chromium,
   * chromium-browser, google-chrome on PATH; null when none is installed (PDF answers 503).
   */
  readonly chromiumPath: string | null;
  /**
   * Largest file POST /imports accepts, bytes (IMPORT_MAX_BYTES). The upload is held in memory
   * while it is parsed, so this bounds the memory of an import.
   */
  readonly importMaxBytes: number;
  /**
   * Tracker devices (issue 12): raw points are deleted this many days after they arrived; an
   * open trip closes once its device has been silent this long; each device may send this many
   * requests a minute (phones send one per fix or per batch).
   */
  readonly trackers: {
    readonly pointsRetentionDays: number;
    readonly silenceMinutes: number;
    readonly requestsPerMinute: number;
  };
  /** Where the built web app lives (served at /). */
  readonly webDistDir: string;
  /** A MapLibre style URL replacing the bundled offline basemap; null keeps it offline. */
  readonly mapStyleUrl: string | null;
  /** Size of the demo seeded on an empty database (1 = about 1,010 commuters). */
  readonly demoScale: number;
  /** How long a SQLite write waits for another process's write lock before answering 503, ms. */
  readonly sqliteBusyTimeoutMs: number;
  /**
   * Bounds on the work one request may cause: points of route geometry per leg, per trip and
   * per request, route-map cells per trip (counted before the route is walked).
   */
  readonly limits: {
    readonly maxPointsPerLeg: number;
    readonly maxPointsPerTrip: number;
    readonly maxPointsPerRequest: number;
    readonly maxRouteCellsPerTrip: number;
    readonly maxRouteCellsPerRequest: number;
    /** Cells in one route-density answer; the busiest are kept and the answer says it was cut. */
    readonly mapMaxCells: number;
  };
  /**
   * Directory holding pg_dump and pg_restore for `npm run backup`/`restore` on PostgreSQL
   * (PG_BIN_DIR); null: the newest /usr/lib/postgresql/N/bin, else PATH.
   */
  readonly postgresBinDir: string | null;
  /**
   * METRICS_TOKEN: GET /metrics (Prometheus) answers only with `Authorization: Bearer <token>`;
   * null (unset): /metrics answers 404. At least 16 characters, no spaces.
   */
  readonly metricsToken: string | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim()))
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  const value = Number(raw.trim());
  if (value < min || value > max)
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  return value;
}

/** CHROMIUM_PATH must name an existing file; unset, the first browser found on PATH. */
function readChromiumPath(env: Env): string | null {
  const given = env.CHROMIUM_PATH?.trim();
  if (given) {
    if (!existsSync(given)) throw new Error(`CHROMIUM_PATH: no file at ${given}`);
    return given;
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean))
    for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  return null;
}

function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

function readUrl(env: Env, name: string): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  if (!/^(https?:\/\/|\/)/.test(raw))
    throw new ConfigError(`${name} must be an http(s) URL or a path on this server (got "${raw}")`);
  return raw;
}

function readTrustProxy(env: Env, name: string): readonly string[] {
  const parsed = parseTrustedProxies(env[name] ?? '');
  if ('error' in parsed) {
    throw new ConfigError(
      `${name} must list IP addresses or CIDR ranges separated by commas: ${parsed.error}`,
    );
  }
  return Object.freeze(parsed.entries);
}

function readScale(env: Env, name: string): number {
  const raw = env[name]?.trim();
  if (!raw) return 1;
  const value = Number(raw);
  if (!(value > 0 && value <= 100))
    throw new ConfigError(`${name} must be a number greater than 0 and at most 100 (got "${raw}")`);
  return value;
}

export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url === ':memory:' || url === 'file::memory:') return { kind: 'sqlite', path: ':memory:' };
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length);
    if (!path)
      throw new ConfigError(`DATABASE_URL "file:" needs a path, e.g. file:./var/modeshift.sqlite`);
    return { kind: 'sqlite', path };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://'))
    return { kind: 'postgres', url };
  throw new ConfigError(
    `DATABASE_URL must start with file: (SQLite) or postgres:// (got "${url}")`,
  );
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export function loadConfig(env: Env = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || 'file:./var/modeshift.sqlite';
  const logLevel = (env.LOG_LEVEL?.trim().toLowerCase() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError(
      `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`,
    );

  const adminEmailRaw = env.ADMIN_EMAIL?.trim() || null;
  const adminPassword = env.ADMIN_PASSWORD || null;
  if ((adminEmailRaw === null) !== (adminPassword === null)) {
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD must be given together');
  }
  let adminEmail: string | null = null;
  if (adminEmailRaw !== null) {
    const problem = emailProblem(adminEmailRaw);
    if (problem)
      throw new ConfigError(`ADMIN_EMAIL ${problem} (got ${JSON.stringify(adminEmailRaw)})`);
    adminEmail = normalizeEmail(adminEmailRaw);
    if (adminEmail.endsWith(`@${DEMO_EMAIL_DOMAIN}`))
      throw new ConfigError(`ADMIN_EMAIL must not use the demo's domain ${DEMO_EMAIL_DOMAIN}`);
  }
  if (adminPassword !== null) {
    if (adminPassword.length < 10)
      throw new ConfigError('ADMIN_PASSWORD must have at least 10 characters');
    const verdict = judgePassword(adminPassword, [adminEmail]);
    if (!verdict.ok)
      throw new ConfigError(`ADMIN_PASSWORD is too easy to guess: ${verdict.reasons.join(' ')}`);
  }

  const config: Config = {
    port: readInt(env, 'PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    database: parseDatabaseUrl(databaseUrl),
    demo: ['', 'auto'].includes(env.DEMO?.trim().toLowerCase() ?? '')
      ? 'auto'
      : readBool(env, 'DEMO', false),
    demoSeed: readInt(env, 'DEMO_SEED', 2010, 0, 2 ** 31 - 1),
    adminEmail,
    adminPassword,
    logLevel,
    sessionTtlHours: readInt(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 90),
    maxBodyBytes: readInt(env, 'MAX_BODY_BYTES', 5 * 1024 * 1024, 1024, 512 * 1024 * 1024),
    secureCookies: readBool(env, 'SECURE_COOKIES', false),
    passwordHash: {
      memoryKiB: readInt(env, 'ARGON2_MEMORY_KIB', 19456, 1024, 1048576),
      iterations: readInt(env, 'ARGON2_ITERATIONS', 2, 1, 20),
    },
    loginRateLimit: {
      maxFailures: readInt(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000),
      windowMinutes: readInt(env, 'LOGIN_WINDOW_MINUTES', 15, 1, 1440),
      backoffMaxSeconds: readInt(env, 'LOGIN_BACKOFF_MAX_SECONDS', 60, 1, 3600),
    },
    trustProxy: readTrustProxy(env, 'TRUST_PROXY'),
    privacyRadiusM: readInt(env, 'PRIVACY_RADIUS_M', 200, 0, 5000),
    releaseDelayDays: readInt(env, 'RELEASE_DELAY_DAYS', 7, 0, 366),
    releaseIntervalMinutes: readInt(env, 'RELEASE_INTERVAL_MINUTES', 60, 0, 10_080),
    chromiumPath: readChromiumPath(env),
    importMaxBytes: readInt(env, 'IMPORT_MAX_BYTES', 50 * 1024 * 1024, 1024, 200 * 1024 * 1024),
    trackers: Object.freeze({
      pointsRetentionDays: readInt(env, 'POINTS_RETENTION_DAYS', 30, 1, 3650),
      silenceMinutes: readInt(env, 'TRACKER_SILENCE_MINUTES', 15, 1, 24 * 60),
      requestsPerMinute: readInt(env, 'TRACKER_REQUESTS_PER_MINUTE', 120, 1, 100_000),
    }),
    webDistDir: env.WEB_DIST_DIR?.trim() || 'web/dist',
    mapStyleUrl: readUrl(env, 'MAP_STYLE_URL'),
    demoScale: readScale(env, 'DEMO_SCALE'),
    sqliteBusyTimeoutMs: readInt(env, 'SQLITE_BUSY_TIMEOUT_MS', 5000, 0, 60_000),
    limits: Object.freeze({
      // 10,000 points hold a 1 Hz GPS track of 2 3/4 hours; the request schema caps a LineString
      // at 20,000 points, so a larger limit could not be reached.
      maxPointsPerLeg: readInt(env, 'MAX_POINTS_PER_LEG', 10_000, 2, 20_000),
      maxPointsPerTrip: readInt(env, 'MAX_POINTS_PER_TRIP', 20_000, 2, 400_000),
      maxPointsPerRequest: readInt(env, 'MAX_POINTS_PER_REQUEST', 200_000, 2, 10_000_000),
      maxRouteCellsPerTrip: readInt(env, 'MAX_ROUTE_CELLS_PER_TRIP', 20_000, 1, 1_000_000),
      maxRouteCellsPerRequest: readInt(env, 'MAX_ROUTE_CELLS_PER_REQUEST', 250_000, 1, 100_000_000),
      mapMaxCells: readInt(env, 'MAP_MAX_CELLS', 20_000, 1, 1_000_000),
    }),
    postgresBinDir: readAbsolutePath(env, 'PG_BIN_DIR'),
    metricsToken: readMetricsToken(env, 'METRICS_TOKEN'),
  };
  return Object.freeze(config);
}

/** A bearer secret for the metrics scraper: long enough not to be guessed, and header-safe. */
function readMetricsToken(env: Env, name: string): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  if (!/^[\x21-\x7e]{16,200}$/.test(raw))
    throw new ConfigError(
      `${name} must be 16 to 200 printable characters without spaces (e.g. openssl rand -hex 24)`,
    );
  return raw;
}

function readAbsolutePath(env: Env, name: string): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  if (!raw.startsWith('/'))
    throw new ConfigError(`${name} must be an absolute directory path (got "${raw}")`);
  return raw;
}

/**
 * The environment of a child process (pg_dump, pg_restore) with `extra` added, e.g. PGPASSWORD
 * so that a password never shows in the process list: this file stays the one reader of
 * process.env.
 */
export function childProcessEnv(extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) out[k] = v;
  return { ...out, ...extra };
}
