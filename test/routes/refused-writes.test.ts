import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { body, createTestContext, type TestContext } from '../helpers.js';

/**
 * The answers to writes a repository refuses (a taken id or e-mail, a missing partner or site,
 * a site of another partner). Repositories now return these cases and the routes and services
 * decide the answer (issue 9): status, code, message and details must stay as they were.
 */

let t: TestContext;
beforeEach(async () => {
  t = await createTestContext();
});
afterEach(() => t.close());

const STRONG = 'quiet meadow lantern 42';
const partner = {
  id: 'town-a',
  name: 'Again',
  country: 'AT',
  timezone: 'Europe/Vienna',
  locale: 'de',
  center: [15.6, 47.2],
};

async function errorOf(res: Response) {
  return (await body(res)).error as { code: string; message: string; details?: unknown };
}

describe('refused writes keep their answers', () => {
  it('a partner id that is taken: 409, nothing changed', async () => {
    const token = await t.token('admin');
    const res = await t.request('/api/v1/partners', { method: 'POST', token, json: partner });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({
      code: 'conflict',
      message: 'partner town-a already exists',
    });
    expect((await body(await t.request('/api/v1/partners/town-a', { token }))).name).toBe('Town A');
  });

  it("a site id that is taken: 409; a site of a missing partner: 404; another partner's site: 404", async () => {
    const token = await t.token('admin');
    const taken = await t.request('/api/v1/partners/town-a/sites', {
      method: 'POST',
      token,
      json: { id: 'site-b', name: 'Taken' },
    });
    expect(taken.status).toBe(409);
    expect(await errorOf(taken)).toMatchObject({
      code: 'conflict',
      message: 'site site-b already exists',
    });
    const missing = await t.request('/api/v1/partners/nowhere/sites', {
      method: 'POST',
      token,
      json: { id: 'site-new', name: 'New' },
    });
    expect(missing.status).toBe(404);
    expect(await errorOf(missing)).toMatchObject({
      code: 'not_found',
      message: 'partner nowhere not found',
    });
    const other = await t.request('/api/v1/partners/town-a/sites/site-b', {
      method: 'PATCH',
      token,
      json: { name: 'Renamed' },
    });
    expect(other.status).toBe(404);
    expect((await errorOf(other)).code).toBe('not_found');
  });

  it("a commuter of a missing partner, or at another partner's site: 422 naming the field", async () => {
    const token = await t.token('admin');
    const noPartner = await t.request('/api/v1/commuters', {
      method: 'POST',
      token,
      json: { partnerId: 'nowhere' },
    });
    expect(noPartner.status).toBe(422);
    expect(await errorOf(noPartner)).toEqual({
      code: 'validation_failed',
      message: 'partner nowhere does not exist',
      details: [{ path: 'partnerId', message: 'unknown partner' }],
    });
    const patch = await t.request('/api/v1/commuters/cmt-a1', {
      method: 'PATCH',
      token,
      json: { siteId: 'site-b' },
    });
    expect(patch.status).toBe(422);
    expect(await errorOf(patch)).toEqual({
      code: 'validation_failed',
      message: 'site site-b does not belong to partner town-a',
      details: [{ path: 'siteId', message: 'unknown site for this partner' }],
    });
    expect((await body(await t.request('/api/v1/commuters/cmt-a1', { token }))).siteId).toBe(
      'site-a',
    );
  });

  it('a commuter account with a taken e-mail: 409, and its commuter profile is not left behind', async () => {
    const token = await t.token('admin');
    const count = async () =>
      (await body(await t.request('/api/v1/commuters?partnerId=town-a&limit=1000', { token })))
        .items.length as number;
    const before = await count();
    const res = await t.request('/api/v1/accounts', {
      method: 'POST',
      token,
      json: {
        email: 'Staff.A@test.example',
        password: STRONG,
        role: 'commuter',
        partnerId: 'town-a',
      },
    });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({
      code: 'conflict',
      message: 'an account with e-mail staff.a@test.example already exists',
    });
    expect(await count()).toBe(before);
    const badSite = await t.request('/api/v1/accounts', {
      method: 'POST',
      token,
      json: {
        email: 'new.commuter@test.example',
        password: STRONG,
        role: 'commuter',
        partnerId: 'town-a',
        commuter: { siteId: 'site-b' },
      },
    });
    expect(badSite.status).toBe(422);
    expect(await errorOf(badSite)).toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'siteId', message: 'unknown site for this partner' }],
    });
  });
});
