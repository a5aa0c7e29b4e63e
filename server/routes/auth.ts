import { createRoute, z } from '@hono/zod-openapi';
import { getConnInfo } from '@hono/node-server/conninfo';
import { deleteCookie, setCookie } from 'hono/cookie';
import { CSRF_COOKIE, SESSION_COOKIE } from '../auth/middleware.js';
import { verifyPassword } from '../auth/passwords.js';
import { generateToken, hashToken } from '../auth/tokens.js';
import { AppError } from '../errors.js';
import { createRouter, db, nowIso, requireActor, services, type AppContext } from '../http.js';
import { findAccount, findAccountByEmail, insertSession, normalizeEmail, revokeSession } from '../repositories/accounts.js';
import { AccountSchema, errorResponses, jsonBody, jsonResponse, LoginResponseSchema, LoginSchema } from './schemas.js';

function clientAddress(c: AppContext): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}

const login = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Log in with e-mail and password',
  description: 'Answers a token for `Authorization: Bearer` and sets an HttpOnly session cookie plus a readable CSRF cookie. Failed logins are rate-limited per e-mail and per address.',
  request: { body: jsonBody(LoginSchema) },
  responses: { 200: jsonResponse(LoginResponseSchema, 'Logged in'), ...errorResponses(401, 422, 429) },
});

const logout = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  summary: 'Log out: revokes the session or login token',
  responses: { 204: { description: 'Logged out' }, ...errorResponses(401, 403) },
});

const me = createRoute({
  method: 'get',
  path: '/auth/me',
  tags: ['auth'],
  summary: 'The logged-in account',
  responses: { 200: jsonResponse(z.object({ account: AccountSchema }), 'The account'), ...errorResponses(401) },
});

export function authRoutes() {
  const app = createRouter();

  app.openapi(login, async (c) => {
    const s = services(c);
    const { email, password } = c.req.valid('json');
    const emailKey = normalizeEmail(email);
    const address = clientAddress(c);
    const wait = Math.max(s.loginLimiter.retryAfterSeconds(emailKey), s.addressLimiter.retryAfterSeconds(address));
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new AppError('rate_limited', `too many failed logins; try again in ${wait} s`);
    }
    const account = await findAccountByEmail(db(c), email);
    // Verify against a dummy hash when the e-mail is unknown, so timing does not tell.
    const ok = await verifyPassword(account?.passwordHash ?? (await s.dummyPasswordHash), password);
    if (!account || !ok || account.disabled) {
      s.loginLimiter.recordFailure(emailKey);
      s.addressLimiter.recordFailure(address);
      throw new AppError('invalid_credentials', 'e-mail or password is wrong, or the account is disabled');
    }
    s.loginLimiter.reset(emailKey);
    const token = generateToken('mss');
    const csrfToken = generateToken('csrf');
    const expiresAt = new Date(s.now() + s.config.sessionTtlHours * 3_600_000).toISOString();
    await insertSession(db(c), { idHash: hashToken(token), accountId: account.id, csrfToken, expiresAt }, nowIso(c));
    const maxAge = s.config.sessionTtlHours * 3600;
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', path: '/', secure: s.config.secureCookies, maxAge });
    setCookie(c, CSRF_COOKIE, csrfToken, { httpOnly: false, sameSite: 'Lax', path: '/', secure: s.config.secureCookies, maxAge });
    const { passwordHash: _hash, ...publicAccount } = account;
    s.logger.info('login', { accountId: account.id, role: account.role });
    return c.json({ token, csrfToken, expiresAt, account: publicAccount }, 200);
  });

  app.openapi(logout, async (c) => {
    requireActor(c);
    const sessionHash = c.get('sessionHash');
    if (sessionHash) {
      await revokeSession(db(c), sessionHash, nowIso(c));
      services(c).authCache.delete(sessionHash);
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    deleteCookie(c, CSRF_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  app.openapi(me, async (c) => {
    const actor = requireActor(c);
    const account = await findAccount(db(c), actor.accountId);
    if (!account) throw new AppError('unauthenticated', 'the account no longer exists');
    return c.json({ account }, 200);
  });

  return app;
}
