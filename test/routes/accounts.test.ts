import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { body, createTestContext, PASSWORD, USERS, type TestContext } from '../helpers.js';

const STRONG = 'tram-velvet-orbit-93';
const STRONG_2 = 'quiet harbour lantern 57';

describe('accounts a town can run', () => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext();
  });
  afterEach(() => t.close());

  const changePassword = (token: string, currentPassword: string, newPassword: string) =>
    t.request('/api/v1/auth/password', {
      method: 'POST',
      token,
      json: { currentPassword, newPassword },
    });

  it('a signed-in user changes their own password: old one required, other sessions end, this one stays', async () => {
    const here = await t.login(USERS.staffA.email);
    const elsewhere = await t.login(USERS.staffA.email);

    const wrong = await changePassword(here, 'not my password', STRONG);
    expect(wrong.status).toBe(422);
    expect((await body(wrong)).error.details[0].path).toBe('currentPassword');

    const res = await changePassword(here, PASSWORD, STRONG);
    expect(res.status).toBe(200);
    expect((await body(res)).endedSessions).toBe(1);
    // The other session ended at once (no cache delay); this one goes on.
    expect((await t.request('/api/v1/auth/me', { token: elsewhere })).status).toBe(401);
    expect((await t.request('/api/v1/auth/me', { token: here })).status).toBe(200);
    // Old password no longer logs in; the new one does.
    expect(
      (
        await t.request('/api/v1/auth/login', {
          method: 'POST',
          json: { email: USERS.staffA.email, password: PASSWORD },
        })
      ).status,
    ).toBe(401);
    expect(await t.login(USERS.staffA.email, STRONG)).toBeTruthy();
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'account_id'])
      .where('action', '=', 'account.password_change')
      .execute();
    expect(audit).toEqual([{ action: 'account.password_change', account_id: 'acc-staffA' }]);
  });

  it.each([
    ['aaaaaaaaaaaa', /repeated/i],
    ['demo-staff-2010', /demo password/i],
    ['demo-admin-2010', /demo password/i],
    ['password1234', /common/i],
  ])('refuses the weak password %s with 422 weak_password saying why', async (weak, why) => {
    const res = await changePassword(await t.token('commuterA'), PASSWORD, weak);
    expect(res.status).toBe(422);
    const err = (await body(res)).error;
    expect(err.code).toBe('weak_password');
    expect(err.message).toMatch(why);
    const create = await t.request('/api/v1/accounts', {
      method: 'POST',
      token: await t.token('admin'),
      json: { email: 'new.staff@town.example', password: weak, role: 'staff', partnerId: 'town-a' },
    });
    expect(create.status).toBe(422);
    expect((await body(create)).error.code).toBe('weak_password');
  });

  it.each(['margarethe.hofstaetter@town.example', 'margarethehofstaetter'])(
    "refuses the password %s built from the account's own e-mail (strong for anyone else)",
    async (password) => {
      const admin = await t.token('admin');
      const res = await t.request('/api/v1/accounts', {
        method: 'POST',
        token: admin,
        json: { email: 'margarethe.hofstaetter@town.example', password, role: 'analyst' },
      });
      expect(res.status).toBe(422);
      expect((await body(res)).error.message).toMatch(/personal/);
      const other = await t.request('/api/v1/accounts', {
        method: 'POST',
        token: admin,
        json: { email: 'someone.else@town.example', password, role: 'analyst' },
      });
      expect(other.status).toBe(201);
    },
  );

  it('an admin sets a temporary password: sessions end, the next login may only change it', async () => {
    const before = await t.token('staffA');
    const admin = await t.token('admin');
    const weak = await t.request('/api/v1/accounts/acc-staffA', {
      method: 'PATCH',
      token: admin,
      json: { temporaryPassword: 'aaaaaaaaaaaa' },
    });
    expect(weak.status).toBe(422);
    const set = await t.request('/api/v1/accounts/acc-staffA', {
      method: 'PATCH',
      token: admin,
      json: { temporaryPassword: STRONG },
    });
    expect(set.status).toBe(200);
    expect((await body(set)).mustChangePassword).toBe(true);
    expect((await t.request('/api/v1/auth/me', { token: before })).status).toBe(401);

    const login = await t.request('/api/v1/auth/login', {
      method: 'POST',
      json: { email: USERS.staffA.email, password: STRONG },
    });
    expect(login.status).toBe(200);
    const answer = await body(login);
    expect(answer.mustChangePassword).toBe(true);
    const temp = answer.token as string;
    const blocked = await t.request('/api/v1/partners', { token: temp });
    expect(blocked.status).toBe(403);
    expect((await body(blocked)).error.code).toBe('password_change_required');
    expect((await t.request('/api/v1/auth/me', { token: temp })).status).toBe(200);
    // An API token cannot be the way around it either.
    expect(
      (
        await t.request('/api/v1/auth/tokens', {
          method: 'POST',
          token: temp,
          json: { name: 'sneaky' },
        })
      ).status,
    ).toBe(403);

    expect((await changePassword(temp, STRONG, STRONG_2)).status).toBe(200);
    expect((await t.request('/api/v1/partners', { token: temp })).status).toBe(200);
    const again = await body(
      await t.request('/api/v1/auth/login', {
        method: 'POST',
        json: { email: USERS.staffA.email, password: STRONG_2 },
      }),
    );
    expect(again.mustChangePassword).toBe(false);
    const actions = (
      await t.db.kysely.selectFrom('audit_log').select('action').orderBy('at').execute()
    ).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(['account.temporary_password', 'account.password_change']),
    );
  });

  it('only admins set temporary passwords; staff may still disable their commuters', async () => {
    const staff = await t.token('staffA');
    const res = await t.request('/api/v1/accounts/acc-commuterA', {
      method: 'PATCH',
      token: staff,
      json: { temporaryPassword: STRONG },
    });
    expect(res.status).toBe(403);
    expect(
      (
        await t.request('/api/v1/accounts/acc-commuterA', {
          method: 'PATCH',
          token: staff,
          json: {},
        })
      ).status,
    ).toBe(422);
  });

  it('an admin disables and re-enables an account: disabled logins fail, re-enabled ones work', async () => {
    const admin = await t.token('admin');
    const session = await t.token('analystA');
    const off = await t.request('/api/v1/accounts/acc-analystA', {
      method: 'PATCH',
      token: admin,
      json: { disabled: true },
    });
    expect((await body(off)).disabled).toBe(true);
    expect((await t.request('/api/v1/auth/me', { token: session })).status).toBe(401);
    expect(
      (
        await t.request('/api/v1/auth/login', {
          method: 'POST',
          json: { email: USERS.analystA.email, password: PASSWORD },
        })
      ).status,
    ).toBe(401);
    const on = await t.request('/api/v1/accounts/acc-analystA', {
      method: 'PATCH',
      token: admin,
      json: { disabled: false },
    });
    expect((await body(on)).disabled).toBe(false);
    expect(await t.login(USERS.analystA.email)).toBeTruthy();
  });
});

