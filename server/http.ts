import type { TrackerRateLimit } from './services/trackers.js';
import { OpenAPIHono } from '@hono/zod-openapi';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { Db } from './db/connection.js';
import type { Database } from './db/schema.js';
import type { Actor } from './domain/roles.js';
import { AppError, issuesToDetails } from './errors.js';
import type { Logger } from './logger.js';
import type { LoginThrottle } from './auth/rate-limit.js';
import { resolveClientAddress, type TrustedProxies } from './auth/client-address.js';
import type { TripWriter } from './services/trip-writer.js';
import type { CommuterScopeCache } from './services/trips.js';
import type { ResultCache } from './services/result-cache.js';
import type { LiveInputsCache } from './services/live-inputs.js';
import type { EventLoopTurns } from './services/event-loop-turns.js';
import type { AuthCache } from './auth/auth-cache.js';
import type { StorageHealth } from './services/storage-health.js';
import type { AppMetrics } from './services/metrics.js';

/** What every route receives: the open database, the frozen config, a logger and a clock. */
export interface AppDeps {
  db: Db;
  config: Config;
  logger: Logger;
  /** Milliseconds since the epoch; tests pass a fixed clock. */
  now: () => number;
  /** The process's metrics (server/main.ts makes them, to count its timers' work too). */
  metrics?: AppMetrics;
}

export interface AppServices extends AppDeps {
  /** Login attempts per address and account, per account, per address (auth/rate-limit.ts). */
  loginThrottle: LoginThrottle;
  trackerRateLimit: TrackerRateLimit;
  /** TRUST_PROXY: sockets whose X-Forwarded-For names the client. */
  trustedProxies: TrustedProxies;
  /** Resolved tokens for a few seconds; cleared on logout, disabling and deletion. */
  authCache: AuthCache;
  /** Commuters' partner, site and time zone for a few seconds; cleared on edits. */
  commuterScopes: CommuterScopeCache;
  /** Indicator answers per data version. */
  results: ResultCache;
  /** Own-staff answers' per-commuter inputs, kept so a write re-reads only its commuters. */
  liveInputs: LiveInputsCache;
  /** One request started per event-loop turn, so that new connections are taken under load. */
  turns: EventLoopTurns;
  /** Group commit for concurrent single-trip writes. */
  tripWriter: TripWriter;
  /** The last storage failure and write success, for /health. */
  storageHealth: StorageHealth;
  /** Prometheus metrics of this process (GET /metrics). */
  metrics: AppMetrics;
  /** A hash to verify against when an e-mail is unknown (equal timing). */
  dummyPasswordHash: Promise<string>;
}

export type AuthMethod = 'session' | 'bearer';

export interface AppEnv {
  Variables: {
    requestId: string;
    actor: Actor | null;
    authMethod: AuthMethod | null;
    sessionHash: string | null;
    /** The API token the caller sent, when it is one (not a login token or cookie). */
    apiTokenId: string | null;
    /**
     * Why credentials that were sent did not identify anyone (malformed header, unknown or
     * expired token). Public routes ignore it; requireActor answers it as the 401.
     */
    authProblem: AppError | null;
    services: AppServices;
  };
}

export type AppContext = Context<AppEnv>;

/**
 * A sub-app for one resource. Validation failures become our 422 envelope instead of zod's
 * default body, with one readable message per field.
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const details = issuesToDetails(result.error.issues);
        const where =
          result.target === 'json'
            ? 'request body'
            : result.target === 'query'
              ? 'query'
              : result.target === 'param'
                ? 'path'
                : result.target;
        throw new AppError(
          'validation_failed',
          `invalid ${where}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
          details,
        );
      }
    },
  });
}

export function requireActor(c: AppContext): Actor {
  const actor = c.get('actor');
  const problem = c.get('authProblem');
  if (!actor && problem) throw problem;
  if (!actor)
    throw new AppError(
      'unauthenticated',
      'log in first: send the session cookie or Authorization: Bearer <token>',
    );
  return actor;
}

export function db(c: AppContext): Kysely<Database> {
  return c.get('services').db.kysely;
}

export function services(c: AppContext): AppServices {
  return c.get('services');
}

export function nowIso(c: AppContext): string {
  return new Date(c.get('services').now()).toISOString();
}

/** The login limits' view of the caller: the socket, or X-Forwarded-For behind a TRUST_PROXY proxy. */
export function clientAddress(c: AppContext): string {
  let socket: string | undefined;
  try {
    socket = getConnInfo(c).remote.address;
  } catch {
    socket = undefined; // app.request() without a socket in its env: all such callers share 'unknown'
  }
  return resolveClientAddress(socket, c.req.header('x-forwarded-for'), services(c).trustedProxies);
}
