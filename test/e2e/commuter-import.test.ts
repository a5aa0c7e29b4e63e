/**
 * The commuter app's second round on a phone-sized Chromium (360 x 740): a commuter who joined
 * with a car-only baseline is asked for a first trip instead of a one-tap car commute; the
 * impact page changes after a trip; a GPX file with two trips is imported with a progress bar
 * and a report, and one of its trips is confirmed with one tap, the other corrected; a tracker
 * is created with its token, settings and QR code, then revoked; the ZIP export downloads.
 * Screenshots go to /tmp/shots-w2 (SHOTS_DIR) to be looked at.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ACCOUNTS, launchChromium, recordCspViolations } from './support.js';

const baseUrl = inject('baseUrl');
const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots-w2';
const VIEWPORT = { width: 360, height: 740 } as const;
const EMAIL = 'e2e.importer@town.example';

interface ApiTrip {
  id: string;
  status: string;
  legs: Array<{ mode: string; distanceKm: number }>;
}

let browser: Browser;
let context: BrowserContext;
let page: Page;
let commuterId = '';
const csp: string[] = [];

async function shoot(name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function trips(status?: string): Promise<ApiTrip[]> {
  const q = status ? `&status=${status}` : '';
  const res = await page.request.get(`${baseUrl}/api/v1/trips?limit=500${q}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { items: ApiTrip[] }).items;
}

/**
 * A GPX track of two rides yesterday, 9 hours apart, each 20 minutes north (then back south)
 * at about 15 km/h with a point every 10 s: two trips of about 5 km.
 */
