import { getCookie } from 'hono/cookie';
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors.js';
import type { AppEnv } from '../http.js';
import { actorOf, findAccountByApiToken, findLiveSession } from '../repositories/accounts.js';
import { hashToken } from './tokens.js';

export const SESSION_COOKIE = 'ms_session';
export const CSRF_COOKIE = 'ms_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the caller from a bearer token (a login token or an API token) or the session
 * cookie. Cookie-authenticated writes must echo the session's CSRF token in X-CSRF-Token:
 * a browser sends cookies to cross-site forms, but no other site can read our CSRF cookie.
 * Bearer requests need no CSRF check: browsers never attach them on their own.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const services = c.get('services');
  const db = services.db.kysely;
  const now = new Date(services.now()).toISOString();
  c.set('actor', null);
  c.set('authMethod', null);
  c.set('sessionHash', null);

  const cache = services.authCache;
  const header = c.req.header('authorization');
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new AppError('unauthenticated', 'the Authorization header must be "Bearer <token>"');
    const tokenHash = hashToken(match[1]!);
    let auth = cache.get(tokenHash);
    if (!auth) {
      const session = await findLiveSession(db, tokenHash, now);
      if (session) {
        auth = { actor: actorOf(session.account), csrfToken: session.csrfToken, isSession: true, expiresAtMs: Date.parse(session.expiresAt) };
      } else {
        const apiAccount = await findAccountByApiToken(db, tokenHash, now);
        if (!apiAccount) throw new AppError('unauthenticated', 'the bearer token is unknown, expired or revoked');
        auth = { actor: actorOf(apiAccount), csrfToken: null, isSession: false, expiresAtMs: Infinity };
      }
      cache.set(tokenHash, auth);
    }
    c.set('actor', auth.actor);
    c.set('authMethod', 'bearer');
    if (auth.isSession) c.set('sessionHash', tokenHash);
    return next();
  }

  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie) {
    const tokenHash = hashToken(cookie);
    let auth = cache.get(tokenHash);
    if (!auth) {
      const session = await findLiveSession(db, tokenHash, now);
      if (session) {
        auth = { actor: actorOf(session.account), csrfToken: session.csrfToken, isSession: true, expiresAtMs: Date.parse(session.expiresAt) };
        cache.set(tokenHash, auth);
      }
    }
    if (auth?.isSession) {
      if (!SAFE_METHODS.has(c.req.method) && c.req.header(CSRF_HEADER) !== auth.csrfToken) {
        throw new AppError('csrf_failed', `cookie-authenticated writes must send the ${CSRF_HEADER} header with the value of the ${CSRF_COOKIE} cookie`);
      }
      c.set('actor', auth.actor);
      c.set('authMethod', 'session');
      c.set('sessionHash', tokenHash);
    }
    // An expired cookie is treated as no cookie: routes that need a caller answer 401.
  }
  return next();
};
