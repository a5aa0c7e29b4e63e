import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { body, bikeTrip, createTestContext, PASSWORD, USERS, type TestContext } from '../helpers.js';

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
  it('answers a token and the account, and sets an HttpOnly SameSite session cookie', async () => {
    const res = await t.request('/api/v1/auth/login', { method: 'POST', json: { email: USERS.staffA.email, password: PASSWORD } });
    expect(res.status).toBe(200);
    const b = await body(res);
    expect(b.token).toMatch(/^mss_/);
    expect(b.account).toMatchObject({ email: USERS.staffA.email, role: 'staff', partnerId: 'town-a' });
    expect(b.account.passwordHash).toBeUndefined();
    const session = res.headers.getSetCookie().find((c) => c.startsWith('ms_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(cookiesOf(res).ms_session).toBe(b.token);
  });

  it('accepts the e-mail in any case', async () => {
    const res = await t.request('/api/v1/auth/login', { method: 'POST', json: { email: USERS.staffA.email.toUpperCase(), password: PASSWORD } });
    expect(res.status).toBe(200);
  });

  it('refuses a wrong password and an unknown e-mail alike', async () => {
    const wrong = await t.request('/api/v1/auth/login', { method: 'POST', json: { email: USERS.staffA.email, password: 'nope nope nope' } });
    const unknown = await t.request('/api/v1/auth/login', { method: 'POST', json: { email: 'ghost@test.example', password: PASSWORD } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [w, u] = [await body(wrong), await body(unknown)];
    expect(w.error.code).toBe('invalid_credentials');
    // The answer does not tell which accounts exist.
    expect(u.error).toEqual(w.error);
  });

  it('rate-limits failed logins per e-mail, even when the right password comes next', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await t.request('/api/v1/auth/login', { method: 'POST', json: { email: USERS.staffA.email, password: 'wrong password' } });
      expect(res.status).toBe(401);
    }
    const limited = await t.request('/api/v1/auth/login', { method: 'POST', json: { email: USERS.staffA.email, password: PASSWORD } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await body(limited)).error.code).toBe('rate_limited');
    // Another account is not locked out by it.
    expect((await t.request('/api/v1/auth/login', { method: 'POST', json: { email: USERS.staffB.email, password: PASSWORD } })).status).toBe(200);
  });

  it('refuses a disabled account', async () => {
    const admin = await t.token('admin');
    expect((await t.request('/api/v1/accounts/acc-staffB', { method: 'PATCH', token: admin, json: { disabled: true } })).status).toBe(200);
    const res = await t.request('/api/v1/auth/login', { method: 'POST', json: { email: USERS.staffB.email, password: PASSWORD } });
    expect(res.status).toBe(401);
  });
});

describe('sessions', () => {
  it('the bearer token and the cookie both authenticate', async () => {
    const token = await t.token('commuterA');
    expect((await t.request('/api/v1/auth/me', { token })).status).toBe(200);
    const viaCookie = await t.request('/api/v1/auth/me', { headers: { cookie: `ms_session=${token}` } });
    expect(viaCookie.status).toBe(200);
    expect((await body(viaCookie)).account.commuterId).toBe('cmt-a1');
  });

  it('a cookie-authenticated write needs the CSRF token; a bearer write does not', async () => {
    const res = await t.request('/api/v1/auth/login', { method: 'POST', json: { email: USERS.commuterA.email, password: PASSWORD } });
    const { token, csrfToken } = await body(res);
    const cookie = `ms_session=${token}; ms_csrf=${csrfToken}`;
    const noCsrf = await t.request('/api/v1/trips', { method: 'POST', headers: { cookie }, json: bikeTrip() });
    expect(noCsrf.status).toBe(403);
    expect((await body(noCsrf)).error.code).toBe('csrf_failed');
    const withCsrf = await t.request('/api/v1/trips', { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken }, json: bikeTrip() });
    expect(withCsrf.status).toBe(201);
    const bearer = await t.request('/api/v1/trips', { method: 'POST', token, json: bikeTrip({ startedAt: '2011-03-02T07:30:00+01:00', endedAt: '2011-03-02T07:52:00+01:00' }) });
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
    await t.request('/api/v1/accounts/acc-staffB', { method: 'PATCH', token: await t.token('admin'), json: { disabled: true } });
    expect((await t.request('/api/v1/auth/me', { token })).status).toBe(401);
  });
});

