import { mkdirSync } from 'node:fs';
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
  SHOTS,
  PHONE_360,
} from './support.js';

/**
 * The report itself (issue 13, point 8): the HTML GET /api/v1/reports answers, opened as the
 * analyst would open it from the builder, read by axe-core, looked at on a desktop and at 360 px,
 * and checked for the structure a screen reader and a printed copy rely on.
 */
const baseUrl = inject('baseUrl');

let browser: Browser;
let context: BrowserContext;
let page: Page;
const cspViolations: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: DESKTOP });
  await recordCspViolations(context, cspViolations);
  page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await loginByApi(page, baseUrl, ACCOUNTS.analyst);
});

afterAll(async () => {
  await browser?.close();
});

afterEach(() => {
  expect(cspViolations.splice(0), 'Content-Security-Policy violations').toEqual([]);
  expect(pageErrors.splice(0), 'errors in the page').toEqual([]);
});

/**
 * Opens a report. The first analyst report on a fresh server may wait for the start-up release,
 * so the answer is polled (through the page's own cookie) before the page navigates to it.
 */
async function openReport(query: string): Promise<void> {
  const url = `${baseUrl}/api/v1/reports?${query}&format=html`;
  await expect
    .poll(async () => (await page.request.get(url, { timeout: 90_000 })).status(), {
      timeout: 110_000,
      interval: 2000,
    })
    .toBe(200);
  const res = await page.goto(url);
  expect(res?.status()).toBe(200);
  expect(res?.headers()['content-type']).toContain('text/html');
}

async function shoot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE_360);
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(SHOTS, `${name}-phone.png`), fullPage: true });
  const overflow = await page.evaluate(() => ({
    document: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    // Nothing sticks out of the page; a wide table scrolls inside its own box, which must fit
    // and take keyboard focus.
    wide: Array.from(document.querySelectorAll('table, figure, svg, dl, pre'))
      .map((el) => el.closest('.scroll') ?? el)
      .filter(
        (el) =>
          el.getBoundingClientRect().right > window.innerWidth + 1 ||
          (el.classList.contains('scroll') && el.getAttribute('tabindex') !== '0'),
      )
      .map((el) => `${el.tagName.toLowerCase()}#${el.id}`),
  }));
  expect(overflow, 'horizontal overflow at 360 px').toEqual({ document: 0, wide: [] });
  await page.setViewportSize(DESKTOP);
}

interface Structure {
  lang: string;
  title: string;
  h1: string[];
  headings: Array<{ level: number; text: string; id: string }>;
  tables: Array<{ id: string; caption: string; headers: number; rows: number; rowHeaders: number }>;
  svgs: Array<{ role: string | null; label: string | null }>;
}

function structure(): Promise<Structure> {
  return page.evaluate(() => ({
    lang: document.documentElement.lang,
    title: document.title,
    h1: Array.from(document.querySelectorAll('h1')).map((h) => h.textContent ?? ''),
    headings: Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6')).map((h) => ({
      level: Number(h.tagName.slice(1)),
      text: (h.textContent ?? '').trim(),
      id: h.id,
    })),
    tables: Array.from(document.querySelectorAll('table')).map((t) => ({
      id: t.id,
      caption: (t.caption?.textContent ?? '').trim(),
      headers: t.querySelectorAll('thead th[scope="col"]').length,
      rows: t.tBodies[0]?.rows.length ?? 0,
      rowHeaders: t.querySelectorAll('tbody th[scope="row"]').length,
    })),
    svgs: Array.from(document.querySelectorAll('svg')).map((s) => ({
      role: s.getAttribute('role'),
      label: s.getAttribute('aria-label'),
    })),
  }));
}

/** What every report must hold, whatever its scope and language. */
function expectSoundStructure(s: Structure, lang: string): void {
  const t = REPORT_LANGUAGES[lang]!;
  expect(s.lang).toBe(lang);
  expect(s.h1).toHaveLength(1);
  expect(s.title).toBe(s.h1[0]);
  // No heading level skipped: a screen reader's outline has no holes.
  for (let i = 1; i < s.headings.length; i++)
    expect(
      s.headings[i]!.level - s.headings[i - 1]!.level,
      `${s.headings[i - 1]!.text} -> ${s.headings[i]!.text}`,
    ).toBeLessThanOrEqual(1);
  const h2 = s.headings.filter((h) => h.level === 2).map((h) => h.text);
  for (const section of [t.summary, t.map, t.methodology]) expect(h2).toContain(section);
  expect(s.tables.length).toBeGreaterThan(3);
  for (const table of s.tables) {
    expect(table.caption, `caption of table ${table.id}`).not.toBe('');
    expect(table.headers, `column headers of ${table.id}`).toBeGreaterThan(0);
    // Every body row is named by its first cell.
    expect(table.rowHeaders, `row headers of ${table.id}`).toBe(table.rows);
  }
  // Charts and the map are images with a name.
  for (const svg of s.svgs) {
    expect(svg.role).toBe('img');
    expect(svg.label).toBeTruthy();
  }
}

describe('the report page', () => {
  it('Skanderborg 2011 in Danish and DKK: sound, accessible, readable on a phone', async () => {
    await openReport('partner=skanderborg&from=2011-01-01&to=2011-12-31&lang=da&currency=DKK');
    const s = await structure();
    expectSoundStructure(s, 'da');
    const da = REPORT_LANGUAGES.da!;
    expect(s.h1[0]).toBe(`${da.title}: Skanderborg`);
    for (const section of [da.participation, da.co2, da.heat, da.dataQuality])
      expect(s.headings.map((h) => h.text)).toContain(section);
    const summary = s.tables.find((x) => x.id === 't-summary');
    expect(summary?.rows).toBeGreaterThan(0);
    // Money in Danish kroner, written the Danish way.
    expect(await page.locator('.figures').textContent()).toMatch(/kr\./);
    const axe = await axeSerious(page);
    expect(axe, JSON.stringify(axe, null, 2)).toEqual([]);
    await shoot('report-skanderborg-da');
  });

  it('the network 2011 in English: the partners compared, accessible, readable on a phone', async () => {
    await openReport('partner=network&from=2011-01-01&to=2011-12-31&lang=en');
    const s = await structure();
    expectSoundStructure(s, 'en');
    const en = REPORT_LANGUAGES.en!;
    expect(s.h1[0]).toBe(en.titleNetwork);
    expect(s.headings.map((h) => h.text)).toContain(en.rollUp);
    const partners = s.tables.find((x) => x.id === 't-partners');
    // One row per town of the network.
    expect(partners?.rows).toBeGreaterThanOrEqual(10);
    // The map draws the released cells the GeoJSON holds, in one inset per town.
    const geo = (await (
      await page.request.get(
        `${baseUrl}/api/v1/reports?partner=network&from=2011-01-01&to=2011-12-31&format=geojson`,
      )
    ).json()) as { features: unknown[] };
    expect(geo.features.length).toBeGreaterThan(0);
    expect(await page.locator('#map ~ * polygon, section:has(#map) polygon').count()).toBe(
      geo.features.length,
    );
    expect(await page.locator('section:has(#map) figure.inset').count()).toBeGreaterThan(0);
    const axe = await axeSerious(page);
    expect(axe, JSON.stringify(axe, null, 2)).toEqual([]);
    await shoot('report-network-en');
  });
});
