/**
 * Drawing a leg's route on the map, on a phone-sized Chromium (360 x 740): three taps on the
 * map, the distance field filled with the great-circle length of the tapped points, the trip
 * saved with the line as the leg's geometry (trimmed near its ends by the server). Screenshots
 * go to /tmp/shots-r (SHOTS_DIR) to be looked at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { haversineM } from '../../server/domain/geometry.js';
import { drawnLengthKm, type LonLat } from '../../web/src/lib/route-draw.js';
import { ACCOUNTS, launchChromium, loginByApi, recordCspViolations } from './support.js';

const baseUrl = inject('baseUrl');
const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots-r';
const VIEWPORT = { width: 360, height: 740 } as const;
/** PRIVACY_RADIUS_M's default: the server drops route points this close to either end. */
const PRIVACY_RADIUS_M = 200;

interface ApiTrip {
  id: string;
  legs: Array<{
    mode: string;
    distanceKm: number;
    geometry: { type: 'LineString'; coordinates: LonLat[] } | null;
  }>;
}

let browser: Browser;
let context: BrowserContext;
let page: Page;
const csp: string[] = [];

async function shoot(name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function todaysTrips(): Promise<ApiTrip[]> {
  const today = new Date().toISOString().slice(0, 10);
  const res = await page.request.get(`${baseUrl}/api/v1/trips?from=${today}&limit=500`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { items: ApiTrip[] }).items;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-GB', hasTouch: true });
  await recordCspViolations(context, csp);
  page = await context.newPage();
  await loginByApi(page, baseUrl, ACCOUNTS.commuterWeiz);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('drawing a leg on the map', () => {
  it('fills the distance from three taps and sends the line as the leg geometry', async () => {
    const before = new Set((await todaysTrips()).map((t) => t.id));
    await page.goto(`${baseUrl}/#/log`);
    const leg = page.locator('[data-testid="leg"]').first();
    await leg.waitFor();
    await leg.locator('label.chip', { hasText: 'Bicycle' }).click();
    await leg.locator('[data-testid="draw-route"]').click();
    const draw = page.locator('ms-route-draw');
    await page.locator('ms-route-draw[data-ready="true"]').waitFor({ timeout: 20_000 });
    // Done stays off until there is a line to measure.
    expect(await draw.locator('[data-testid="draw-done"]').isDisabled()).toBe(true);

    // The map spans the leg card and is 60 % of the viewport high; nothing is wider than the phone.
    const canvas = draw.locator('.map canvas.maplibregl-canvas');
    const box = (await canvas.boundingBox())!;
    const card = (await leg.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(card.width - 40);
    expect(box.x + box.width).toBeLessThanOrEqual(VIEWPORT.width);
    expect(box.height).toBeGreaterThanOrEqual(VIEWPORT.height * 0.6 - 2);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);

    // Three taps, then a fourth taken back with "undo".
    await canvas.click({ position: { x: 40, y: 90 } });
    await canvas.click({ position: { x: 170, y: 200 } });
    await canvas.click({ position: { x: 280, y: 330 } });
    await canvas.click({ position: { x: 60, y: 380 } });
    await expect
      .poll(() => draw.evaluate((el) => (el as unknown as { points: LonLat[] }).points.length))
      .toBe(4);
    await draw.locator('[data-testid="draw-undo"]').click();
    const points = await draw.evaluate((el) => (el as unknown as { points: LonLat[] }).points);
    expect(points).toHaveLength(3);
    const km = drawnLengthKm(points);
    expect(km).toBeGreaterThan(1);
    expect(await draw.locator('[data-testid="draw-length"]').textContent()).toContain(
      `3 points, ${km.toFixed(2)} km`,
    );
    await shoot('01-route-drawn');

    await draw.locator('[data-testid="draw-done"]').click();
    await draw.waitFor({ state: 'detached' });
    const field = leg.locator('input[name="distanceKm"]');
    expect(await field.inputValue()).toBe(km.toFixed(2));
    expect(await leg.locator('[data-testid="route-drawn"]').textContent()).toContain(km.toFixed(2));
    await shoot('02-distance-filled');

    await page.locator('[data-testid="save-trip"]').click();
    await expect
      .poll(() => page.locator('[data-testid="log-done"]').textContent())
      .toMatch(/Trip saved/);

    const added = (await todaysTrips()).filter((t) => !before.has(t.id));
    expect(added).toHaveLength(1);
    const stored = added[0]!.legs[0]!;
    expect(stored.mode).toBe('bike');
    expect(stored.distanceKm).toBe(Number(km.toFixed(2)));
    // The route reaches the server, trimmed: nothing within the privacy radius of either end,
    // and it passes through the middle tap.
    const line = stored.geometry!.coordinates;
    expect(stored.geometry!.type).toBe('LineString');
    expect(line.length).toBeGreaterThanOrEqual(2);
    for (const c of line) {
      expect(haversineM(c, points[0]!)).toBeGreaterThan(PRIVACY_RADIUS_M);
      expect(haversineM(c, points[2]!)).toBeGreaterThan(PRIVACY_RADIUS_M);
    }
    expect(Math.min(...line.map((c) => haversineM(c, points[1]!)))).toBeLessThan(1);
    // What is left is most of the drawn line: only the two ends, 200 m each and a step, are cut.
    expect(drawnLengthKm(line)).toBeGreaterThan(km - 0.5);
    expect(csp).toEqual([]);
  });

  it('cancel leaves the leg as it was, and typing a distance drops a drawn line', async () => {
    await page.goto(`${baseUrl}/#/log`);
    await page.reload();
    const leg = page.locator('[data-testid="leg"]').first();
    await leg.waitFor();
    await leg.locator('input[name="distanceKm"]').fill('3,5');
    await leg.locator('[data-testid="draw-route"]').click();
    await page.locator('ms-route-draw[data-ready="true"]').waitFor({ timeout: 20_000 });
    const canvas = page.locator('ms-route-draw .map canvas.maplibregl-canvas');
    await canvas.click({ position: { x: 60, y: 80 } });
    await canvas.click({ position: { x: 250, y: 300 } });
    await page.locator('[data-testid="draw-cancel"]').click();
    await page.locator('ms-route-draw').waitFor({ state: 'detached' });
    expect(await leg.locator('input[name="distanceKm"]').inputValue()).toBe('3,5');
    expect(await leg.locator('[data-testid="route-drawn"]').count()).toBe(0);

    // Keyboard: the draw button opens the map, its buttons are reachable and "done" applies.
    await leg.locator('[data-testid="draw-route"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('ms-route-draw[data-ready="true"]').waitFor({ timeout: 20_000 });
    await canvas.click({ position: { x: 60, y: 80 } });
    await canvas.click({ position: { x: 250, y: 300 } });
    await page.locator('[data-testid="draw-done"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('ms-route-draw').waitFor({ state: 'detached' });
    expect(await leg.locator('[data-testid="route-drawn"]').count()).toBe(1);
    await leg.locator('input[name="distanceKm"]').fill('4');
    expect(await leg.locator('[data-testid="route-drawn"]').count()).toBe(0);
    expect(csp).toEqual([]);
  });
});
