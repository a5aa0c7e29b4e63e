import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  ACCOUNTS,
  axeSerious,
  DESKTOP,
  launchChromium,
  loginByApi,
  recordCspViolations,
  textOf,
  shootDesktopAndPhone,
  PHONE_360,
} from './support.js';

/**
 * The report builder (issue 13, point 1): the analyst picks scope, period, factors, language and
 * currency; the page links to GET /api/v1/reports in every format, lists a CSV per table of the
 * built report, and shows what the endpoint refuses in its error state.
 */
const baseUrl = inject('baseUrl');

let browser: Browser;
let context: BrowserContext;
let page: Page;
const cspViolations: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
  await recordCspViolations(context, cspViolations);
  page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
});

afterAll(async () => {
  await browser?.close();
});

afterEach(() => {
  expect(cspViolations.splice(0), 'Content-Security-Policy violations').toEqual([]);
  expect(pageErrors.splice(0), 'errors in the page').toEqual([]);
});

async function shoot(name: string): Promise<void> {
  const { overflowsOnPhone } = await shootDesktopAndPhone(page, name, {
    phone: PHONE_360,
  });
  expect(overflowsOnPhone, 'horizontal overflow at 360 px').toBe(false);
}

const href = (format: string) =>
  page
    .locator(`ms-reports [data-testid="report-links"] a[data-format="${format}"]`)
    .getAttribute('href');
const query = (url: string | null) => Object.fromEntries(new URL(url!, baseUrl).searchParams);

describe('report builder', () => {
  it('opens for a network analyst on the network and 2011, the last whole year of the demo', async () => {
    await loginByApi(page, baseUrl, ACCOUNTS.analyst);
    await page.goto(`${baseUrl}/#/reports`);
    await page.locator('ms-reports [data-testid="report-links"]').waitFor();
    // Reached from the navigation.
    expect(await page.locator('ms-app nav a[href="#/reports"]').count()).toBe(1);
    // The year comes from the data range of the analyst's released months, read off the data
    // version (a cheap read: the figures themselves may still be computing for the first time).
    await expect
      .poll(async () => query(await href('html')).from, { timeout: 20_000 })
      .toBe('2011-01-01');
    expect(query(await href('html'))).toEqual({
      partner: 'network',
      from: '2011-01-01',
      to: '2011-12-31',
      lang: 'en',
      currency: 'EUR',
      format: 'html',
    });
    expect(await page.locator('ms-reports a[data-format="html"]').getAttribute('target')).toBe(
      '_blank',
    );
    expect(query(await href('json')).format).toBe('json');
    expect(query(await href('geojson')).format).toBe('geojson');
    const axe = await axeSerious(page);
    expect(axe, JSON.stringify(axe, null, 2)).toEqual([]);
    await shoot('reports-en');
  });

  it('builds links for two towns, whole months, a factor set, Danish and DKK', async () => {
    await page.locator('ms-reports [data-testid="scope-partners"]').check();
    // No town ticked yet: the page says so and offers nothing to build.
    await page.locator('ms-reports [data-testid="report-problems"]').waitFor();
    expect(await page.locator('ms-reports [data-testid="report-build"]').isDisabled()).toBe(true);
    await page.locator('ms-reports input[data-partner="weiz"]').check();
    await page.locator('ms-reports input[data-partner="skanderborg"]').check();
    await page.locator('ms-reports [data-testid="period-months"]').check();
    await page.locator('ms-reports input#from-month').fill('2011-09');
    await page.locator('ms-reports input#to-month').fill('2012-02');
    const factorSets = await page
      .locator('ms-reports select#factor-set option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(factorSets.length).toBeGreaterThan(1);
    await page.locator('ms-reports select#factor-set').selectOption(factorSets[1]!);
    await page.locator('ms-reports select#lang').selectOption('da');
    await page.locator('ms-reports select#currency').selectOption('DKK');
    const url = await href('html');
    expect(url).toContain('partner=skanderborg,weiz&');
    expect(query(url)).toEqual({
      partner: 'skanderborg,weiz',
      from: '2011-09-01',
      to: '2012-02-29',
      factorSet: factorSets[1],
      lang: 'da',
      currency: 'DKK',
      format: 'html',
    });
  });

  it('lists a CSV per table of the built report, or shows what the endpoint answered', async () => {
    const jsonUrl = await href('json');
    const direct = await page.request.get(`${baseUrl}${jsonUrl}`);
    await page.locator('ms-reports [data-testid="report-build"]').click();
    if (direct.ok()) {
      const report = (await direct.json()) as { tables: Array<{ id: string }> };
      const links = page.locator('ms-reports [data-testid="report-tables"] a[data-table]');
      await links.first().waitFor();
      expect(await links.count()).toBe(report.tables.length);
      const first = await links.first().getAttribute('href');
      expect(query(first)).toMatchObject({ format: 'csv', table: report.tables[0]!.id });
      const csv = await page.request.get(`${baseUrl}${first}`);
      expect(csv.status()).toBe(200);
    } else {
      // The page shows the endpoint's own refusal in its usual error state.
      const envelope = (await direct.json()) as { error: { code: string; message: string } };
      await page.locator('ms-reports [data-testid="report-error"] [role="alert"]').waitFor();
      expect(direct.status()).toBeGreaterThanOrEqual(400);
      if (direct.status() !== 404 && direct.status() !== 403)
        expect(await textOf(page, 'ms-reports [data-testid="report-error"]')).toContain(
          envelope.error.message,
        );
    }
  });

  it('offers staff their own town only, and reads in Danish', async () => {
    const staff = await browser.newContext({ viewport: DESKTOP, locale: 'da-DK' });
    await recordCspViolations(staff, cspViolations);
    const p = await staff.newPage();
    p.on('pageerror', (err) => pageErrors.push(err.message));
    const previous = page;
    page = p;
    try {
      await loginByApi(page, baseUrl, ACCOUNTS.staffWeiz);
      await page.goto(`${baseUrl}/#/reports`);
      await page.evaluate(() => localStorage.setItem('ms-lang', 'da'));
      await page.reload();
      await page.locator('ms-reports [data-testid="report-links"]').waitFor();
      expect(await textOf(page, 'ms-reports h1')).toBe('Klimarapport');
      expect(await textOf(page, 'ms-reports [data-testid="report-own-partner"]')).toBe('Weiz');
      expect(await page.locator('ms-reports [data-testid="scope-network"]').count()).toBe(0);
      await expect
        .poll(async () => query(await href('html')))
        .toMatchObject({
          partner: 'weiz',
          lang: 'da',
        });
      const axe = await axeSerious(page);
      expect(axe, JSON.stringify(axe, null, 2)).toEqual([]);
      await shoot('reports-da');
    } finally {
      page = previous;
      await staff.close();
    }
  });
});
