/**
 * Staff tools (issue 11): a commuter of Weiz names themself on "My data" and chooses to show the
 * name to the town's staff; staff of Weiz open the commuters view and see pseudonyms, join and
 * latest-trip dates, that commuter's name, links to the commuter page, and "Load more".
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ACCOUNTS, DESKTOP, launchChromium, loginByApi, recordCspViolations } from './support.js';

const baseUrl = inject('baseUrl');
const NAME = 'Erika Radlerin';

let browser: Browser;
const contexts: BrowserContext[] = [];
const cspViolations: string[] = [];
const pageErrors: string[] = [];

async function open(account: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
  contexts.push(context);
  await recordCspViolations(context, cspViolations);
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await loginByApi(page, baseUrl, account);
  return page;
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

afterEach(() => {
  expect(cspViolations.splice(0), 'Content-Security-Policy violations').toEqual([]);
  expect(pageErrors.splice(0), 'errors in the page').toEqual([]);
});

describe('staff see their commuters', () => {
  let commuterId = '';

  it('lets a commuter show their name to the staff on "My data"', async () => {
    const page = await open(ACCOUNTS.commuterWeiz);
    const me = (await (await page.request.get(`${baseUrl}/api/v1/auth/me`)).json()) as {
      account: { commuterId: string | null };
    };
    commuterId = me.account.commuterId ?? '';
    expect(commuterId).not.toBe('');
    await page.goto(`${baseUrl}/#/my-data`);
    const form = page.locator('ms-my-data [data-testid="name-form"]');
    await form.waitFor();
    await page.locator('ms-my-data [data-testid="save-name"]:not([disabled])').waitFor();
    await page.locator('ms-my-data input#displayName').fill(NAME);
    await page.locator('ms-my-data [data-testid="share-name"]').check();
    await page.locator('ms-my-data [data-testid="save-name"]').click();
    await page.locator('ms-my-data [role="status"]').waitFor();
    const res = await page.request.get(`${baseUrl}/api/v1/commuters/${commuterId}`);
    expect(((await res.json()) as { shareName: boolean }).shareName).toBe(true);
  });

  it('lists Weiz commuters to its staff with pseudonyms, dates and links', async () => {
    const page = await open(ACCOUNTS.staffWeiz);
    await page.goto(`${baseUrl}/#/overview`);
    await page.locator('nav a[href^="#/commuters"]').first().click();
    const table = page.locator('ms-commuters ms-data-table');
    await table.locator('tbody tr a').first().waitFor();
    expect(page.url()).toContain('#/commuters');

    // Pages of 5, to page through a small town with "Load more" until the last page, so the
    // commuter who shared their name is among the rows.
    await page.locator('ms-commuters').evaluate((el) => {
      (el as HTMLElement & { pageSize: number }).pageSize = 5;
    });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(5);
    const more = page.locator('ms-commuters [data-testid="load-more"]');
    expect(await more.count()).toBe(1);
    for (let i = 0; i < 50 && (await more.count()) > 0; i++) {
      const before = await table.locator('tbody tr').count();
      await more.click();
      await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThan(before);
    }

    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(1);
    expect(await table.locator('[data-testid="pseudonym"]').count()).toBeGreaterThan(0);
    const first = (await rows.first().locator('th, td').allTextContents()).map((x) => x.trim());
    expect(first.length).toBe(4);
    // "Joined on" as an en-GB date, never a raw ISO day.
    expect(first[1]).toMatch(/\d{4}/);
    expect(first[1]).not.toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const lastTrips = await rows.locator('td:nth-child(3)').allTextContents();
    expect(lastTrips.some((x) => /\d{4}/.test(x))).toBe(true);

    const named = rows.filter({ hasText: NAME });
    expect(await named.count()).toBe(1);
    expect(await named.locator('[data-testid="pseudonym"]').count()).toBe(0);
    const href = await named.locator('a').first().getAttribute('href');
    expect(href).toContain(`#/commuter?`);
    expect(href).toContain(`id=${commuterId}`);
    await named.locator('a').first().click();
    await page.locator('ms-commuter-fix').waitFor();
    expect(page.url()).toContain(`id=${commuterId}`);
  });
});
