import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type {
  DensityCollection,
  Indicators,
  Monthly,
  PartnerComparison,
} from '../../web/src/api/models.js';
import { createFormatter, intlLocale, normaliseSpaces } from '../../web/src/lib/format.js';
import { overviewValues } from '../../web/src/lib/figures.js';
import { da as daMessages } from '../../web/src/i18n/da.js';
import { en as messages } from '../../web/src/i18n/en.js';
import {
  ACCOUNTS,
  axeSerious,
  deepText,
  DESKTOP,
  launchChromium,
  loginByApi,
  PHONE,
  recordCspViolations,
  recordExternalRequests,
  textOf,
  shootDesktopAndPhone,
  SHOTS,
} from './support.js';

const baseUrl = inject('baseUrl');
const en = createFormatter(intlLocale('en'));
const da = createFormatter(intlLocale('da'));

let browser: Browser;
const external: string[][] = [];
const pageErrors: string[] = [];
// The server sends its real Content-Security-Policy: a violation fails the test it happened in.
const cspViolations: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

afterEach(() => {
  const seen = cspViolations.splice(0);
  expect(seen, 'Content-Security-Policy violations').toEqual([]);
});

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: DESKTOP,
    acceptDownloads: true,
    locale: 'en-GB',
  });
  external.push(recordExternalRequests(context));
  await recordCspViolations(context, cspViolations);
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  return { context, page };
}

async function api<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(`${baseUrl}/api/v1${path}`);
  expect(res.status(), path).toBe(200);
  return (await res.json()) as T;
}

async function go(page: Page, hash: string): Promise<void> {
  await page.goto(`${baseUrl}/${hash}`);
}

async function expectAxeClean(page: Page): Promise<void> {
  const violations = await axeSerious(page);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
}

/** The value shown on an overview card, spaces normalised. */
function cardValue(page: Page, key: string): Promise<string> {
  return textOf(page, `[data-testid="card-${key}"] [data-part="value"]`);
}

async function expectOverviewMatches(page: Page, ind: Indicators, f = en): Promise<void> {
  const expected = overviewValues(ind, f);
  const noShift = f === da ? daMessages['card.noShift'] : messages['card.noShift'];
  for (const [key, value] of Object.entries(expected)) {
    await expect
      .poll(() => cardValue(page, key), { message: `card ${key}`, timeout: 10_000 })
      .toBe(normaliseSpaces(value ?? noShift));
  }
}

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

