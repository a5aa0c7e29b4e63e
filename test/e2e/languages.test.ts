/**
 * Issue 13, point 5: German, Italian and Spanish are complete languages. Switching shows no
 * English navigation label, and the staff of a German-speaking partner get German by default,
 * with numbers and dates in their country's format.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Indicators } from '../../web/src/api/models.js';
import { de } from '../../web/src/i18n/de.js';
import { en, type MessageKey, type Messages } from '../../web/src/i18n/en.js';
import { es } from '../../web/src/i18n/es.js';
import { gl } from '../../web/src/i18n/gl.js';
import { it as italian } from '../../web/src/i18n/it.js';
import { overviewValues } from '../../web/src/lib/figures.js';
import {
  createFormatter,
  normaliseSpaces,
  supportedLocale,
  type Formatter,
} from '../../web/src/lib/format.js';
import {
  ACCOUNTS,
  axeSerious,
  DESKTOP,
  launchChromium,
  loginByApi,
  recordCspViolations,
  textOf,
  shootDesktopAndPhone,
} from './support.js';

const baseUrl = inject('baseUrl');
const NAV_KEYS = (Object.keys(en) as MessageKey[]).filter((k) => k.startsWith('nav.'));
const ENGLISH_NAV = new Set<string>(NAV_KEYS.map((k) => en[k]));

let browser: Browser;
const contexts: BrowserContext[] = [];
const cspViolations: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  expect(pageErrors, 'uncaught page errors').toEqual([]);
});

afterEach(() => {
  expect(cspViolations.splice(0), 'Content-Security-Policy violations').toEqual([]);
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
  contexts.push(context);
  await recordCspViolations(context, cspViolations);
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  return page;
}

/** The navigation's labels as shown: the main nav and the header's tool links. */
async function navLabels(page: Page): Promise<string[]> {
  const texts = await page.locator('ms-app header a').allTextContents();
  return texts.map((t) => normaliseSpaces(t)).filter((t) => t !== '' && t !== 'Modeshift');
}

async function expectOverview(page: Page, ind: Indicators, f: Formatter, dict: Messages) {
  for (const [key, value] of Object.entries(overviewValues(ind, f))) {
    await expect
      .poll(() => textOf(page, `[data-testid="card-${key}"] [data-part="value"]`), {
        message: `card ${key}`,
        timeout: 10_000,
      })
      .toBe(normaliseSpaces(value ?? dict['card.noShift']));
  }
}

describe('switching language', () => {
  let page: Page;

  beforeAll(async () => {
    page = await newPage();
    await loginByApi(page, baseUrl, ACCOUNTS.analyst);
  });

  it.each([
    ['de', de, 'de-DE', 'Modal Split'],
    ['it', italian, 'it-IT', 'Ripartizione modale'],
    ['es', es, 'es-ES', 'Reparto modal'],
    ['gl', gl, 'gl-ES', 'Repartición modal'],
  ] as const)(
    'speaks %s after switching, no English nav label left',
    async (lang, dict, locale, split) => {
      await page.goto(`${baseUrl}/#/overview?partner=skanderborg`);
      await page.locator('[data-testid="card-trips"] [data-part="value"]').waitFor();
      const options = await page
        .locator('select[data-testid="language"] option')
        .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
      expect(options).toEqual(expect.arrayContaining(['en', 'da', 'de', 'it', 'es', 'gl']));
      await page.locator('select[data-testid="language"]').selectOption(lang);
      await expect
        .poll(() => textOf(page, 'nav a[aria-current="page"]'))
        .toBe(dict['nav.overview']);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      const labels = await navLabels(page);
      expect(labels.length).toBeGreaterThan(5);
      expect(labels.filter((l) => ENGLISH_NAV.has(l))).toEqual([]);
      for (const l of labels) expect(Object.values(dict)).toContain(l);
      expect(await textOf(page, '[data-testid="card-co2"] h3')).toContain(dict['card.co2']);
      const res = await page.request.get(`${baseUrl}/api/v1/indicators?partner=skanderborg`);
      // Debian's Chromium has no Galician Intl data: the app then formats gl-ES as es-ES
      // (lib/format.ts, supportedLocale), so expect what this browser can do.
      const known = await page.evaluate(
        (tag) => Intl.NumberFormat.supportedLocalesOf([tag]).length > 0,
        locale,
      );
      const f = createFormatter(known ? locale : (supportedLocale(locale, () => false) as string));
      await expectOverview(page, (await res.json()) as Indicators, f, dict);
      expect(await axeSerious(page)).toEqual([]);
      await shootDesktopAndPhone(page, `overview-${lang}`);
      await page.goto(`${baseUrl}/#/modal-split?partner=skanderborg`);
      await page.locator('[data-testid="transition-matrix"]').waitFor();
      expect(await textOf(page, 'ms-modal-split h1')).toContain(split);
      await shootDesktopAndPhone(page, `modal-split-${lang}`);
      // Back to English for the next case, as a user would.
      await page.locator('select[data-testid="language"]').selectOption('en');
      await expect
        .poll(() => textOf(page, 'nav a[aria-current="page"]'))
        .toBe(en['nav.modalSplit']);
    },
  );
});

describe("default language of a partner's staff", () => {
  it('shows German to the staff of Weiz, with Austrian dates and numbers', async () => {
    const page = await newPage();
    await loginByApi(page, baseUrl, ACCOUNTS.staffWeiz, { language: null });
    await page.goto(`${baseUrl}/`);
    await expect.poll(() => textOf(page, 'nav a[aria-current="page"]')).toBe(de['nav.overview']);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    expect((await navLabels(page)).filter((l) => ENGLISH_NAV.has(l))).toEqual([]);
    const res = await page.request.get(`${baseUrl}/api/v1/indicators?partner=weiz`);
    await expectOverview(page, (await res.json()) as Indicators, createFormatter('de-AT'), de);
    const selected = await page
      .locator('select[data-testid="language"]')
      .evaluate((el) => (el as HTMLSelectElement).value);
    expect(selected).toBe('de');
    expect(await axeSerious(page)).toEqual([]);
    await shootDesktopAndPhone(page, 'staff-weiz-german');
  });
});
