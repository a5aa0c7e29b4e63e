/**
 * The commuter app on a phone-sized Chromium (360 x 740): a 3-leg trip, the one-tap usual
 * commute, a trip logged offline that reaches the server exactly once after reconnecting, the
 * shell starting without a connection, export and deletion. Screenshots of every step go to
 * /tmp/shots-w (SHOTS_DIR) to be looked at.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  ACCOUNTS,
  axeSerious,
  launchChromium,
  loginByApi,
  recordCspViolations,
} from './support.js';

const baseUrl = inject('baseUrl');
const dbFile = inject('dbFile');
const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots-w';
const VIEWPORT = { width: 360, height: 740 } as const;
const COMMUTER = { email: 'e2e.commuter@town.example', password: 'lantern-bicycle-harbour-72' };

interface ApiTrip {
  id: string;
  startedAt: string;
  replacedMode: string | null;
  legs: Array<{ mode: string; distanceKm: number; replacedMode: string | null }>;
}

let browser: Browser;
let context: BrowserContext;
let page: Page;
let commuterId = '';

const csp: string[] = [];

/** Serious or critical accessibility findings (axe) on every screen the test looks at. */
const accessibility: Array<{ screen: string; violations: unknown }> = [];

async function shoot(name: string, on?: Page): Promise<void> {
  const target = on ?? page;
  await target.waitForTimeout(300);
  await target.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const violations = await axeSerious(target);
  if (violations.length > 0) accessibility.push({ screen: name, violations });
}

/** All of the commuter's trips, as the server has them (the page's session cookie). */
async function serverTrips(): Promise<ApiTrip[]> {
  const res = await page.request.get(`${baseUrl}/api/v1/trips?limit=500`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { items: ApiTrip[] }).items;
}

async function adminToken(): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...ACCOUNTS.admin, session: 'token' }),
  });
  return ((await res.json()) as { token: string }).token;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // A commuter of its own (the demo commuter is shared with other browser tests, and this one
  // is deleted at the end), with a baseline survey: usually drove 20 km.
  const token = await adminToken();
  const auth = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const created = await fetch(`${baseUrl}/api/v1/accounts`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ ...COMMUTER, role: 'commuter', partnerId: 'weiz', locale: 'en' }),
  });
  expect(created.status).toBe(201);
  commuterId = ((await created.json()) as { commuterId: string }).commuterId;
  const survey = await fetch(`${baseUrl}/api/v1/commuters/${commuterId}/surveys`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      kind: 'baseline',
      takenOn: new Date().toISOString().slice(0, 10),
      usualMode: 'car_driver',
      oneWayKm: 20,
      daysPerWeek: 5,
    }),
  });
  expect(survey.status).toBe(201);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-GB', hasTouch: true });
  await recordCspViolations(context, csp);
  page = await context.newPage();
  await loginByApi(page, baseUrl, COMMUTER);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('joining with an enrolment code on a phone', () => {
  let joinContext: BrowserContext;
  let p: Page;

  beforeAll(async () => {
    joinContext = await browser.newContext({ viewport: VIEWPORT, locale: 'en-GB' });
    await recordCspViolations(joinContext, csp);
    p = await joinContext.newPage();
  });

  afterAll(async () => {
    await joinContext?.close();
  });

  it('joins with the demo code: account, privacy notice, baseline survey, then home', async () => {
    await p.goto(`${baseUrl}/#/join?code=DEMO-WEIZ-2010`);
    await p.locator('[data-testid="code-ok"]').waitFor();
    expect(await p.locator('[data-testid="code-ok"]').textContent()).toMatch(/Weiz/);
    await p.locator('[data-testid="privacy-notice"] h3').first().waitFor();
    await p.locator('input#email').fill('e2e.joiner@town.example');
    await p.locator('input#password').fill('short');
    await p.locator('[data-testid="join-submit"]').click();
    // Too short a password and no acceptance: nothing is sent, the fields say why.
    await p.locator('text=Please read and accept the privacy notice to join.').waitFor();
    await shoot('12-join-problems', p);
    await p.locator('input#password').fill('meadow-copper-violin-31');
    await p.locator('[data-testid="accept"]').check();
    await p.locator('#bl-mode-0').selectOption('car_driver');
    await p.locator('#bl-km-0').fill('12');
    await p.locator('#ageBand').selectOption('30-39');
    await shoot('13-join-filled', p);
    await p.locator('[data-testid="join-submit"]').click();
    await p.locator('ms-commuter-home h1').waitFor({ timeout: 15_000 });
    await p.locator('[data-testid="usual"]').waitFor();
    expect(await p.locator('[data-testid="usual"]').textContent()).toMatch(
      /Car \(driver\) 12\.0 km/,
    );
    await shoot('14-joined-home', p);
    const me = await p.request.get(`${baseUrl}/api/v1/auth/me`);
    const account = ((await me.json()) as { account: { role: string; partnerId: string } }).account;
    expect(account).toMatchObject({ role: 'commuter', partnerId: 'weiz' });
  });

  it('says clearly when a code has expired, and when it is unknown', async () => {
    const token = await adminToken();
    const res = await fetch(`${baseUrl}/api/v1/partners/weiz/enrolment-codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ label: 'e2e expired', expiresInDays: 1 }),
    });
    expect(res.status).toBe(201);
    const code = (await res.json()) as { id: string; code: string };
    // No API makes a code that has already expired: age this one in the database.
    const db = new Database(dbFile, { timeout: 5000 });
    db.prepare('UPDATE enrolment_codes SET expires_at = ? WHERE id = ?').run(
      '2011-01-01T00:00:00.000Z',
      code.id,
    );
    db.close();
    // Nobody signed in (the context above now holds the new commuter's session).
    const signedOut = await browser.newContext({ viewport: VIEWPORT, locale: 'en-GB' });
    const fresh = await signedOut.newPage();
    await fresh.goto(`${baseUrl}/#/join?code=${code.code}`);
    const error = fresh.locator('[data-testid="code-error"]');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/has expired/);
    expect(await fresh.locator('[data-testid="join-submit"]').count()).toBe(0);
    await shoot('15-join-expired', fresh);
    await fresh.goto(`${baseUrl}/#/join?code=NO-SUCH-CODE-0000`);
    await fresh.reload();
    await fresh.locator('[data-testid="code-error"]').waitFor();
    expect(await fresh.locator('[data-testid="code-error"]').textContent()).toMatch(
      /do not know this code/,
    );
    await shoot('16-join-unknown', fresh);
    await signedOut.close();
  });
});

