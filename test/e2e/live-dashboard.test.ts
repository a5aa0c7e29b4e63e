import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  ACCOUNTS,
  DESKTOP,
  launchChromium,
  loginByApi,
  recordCspViolations,
  textOf,
} from './support.js';

/**
 * Issue 13, point 6: a trip a commuter logs shows on the overview that the partner's staff
 * already have open, within a few seconds, without a reload or any navigation.
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

/** The trips card's number as shown in en-GB ("12,345"), read back. */
async function tripsShown(): Promise<number> {
  const text = await textOf(page, '[data-testid="card-trips"] [data-part="value"]');
  return Number(text.replace(/[^0-9]/g, ''));
}

describe('live dashboard', () => {
  it("shows a commuter's new trip on Weiz's open overview within seconds, without a reload", async () => {
    await loginByApi(page, baseUrl, ACCOUNTS.staffWeiz);
    // The page takes Weiz's data version as soon as the overview opens.
    const firstVersion = page.waitForResponse((r) =>
      r.url().includes('/api/v1/data-version?partner=weiz'),
    );
    await page.goto(`${baseUrl}/#/overview?partner=weiz`);
    await page.locator('[data-testid="card-trips"] [data-part="value"]').waitFor();
    expect((await firstVersion).status()).toBe(200);
    const period = await textOf(page, '[data-testid="period"]');
    const before = await tripsShown();
    expect(before).toBeGreaterThan(0);
    // Survives only as long as this document does: a reload or a new page would lose it.
    await page.evaluate(() => {
      (window as unknown as { __liveMarker?: string }).__liveMarker = 'still here';
    });
    const urlBefore = page.url();
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });

    // The commuter logs a trip through the API, with a token of their own (another client).
    const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ACCOUNTS.commuterWeiz),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const posted = await fetch(`${baseUrl}/api/v1/trips`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        startedAt: '2012-06-13T03:10:00+02:00',
        endedAt: '2012-06-13T03:31:00+02:00',
        purpose: 'commute',
        replacedMode: 'car_driver',
        legs: [{ mode: 'bike', distanceKm: 4.2, durationMin: 21 }],
      }),
    });
    expect(posted.status, await posted.clone().text()).toBe(201);
    const postedAt = Date.now();

    await expect.poll(tripsShown, { timeout: 10_000, interval: 250 }).toBe(before + 1);
    const seconds = (Date.now() - postedAt) / 1000;
    expect(seconds).toBeLessThan(8);
    // Same document, same address, same period: nothing was reloaded or navigated.
    expect(
      await page.evaluate(() => (window as unknown as { __liveMarker?: string }).__liveMarker),
    ).toBe('still here');
    expect(navigations).toBe(0);
    expect(page.url()).toBe(urlBefore);
    expect(await textOf(page, '[data-testid="period"]')).toBe(period);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
