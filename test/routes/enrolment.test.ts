import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PRIVACY_NOTICE_VERSION } from '../../server/domain/privacy-notice.js';
import { body, createTestContext, TEST_NOW, type TestContext } from '../helpers.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestContext();
});
afterEach(() => t.close());

const STRONG = 'pedal-to-the-harbour-2011';

function joinBody(overrides: Record<string, unknown> = {}) {
  return {
    email: 'new.rider@test.example',
    password: STRONG,
    locale: 'da',
    displayName: 'Rikke',
    privacyNoticeAccepted: true,
    privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
    baseline: {
      usualLegs: [
        { mode: 'walk', distanceKm: 0.4 },
        { mode: 'car_driver', distanceKm: 7.5 },
      ],
      commutingDaysPerWeek: 5,
      ageBand: '30-39',
      weightKg: 64,
    },
    ...overrides,
  };
}

async function createCode(json: Record<string, unknown> = {}, partner = 'town-a') {
  const res = await t.request(`/api/v1/partners/${partner}/enrolment-codes`, {
    method: 'POST',
    token: await t.token('staffA'),
    json,
  });
  expect(res.status).toBe(201);
  return body(res);
}

describe('enrolment codes (staff)', () => {
  it('staff create a code for their partner and site; it lists with its use count', async () => {
    const code = await createCode({
      siteId: 'site-a',
      maxUses: 2,
      expiresInDays: 30,
      label: 'Poster',
    });
    expect(code.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    expect(code.state).toBe('valid');
    expect(code.joinPath).toContain(code.code);
    expect(code.expiresAt).toBe(new Date(TEST_NOW + 30 * 86_400_000).toISOString());
    const join = await t.request(`/api/v1/enrolment/${code.code}/join`, {
      method: 'POST',
      json: joinBody(),
    });
    expect(join.status).toBe(201);
    const list = await body(
      await t.request('/api/v1/partners/town-a/enrolment-codes', {
        token: await t.token('staffA'),
      }),
    );
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id: code.id, uses: 1, maxUses: 2, siteId: 'site-a' });
  });

  it("staff of another partner, analysts and commuters cannot create or list a partner's codes", async () => {
    for (const [user, status] of [
      ['staffB', 404],
      ['analystA', 403],
      ['commuterA', 403],
    ] as const) {
      const token = await t.token(user);
      const post = await t.request('/api/v1/partners/town-a/enrolment-codes', {
        method: 'POST',
        token,
        json: {},
      });
      expect(post.status, user).toBe(status);
      const get = await t.request('/api/v1/partners/town-a/enrolment-codes', { token });
      expect(get.status, user).toBe(status);
    }
    const admin = await t.request('/api/v1/partners/town-b/enrolment-codes', {
      method: 'POST',
      token: await t.token('admin'),
      json: { maxUses: 1 },
    });
    expect(admin.status).toBe(201);
  });

  it("refuses another partner's site and an expiry in the past", async () => {
    const token = await t.token('staffA');
    const site = await t.request('/api/v1/partners/town-a/enrolment-codes', {
      method: 'POST',
      token,
      json: { siteId: 'site-b' },
    });
    expect(site.status).toBe(422);
    const past = await t.request('/api/v1/partners/town-a/enrolment-codes', {
      method: 'POST',
      token,
      json: { expiresAt: '2020-01-01T00:00:00Z' },
    });
    expect(past.status).toBe(422);
    expect((await body(past)).error.details[0].path).toBe('expiresAt');
  });

  it('a revoked code is listed as revoked; staff of another partner cannot revoke it', async () => {
    const code = await createCode();
    const other = await t.request(`/api/v1/enrolment-codes/${code.id}`, {
      method: 'DELETE',
      token: await t.token('staffB'),
    });
    expect(other.status).toBe(404);
    const res = await t.request(`/api/v1/enrolment-codes/${code.id}`, {
      method: 'DELETE',
      token: await t.token('staffA'),
    });
    expect(res.status).toBe(200);
    expect((await body(res)).state).toBe('revoked');
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', code.id)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'enrolment_code.create',
      'enrolment_code.revoke',
    ]);
  });
});

