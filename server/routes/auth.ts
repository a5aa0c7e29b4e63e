import { createRoute, z } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import { CSRF_COOKIE, SESSION_COOKIE } from '../auth/middleware.js';
import { verifyPassword } from '../auth/passwords.js';
import { generateToken, hashToken, newId } from '../auth/tokens.js';
import { AppError } from '../errors.js';
import {
  clientAddress,
  createRouter,
  db,
  nowIso,
  requireActor,
  services,
  type AppContext,
} from '../http.js';
import {
  findAccount,
  findAccountByEmail,
  insertApiToken,
  insertSession,
  listApiTokens,
  normalizeEmail,
  revokeApiToken,
  revokeSession,
  type Account,
} from '../repositories/accounts.js';
import { resolveExpiry } from './expiry.js';
import { recordAudit } from '../repositories/audit.js';
import {
  AccountSchema,
  API_TOKEN_MAX_DAYS,
  ApiTokenCreatedSchema,
  ApiTokenCreateSchema,
  ApiTokenSchema,
  errorResponses,
  IdSchema,
  jsonBody,
  jsonResponse,
  LoginResponseSchema,
  LoginSchema,
} from './schemas.js';

const login = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  // Open to anyone: the OpenAPI document says so (the API reference page shows it).
  security: [],
  summary: 'Log in with e-mail and password',
  description:
    'With `session: "cookie"` (what browsers send) sets an HttpOnly session cookie plus a readable CSRF cookie and answers without the token; otherwise answers a token for `Authorization: Bearer` and sets no cookie. Every attempt is counted before the password is checked: at most LOGIN_MAX_FAILURES failures per client address and account in LOGIN_WINDOW_MINUTES, a doubling delay (at most LOGIN_BACKOFF_MAX_SECONDS) per account after twice that many from anywhere except addresses it logged in from, and ten times as many per address across accounts; 429 with Retry-After beyond.',
  request: { body: jsonBody(LoginSchema) },
  responses: {
    200: jsonResponse(LoginResponseSchema, 'Logged in'),
    ...errorResponses(401, 422, 429),
  },
});

const logout = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  summary: 'Log out: revokes the session or login token',
  description:
    'Ends the session of the cookie or login token sent. An API token is not a session: logging out with one changes nothing and answers 400 `not_a_session`, naming `DELETE /auth/tokens/{id}` that revokes it.',
  responses: { 204: { description: 'Logged out' }, ...errorResponses(400, 401, 403) },
});

const me = createRoute({
  method: 'get',
  path: '/auth/me',
  tags: ['auth'],
  summary: 'The logged-in account',
  responses: {
    200: jsonResponse(z.object({ account: AccountSchema }), 'The account'),
    ...errorResponses(401),
  },
});

const createToken = createRoute({
  method: 'post',
  path: '/auth/tokens',
  tags: ['auth'],
  summary: 'Create an API token for scripts and integrations',
  description:
    'A bearer token that acts as the logged-in account, with its role and partner, until it is revoked, expires (`expiresAt` or `expiresInDays`, optional) or the account is disabled. `scope: "read"` makes it read-only: every request other than GET and HEAD answers 403 `read_only_token`. The secret is in this answer only. Needs a login (session cookie or login token): an API token cannot create another.',
  request: { body: jsonBody(ApiTokenCreateSchema) },
  responses: {
    201: jsonResponse(ApiTokenCreatedSchema, 'Created'),
    ...errorResponses(401, 403, 422),
  },
});

const listTokens = createRoute({
  method: 'get',
  path: '/auth/tokens',
  tags: ['auth'],
  summary: "The logged-in account's API tokens (never their secrets)",
  responses: {
    200: jsonResponse(z.object({ items: z.array(ApiTokenSchema) }), 'Tokens, newest first'),
    ...errorResponses(401),
  },
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

/**
 * Opens a session for an account that just proved who it is (login, or joining with an
 * enrolment code): with `session: "cookie"` the secret goes only into the HttpOnly cookie; with
 * `token` it is answered for `Authorization: Bearer` and no cookie is set.
 */
export async function startSession(
  c: AppContext,
  account: Account,
  session: 'cookie' | 'token',
): Promise<z.infer<typeof LoginResponseSchema>> {
  const s = services(c);
  const token = generateToken('mss');
  const csrfToken = generateToken('csrf');
  const expiresAt = new Date(s.now() + s.config.sessionTtlHours * 3_600_000).toISOString();
  await insertSession(
    db(c),
    { idHash: hashToken(token), accountId: account.id, csrfToken, expiresAt },
    nowIso(c),
  );
  const base = { csrfToken, expiresAt, mustChangePassword: account.mustChangePassword, account };
  if (session === 'cookie') {
    const maxAge = s.config.sessionTtlHours * 3600;
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure: s.config.secureCookies,
      maxAge,
    });
    setCookie(c, CSRF_COOKIE, csrfToken, {
      httpOnly: false,
      sameSite: 'Lax',
      path: '/',
      secure: s.config.secureCookies,
      maxAge,
    });
    return base;
  }
  return { token, ...base };
}