describe('enrolment codes for staff', () => {
  it('shows a code as a link and a QR code with its use count', async () => {
    const staff = await browser.newContext({ viewport: VIEWPORT, locale: 'en-GB' });
    await recordCspViolations(staff, csp);
    const p = await staff.newPage();
    await loginByApi(p, baseUrl, ACCOUNTS.staffWeiz);
    await p.goto(`${baseUrl}/#/enrolment-codes`);
    await p.locator('[data-testid="codes"]').waitFor();
    // The demo code was used by the join test above.
    const demo = p.locator('[data-testid="code"]', { hasText: 'DEMO-WEIZ-2010' });
    expect(await demo.textContent()).toMatch(/[1-9]\d* of ∞ joined/);
    const card = demo;
    const d = await card.locator('svg.qr path').getAttribute('d');
    expect(d?.match(/h1v1h-1z/g)?.length ?? 0).toBeGreaterThan(100);
    expect(await card.locator('a').getAttribute('href')).toMatch(/#\/join\?code=DEMO-WEIZ-2010$/);
    await card.scrollIntoViewIfNeeded();
    await shoot('17-staff-codes', p);
    await staff.close();
  });
});

describe('the commuter app on a phone', () => {
  it('lands on home, is installable, and its service worker controls the page', async () => {
    await page.goto(`${baseUrl}/`);
    await page.locator('ms-commuter-home h1').waitFor();
    await page.locator('[data-testid="no-usual"], [data-testid="usual"]').first().waitFor();
    const manifest = await page.request.get(`${baseUrl}/manifest.webmanifest`);
    expect(manifest.status()).toBe(200);
    const m = (await manifest.json()) as { display: string; icons: Array<{ sizes: string }> };
    expect(m.display).toBe('standalone');
    expect(m.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of ['/icons/icon-192.png', '/icons/icon-512.png', '/icons/icon.svg'])
      expect((await page.request.get(`${baseUrl}${icon}`)).status()).toBe(200);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: 15_000,
    });
    // Nothing fits wider than the phone.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shoot('01-home-first-visit');
  });

  it('logs a 3-leg trip (bike + train + walk) with the baseline mode preselected', async () => {
    await page.goto(`${baseUrl}/#/log`);
    const legs = page.locator('[data-testid="leg"]');
    await legs.first().waitFor();
    // "How would you have travelled otherwise?" starts at the baseline's usual mode.
    await expect
      .poll(() => page.locator('[data-testid="replaced"]').inputValue())
      .toBe('car_driver');
    await legs.nth(0).locator('label.chip', { hasText: 'Bicycle' }).click();
    await legs.nth(0).locator('input[name="distanceKm"]').fill('2');
    await legs.nth(0).locator('input[name="durationMin"]').fill('8');
    await page.locator('[data-testid="add-leg"]').click();
    await legs.nth(1).locator('label.chip', { hasText: 'Train' }).click();
    await legs.nth(1).locator('input[name="distanceKm"]').fill('18');
    await page.locator('[data-testid="add-leg"]').click();
    await legs.nth(2).locator('label.chip', { hasText: 'Walking' }).click();
    await legs.nth(2).locator('input[name="distanceKm"]').fill('0,5');
    expect(await legs.count()).toBe(3);
    // The distance and duration fields of a leg sit side by side without overlapping.
    const km = await legs.nth(0).locator('input[name="distanceKm"]').boundingBox();
    const min = await legs.nth(0).locator('input[name="durationMin"]').boundingBox();
    expect(km && min).toBeTruthy();
    const apart = km!.x + km!.width <= min!.x || km!.y + km!.height <= min!.y;
    expect(apart).toBe(true);
    expect(min!.x + min!.width).toBeLessThanOrEqual(VIEWPORT.width);
    await page.locator('[data-testid="save-usual"]').check();
    await shoot('02-log-three-legs');
    await page.locator('[data-testid="save-trip"]').click();
    await expect
      .poll(() => page.locator('[data-testid="log-done"]').textContent())
      .toMatch(/Trip saved/);
    await shoot('03-log-saved');
    const trips = await serverTrips();
    expect(trips).toHaveLength(1);
    expect(trips[0]!.replacedMode).toBe('car_driver');
    expect(trips[0]!.legs.map((l) => [l.mode, l.distanceKm])).toEqual([
      ['bike', 2],
      ['train', 18],
      ['walk', 0.5],
    ]);
  });

  it('repeats the usual commute with one tap for both ways', async () => {
    await page.goto(`${baseUrl}/#/home`);
    const usual = page.locator('[data-testid="usual"]');
    await usual.waitFor();
    expect(await usual.textContent()).toMatch(/Bicycle 2\.0 km → Train 18\.0 km → Walking 0\.5 km/);
    await page.locator('[data-testid="tap-both"]').click();
    await expect
      .poll(() => page.locator('[data-testid="tap-status"]').textContent())
      .toMatch(/Logged/);
    await shoot('04-home-one-tap-both');
    const trips = await serverTrips();
    expect(trips).toHaveLength(3);
    const modes = trips.map((t) => t.legs.map((l) => l.mode).join('>'));
    expect(modes.filter((m) => m === 'bike>train>walk')).toHaveLength(2);
    expect(modes.filter((m) => m === 'walk>train>bike')).toHaveLength(1);
  });

  it('keeps a trip logged offline, loads the shell offline, and sends it once online', async () => {
    await context.setOffline(true);
    // The shell comes from the service worker and the account from the device.
    await page.reload();
    await page.locator('ms-commuter-home h1').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="offline-note"]').waitFor();
    await shoot('05-offline-home');
    await page.locator('[data-testid="link-log"]').click();
    const legs = page.locator('[data-testid="leg"]');
    await legs.first().waitFor();
    await legs.nth(0).locator('label.chip', { hasText: 'Walking' }).click();
    await legs.nth(0).locator('input[name="distanceKm"]').fill('1.7');
    await page.locator('[data-testid="save-trip"]').click();
    await expect
      .poll(() => page.locator('[data-testid="log-done"]').textContent())
      .toMatch(/kept on this phone/);
    await page.locator('a[href="#/home"]').first().click();
    await page.locator('[data-testid="pending-trip"]').waitFor();
    expect(await page.locator('[data-testid="pending-trip"]').count()).toBe(1);
    await shoot('06-offline-pending');
    // Back online: the outbox sends it by itself (the `online` event), and only once.
    await context.setOffline(false);
    await page.locator('[data-testid="pending"]').waitFor({ state: 'detached', timeout: 20_000 });
    await shoot('07-online-sent');
    const walks = (await serverTrips()).filter(
      (t) => t.legs.length === 1 && t.legs[0]!.mode === 'walk' && t.legs[0]!.distanceKm === 1.7,
    );
    expect(walks).toHaveLength(1);
    // A reload sends nothing again: the queue is empty, the server still has it once.
    await page.reload();
    await page.locator('ms-commuter-home h1').waitFor();
    await page.waitForTimeout(1000);
    expect(await page.locator('[data-testid="pending-trip"]').count()).toBe(0);
    expect(
      (await serverTrips()).filter((t) => t.legs[0]!.distanceKm === 1.7 && t.legs.length === 1),
    ).toHaveLength(1);
  });

  it('sends a queued trip whose first answer was lost exactly once (Idempotent-Replayed)', async () => {
    // The server stores the trip but the phone never hears back: the next attempt replays it.
    let dropped = 0;
    await page.route('**/api/v1/trips', async (route) => {
      if (route.request().method() !== 'POST' || dropped > 0) return route.continue();
      dropped++;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.goto(`${baseUrl}/#/log`);
    const legs = page.locator('[data-testid="leg"]');
    await legs.first().waitFor();
    await legs.nth(0).locator('label.chip', { hasText: 'Bicycle' }).click();
    await legs.nth(0).locator('input[name="distanceKm"]').fill('3.3');
    await page.locator('[data-testid="save-trip"]').click();
    await expect
      .poll(() => page.locator('[data-testid="log-done"]').textContent())
      .toMatch(/kept on this phone/);
    expect(dropped).toBe(1);
    await page.unroute('**/api/v1/trips');
    await page.reload();
    await page.locator('ms-log-trip h1').waitFor();
    await page.goto(`${baseUrl}/#/home`);
    await page.locator('ms-commuter-home h1').waitFor();
    await expect.poll(async () => page.locator('[data-testid="pending-trip"]').count()).toBe(0);
    const bikes = (await serverTrips()).filter(
      (t) => t.legs.length === 1 && t.legs[0]!.distanceKm === 3.3,
    );
    expect(bikes).toHaveLength(1);
  });

  it('edits and deletes its own trip from my trips', async () => {
    await page.goto(`${baseUrl}/#/my-trips`);
    const link = page.locator('[data-testid="my-trips-table"] a').first();
    await link.waitFor();
    const before = (await serverTrips()).length;
    await link.click();
    await page.locator('[data-testid="delete-trip"]').waitFor();
    await shoot('08-edit-trip');
    page.once('dialog', (d) => void d.accept());
    await page.locator('[data-testid="delete-trip"]').click();
    await page.locator('text=The trip was deleted.').waitFor();
    expect((await serverTrips()).length).toBe(before - 1);
  });

  it('exports my data as JSON with my trips', async () => {
    await page.goto(`${baseUrl}/#/my-data`);
    await page.locator('[data-testid="export-json"]').waitFor();
    await shoot('09-my-data');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid="export-json"]').click(),
    ]);
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
      trips: ApiTrip[];
    };
    const ids = (await serverTrips()).map((t) => t.id).sort();
    expect(data.trips.map((t) => t.id).sort()).toEqual(ids);
  });

  it('deletes my account after confirmation, and the login no longer works', async () => {
    await page.goto(`${baseUrl}/#/my-data`);
    const button = page.locator('[data-testid="delete-account"]');
    await button.waitFor();
    expect(await button.isDisabled()).toBe(true);
    await page.locator('[data-testid="confirm-delete"]').check();
    await shoot('10-delete-confirm');
    await button.click();
    await page.locator('input#email').waitFor({ timeout: 15_000 });
    await shoot('11-after-delete');
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(COMMUTER),
    });
    expect(res.status).toBe(401);
    const token = await adminToken();
    const gone = await fetch(`${baseUrl}/api/v1/commuters/${commuterId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(gone.status).toBe(404);
    expect(csp).toEqual([]);
  });

  it('has no serious accessibility finding (axe) on any screen it looked at, at 360 px', () => {
    expect(accessibility, JSON.stringify(accessibility, null, 2)).toEqual([]);
  });
});