describe('API tokens', () => {
  async function createToken(loginToken: string, name = 'nightly import') {
    const res = await t.request('/api/v1/auth/tokens', { method: 'POST', token: loginToken, json: { name } });
    expect(res.status).toBe(201);
    return body<{ id: string; name: string; token: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }>(res);
  }

  it('act as the account that created them, with its role and scope, and list without their secret', async () => {
    const created = await createToken(await t.token('staffA'));
    expect(created.token).toMatch(/^mst_/);
    expect(created).toMatchObject({ name: 'nightly import', lastUsedAt: null, revokedAt: null });

    const me = await t.request('/api/v1/auth/me', { token: created.token });
    expect(me.status).toBe(200);
    expect((await body(me)).account.email).toBe(USERS.staffA.email);
    // Staff of town A: town B's commuter stays out of reach with the token too.
    expect((await t.request('/api/v1/commuters/cmt-b1', { token: created.token })).status).toBe(404);
    expect((await t.request('/api/v1/trips', { method: 'POST', token: created.token, json: bikeTrip({ commuterId: 'cmt-a1' }) })).status).toBe(201);

    const list = await body<{ items: Array<Record<string, unknown>> }>(await t.request('/api/v1/auth/tokens', { token: await t.token('staffA') }));
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id: created.id, name: 'nightly import', revokedAt: null });
    expect(list.items[0]!.lastUsedAt).toBeTypeOf('string');
    expect(JSON.stringify(list)).not.toContain(created.token);
    // Another account sees only its own.
    expect((await body(await t.request('/api/v1/auth/tokens', { token: await t.token('staffB') }))).items).toEqual([]);
  });

  it('are stored only as a hash', async () => {
    const created = await createToken(await t.token('admin'));
    const rows = await t.db.kysely.selectFrom('api_tokens').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(created.token);
  });

  it('cannot create another token', async () => {
    const created = await createToken(await t.token('admin'));
    const res = await t.request('/api/v1/auth/tokens', { method: 'POST', token: created.token, json: { name: 'second' } });
    expect(res.status).toBe(403);
    expect((await body(res)).error.code).toBe('forbidden');
  });

  it('stop working as soon as they are revoked, by their owner only', async () => {
    const login = await t.token('commuterA');
    const created = await createToken(login, 'tracker bridge');
    expect((await t.request('/api/v1/auth/me', { token: created.token })).status).toBe(200); // now cached
    expect((await t.request(`/api/v1/auth/tokens/${created.id}`, { method: 'DELETE', token: await t.token('commuterA2') })).status).toBe(404);
    expect((await t.request('/api/v1/auth/me', { token: created.token })).status).toBe(200);
    expect((await t.request(`/api/v1/auth/tokens/${created.id}`, { method: 'DELETE', token: login })).status).toBe(204);
    const after = await t.request('/api/v1/auth/me', { token: created.token });
    expect(after.status).toBe(401);
    expect((await body(after)).error.code).toBe('unauthenticated');
    expect((await t.request(`/api/v1/auth/tokens/${created.id}`, { method: 'DELETE', token: login })).status).toBe(204);
    const listed = (await body(await t.request('/api/v1/auth/tokens', { token: login }))).items;
    expect(listed[0].revokedAt).toBeTypeOf('string');
  });

  it('end with their account', async () => {
    const created = await createToken(await t.token('staffB'));
    await t.request('/api/v1/accounts/acc-staffB', { method: 'PATCH', token: await t.token('admin'), json: { disabled: true } });
    expect((await t.request('/api/v1/auth/me', { token: created.token })).status).toBe(401);
  });

  it('need a name, and a cookie session must send the CSRF token to create one', async () => {
    const login = await t.token('analystA');
    for (const json of [{}, { name: '   ' }, { name: 'x'.repeat(101) }, { name: 'a\u0000b' }, { name: 42 }, { name: 'ok', scope: 'all' }]) {
      const res = await t.request('/api/v1/auth/tokens', { method: 'POST', token: login, json });
      expect(res.status).toBe(422);
      expect((await body(res)).error.code).toBe('validation_failed');
    }
    const res = await t.request('/api/v1/auth/login', { method: 'POST', json: { email: USERS.analystA.email, password: PASSWORD } });
    const { token, csrfToken } = await body(res);
    const cookie = `ms_session=${token}; ms_csrf=${csrfToken}`;
    expect((await t.request('/api/v1/auth/tokens', { method: 'POST', headers: { cookie }, json: { name: 'n' } })).status).toBe(403);
    expect((await t.request('/api/v1/auth/tokens', { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken }, json: { name: 'n' } })).status).toBe(201);
  });
});