describe('e-mail addresses', () => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext();
  });
  afterEach(() => t.close());

  it.each([
    ['U+0000', 'staff.a\u0000@test.example'],
    ['a control character', 'staff.a\u0007@test.example'],
    ['a zero-width space', 'staff.a\u200b@test.example'],
    ['a byte-order mark', '\ufeffstaff.a@test.example'],
    ['a right-to-left override', 'staff.a@test\u202e.example'],
    ['a right-to-left mark', 'staff.a@test.example\u200f'],
  ])('a login with %s answers 422, never 500', async (_what, email) => {
    const res = await t.request('/api/v1/auth/login', {
      method: 'POST',
      json: { email, password: PASSWORD },
    });
    expect(res.status).toBe(422);
    expect((await body(res)).error.code).toBe('validation_failed');
    const create = await t.request('/api/v1/accounts', {
      method: 'POST',
      token: await t.token('admin'),
      json: { email, password: STRONG, role: 'analyst' },
    });
    expect(create.status).toBe(422);
  });

  it('normalises (NFKC, trim, lowercase) on creation and on login', async () => {
    const create = await t.request('/api/v1/accounts', {
      method: 'POST',
      token: await t.token('admin'),
      json: { email: '  Jana.Novak@ＴＯＷＮ.example ', password: STRONG, role: 'analyst' },
    });
    expect(create.status).toBe(201);
    expect((await body(create)).email).toBe('jana.novak@town.example');
    expect(await t.login('JANA.NOVAK@town.EXAMPLE', STRONG)).toBeTruthy();
    expect(await t.login('jana.novak@ｔｏｗｎ.example', STRONG)).toBeTruthy();
    const twin = await t.request('/api/v1/accounts', {
      method: 'POST',
      token: await t.token('admin'),
      json: { email: 'jana.novak@town.example', password: STRONG, role: 'analyst' },
    });
    expect(twin.status).toBe(409);
  });
});
