import { getCookie } from 'hono/cookie';
import type { MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { AppEnv } from '../http.js';
import { actorOf, findAccountByApiToken, findLiveSession } from '../repositories/accounts.js';
import { readSharedCounter } from '../repositories/shared-counters.js';
import type { AuthCache, CachedAuth } from './auth-cache.js';
import { hashToken } from './tokens.js';

export const SESSION_COOKIE = 'ms_session';
export const CSRF_COOKIE = 'ms_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a read-only API token may do: read. OPTIONS stays allowed so that CORS preflights work. */
const READ_METHODS = SAFE_METHODS;

/**
 * Resolves the caller from a bearer token (a login token or an API token) or the session
 * cookie. Cookie-authenticated writes must echo the session's CSRF token in X-CSRF-Token:
 * a browser sends cookies to cross-site forms, but no other site can read our CSRF cookie.
 * Bearer requests need no CSRF check: browsers never attach them on their own.
 *
 * Credentials that identify nobody (a malformed header, an unknown, revoked or expired token)
 * do not fail the request here: public routes (health, config, OpenAPI, login) answer as for
 * anyone, and requireActor turns the recorded problem into a precise 401 on the others.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const services = c.get('services');
  const db = services.db.kysely;
  const nowMs = services.now();
  c.set('actor', null);
  c.set('authMethod', null);
  c.set('sessionHash', null);
  c.set('apiTokenId', null);
  c.set('authProblem', null);

  const cache = services.authCache;
  const header = c.req.header('authorization');
  const cookie = getCookie(c, SESSION_COOKIE);
  // One primary-key read per request with credentials: a revocation by any server process
  // on this database empties our cache before it answers this request (auth-cache.ts).
  const epoch = header !== undefined || cookie ? await readSharedCounter(db, 'auth') : Number.NaN;
  if (!Number.isNaN(epoch)) cache.sync(epoch);
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      c.set(
        'authProblem',
        new AppError('unauthenticated', 'the Authorization header must be "Bearer <token>"'),
      );
      return next();
    }
    const tokenHash = hashToken(match[1]!);
    const auth = await resolveBearer(db, cache, tokenHash, nowMs, epoch);
    if (auth instanceof AppError) {
      c.set('authProblem', auth);
      return next();
    }
    if (auth.readOnly && !READ_METHODS.has(c.req.method)) {
      const message =
        'this API token is read-only: it may only GET and HEAD; create a read_write token to write';
      throw new AppError('read_only_token', message);
    }
    c.set('actor', auth.actor);
    c.set('authMethod', 'bearer');
    c.set('apiTokenId', auth.apiTokenId);
    if (auth.isSession) c.set('sessionHash', tokenHash);
    return next();
  }

  if (cookie) {
    const tokenHash = hashToken(cookie);
    let auth = cache.get(tokenHash);
    if (!auth) {
      const session = await findLiveSession(db, tokenHash, new Date(nowMs).toISOString());
      if (session) {
        auth = sessionAuth(session);
        cache.set(tokenHash, auth, epoch);
      }
    }
    if (auth?.isSession) {
      if (!SAFE_METHODS.has(c.req.method) && c.req.header(CSRF_HEADER) !== auth.csrfToken) {
        throw new AppError(
          'csrf_failed',
          `cookie-authenticated writes must send the ${CSRF_HEADER} header with the value of the ${CSRF_COOKIE} cookie`,
        );
      }
      c.set('actor', auth.actor);
      c.set('authMethod', 'session');
      c.set('sessionHash', tokenHash);
    }
    // An expired cookie is treated as no cookie: routes that need a caller answer 401.
  }
  return next();
};

function sessionAuth(
  session: NonNullable<Awaited<ReturnType<typeof findLiveSession>>>,
): CachedAuth {
  return {
    actor: actorOf(session.account),
    csrfToken: session.csrfToken,
    isSession: true,
    apiTokenId: null,
    readOnly: false,
    expiresAtMs: Date.parse(session.expiresAt),
  };
}

/** A bearer token's caller, from the cache or the database; an AppError says why there is none. */
async function resolveBearer(
  db: Kysely<Database>,
  cache: AuthCache,
  tokenHash: string,
  nowMs: number,
  epoch: number,
): Promise<CachedAuth | AppError> {
  const cached = cache.get(tokenHash);
  if (cached) return cached;
  const now = new Date(nowMs).toISOString();
  const session = await findLiveSession(db, tokenHash, now);
  let auth: CachedAuth;
  if (session) auth = sessionAuth(session);
  else {
    const api = await findAccountByApiToken(db, tokenHash, now);
    if (!api)
      return new AppError('unauthenticated', 'the bearer token is unknown, expired or revoked');
    if (api.expired)
      return new AppError(
        'token_expired',
        `this API token expired at ${api.expiresAt}; create a new one`,
      );
    const expiresAtMs = api.expiresAt === null ? Infinity : Date.parse(api.expiresAt);
    auth = {
      actor: actorOf(api.account),
      csrfToken: null,
      isSession: false,
      apiTokenId: api.tokenId,
      readOnly: api.scope === 'read',
      expiresAtMs,
    };
  }
  cache.set(tokenHash, auth, epoch);
  return auth;
}