describe('analyst of the network', () => {
  let page: Page;

  beforeAll(async () => {
    ({ page } = await newPage());
  });

  it('signs in through the login form', async () => {
    await go(page, '');
    await page.locator('input#email').waitFor();
    await expectAxeClean(page);
    await shootDesktopAndPhone(page, 'login');
    await page.locator('input#email').fill(ACCOUNTS.analyst.email);
    await page.locator('input#password').fill('not the password');
    await page.locator('ms-login button[type=submit]').click();
    await page.locator('[data-testid="login-error"]').waitFor();
    await page.locator('input#password').fill(ACCOUNTS.analyst.password);
    const answer = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/auth/login') && r.status() === 200,
    );
    await page.locator('ms-login button[type=submit]').click();
    await page.locator('[data-testid="card-trips"] [data-part="value"]').waitFor();
    // The browser uses the cookie: the session secret is neither in the answer nor readable by scripts.
    const login = (await (await answer).json()) as Record<string, unknown>;
    expect(login.token).toBeUndefined();
    const session = (await page.context().cookies()).find((c) => c.name === 'ms_session')!;
    expect(session.httpOnly).toBe(true);
    expect(JSON.stringify(login)).not.toContain(session.value);
    expect(await page.evaluate(() => document.cookie)).not.toContain('ms_session');
  });

  it('shows the network overview with the API numbers', async () => {
    const ind = await api<Indicators>(page, `/indicators?${query({ partner: 'network' })}`);
    await expectOverviewMatches(page, ind);
    expect(await textOf(page, '[data-testid="latest-data"]')).toBe(
      normaliseSpaces(`Latest data: ${en.date(ind.dataRange!.to)}`),
    );
    await expectAxeClean(page);
    await shootDesktopAndPhone(page, 'overview-network');
  });

  it('moves to the last 12 months with the period picker, in the URL and the numbers', async () => {
    await page.locator('select#period').selectOption('12m');
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('from=');
    const hash = await page.evaluate(() => location.hash);
    const params = new URLSearchParams(hash.split('?')[1]);
    const ind = await api<Indicators>(
      page,
      `/indicators?${query({ partner: 'network', from: params.get('from')!, to: params.get('to')! })}`,
    );
    expect(params.get('to')).toBe(ind.dataRange!.to);
    await expectOverviewMatches(page, ind);
  });

  it('opens a shared link with partner and period, also after a reload', async () => {
    const link = '#/overview?partner=weiz&from=2011-09-01&to=2012-08-31';
    await go(page, link);
    await page.reload();
    const ind = await api<Indicators>(
      page,
      `/indicators?${query({ partner: 'weiz', from: '2011-09-01', to: '2012-08-31' })}`,
    );
    await expectOverviewMatches(page, ind);
    expect(await page.locator('select#partner').inputValue()).toBe('weiz');
    expect(await page.locator('select#period').inputValue()).toBe('12m');
    await shootDesktopAndPhone(page, 'overview-partner');

    // Another emission factor set: in the URL, and CO2 avoided as the API computes it with it.
    await page.locator('select#factors').selectOption('desnz-2025-wtw');
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('factors=desnz-2025-wtw');
    const wtw = await api<Indicators>(
      page,
      `/indicators?${query({ partner: 'weiz', from: '2011-09-01', to: '2012-08-31', factorSet: 'desnz-2025-wtw' })}`,
    );
    expect(wtw.factorSet.id).toBe('desnz-2025-wtw');
    await expectOverviewMatches(page, wtw);
  });

  it('shows walking and cycling apart from e-bikes, and says when a period has no trips', async () => {
    const link = '#/overview?partner=weiz&from=2011-09-01&to=2012-08-31';
    await go(page, link);
    const ind = await api<Indicators>(
      page,
      `/indicators?${query({ partner: 'weiz', from: '2011-09-01', to: '2012-08-31' })}`,
    );
    await expectOverviewMatches(page, ind);
    const withEbike = ind.modalShift.activeShareInclEbike;
    if (withEbike.shiftPp === null)
      // A walking, cycling or e-bike share hidden under the release rule: no line, no guess.
      expect(await page.locator('[data-testid="incl-ebike"]').count()).toBe(0);
    else
      expect(await textOf(page, '[data-testid="incl-ebike"]')).toBe(
        normaliseSpaces(
          `Incl. e-bike: ${en.percent(withEbike.baseline!)} → ${en.percent(withEbike.followUp!)} (${en.pp(withEbike.shiftPp!)} pp)`,
        ),
      );
    expect(await page.locator('[data-testid="no-data"]').count()).toBe(0);

    // A period after the demo: the analyst gets no figures, released months holding fewer
    // than 5 active commuters (here none), and the page says why.
    await go(page, '#/overview?partner=network&from=2013-03-01&to=2013-03-31');
    const hidden = await api<{ withheld: boolean }>(
      page,
      `/indicators?${query({ partner: 'network', from: '2013-03-01', to: '2013-03-31' })}`,
    );
    expect(hidden.withheld).toBe(true);

    // The town's own staff see live figures: no trips, so no shift, and the page says so.
    const own = await newPage();
    await loginByApi(own.page, baseUrl, ACCOUNTS.staffWeiz);
    await go(own.page, '#/overview?partner=weiz&from=2013-03-01&to=2013-03-31');
    const empty = await api<Indicators>(
      own.page,
      `/indicators?${query({ partner: 'weiz', from: '2013-03-01', to: '2013-03-31' })}`,
    );
    expect(empty.modalShift.noShiftReason).toBe('no trips in the period');
    await own.page.locator('[data-testid="no-data"]').waitFor();
    expect(await textOf(own.page, '[data-testid="no-data"]')).toContain('No trips were logged');
    expect(await cardValue(own.page, 'car-shift')).toBe('No data');
    expect(await cardValue(own.page, 'active-shift')).toBe('No data');
    expect(await own.page.locator('[data-testid="incl-ebike"]').count()).toBe(0);
    await expectOverviewMatches(own.page, empty);
    await expectAxeClean(own.page);
    await shootDesktopAndPhone(own.page, 'overview-no-trips');
    await own.context.close();
  });

  it('redraws the modal split charts when the partner changes', async () => {
    await go(page, '#/modal-split?partner=weiz');
    const chart = page.locator('ms-monthly-chart');
    await expect.poll(() => chart.getAttribute('data-drawn'), { timeout: 15_000 }).not.toBeNull();
    const firstTotal = () =>
      textOf(page, '[data-testid="monthly-table"] tbody tr:first-child td:nth-last-child(2)');
    const weiz = await api<Monthly>(page, '/indicators/monthly?partner=weiz');
    const sum = (m: Monthly) =>
      Object.values(m.months[0]!.trips).reduce<number>((s, v) => s + (v ?? 0), 0);
    await expect.poll(firstTotal).toBe(normaliseSpaces(en.number(sum(weiz))));
    await page.locator('[data-testid="transition-matrix"]').waitFor();
    await expectAxeClean(page);
    await shootDesktopAndPhone(page, 'modal-split');

    const drawnBefore = Number(await chart.getAttribute('data-drawn'));
    await page.locator('select#partner').selectOption('lugo');
    const lugo = await api<Monthly>(page, '/indicators/monthly?partner=lugo');
    await expect.poll(firstTotal).toBe(normaliseSpaces(en.number(sum(lugo))));
    await expect
      .poll(async () => Number(await chart.getAttribute('data-drawn')))
      .toBeGreaterThan(drawnBefore);
    expect(await page.evaluate(() => location.hash)).toContain('partner=lugo');

    // Shares with the baseline survey as the first bar, kilometres instead of trips.
    await page.locator('[data-testid="show-shares"]').click();
    await page.locator('[data-testid="metric-km"]').click();
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('metric=km');
  });

  it('compares the partners and downloads the table as CSV', async () => {
    await go(page, '#/network');
    const data = await api<PartnerComparison>(page, '/indicators/partners');
    const rows = page.locator('[data-testid="network-table"] tbody tr');
    await expect.poll(() => rows.count()).toBe(data.items.length);
    await page.locator('ms-bar-chart[data-drawn]').waitFor();
    await expectAxeClean(page);
    await shootDesktopAndPhone(page, 'network');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="network-table"] [data-testid="csv"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^modeshift-network.*\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(data.items.length + 2);
    const header = lines[0]!.split(',');
    expect(header[0]).toBe('Partner');
    const tripsCol = header.indexOf('Trips');
    const byName = new Map(lines.slice(1).map((l) => [l.split(',')[0]!, l.split(',')]));
    for (const item of data.items)
      if (!item.withheld)
        expect(byName.get(item.name)?.[tripsCol], item.name).toBe(String(item.trips));
    expect(byName.get('Network total')?.[tripsCol]).toBe(String(data.network.trips));
  });

  it('draws route density on the offline map and exports it as GeoJSON', async () => {
    // The partner and cell size with most released cells: the map shows release units only
    // (partner x cell x quarter with 5 or more commuters), and the small e2e demo releases few.
    const partners = await api<{ items: Array<{ id: string }> }>(page, '/partners');
    let best = { id: '', cells: 0, resolution: 8 };
    for (const resolution of [8, 7])
      for (const p of partners.items) {
        const d = await api<DensityCollection>(
          page,
          `/map/density?partner=${p.id}&resolution=${resolution}`,
        );
        for (const f of d.features) expect(f.properties.commuters).toBeGreaterThanOrEqual(5);
        if (d.features.length > best.cells)
          best = { id: p.id, cells: d.features.length, resolution };
      }
    expect(best.cells).toBeGreaterThan(0);
    await go(page, `#/map?partner=${best.id}`);
    await page.locator('#res').selectOption(String(best.resolution));
    const map = page.locator('ms-density-map');
    await page.locator('[data-testid="map-why"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="legend"] li').nth(2).waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="suppressed-cells"]').waitFor();
    await expect.poll(() => map.getAttribute('data-idle'), { timeout: 30_000 }).toBe('true');
    await expectAxeClean(page);
    await shootDesktopAndPhone(page, 'map');

    for (const layer of ['areas', 'sites', 'labels'])
      await page.locator(`[data-testid="layer-${layer}"]`).uncheck();
    const countRoutePixels = () =>
      page.evaluate(() => {
        const host = document
          .querySelector('ms-app')!
          .shadowRoot!.querySelector('ms-map-view')!
          .shadowRoot!.querySelector('ms-density-map')!;
        const gl = host.shadowRoot!.querySelector('canvas')!;
        const c = document.createElement('canvas');
        c.width = gl.width;
        c.height = gl.height;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(gl, 0, 0);
        const { data } = ctx.getImageData(0, 0, c.width, c.height);
        // Basemap colours: sea, land, borders. Anything far from all of them is drawn data.
        const base = [
          [0xdb, 0xe6, 0xec],
          [0xf4, 0xf3, 0xef],
          [0x9a, 0xa7, 0xb0],
        ];
        let route = 0;
        for (let i = 0; i < data.length; i += 4) {
          const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
          if (
            base.every(
              ([br, bg, bb]) => Math.abs(r - br!) + Math.abs(g - bg!) + Math.abs(b - bb!) > 60,
            )
          )
            route++;
        }
        return { route, total: data.length / 4 };
      });
    await page.waitForTimeout(800);
    const withRoutes = await countRoutePixels();
    expect(withRoutes.route / withRoutes.total).toBeGreaterThan(0.01);
    await page.locator('[data-testid="layer-density"]').uncheck();
    await page.waitForTimeout(800);
    const without = await countRoutePixels();
    expect(without.route).toBeLessThan(withRoutes.route / 20);
    await page.locator('[data-testid="layer-density"]').check();

    const density = await api<DensityCollection>(
      page,
      `/map/density?partner=${best.id}&resolution=${best.resolution}`,
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="geojson"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.geojson$/);
    const geo = JSON.parse(readFileSync((await download.path())!, 'utf8')) as DensityCollection;
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features).toEqual(density.features);
    expect(geo.features.every((f) => f.properties.commuters >= 5)).toBe(true);
  });

  it('shows the whole network on the map with partner markers', async () => {
    await go(page, '#/map?partner=network');
    await page.locator('ms-density-map button.partner').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('ms-density-map button.partner').count()).toBe(10);
    await expect
      .poll(() => page.locator('ms-density-map').getAttribute('data-idle'), { timeout: 30_000 })
      .toBe('true');
    await shootDesktopAndPhone(page, 'map-network');
  });

  it('links a card to its definition in the methodology', async () => {
    await go(page, '#/overview?partner=weiz');
    await page.locator('[data-testid="card-co2"] h3 a').click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/methodology#co2-avoided');
    const method = page.locator('ms-methodology');
    await expect
      .poll(() => method.getAttribute('data-scrolled-to'), { timeout: 15_000 })
      .toBe('co2-avoided');
    const heading = page.locator('article h2.target');
    expect(await heading.textContent()).toMatch(/CO2 avoided/i);
    expect(await heading.isVisible()).toBe(true);
    const box = await heading.boundingBox();
    expect(box!.y).toBeLessThan(DESKTOP.height);
    await expectAxeClean(page);
    await page.screenshot({ path: join(SHOTS, 'methodology-desktop.png') });
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(500);
    await heading.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(SHOTS, 'methodology-phone.png') });
    await page.setViewportSize(DESKTOP);
  });

  it('speaks Danish after switching language, numbers included', async () => {
    await go(page, '#/overview?partner=skanderborg');
    await page.locator('[data-testid="card-trips"] [data-part="value"]').waitFor();
    await page.locator('select[data-testid="language"]').selectOption('da');
    await expect.poll(() => textOf(page, 'nav a[aria-current="page"]')).toBe('Overblik');
    expect(await textOf(page, '[data-testid="card-co2"] h3')).toContain('Undgået CO₂');
    const ind = await api<Indicators>(page, `/indicators?${query({ partner: 'skanderborg' })}`);
    await expectOverviewMatches(page, ind, da);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('da');
    await expectAxeClean(page);
    await shootDesktopAndPhone(page, 'overview-danish');
    await go(page, '#/modal-split?partner=skanderborg');
    await page.locator('[data-testid="transition-matrix"]').waitFor();
    expect(await textOf(page, 'ms-modal-split h1')).toContain('Transportmiddelfordeling');
    await shootDesktopAndPhone(page, 'modal-split-danish');
    await page.locator('select[data-testid="language"]').selectOption('en');
    await expect.poll(() => textOf(page, 'nav a[aria-current="page"]')).toBe('Modal split');
  });
});

