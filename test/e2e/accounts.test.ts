import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  ACCOUNTS,
  DESKTOP,
  launchChromium,
  loginByApi,
  textOf,
  shootDesktopAndPhone,
} from './support.js';

const baseUrl = inject('baseUrl');
const STAFF = { email: 'e2e.staff@town.example', password: 'tram-velvet-orbit-93' };
const CHANGED = 'quiet harbour lantern 57';
const TEMPORARY = 'copper-meadow-lamp-41';
const CHOSEN = 'sable orchard kettle 88';

let browser: Browser;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
  contexts.push(context);
  return context.newPage();
}

async function apiLogin(
  email: string,
  password: string,
): Promise<{ status: number; mustChangePassword?: boolean }> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const answer = (await res.json()) as { mustChangePassword?: boolean };
  return {
    status: res.status,
    ...(res.ok ? { mustChangePassword: answer.mustChangePassword } : {}),
  };
}

beforeAll(async () => {
  browser = await launchChromium();
  // A real staff account, created by the (demo) admin through the API.
  const admin = (await (
    await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ACCOUNTS.admin),
    })
  ).json()) as { token: string };
  const res = await fetch(`${baseUrl}/api/v1/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
    body: JSON.stringify({ ...STAFF, role: 'staff', partnerId: 'weiz' }),
  });
  expect(res.status).toBe(201);
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

describe('accounts in the browser', () => {
  it('shows the demo banner on the login page and on every signed-in page', async () => {
    const page = await newPage();
    await page.goto(`${baseUrl}/`);
    await page.locator('input#email').waitFor();
    expect(await textOf(page, '[data-testid="demo-banner"]')).toMatch(/public passwords/);
    await shootDesktopAndPhone(page, 'accounts-login-banner');
    await loginByApi(page, baseUrl, ACCOUNTS.analyst);
    for (const hash of ['#/overview', '#/methodology', '#/password']) {
      // A new hash alone does not reload the page, and the app learns about the session on load.
      await page.goto(`${baseUrl}/${hash}`);
      await page.reload();
      await page.locator('ms-app header').waitFor();
      expect(await textOf(page, '[data-testid="demo-banner"]'), hash).toMatch(/public passwords/);
    }
    // Danish too.
    await page.locator('[data-testid="language"]').selectOption('da');
    expect(await textOf(page, '[data-testid="demo-banner"]')).toMatch(/offentlige adgangskoder/);
    await page.locator('[data-testid="language"]').selectOption('en');
  });

  it('a signed-in user changes their password from the header; a weak one is refused with the reason', async () => {
    const page = await newPage();
    await loginByApi(page, baseUrl, STAFF);
    await page.goto(`${baseUrl}/#/overview`);
    await page.locator('[data-testid="nav-password"]').click();
    await page.locator('input#current').waitFor();
    await page.locator('input#current').fill(STAFF.password);
    await page.locator('input#new').fill('aaaaaaaaaaaa');
    await page.locator('input#confirm').fill('aaaaaaaaaaaa');
    await page.locator('ms-change-password button[type=submit]').click();
    await page.locator('[data-testid="password-message"]').waitFor();
    expect(await textOf(page, '[data-testid="password-message"]')).toMatch(
      /too easy to guess.*Repeated/,
    );
    await shootDesktopAndPhone(page, 'accounts-password-weak');
    await page.locator('input#current').fill(STAFF.password);
    await page.locator('input#new').fill(CHANGED);
    await page.locator('input#confirm').fill(CHANGED);
    await page.locator('ms-change-password button[type=submit]').click();
    await expect
      .poll(() => textOf(page, '[data-testid="password-message"]'))
      .toMatch(/Password changed/);
    await shootDesktopAndPhone(page, 'accounts-password-changed');
    expect((await apiLogin(STAFF.email, STAFF.password)).status).toBe(401);
    expect((await apiLogin(STAFF.email, CHANGED)).status).toBe(200);
  });

  it('an admin sets a temporary password; the next sign-in must change it before anything else', async () => {
    const admin = await newPage();
    await loginByApi(admin, baseUrl, ACCOUNTS.admin);
    await admin.goto(`${baseUrl}/#/overview`);
    await admin.locator('[data-testid="nav-accounts"]').click();
    const row = admin.locator(`tr[data-email="${STAFF.email}"]`);
    await row.waitFor();
    await row.locator('button', { hasText: 'Set temporary password' }).click();
    await row.locator('input[name="temporary"]').fill(TEMPORARY);
    await row.locator('button[type=submit]').click();
    await expect
      .poll(() => textOf(admin, '[data-testid="accounts-message"]'))
      .toMatch(/Temporary password set/);
    await expect
      .poll(() => textOf(admin, `tr[data-email="${STAFF.email}"]`))
      .toMatch(/Must change password/);
    await shootDesktopAndPhone(admin, 'accounts-admin');

    const user = await newPage();
    await user.goto(`${baseUrl}/`);
    await user.locator('input#email').fill(STAFF.email);
    await user.locator('input#password').fill(TEMPORARY);
    await user.locator('ms-login button[type=submit]').click();
    await user.locator('ms-change-password[forced]').waitFor();
    expect(await textOf(user, 'ms-change-password h1')).toBe('Choose a new password');
    // Nothing else is reachable: no navigation, and the API refuses other requests.
    expect(await user.locator('ms-app nav').count()).toBe(0);
    const blocked = await user.request.get(`${baseUrl}/api/v1/partners`);
    expect(blocked.status()).toBe(403);
    await shootDesktopAndPhone(user, 'accounts-forced-change');
    await user.locator('input#current').fill(TEMPORARY);
    await user.locator('input#new').fill(CHOSEN);
    await user.locator('input#confirm').fill(CHOSEN);
    await user.locator('ms-change-password button[type=submit]').click();
    await user.locator('ms-app nav').waitFor();
    await user.locator('[data-testid="card-trips"] [data-part="value"]').waitFor();
    expect((await user.request.get(`${baseUrl}/api/v1/partners`)).status()).toBe(200);
    expect((await apiLogin(STAFF.email, CHOSEN)).mustChangePassword).toBe(false);
  });
});
