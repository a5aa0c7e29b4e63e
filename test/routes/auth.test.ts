import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  body,
  bikeTrip,
  createTestContext,
  PASSWORD,
  TEST_NOW,
  USERS,
  type FixtureUser,
  type TestContext,
} from '../helpers.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestContext();
});
afterEach(() => t.close());

function cookiesOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    out[pair!.slice(0, eq)] = pair!.slice(eq + 1);
  }
  return out;
}

describe('POST /api/v1/auth/login', () => {
  it('answers a token and the account to scripts, and sets no session cookie for them', async () => {
    const res = await t.request('/api/v1/auth/login', {
      method: 'POST',
      json: { email: USERS.staffA.email, password: PASSWORD },
    });
    expect(res.status).toBe(200);
    const b = await body(res);
    expect(b.token).toMatch(/^mss_/);
    expect(b.account).toMatchObject({
      email: USERS.staffA.email,
      role: 'staff',
      partnerId: 'town-a',
    });
    expect(b.account.passwordHash).toBeUndefined();
    expect(cookiesOf(res).ms_session).toBeUndefined();
    expect((await t.request('/api/v1/auth/me', { token: b.token })).status).toBe(200);
  });

  it('with session "cookie", sets an HttpOnly SameSite cookie and keeps its secret out of the answer', async () => {
    const res = await t.request('/api/v1/auth/login', {
      method: 'POST',
      json: { email: USERS.staffA.email, password: PASSWORD, session: 'cookie' },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    const b = JSON.parse(text);
    expect(b.token).toBeUndefined();
    expect(b.account).toMatchObject({ email: USERS.staffA.email });
    const session = res.headers.getSetCookie().find((c) => c.startsWith('ms_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    const cookies = cookiesOf(res);
    expect(cookies.ms_session).toMatch(/^mss_/);
    expect(text).not.toContain(cookies.ms_session);
    expect(cookies.ms_csrf).toBe(b.csrfToken);
    const me = await t.request('/api/v1/auth/me', {
      headers: { cookie: `ms_session=${cookies.ms_session}` },
    });
    expect(me.status).toBe(200);
    const bad = await t.request('/api/v1/auth/login', {
      method: 'POST',
      json: { email: USERS.staffA.email, password: PASSWORD, session: 'both' },
    });
    expect(bad.status).toBe(422);
  });

  it('accepts the e-mail in any case', async () => {
    const res = await t.request('/api/v1/auth/login', {
      method: 'POST',
      json: { email: USERS.staffA.email.toUpperCase(), password: PASSWORD },
    });
    expect(res.status).toBe(200);
  });

  it('refuses a wrong password and an unknown e-mail alike', async () => {
    const wrong = await t.request('/api/v1/auth/login', {
      method: 'POST',
      json: { email: USERS.staffA.email, password: 'nope nope nope' },
    });
    const unknown = await t.request('/api/v1/auth/login', {
      method: 'POST',
      json: { email: 'ghost@test.example', password: PASSWORD },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [w, u] = [await body(wrong), await body(unknown)];
    expect(w.error.code).toBe('invalid_credentials');
    // The answer does not tell which accounts exist.
    expect(u.error).toEqual(w.error);
  });

  it('rate-limits failed logins per address and e-mail, even when the right password comes next', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await t.request('/api/v1/auth/login', {
        method: 'POST',
        json: { email: USERS.staffA.email, password: 'wrong password' },
      });
      expect(res.status).toBe(401);
    }
    const limited = await t.request('/api/v1/auth/login', {
      method: 'POST',
      json: { email: USERS.staffA.email, password: PASSWORD },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await body(limited)).error.code).toBe('rate_limited');
    // Another account is not locked out by it.
    expect(
      (
        await t.request('/api/v1/auth/login', {
          method: 'POST',
          json: { email: USERS.staffB.email, password: PASSWORD },
        })
      ).status,
    ).toBe(200);
  });

  it('refuses a disabled account', async () => {
    const admin = await t.token('admin');
    expect(
      (
        await t.request('/api/v1/accounts/acc-staffB', {
          method: 'PATCH',
          token: admin,
          json: { disabled: true },
        })
      ).status,
    ).toBe(200);
    const res = await t.request('/api/v1/auth/login', {
      method: 'POST',
      json: { email: USERS.staffB.email, password: PASSWORD },
    });
    expect(res.status).toBe(401);
  });
});

describe('sessions', () => {
  it('the bearer token and the cookie both authenticate', async () => {
    const token = await t.token('commuterA');
    expect((await t.request('/api/v1/auth/me', { token })).status).toBe(200);
    const viaCookie = await t.request('/api/v1/auth/me', {
      headers: { cookie: `ms_session=${token}` },
    });
    expect(viaCookie.status).toBe(200);
    expect((await body(viaCookie)).account.commuterId).toBe('cmt-a1');
  });

  it('a cookie-authenticated write needs the CSRF token; a bearer write does not', async () => {
    const res = await t.request('/api/v1/auth/login', {
      method: 'POST',
      json: { email: USERS.commuterA.email, password: PASSWORD },
    });
    const { token, csrfToken } = await body(res);
    const cookie = `ms_session=${token}; ms_csrf=${csrfToken}`;
    const noCsrf = await t.request('/api/v1/trips', {
      method: 'POST',
      headers: { cookie },
      json: bikeTrip(),
    });
    expect(noCsrf.status).toBe(403);
    expect((await body(noCsrf)).error.code).toBe('csrf_failed');
    const withCsrf = await t.request('/api/v1/trips', {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken },
      json: bikeTrip(),
    });
    expect(withCsrf.status).toBe(201);
    const bearer = await t.request('/api/v1/trips', {
      method: 'POST',
      token,
      json: bikeTrip({
        startedAt: '2011-03-02T07:30:00+01:00',
        endedAt: '2011-03-02T07:52:00+01:00',
      }),
    });
    expect(bearer.status).toBe(201);
  });

  it('logout revokes the token', async () => {
    const token = await t.login(USERS.staffA.email);
    expect((await t.request('/api/v1/auth/logout', { method: 'POST', token })).status).toBe(204);
    const after = await t.request('/api/v1/auth/me', { token });
    expect(after.status).toBe(401);
    expect((await body(after)).error.code).toBe('unauthenticated');
  });

  it('a garbage bearer token is a 401, not a 500', async () => {
    const res = await t.request('/api/v1/trips', { token: 'not-a-token' });
    expect(res.status).toBe(401);
    const malformed = await t.request('/api/v1/trips', { headers: { authorization: 'Basic abc' } });
    expect(malformed.status).toBe(401);
  });

  it('disabling an account ends its sessions at once', async () => {
    const token = await t.token('staffB');
    await t.request('/api/v1/accounts/acc-staffB', {
      method: 'PATCH',
      token: await t.token('admin'),
      json: { disabled: true },
    });
    expect((await t.request('/api/v1/auth/me', { token })).status).toBe(401);
  });
});

describe('API tokens', () => {
  async function createToken(loginToken: string, name = 'nightly import') {
    const res = await t.request('/api/v1/auth/tokens', {
      method: 'POST',
      token: loginToken,
      json: { name },
    });
    expect(res.status).toBe(201);
    return body<{
      id: string;
      name: string;
      token: string;
      createdAt: string;
      lastUsedAt: string | null;
      revokedAt: string | null;
    }>(res);
  }

  it('act as the account that created them, with its role and scope, and list without their secret', async () => {
    const created = await createToken(await t.token('staffA'));
    expect(created.token).toMatch(/^mst_/);
    expect(created).toMatchObject({ name: 'nightly import', lastUsedAt: null, revokedAt: null });

    const me = await t.request('/api/v1/auth/me', { token: created.token });
    expect(me.status).toBe(200);
    expect((await body(me)).account.email).toBe(USERS.staffA.email);
    // Staff of town A: town B's commuter stays out of reach with the token too.
    expect((await t.request('/api/v1/commuters/cmt-b1', { token: created.token })).status).toBe(
      404,
    );
    expect(
      (
        await t.request('/api/v1/trips', {
          method: 'POST',
          token: created.token,
          json: bikeTrip({ commuterId: 'cmt-a1' }),
        })
      ).status,
    ).toBe(201);

    const list = await body<{ items: Array<Record<string, unknown>> }>(
      await t.request('/api/v1/auth/tokens', { token: await t.token('staffA') }),
    );
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      id: created.id,
      name: 'nightly import',
      revokedAt: null,
    });
    expect(list.items[0]!.lastUsedAt).toBeTypeOf('string');
    expect(JSON.stringify(list)).not.toContain(created.token);
    // Another account sees only its own.
    expect(
      (await body(await t.request('/api/v1/auth/tokens', { token: await t.token('staffB') })))
        .items,
    ).toEqual([]);
  });

  it('are stored only as a hash', async () => {
    const created = await createToken(await t.token('admin'));
    const rows = await t.db.kysely.selectFrom('api_tokens').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(created.token);
  });

  it('cannot create another token', async () => {
    const created = await createToken(await t.token('admin'));
    const res = await t.request('/api/v1/auth/tokens', {
      method: 'POST',
      token: created.token,
      json: { name: 'second' },
    });
    expect(res.status).toBe(403);
    expect((await body(res)).error.code).toBe('forbidden');
  });

  it('stop working as soon as they are revoked, by their owner only', async () => {
    const login = await t.token('commuterA');
    const created = await createToken(login, 'tracker bridge');
    expect((await t.request('/api/v1/auth/me', { token: created.token })).status).toBe(200); // now cached
    expect(
      (
        await t.request(`/api/v1/auth/tokens/${created.id}`, {
          method: 'DELETE',
          token: await t.token('commuterA2'),
        })
      ).status,
    ).toBe(404);
    expect((await t.request('/api/v1/auth/me', { token: created.token })).status).toBe(200);
    expect(
      (await t.request(`/api/v1/auth/tokens/${created.id}`, { method: 'DELETE', token: login }))
        .status,
    ).toBe(204);
    const after = await t.request('/api/v1/auth/me', { token: created.token });
    expect(after.status).toBe(401);
    expect((await body(after)).error.code).toBe('unauthenticated');
    expect(
      (await t.request(`/api/v1/auth/tokens/${created.id}`, { method: 'DELETE', token: login }))
        .status,
    ).toBe(204);
    const listed = (await body(await t.request('/api/v1/auth/tokens', { token: login }))).items;
    expect(listed[0].revokedAt).toBeTypeOf('string');
  });

  it('end with their account', async () => {
    const created = await createToken(await t.token('staffB'));
    await t.request('/api/v1/accounts/acc-staffB', {
      method: 'PATCH',
      token: await t.token('admin'),
      json: { disabled: true },
    });
    expect((await t.request('/api/v1/auth/me', { token: created.token })).status).toBe(401);
  });

  it('need a name, and a cookie session must send the CSRF token to create one', async () => {
    const login = await t.token('analystA');
    for (const json of [
      {},
      { name: '   ' },
      { name: 'x'.repeat(101) },
      { name: 'a\u0000b' },
      { name: 42 },
      { name: 'ok', scope: 'all' },
    ]) {
      const res = await t.request('/api/v1/auth/tokens', { method: 'POST', token: login, json });
      expect(res.status).toBe(422);
      expect((await body(res)).error.code).toBe('validation_failed');
    }
    const res = await t.request('/api/v1/auth/login', {
      method: 'POST',
      json: { email: USERS.analystA.email, password: PASSWORD },
    });
    const { token, csrfToken } = await body(res);
    const cookie = `ms_session=${token}; ms_csrf=${csrfToken}`;
    expect(
      (
        await t.request('/api/v1/auth/tokens', {
          method: 'POST',
          headers: { cookie },
          json: { name: 'n' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await t.request('/api/v1/auth/tokens', {
          method: 'POST',
          headers: { cookie, 'x-csrf-token': csrfToken },
          json: { name: 'n' },
        })
      ).status,
    ).toBe(201);
  });
});

describe('a malformed Authorization header', () => {
  const headers = ['Basic abc', 'Bearer', 'Bearer a b', 'Bearer not-a-token', '!!!'];

  it('does not turn public routes into a 401', async () => {
    for (const authorization of headers) {
      for (const path of [
        '/api/v1/health',
        '/api/v1/config',
        '/api/v1/openapi.json',
        '/api/v1/methodology',
      ]) {
        const res = await t.request(path, { headers: { authorization } });
        expect(res.status, `${path} with "${authorization}"`).toBe(200);
      }
      const login = await t.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { authorization },
        json: { email: USERS.staffA.email, password: PASSWORD },
      });
      expect(login.status, `login with "${authorization}"`).toBe(200);
    }
  });

  it('is still a clear 401 where a caller is needed', async () => {
    const res = await t.request('/api/v1/auth/me', { headers: { authorization: 'Basic abc' } });
    expect(res.status).toBe(401);
    expect((await body(res)).error).toMatchObject({
      code: 'unauthenticated',
      message: expect.stringContaining('Bearer <token>'),
    });
    const unknown = await t.request('/api/v1/trips', {
      method: 'POST',
      headers: { authorization: 'Bearer mst_unknown' },
      json: bikeTrip(),
    });
    expect(unknown.status).toBe(401);
    expect((await body(unknown)).error.code).toBe('unauthenticated');
  });
});

describe('API token scope, expiry and logout', () => {
  let now = TEST_NOW;
  beforeEach(async () => {
    await t.close();
    now = TEST_NOW;
    t = await createTestContext({ now: () => now });
  });

  async function create(json: Record<string, unknown>, user: FixtureUser = 'staffA') {
    const res = await t.request('/api/v1/auth/tokens', {
      method: 'POST',
      token: await t.token(user),
      json: { name: 'script', ...json },
    });
    return { status: res.status, body: await body(res) };
  }

  it('logout with an API token says it is not a session, names how to revoke it, and changes nothing', async () => {
    const { body: created } = await create({});
    const res = await t.request('/api/v1/auth/logout', { method: 'POST', token: created.token });
    expect(res.status).toBe(400);
    const error = (await body(res)).error;
    expect(error.code).toBe('not_a_session');
    expect(error.message).toContain(`DELETE /api/v1/auth/tokens/${created.id}`);
    expect((await t.request('/api/v1/auth/me', { token: created.token })).status).toBe(200);
    expect((await t.request('/api/v1/auth/me', { token: await t.token('staffA') })).status).toBe(
      200,
    );
  });

  it('a read-only token reads but every write is refused with 403 read_only_token, cached or not', async () => {
    const { status, body: created } = await create({ scope: 'read' });
    expect(status).toBe(201);
    expect(created.scope).toBe('read');
    expect((await t.request('/api/v1/trips', { token: created.token })).status).toBe(200);
    expect(
      (await t.request('/api/v1/trips', { method: 'HEAD', token: created.token })).status,
    ).toBe(200);
    // The token is now in the auth cache: writes are refused on a cache hit too.
    const writes: Array<[string, string, unknown]> = [
      ['POST', '/api/v1/trips', bikeTrip({ commuterId: 'cmt-a1' })],
      ['PATCH', '/api/v1/commuters/cmt-a1', { weightKg: 80 }],
      ['DELETE', `/api/v1/auth/tokens/${created.id}`, undefined],
      ['POST', '/api/v1/auth/logout', undefined],
    ];
    for (const [method, path, json] of writes) {
      const res = await t.request(path, {
        method,
        token: created.token,
        ...(json !== undefined ? { json } : {}),
      });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await body(res)).error.code).toBe('read_only_token');
    }
    expect(await t.db.kysely.selectFrom('trips').select('id').execute()).toEqual([]);
    // The default scope writes.
    const { body: rw } = await create({});
    expect(rw.scope).toBe('read_write');
    expect(
      (
        await t.request('/api/v1/trips', {
          method: 'POST',
          token: rw.token,
          json: bikeTrip({ commuterId: 'cmt-a1' }),
        })
      ).status,
    ).toBe(201);
  });

  it('a token with an expiry works until then and answers 401 token_expired after, even from the cache', async () => {
    const inTwoSeconds = new Date(TEST_NOW + 2_000).toISOString().replace('Z', '+00:00');
    const { status, body: created } = await create({ expiresAt: inTwoSeconds });
    expect(status).toBe(201);
    expect(created.expiresAt).toBe(new Date(TEST_NOW + 2_000).toISOString());
    expect((await t.request('/api/v1/auth/me', { token: created.token })).status).toBe(200); // cached for 5 s
    now += 3_000;
    const after = await t.request('/api/v1/auth/me', { token: created.token });
    expect(after.status).toBe(401);
    expect((await body(after)).error.code).toBe('token_expired');
    // Public routes still answer.
    expect((await t.request('/api/v1/health', { token: created.token })).status).toBe(200);
  });

  it('expiresInDays counts from now; the list shows scope and expiry', async () => {
    const { body: created } = await create({ expiresInDays: 30, scope: 'read' });
    expect(created.expiresAt).toBe(new Date(TEST_NOW + 30 * 86_400_000).toISOString());
    const list = (
      await body(await t.request('/api/v1/auth/tokens', { token: await t.token('staffA') }))
    ).items;
    expect(list[0]).toMatchObject({ id: created.id, scope: 'read', expiresAt: created.expiresAt });
    now += 30 * 86_400_000 - 1;
    expect((await t.request('/api/v1/auth/me', { token: created.token })).status).toBe(200);
    now += 1;
    expect((await t.request('/api/v1/auth/me', { token: created.token })).status).toBe(401);
  });

  it('refuses an expiry in the past, both kinds of expiry, and lifetimes out of range', async () => {
    for (const json of [
      { expiresAt: new Date(TEST_NOW - 1).toISOString() },
      { expiresAt: new Date(TEST_NOW).toISOString() },
      { expiresAt: 'tomorrow' },
      { expiresAt: '2027-01-01T00:00:00' },
      { expiresAt: new Date(TEST_NOW + 3651 * 86_400_000).toISOString() },
      { expiresInDays: 0 },
      { expiresInDays: 1.5 },
      { expiresInDays: 3651 },
      { expiresInDays: 1, expiresAt: new Date(TEST_NOW + 86_400_000).toISOString() },
      { scope: 'write' },
    ]) {
      const res = await create(json);
      expect(res.status, JSON.stringify(json)).toBe(422);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });
});