describe('staff of a partner', () => {
  let page: Page;

  beforeAll(async () => {
    ({ page } = await newPage());
    await loginByApi(page, baseUrl, ACCOUNTS.staffWeiz);
  });

  it('lands on their own partner', async () => {
    await go(page, '');
    const ind = await api<Indicators>(page, '/indicators?partner=weiz');
    await expectOverviewMatches(page, ind);
    expect(await textOf(page, '[data-testid="partner-static"]')).toBe('Weiz');
    expect(await page.locator('nav a').allTextContents()).not.toContain('Network');
    await expectAxeClean(page);
    await shootDesktopAndPhone(page, 'staff-overview');
  });

  it('sees their town on the map with the released quarters and why cells are missing', async () => {
    await go(page, '#/map?partner=weiz');
    await page.locator('#res').selectOption('7');
    await page.locator('[data-testid="map-why"]').waitFor({ timeout: 20_000 });
    const d = await api<DensityCollection>(page, '/map/density?partner=weiz&resolution=7');
    expect(d.releasedPeriod.quarters.length).toBeGreaterThan(0);
    if (d.releasedPeriod.from)
      await page.locator('[data-testid="map-released"]').waitFor({ timeout: 10_000 });
    // A site map is the staff's own: it answers (the rule is the same, per site).
    const sites = await api<{ items: Array<{ id: string }> }>(page, '/partners/weiz/sites');
    if (sites.items[0])
      await api<DensityCollection>(page, `/map/density?partner=weiz&site=${sites.items[0].id}`);
    await expect
      .poll(() => page.locator('ms-density-map').getAttribute('data-idle'), { timeout: 30_000 })
      .toBe('true');
    await shootDesktopAndPhone(page, 'map-staff');
  });

  it('cannot reach another partner through a deep link', async () => {
    const other = await api<{ items: Array<{ id: string }> }>(page, '/partners');
    expect(other.items.map((p) => p.id)).toEqual(['weiz']);
    const forbidden = await page.request.get(`${baseUrl}/api/v1/indicators?partner=skanderborg`);
    expect(forbidden.status()).toBe(403);

    for (const view of ['overview', 'modal-split', 'map', 'data-quality']) {
      await go(page, `#/${view}?partner=skanderborg`);
      await page.locator('[data-testid="access-denied"]').waitFor();
      const text = await deepText(page);
      expect(text, view).not.toMatch(/skanderborg/i);
      expect(await page.locator('ms-stat-card').count()).toBe(0);
    }
    await shootDesktopAndPhone(page, 'staff-access-denied');
  });

  it('sees data quality and can open a trip and a commuter to fix them', async () => {
    await go(page, '#/data-quality');
    const dq = await api<{
      implausibleTrips: { count: number };
      commutersWithoutBaseline: { count: number };
    }>(page, '/data-quality?partner=weiz');
    await expect
      .poll(() => textOf(page, '[data-testid="dq-implausible"] [data-part="value"]'))
      .toBe(en.number(dq.implausibleTrips.count));
    expect(await textOf(page, '[data-testid="dq-no-baseline"] [data-part="value"]')).toBe(
      en.number(dq.commutersWithoutBaseline.count),
    );
    await expectAxeClean(page);
    await shootDesktopAndPhone(page, 'data-quality');

    const tripLink = page.locator('ms-data-quality ms-data-table a[href^="#/trip"]').first();
    if ((await tripLink.count()) > 0) await tripLink.click();
    else {
      // A small demo may flag nothing: open the latest trip the same way.
      const latest = await api<{ items: Array<{ id: string }> }>(page, '/trips?limit=1');
      await go(page, `#/trip?id=${encodeURIComponent(latest.items[0]!.id)}`);
    }
    await page.locator('ms-trip-fix fieldset').first().waitFor();
    await expectAxeClean(page);
    await shootDesktopAndPhone(page, 'trip-fix');
    await go(page, '#/data-quality');
    const commuterLink = page
      .locator('ms-data-quality ms-data-table a[href^="#/commuter"]')
      .first();
    if ((await commuterLink.count()) > 0) {
      await commuterLink.click();
      await page.locator('ms-commuter-fix form').waitFor();
      await expectAxeClean(page);
      await shootDesktopAndPhone(page, 'commuter-fix');
    }
  });

  it('creates an API token for a script, shows its secret once, and revokes it', async () => {
    await go(page, '');
    await page.locator('header a.tokens').click();
    await page.locator('ms-api-tokens form').waitFor();
    await page.locator('#token-name').fill('Counter bridge');
    await page.locator('ms-api-tokens button[type="submit"]').click();
    const secret = (await page.locator('[data-testid="token-secret"]').textContent())!.trim();
    expect(secret).toMatch(/^mst_/);
    await expect
      .poll(() => page.locator('[data-testid="token-list"] tbody tr').first().textContent())
      .toContain('Counter bridge');
    await expectAxeClean(page);
    await shootDesktopAndPhone(page, 'api-tokens');

    // What a script does with it: the bearer header, no cookie needed.
    const asScript = (token: string) =>
      fetch(`${baseUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    const me = await asScript(secret);
    expect(me.status).toBe(200);
    expect(((await me.json()) as { account: { email: string } }).account.email).toBe(
      ACCOUNTS.staffWeiz.email,
    );

    page.once('dialog', (dialog) => void dialog.accept());
    await page
      .locator('[data-testid="token-list"] tbody tr')
      .first()
      .locator('button.danger')
      .click();
    await expect
      .poll(() => page.locator('[data-testid="token-list"] tbody tr').first().textContent())
      .toContain('Revoked');
    expect((await asScript(secret)).status).toBe(401);
    // The secret was shown once: it is not on the page any more, nor in the list.
    expect(await deepText(page)).not.toContain(secret);

    // A read-only token with an expiry: it reads, it never writes, and the list says so.
    await page.locator('#token-name').fill('Dashboard screen');
    await page.locator('#token-read-only').check();
    await page.locator('#token-expiry').selectOption('30');
    await page.locator('ms-api-tokens button[type="submit"]').click();
    const readOnly = (await page.locator('[data-testid="token-secret"]').textContent())!.trim();
    expect((await asScript(readOnly)).status).toBe(200);
    const write = await fetch(`${baseUrl}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${readOnly}` },
    });
    expect(write.status).toBe(403);
    expect(((await write.json()) as { error: { code: string } }).error.code).toBe(
      'read_only_token',
    );
    const row = page.locator('[data-testid="token-list"] tbody tr').first();
    await expect.poll(() => row.textContent()).toContain('Dashboard screen');
    expect(await row.textContent()).toContain('Read-only');
    expect(await row.textContent()).toMatch(/expires/i);
    await expectAxeClean(page);
  });

  it('shows Danish by default to the staff of a Danish partner', async () => {
    const { page: dk } = await newPage();
    await loginByApi(dk, baseUrl, ACCOUNTS.staffSkanderborg, { language: null });
    await go(dk, '');
    await expect.poll(() => textOf(dk, 'nav a[aria-current="page"]')).toBe('Overblik');
    const ind = await api<Indicators>(dk, '/indicators?partner=skanderborg');
    await expectOverviewMatches(dk, ind, da);
    await dk.context().close();
  });
});

describe('commuter', () => {
  it('gets their own trips and a polite note instead of the staff dashboards', async () => {
    const { page, context } = await newPage();
    await loginByApi(page, baseUrl, ACCOUNTS.commuterWeiz);
    // A commuter lands on the app's home; their trips are one link away.
    await go(page, '');
    await page.locator('ms-commuter-home').waitFor();
    await go(page, '#/my-trips');
    await page
      .locator('[data-testid="my-trips-table"] tbody tr')
      .first()
      .waitFor({ timeout: 15_000 });
    await expectAxeClean(page);
    await shootDesktopAndPhone(page, 'my-trips');
    await go(page, '#/overview');
    await page.locator('[data-testid="problem"]').waitFor();
    expect(await textOf(page, '[data-testid="problem"] h1')).toBe(
      'This dashboard is for project staff',
    );
    await shootDesktopAndPhone(page, 'commuter-staff-only');
    await context.close();
  });
});

describe('the whole run', () => {
  it('sent no request to any host but this machine', () => {
    expect(external.flat()).toEqual([]);
  });

  it('threw no error in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
