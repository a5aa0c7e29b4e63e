import { createRoute, z } from '@hono/zod-openapi';
import { getConnInfo } from '@hono/node-server/conninfo';
import { deleteCookie, setCookie } from 'hono/cookie';
import { CSRF_COOKIE, SESSION_COOKIE } from '../auth/middleware.js';
import { verifyPassword } from '../auth/passwords.js';
import { generateToken, hashToken, newId } from '../auth/tokens.js';
import { AppError } from '../errors.js';
import { createRouter, db, nowIso, requireActor, services, type AppContext } from '../http.js';
import { findAccount, findAccountByEmail, insertApiToken, insertSession, listApiTokens, normalizeEmail, revokeApiToken, revokeSession } from '../repositories/accounts.js';
import { recordAudit } from '../repositories/audit.js';
import { AccountSchema, ApiTokenCreatedSchema, ApiTokenCreateSchema, ApiTokenSchema, errorResponses, IdSchema, jsonBody, jsonResponse, LoginResponseSchema, LoginSchema } from './schemas.js';

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

const createToken = createRoute({
  method: 'post',
  path: '/auth/tokens',
  tags: ['auth'],
  summary: 'Create an API token for scripts and integrations',
  description:
    'A long-lived bearer token that acts as the logged-in account, with its role and scope, until it is revoked or the account is disabled. The secret is in this answer only. Needs a login (session cookie or login token): an API token cannot create another.',
  request: { body: jsonBody(ApiTokenCreateSchema) },
  responses: { 201: jsonResponse(ApiTokenCreatedSchema, 'Created'), ...errorResponses(401, 403, 422) },
});

const listTokens = createRoute({
  method: 'get',
  path: '/auth/tokens',
  tags: ['auth'],
  summary: "The logged-in account's API tokens (never their secrets)",
  responses: { 200: jsonResponse(z.object({ items: z.array(ApiTokenSchema) }), 'Tokens, newest first'), ...errorResponses(401) },
});

const revokeToken = createRoute({
  method: 'delete',
  path: '/auth/tokens/{id}',
  tags: ['auth'],
  summary: 'Revoke one of your API tokens',
  description: 'Takes effect at once. Revoking a revoked token changes nothing.',
  request: { params: z.object({ id: IdSchema }) },
  responses: { 204: { description: 'Revoked' }, ...errorResponses(401, 403, 404) },
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
    // A temporary password (set by an admin) logs in, but only POST /auth/password is open.
    return c.json({ token, csrfToken, expiresAt, mustChangePassword: account.mustChangePassword, account: publicAccount }, 200);
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

  app.openapi(createToken, async (c) => {
    const actor = requireActor(c);
    if (c.get('sessionHash') === null) throw new AppError('forbidden', 'API tokens are created after logging in with a password, not with another API token');
    const { name } = c.req.valid('json');
    const token = generateToken('mst');
    const now = nowIso(c);
    const created = await db(c)
      .transaction()
      .execute(async (trx) => {
        const t = await insertApiToken(trx, { id: newId('tok'), accountId: actor.accountId, name, tokenHash: hashToken(token) }, now);
        await recordAudit(trx, { accountId: actor.accountId, action: 'api_token.create', targetType: 'api_token', targetId: t.id, details: { name } }, now);
        return t;
      });
    return c.json({ ...created, token }, 201);
  });

  app.openapi(listTokens, async (c) => {
    const actor = requireActor(c);
    return c.json({ items: await listApiTokens(db(c), actor.accountId) }, 200);
  });

  app.openapi(revokeToken, async (c) => {
    const actor = requireActor(c);
    const { id } = c.req.valid('param');
    const now = nowIso(c);
    const revoked = await db(c)
      .transaction()
      .execute(async (trx) => {
        const r = await revokeApiToken(trx, actor.accountId, id, now);
        if (r) await recordAudit(trx, { accountId: actor.accountId, action: 'api_token.revoke', targetType: 'api_token', targetId: id }, now);
        return r;
      });
    // Another account's token answers like a missing one: token ids do not leak.
    if (!revoked) throw new AppError('not_found', `no API token ${id} of yours`);
    services(c).authCache.delete(revoked.tokenHash);
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