function twoRidesGpx(): string {
  const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const ride = (startIso: string, fromLat: number, dir: 1 | -1): string => {
    const start = Date.parse(startIso);
    const pts: string[] = [];
    for (let i = 0; i <= 120; i++) {
      // 42 m per 10 s northwards: 0.000378 degrees of latitude.
      const lat = (fromLat + dir * i * 0.000378).toFixed(6);
      const time = new Date(start + i * 10_000).toISOString();
      pts.push(`<trkpt lat="${lat}" lon="15.623600"><time>${time}</time></trkpt>`);
    }
    return `<trkseg>${pts.join('')}</trkseg>`;
  };
  return `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="e2e" xmlns="http://www.topografix.com/GPX/1/1">
<trk><name>rides</name>
${ride(`${day}T06:00:00Z`, 47.2183, 1)}
${ride(`${day}T15:00:00Z`, 47.2183 + 120 * 0.000378, -1)}
</trk></gpx>`;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...ACCOUNTS.admin, session: 'token' }),
  });
  const { token } = (await login.json()) as { token: string };
  // A fresh code, so this file does not depend on the demo code's use count.
  const created = await fetch(`${baseUrl}/api/v1/partners/weiz/enrolment-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ label: 'import e2e', expiresInDays: 1 }),
  });
  expect(created.status).toBe(201);
  const { code } = (await created.json()) as { code: string };
  const info = (await (await fetch(`${baseUrl}/api/v1/enrolment/${code}`)).json()) as {
    privacyNoticeVersion: string;
  };
  browser = await launchChromium();
  context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-GB', hasTouch: true });
  await recordCspViolations(context, csp);
  page = await context.newPage();
  // Joined as the join page does it: a car driver, 15 km, whose usual commute is that car.
  const joined = await page.request.post(`${baseUrl}/api/v1/enrolment/${code}/join`, {
    data: {
      email: EMAIL,
      password: 'quartz-meadow-lantern-58',
      locale: 'en',
      privacyNoticeAccepted: true,
      privacyNoticeVersion: info.privacyNoticeVersion,
      baseline: {
        usualLegs: [{ mode: 'car_driver', distanceKm: 15 }],
        commutingDaysPerWeek: 5,
        ageBand: '40-49',
      },
      session: 'cookie',
    },
  });
  expect(joined.status()).toBe(201);
  const me = await page.request.get(`${baseUrl}/api/v1/auth/me`);
  commuterId = ((await me.json()) as { account: { commuterId: string } }).account.commuterId;
  expect(commuterId).not.toBe('');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('the commuter app: first trip, impact, import, trackers, ZIP', () => {
  it('asks a new car commuter for a first trip instead of repeating the car with one tap', async () => {
    await page.goto(`${baseUrl}/#/home`);
    const usual = page.locator('[data-testid="usual"]');
    await usual.waitFor();
    expect(await usual.textContent()).toMatch(/Car \(driver\) 15\.0 km/);
    await page.locator('[data-testid="first-trip"]').waitFor();
    expect(await page.locator('[data-testid="tap-both"]').isVisible()).toBe(false);
    await shoot('01-home-first-trip');
  });

  it('shows the impact page change after a trip', async () => {
    await page.goto(`${baseUrl}/#/impact`);
    const tripsFigure = page.locator('[data-testid="impact-trips"]');
    await tripsFigure.waitFor();
    expect(await tripsFigure.textContent()).toBe('0');
    await shoot('02-impact-before');
    await page.goto(`${baseUrl}/#/log`);
    const legs = page.locator('[data-testid="leg"]');
    await legs.first().waitFor();
    await expect
      .poll(() => page.locator('[data-testid="replaced"]').inputValue())
      .toBe('car_driver');
    await legs.nth(0).locator('label.chip', { hasText: 'Bicycle' }).click();
    await legs.nth(0).locator('input[name="distanceKm"]').fill('6.5');
    await page.locator('[data-testid="save-usual"]').check();
    await page.locator('[data-testid="save-trip"]').click();
    await expect
      .poll(() => page.locator('[data-testid="log-done"]').textContent())
      .toMatch(/Trip saved/);
    await page.goto(`${baseUrl}/#/impact`);
    await expect.poll(() => tripsFigure.textContent()).toBe('1');
    expect(await page.locator('[data-testid="impact-km"]').textContent()).toBe('6.5');
    // 6.5 km that would have been driven: some CO2 avoided.
    expect(
      Number((await page.locator('[data-testid="impact-co2"]').textContent())!.replace(',', '.')),
    ).toBeGreaterThan(0);
    await shoot('03-impact-after');
  });

  it('offers the saved bike commute with one tap, logged by the server once', async () => {
    await page.goto(`${baseUrl}/#/home`);
    await page.locator('[data-testid="usual"]').waitFor();
    await expect
      .poll(() => page.locator('[data-testid="usual"]').textContent())
      .toMatch(/Bicycle 6\.5 km/);
    expect(await page.locator('[data-testid="first-trip"]').count()).toBe(0);
    await page.locator('[data-testid="tap-back"]').click();
    await expect
      .poll(() => page.locator('[data-testid="tap-status"]').textContent())
      .toMatch(/Logged/);
    await shoot('04-home-one-tap');
    const bikes = (await trips()).filter((t) => t.legs[0]!.mode === 'bike');
    expect(bikes).toHaveLength(2);
  });

  it('taps "to work" offline: queued under the same id, stored once when back online', async () => {
    await page.goto(`${baseUrl}/#/home`);
    await page.locator('[data-testid="tap-to-work"]').waitFor();
    await context.setOffline(true);
    await page.reload();
    await page.locator('[data-testid="offline-note"]').waitFor({ timeout: 15_000 });
    // The usual commute comes from this phone's copy.
    await page.locator('[data-testid="tap-to-work"]').click();
    await expect
      .poll(() => page.locator('[data-testid="tap-status"]').textContent())
      .toMatch(/phone/);
    await page.locator('[data-testid="pending-trip"]').waitFor();
    await shoot('04b-home-one-tap-offline');
    await context.setOffline(false);
    await page.locator('[data-testid="pending"]').waitFor({ state: 'detached', timeout: 20_000 });
    const bikes = (await trips()).filter((t) => t.legs[0]!.mode === 'bike');
    expect(bikes).toHaveLength(3);
  });

  it('saves a new usual commute offline and the server has it once back online', async () => {
    await page.goto(`${baseUrl}/#/log`);
    const legs = page.locator('[data-testid="leg"]');
    await legs.first().waitFor();
    await context.setOffline(true);
    await legs.nth(0).locator('label.chip', { hasText: 'Walking' }).click();
    await legs.nth(0).locator('input[name="distanceKm"]').fill('1.4');
    await page.locator('[data-testid="save-usual"]').check();
    await page.locator('[data-testid="save-trip"]').click();
    await expect
      .poll(() => page.locator('[data-testid="log-done"]').textContent())
      .toMatch(/phone/);
    await context.setOffline(false);
    // Home loads the usual commute: the copy saved offline reaches the server first.
    await page.goto(`${baseUrl}/#/home`);
    await page.locator('[data-testid="tap-to-work"]').waitFor();
    await expect
      .poll(async () => {
        const res = await page.request.get(
          `${baseUrl}/api/v1/commuters/${commuterId}/usual-commute`,
        );
        const usual = (await res.json()) as { legs: Array<{ mode: string; distanceKm: number }> };
        return usual.legs.map((l) => `${l.mode} ${l.distanceKm}`).join(', ');
      })
      .toBe('walk 1.4');
    await page.locator('[data-testid="pending"]').waitFor({ state: 'detached', timeout: 20_000 });
  });

  it('imports a GPX with two trips (progress, report), confirms one with one tap, corrects the other', async () => {
    await page.goto(`${baseUrl}/#/import`);
    await page.locator('[data-testid="drop"]').waitFor();
    await page.locator('[data-testid="unconfirmed"]').waitFor();
    await shoot('05-import-empty');
    // Slow the upload down enough to see the progress bar.
    await page.route('**/api/v1/imports', async (route) => {
      await new Promise((r) => setTimeout(r, 400));
      await route.continue();
    });
    await page.locator('[data-testid="import-file"]').setInputFiles({
      name: 'rides.gpx',
      mimeType: 'application/gpx+xml',
      buffer: Buffer.from(twoRidesGpx(), 'utf8'),
    });
    await page.locator('[data-testid="import-progress"]').waitFor();
    await page.locator('[data-testid="import-report"]').waitFor({ timeout: 20_000 });
    await page.unroute('**/api/v1/imports');
    expect(await page.locator('[data-testid="points-read"]').textContent()).toBe('242');
    expect(await page.locator('[data-testid="trips-created"]').textContent()).toBe('2');
    const rows = page.locator('[data-testid="unconfirmed-trip"]');
    await expect.poll(() => rows.count()).toBe(2);
    await shoot('06-import-report');
    expect(await trips('unconfirmed')).toHaveLength(2);

    const firstId = await rows.nth(0).getAttribute('data-id');
    await rows.nth(0).locator('[data-testid="confirm"]').click();
    await rows.nth(0).locator('[data-testid="confirmed"]').waitFor();
    await shoot('07-import-confirmed');
    const left = await trips('unconfirmed');
    expect(left.map((t) => t.id)).not.toContain(firstId);
    expect(left).toHaveLength(1);
    const confirmed = (await trips('confirmed')).find((t) => t.id === firstId);
    expect(confirmed?.status).toBe('confirmed');

    // "Correct" opens the trip in the log form; saving it (PATCH) confirms it.
    await rows.nth(1).locator('[data-testid="correct"]').click();
    await page.locator('[data-testid="delete-trip"]').waitFor();
    await shoot('08-import-correct');
    await page.locator('[data-testid="save-trip"]').click();
    const outcome = page.locator(
      '[data-testid="log-done"], ms-log-trip [role="alert"], ms-log-trip .err',
    );
    await outcome.first().waitFor();
    expect(await outcome.first().textContent()).toMatch(/Changes saved/);
    expect(await trips('unconfirmed')).toHaveLength(0);

    // The same file again stores nothing new.
    await page.goto(`${baseUrl}/#/import`);
    await page.locator('[data-testid="import-file"]').setInputFiles({
      name: 'rides.gpx',
      mimeType: 'application/gpx+xml',
      buffer: Buffer.from(twoRidesGpx(), 'utf8'),
    });
    await page.locator('[data-testid="import-report"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="trips-created"]').textContent()).toBe('0');
    expect(await page.locator('[data-testid="unconfirmed-trip"]').count()).toBe(0);
  });

  it('refuses a file that is not a track with a clear message', async () => {
    await page.goto(`${baseUrl}/#/import`);
    await page.locator('[data-testid="import-file"]').setInputFiles({
      name: 'notes.gpx',
      mimeType: 'application/gpx+xml',
      buffer: Buffer.from('just some words, no XML at all', 'utf8'),
    });
    const error = page.locator('[data-testid="import-error"]');
    await error.waitFor({ timeout: 20_000 });
    expect(await error.textContent()).toMatch(/could not be imported/);
    await shoot('09-import-refused');
  });

  it('creates a tracker: token once, settings and a QR code; lists and revokes it', async () => {
    await page.goto(`${baseUrl}/#/trackers`);
    await page.locator('[data-testid="tracker-form"]').waitFor();
    await page.locator('[data-testid="tracker-kind"]').selectOption('owntracks');
    await page.locator('[data-testid="tracker-name"]').fill('My phone');
    await page.locator('[data-testid="tracker-create"]').click();
    await page.locator('[data-testid="tracker-created"]').waitFor();
    const token = (await page.locator('[data-testid="tracker-token"]').textContent())!.trim();
    expect(token.length).toBeGreaterThan(16);
    expect(await page.locator('[data-testid="tracker-url"]').textContent()).toMatch(
      /\/api\/v1\/track\/owntracks/,
    );
    const d = await page.locator('[data-testid="tracker-qr"] path').getAttribute('d');
    expect(d?.match(/h1v1h-1z/g)?.length ?? 0).toBeGreaterThan(100);
    await expect.poll(() => page.locator('[data-testid="tracker"]').count()).toBe(1);
    await shoot('10-tracker-created');
    // The token works for OwnTracks: a location is accepted.
    const res = await fetch(`${baseUrl}/api/v1/track/owntracks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ _type: 'location', lat: 47.2183, lon: 15.6236, tst: 1_700_000_000 }),
    });
    expect(res.status).toBe(200);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('[data-testid="tracker-revoke"]').click();
    await expect
      .poll(() => page.locator('[data-testid="tracker"]').textContent())
      .toMatch(/revoked/);
    await shoot('11-tracker-revoked');
    const after = await fetch(`${baseUrl}/api/v1/track/owntracks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ _type: 'location', lat: 47.2183, lon: 15.6236, tst: 1_700_000_100 }),
    });
    expect(after.status).toBe(401);
  });

  it('downloads my data as a ZIP with my trips', async () => {
    await page.goto(`${baseUrl}/#/my-data`);
    await page.locator('[data-testid="export-zip"]').waitFor();
    await shoot('12-my-data-zip');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="export-zip"]').click(),
    ]);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const files = unzipSync(new Uint8Array(bytes));
    const names = Object.keys(files);
    expect(names.length).toBeGreaterThan(1);
    const all = names.map((n) => new TextDecoder().decode(files[n])).join('\n');
    for (const t of await trips()) expect(all).toContain(t.id);
    expect(csp).toEqual([]);
  });
});
