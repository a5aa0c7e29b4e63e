import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPORT_LANGUAGES } from '../../server/reports/i18n/index.js';
import {
  ACCOUNTS,
  axeSerious,
  DESKTOP,
  launchChromium,
  loginByApi,
  recordCspViolations,
  ROOT,
  SHOTS,
} from './support.js';

/**
 * The methodology page in the reader's language (issue 13, point 5): the translated sections
 * first, every anchor a dashboard card or definition link uses landing on one of them, and the
 * full English reference below, marked lang="en".
 */
const baseUrl = inject('baseUrl');

/** Every methodology anchor the web app links to (card anchors and definition links). */
function webAnchors(): string[] {
  const dir = join(ROOT, 'web/src/components');
  const found = new Set<string>();
  for (const f of readdirSync(dir))
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(
      /\banchor="([a-z0-9-]+)"|definitionHref\('([a-z0-9-]+)'\)/g,
    ))
      found.add((m[1] ?? m[2])!);
  return [...found].sort();
}

let browser: Browser;
let context: BrowserContext;
let page: Page;
const cspViolations: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

afterEach(async () => {
  await context?.close();
  expect(cspViolations.splice(0), 'Content-Security-Policy violations').toEqual([]);
  expect(pageErrors.splice(0), 'errors in the page').toEqual([]);
});

async function open(lang: string): Promise<void> {
  context = await browser.newContext({ viewport: DESKTOP });
  await recordCspViolations(context, cspViolations);
  page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await loginByApi(page, baseUrl, ACCOUNTS.analyst, { language: lang });
  await page.goto(`${baseUrl}/#/methodology`);
  await page.locator('ms-methodology [data-testid="methodology-translated"] h2').first().waitFor();
}

describe('the methodology page', () => {
  it.each(['da', 'el'])(
    'reads in %s, every card anchor lands on a translated section, the English reference follows',
    async (lang) => {
      await open(lang);
      const dict = REPORT_LANGUAGES[lang]!;
      const translated = page.locator('ms-methodology [data-testid="methodology-translated"]');
      expect(await translated.getAttribute('lang')).toBe(lang);
      const headings = await translated.locator('h2').allTextContents();
      for (const title of [dict.participation, dict.co2, dict.heat, dict.activity])
        expect(headings).toContain(title);
      expect(await translated.textContent()).toContain(dict.mCo2);
      // The English reference is still on the page, marked as English, after the summary.
      const english = page.locator('ms-methodology article[data-testid="methodology"]');
      expect(await english.getAttribute('lang')).toBe('en');
      expect(await english.textContent()).toContain('CO2 avoided');
      const axe = await axeSerious(page);
      expect(axe, JSON.stringify(axe, null, 2)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `methodology-${lang}-desktop.png`) });

      const anchors = webAnchors();
      expect(anchors.length).toBeGreaterThan(10);
      const method = page.locator('ms-methodology');
      for (const anchor of anchors) {
        await page.evaluate((a) => {
          location.hash = `#/methodology#${a}`;
        }, anchor);
        await expect
          .poll(() => method.getAttribute('data-scrolled-to'), { timeout: 10_000 })
          .toBe(anchor);
        const target = translated.locator('section[data-section] h2.target');
        expect(await target.count(), `#${anchor} lands on a translated section`).toBe(1);
        expect(await target.isVisible()).toBe(true);
        expect(headings).toContain(await target.textContent());
      }
    },
  );

  it('in English shows the reference alone, as before', async () => {
    await open('da');
    await page.evaluate(() => localStorage.setItem('ms-lang', 'en'));
    await page.reload();
    await page.locator('ms-methodology article[data-testid="methodology"] h2').first().waitFor();
    expect(
      await page.locator('ms-methodology [data-testid="methodology-translated"]').count(),
    ).toBe(0);
    await page.evaluate(() => {
      location.hash = '#/methodology#heat';
    });
    await expect
      .poll(() => page.locator('ms-methodology').getAttribute('data-scrolled-to'))
      .toBe('heat');
    expect(await page.locator('ms-methodology article h2.target').textContent()).toMatch(/HEAT/);
  });
});
