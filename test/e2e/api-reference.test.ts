import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  axeSerious,
  DESKTOP,
  launchChromium,
  recordCspViolations,
  recordExternalRequests,
  textOf,
  shootDesktopAndPhone,
  PHONE_360,
} from './support.js';

/**
 * The API reference page (issue 13, point 7): open without signing in at #/api, built in the
 * browser from the served /api/v1/openapi.json, under the page's Content-Security-Policy, with
 * nothing fetched from anywhere else.
 */
const baseUrl = inject('baseUrl');

let browser: Browser;
let context: BrowserContext;
let page: Page;
let external: string[];
const cspViolations: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
  await recordCspViolations(context, cspViolations);
  external = recordExternalRequests(context);
  page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
});

afterAll(async () => {
  await browser?.close();
});

afterEach(() => {
  expect(cspViolations.splice(0), 'Content-Security-Policy violations').toEqual([]);
  expect(pageErrors.splice(0), 'errors in the page').toEqual([]);
  expect(external, 'requests to other hosts').toEqual([]);
});

async function shoot(name: string): Promise<void> {
  const { overflowsOnPhone } = await shootDesktopAndPhone(page, name, {
    phone: PHONE_360,
    fullPage: false,
  });
  expect(overflowsOnPhone, 'horizontal overflow at 360 px').toBe(false);
}

const trips = 'ms-api-reference details[data-op="POST /api/v1/trips"]';

describe('API reference', () => {
  it('lists every operation by tag without signing in, POST /api/v1/trips with its fields', async () => {
    const doc = (await (await page.request.get(`${baseUrl}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.values(doc.paths).reduce(
      (n, item) => n + Object.keys(item).length,
      0,
    );

    await page.goto(`${baseUrl}/#/api`);
    await page.locator(trips).waitFor({ state: 'attached' });
    expect(await page.locator('ms-api-reference details.op').count()).toBe(operations);
    expect(await page.locator('ms-login').count()).toBe(0);
    expect(await textOf(page, 'ms-api-reference #tag-trips')).toBe('trips');

    await page.locator(`${trips} > summary`).click();
    expect(await textOf(page, `${trips} > summary`)).toContain('Log one trip');
    const fields = page.locator(`${trips} [data-testid="body-fields"]`);
    await fields.waitFor();
    for (const name of ['startedAt', 'endedAt', 'replacedMode', 'legs', 'mode', 'distanceKm'])
      expect(await fields.locator(`tr[data-field="${name}"]`).count(), name).toBeGreaterThan(0);
    const startedAt = `${trips} tr[data-field="startedAt"]`;
    expect(await textOf(page, `${startedAt} td:nth-child(1)`)).toBe('startedAt required');
    expect(await textOf(page, `${startedAt} td:nth-child(2)`)).toBe('string (date-time)');
    expect(await textOf(page, `${trips} [data-testid="auth"]`)).toContain('bearerAuth');
    const responses = await textOf(page, `${trips} [data-testid="responses"]`);
    expect(responses).toContain('201');
    expect(responses).toContain('Trip');
    const curl = await textOf(page, `${trips} [data-testid="curl"]`);
    expect(curl).toContain(`curl -X POST '${baseUrl}/api/v1/trips'`);
    expect(curl).toContain('"legs":[');

    // A GET with query parameters, and an operation open to anyone.
    const indicators = 'ms-api-reference details[data-op="GET /api/v1/indicators"]';
    await page.locator(`${indicators} > summary`).click();
    const partnerRow = `${indicators} [data-testid="parameters"] tbody tr:first-child`;
    expect(await textOf(page, `${partnerRow} td:nth-child(1)`)).toBe('partner required');
    expect(await textOf(page, `${partnerRow} td:nth-child(2)`)).toBe('query');
    const login = 'ms-api-reference details[data-op="POST /api/v1/auth/login"]';
    await page.locator(`${login} > summary`).click();
    expect(await textOf(page, `${login} [data-testid="auth"]`)).toContain('open to anyone');

    const axe = await axeSerious(page);
    expect(axe, JSON.stringify(axe, null, 2)).toEqual([]);
    await page.locator(`${trips} > summary`).scrollIntoViewIfNeeded();
    await shoot('api-reference-en');
  });

  it('reads in Danish too, with the operations as the server names them', async () => {
    await page.evaluate(() => localStorage.setItem('ms-lang', 'da'));
    await page.goto(`${baseUrl}/#/api`);
    await page.reload();
    await page.locator(trips).waitFor({ state: 'attached' });
    expect(await textOf(page, 'ms-api-reference h1')).toBe('API-reference');
    await page.locator(`${trips} > summary`).click();
    expect(await textOf(page, `${trips} [data-testid="auth"]`)).toContain('Login');
    const axe = await axeSerious(page);
    expect(axe, JSON.stringify(axe, null, 2)).toEqual([]);
    await page.locator(`${trips} > summary`).scrollIntoViewIfNeeded();
    await shoot('api-reference-da');
    await page.evaluate(() => localStorage.removeItem('ms-lang'));
  });
});