describe('joining with a code (public)', () => {
  it('shows the partner and site of a valid code', async () => {
    const code = await createCode({ siteId: 'site-a' });
    const res = await t.request(`/api/v1/enrolment/${code.code.toLowerCase()}`);
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({
      valid: true,
      partnerName: 'Town A',
      siteName: 'Town hall A',
      privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
    });
  });

  it('creates account, commuter, baseline, usual commute, acceptance and a use in one go, and signs in', async () => {
    const code = await createCode({ siteId: 'site-a' });
    const res = await t.request(`/api/v1/enrolment/${code.code}/join`, {
      method: 'POST',
      json: joinBody({ shareName: true }),
    });
    expect(res.status).toBe(201);
    const joined = await body(res);
    expect(joined.replayed).toBe(false);
    expect(joined.account).toMatchObject({
      role: 'commuter',
      partnerId: 'town-a',
      email: 'new.rider@test.example',
      locale: 'da',
    });
    expect(typeof joined.token).toBe('string');
    const me = await body(await t.request('/api/v1/auth/me', { token: joined.token }));
    expect(me.account.commuterId).toBe(joined.commuterId);
    const commuter = await body(
      await t.request(`/api/v1/commuters/${joined.commuterId}`, { token: joined.token }),
    );
    expect(commuter).toMatchObject({ siteId: 'site-a', ageBand: '30-39', weightKg: 64 });
    const surveys = await body(
      await t.request(`/api/v1/commuters/${joined.commuterId}/surveys`, { token: joined.token }),
    );
    expect(surveys.items).toHaveLength(1);
    expect(surveys.items[0]).toMatchObject({
      kind: 'baseline',
      usualMode: 'car_driver',
      oneWayKm: 7.9,
      daysPerWeek: 5,
    });
    const enrolment = await t.db.kysely
      .selectFrom('enrolments')
      .selectAll()
      .where('commuter_id', '=', joined.commuterId)
      .executeTakeFirstOrThrow();
    expect(enrolment).toMatchObject({
      code_id: code.id,
      privacy_notice_version: PRIVACY_NOTICE_VERSION,
      privacy_accepted_at: new Date(TEST_NOW).toISOString(),
    });
    const row = await t.db.kysely
      .selectFrom('commuters')
      .select('share_name')
      .where('id', '=', joined.commuterId)
      .executeTakeFirstOrThrow();
    expect(Number(row.share_name)).toBe(1);
    const usual = await t.db.kysely
      .selectFrom('usual_commutes')
      .selectAll()
      .where('commuter_id', '=', joined.commuterId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(usual.legs)).toHaveLength(2);
    expect(usual.replaced_mode).toBe('car_driver');
  });

  it('with session "cookie" sets the HttpOnly cookie and answers no token', async () => {
    const code = await createCode();
    const res = await t.request(`/api/v1/enrolment/${code.code}/join`, {
      method: 'POST',
      json: joinBody({ session: 'cookie' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect((await body(res)).token).toBeUndefined();
  });

  it('a replay with the same e-mail, password and code signs in again and stores nothing new', async () => {
    const code = await createCode({ maxUses: 5 });
    const first = await body(
      await t.request(`/api/v1/enrolment/${code.code}/join`, { method: 'POST', json: joinBody() }),
    );
    const again = await t.request(`/api/v1/enrolment/${code.code}/join`, {
      method: 'POST',
      json: joinBody(),
    });
    expect(again.status).toBe(200);
    const replay = await body(again);
    expect(replay).toMatchObject({ replayed: true, commuterId: first.commuterId });
    const count = async (table: 'accounts' | 'commuters' | 'surveys' | 'enrolments') =>
      Number(
        (
          await t.db.kysely
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('enrolments')).toBe(1);
    expect(await count('surveys')).toBe(1);
    const used = await t.db.kysely
      .selectFrom('enrolment_codes')
      .select('uses')
      .where('id', '=', code.id)
      .executeTakeFirstOrThrow();
    expect(Number(used.uses)).toBe(1);
    // The same e-mail with another password is not a replay.
    const wrong = await t.request(`/api/v1/enrolment/${code.code}/join`, {
      method: 'POST',
      json: joinBody({ password: 'another-long-harbour-phrase-9' }),
    });
    expect(wrong.status).toBe(401);
    // An e-mail that already has an account (not from this code) is a conflict.
    const taken = await t.request(`/api/v1/enrolment/${code.code}/join`, {
      method: 'POST',
      json: joinBody({ email: 'commuter.a@test.example' }),
    });
    expect(taken.status).toBe(409);
  });

  it('answers clear codes for unknown, expired, exhausted and revoked codes, writing nothing', async () => {
    const unknown = await t.request('/api/v1/enrolment/ZZZZZZZZZZZZZZZZ/join', {
      method: 'POST',
      json: joinBody(),
    });
    expect(unknown.status).toBe(404);
    expect((await body(unknown)).error.code).toBe('enrolment_code_unknown');
    expect((await t.request('/api/v1/enrolment/ZZZZZZZZZZZZZZZZ')).status).toBe(404);

    const expiring = await createCode({ expiresInDays: 1 });
    await t.db.kysely
      .updateTable('enrolment_codes')
      .set({ expires_at: '2026-11-01T00:00:00.000Z' })
      .where('id', '=', expiring.id)
      .execute();
    const expired = await t.request(`/api/v1/enrolment/${expiring.code}/join`, {
      method: 'POST',
      json: joinBody(),
    });
    expect(expired.status).toBe(410);
    expect((await body(expired)).error.code).toBe('enrolment_code_expired');
    const expiredInfo = await t.request(`/api/v1/enrolment/${expiring.code}`);
    expect((await body(expiredInfo)).error.code).toBe('enrolment_code_expired');

    const once = await createCode({ maxUses: 1 });
    const ok = await t.request(`/api/v1/enrolment/${once.code}/join`, {
      method: 'POST',
      json: joinBody({ email: 'first@test.example' }),
    });
    expect(ok.status).toBe(201);
    const exhausted = await t.request(`/api/v1/enrolment/${once.code}/join`, {
      method: 'POST',
      json: joinBody({ email: 'second@test.example' }),
    });
    expect(exhausted.status).toBe(410);
    expect((await body(exhausted)).error.code).toBe('enrolment_code_exhausted');

    const revoking = await createCode();
    await t.request(`/api/v1/enrolment-codes/${revoking.id}`, {
      method: 'DELETE',
      token: await t.token('staffA'),
    });
    const revoked = await t.request(`/api/v1/enrolment/${revoking.code}/join`, {
      method: 'POST',
      json: joinBody({ email: 'third@test.example' }),
    });
    expect(revoked.status).toBe(410);
    expect((await body(revoked)).error.code).toBe('enrolment_code_revoked');

    const accounts = await t.db.kysely
      .selectFrom('accounts')
      .select('email')
      .where('email', 'in', ['new.rider@test.example', 'second@test.example', 'third@test.example'])
      .execute();
    expect(accounts).toEqual([]);
  });

  it('refuses a weak password, a missing privacy acceptance and an old notice version', async () => {
    const code = await createCode();
    const weak = await t.request(`/api/v1/enrolment/${code.code}/join`, {
      method: 'POST',
      json: joinBody({ password: 'password123' }),
    });
    expect(weak.status).toBe(422);
    expect((await body(weak)).error.code).toBe('weak_password');
    const notAccepted = await t.request(`/api/v1/enrolment/${code.code}/join`, {
      method: 'POST',
      json: joinBody({ privacyNoticeAccepted: false }),
    });
    expect(notAccepted.status).toBe(422);
    const old = await t.request(`/api/v1/enrolment/${code.code}/join`, {
      method: 'POST',
      json: joinBody({ privacyNoticeVersion: '1999-01' }),
    });
    expect(old.status).toBe(422);
    expect((await body(old)).error.details[0].path).toBe('privacyNoticeVersion');
    const stored = await t.db.kysely
      .selectFrom('enrolment_codes')
      .select('uses')
      .where('id', '=', code.id)
      .executeTakeFirstOrThrow();
    expect(Number(stored.uses)).toBe(0);
  });

  it('guessing codes from one address is rate-limited like logins', async () => {
    let limited: Response | undefined;
    for (let i = 0; i < 200 && !limited; i++) {
      const guess = `GUESS${String(i).padStart(11, '0')}`;
      const res = await t.request(`/api/v1/enrolment/${guess}`, { remoteAddress: '203.0.113.9' });
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(404);
    }
    expect(limited).toBeDefined();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not affected.
    const other = await t.request('/api/v1/enrolment/GUESS99999999999', {
      remoteAddress: '198.51.100.7',
    });
    expect(other.status).toBe(404);
  });
});

describe('the privacy notice', () => {
  it('is served in Danish and English, other languages fall back to English', async () => {
    const da = await body(await t.request('/api/v1/privacy-notice?lang=da'));
    expect(da).toMatchObject({ lang: 'da', version: PRIVACY_NOTICE_VERSION });
    expect(da.sections).toHaveLength(4);
    const de = await body(await t.request('/api/v1/privacy-notice?lang=de-AT'));
    expect(de.lang).toBe('en');
    expect(de.sections.map((s: { heading: string }) => s.heading)).toEqual([
      'What is stored',
      'Who sees it',
      'How long',
      'How to delete it or take it with you',
    ]);
  });
});