export function authRoutes() {
  const app = createRouter();

  app.openapi(login, async (c) => {
    const s = services(c);
    const { email, password, session = 'token' } = c.req.valid('json');
    // Reserved before the slow hash check, in the shared store: parallel guesses, on any
    // server process, cannot overtake it.
    const attempt = await s.loginThrottle.reserve(clientAddress(c), normalizeEmail(email));
    if (!attempt.ok) {
      c.header('Retry-After', String(attempt.retryAfterSeconds));
      throw new AppError(
        'rate_limited',
        `too many failed logins; try again in ${attempt.retryAfterSeconds} s`,
      );
    }
    const account = await findAccountByEmail(db(c), email);
    // Verify against a dummy hash when the e-mail is unknown, so timing does not tell.
    const ok = await verifyPassword(account?.passwordHash ?? (await s.dummyPasswordHash), password);
    if (!account || !ok || account.disabled) {
      throw new AppError(
        'invalid_credentials',
        'e-mail or password is wrong, or the account is disabled',
      );
    }
    await s.loginThrottle.succeed(attempt);
    const { passwordHash: _hash, ...publicAccount } = account;
    // A temporary password (set by an admin) logs in, but only POST /auth/password is open.
    s.logger.info('login', { accountId: account.id, role: account.role, session });
    return c.json(await startSession(c, publicAccount, session), 200);
  });

  app.openapi(logout, async (c) => {
    requireActor(c);
    const apiTokenId = c.get('apiTokenId');
    if (apiTokenId !== null) {
      // Revoking an integration's token as a side effect of "log out" would surprise its owner.
      const message = `an API token is not a session, so nothing was logged out; revoke it with DELETE /api/v1/auth/tokens/${apiTokenId}`;
      throw new AppError('not_a_session', message, { tokenId: apiTokenId });
    }
    const sessionHash = c.get('sessionHash');
    if (sessionHash) {
      // One transaction: no server can see the revocation without the raised auth counter.
      await db(c)
        .transaction()
        .execute((trx) => revokeSession(trx, sessionHash, nowIso(c)));
      services(c).authCache.delete(sessionHash);
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    deleteCookie(c, CSRF_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  app.openapi(createToken, async (c) => {
    const actor = requireActor(c);
    if (c.get('sessionHash') === null)
      throw new AppError(
        'forbidden',
        'API tokens are created after logging in with a password, not with another API token',
      );
    const {
      name,
      scope = 'read_write',
      expiresAt: expiresAtText,
      expiresInDays,
    } = c.req.valid('json');
    const expiresAt = resolveExpiry(
      { expiresAt: expiresAtText, expiresInDays },
      services(c).now(),
      API_TOKEN_MAX_DAYS,
    );
    const token = generateToken('mst');
    const now = nowIso(c);
    const created = await db(c)
      .transaction()
      .execute(async (trx) => {
        const row = {
          id: newId('tok'),
          accountId: actor.accountId,
          name,
          tokenHash: hashToken(token),
          scope,
          expiresAt,
        };
        const t = await insertApiToken(trx, row, now);
        const audit = { name, scope, expiresAt };
        await recordAudit(
          trx,
          {
            accountId: actor.accountId,
            action: 'api_token.create',
            targetType: 'api_token',
            targetId: t.id,
            details: audit,
          },
          now,
        );
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
        if (r)
          await recordAudit(
            trx,
            {
              accountId: actor.accountId,
              action: 'api_token.revoke',
              targetType: 'api_token',
              targetId: id,
            },
            now,
          );
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
