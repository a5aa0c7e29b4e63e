import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../../server/db/connection.js';
import { MIGRATIONS_DIR, migrateToLatest } from '../../server/db/migrator.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/demo/seed.js';
import { DEMO_TOWNS } from '../../server/demo/towns.js';
import { removeDemoData } from '../../server/repositories/demo.js';
import { verifyRollups } from '../../server/repositories/rollups.js';
import { bikeTrip, body, createTestContext, TEST_NOW, type TestContext } from '../helpers.js';

/** Every table the demo writes to. */
const TABLES = [
  'partners',
  'sites',
  'commuters',
  'accounts',
  'sessions',
  'api_tokens',
  'surveys',
  'trips',
  'legs',
  'audit_log',
  'rollup_leg_day',
  'rollup_trip_day',
  'rollup_commuter_day',
  'rollup_commuter_month',
  'rollup_cell_month',
  'map_release_periods',
  'map_release_units',
  'data_versions',
] as const;

const DEMO_TOWN_IDS = new Set(DEMO_TOWNS.map((t) => t.partner.id));

/** A demo row: a demo id or e-mail (demo-weiz-0001, @demo.modeshift.eu) or a demo town's id in any column. */
function isDemoRow(row: Record<string, unknown>): boolean {
  return Object.values(row).some(
    (v) => typeof v === 'string' && (v.includes('demo') || DEMO_TOWN_IDS.has(v)),
  );
}

/** A digest of the rows of the real partners and accounts (the fixtures' town-a and town-b). */
async function realDigest(t: TestContext): Promise<string> {
  const h = createHash('sha256');
  for (const table of TABLES) {
    const rows = await t.db.kysely.selectFrom(table).selectAll().execute();
    const real = rows.filter((r) => !isDemoRow(r)).map((r) => JSON.stringify(r));
    h.update(table + real.sort().join('\n'));
  }
  return h.digest('hex');
}

const route = {
  type: 'LineString',
  coordinates: [
    [15.6, 47.2],
    [15.61, 47.205],
    [15.62, 47.21],
    [15.63, 47.215],
    [15.64, 47.22],
  ],
};

describe('npm run demo -- --remove', { timeout: 120_000 }, () => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext();
  });
  afterEach(() => t.close());

  it('removes every demo row and leaves the real partners, accounts, trips and rollups as they were', async () => {
    // Real data written through the API: trips with routes (cell rollups), a survey, an API token.
    const staff = await t.token('staffA');
    for (let day = 1; day <= 5; day++) {
      const res = await t.request('/api/v1/trips', {
        method: 'POST',
        token: await t.token('commuterA'),
        json: bikeTrip({
          id: `real-${day}`,
          startedAt: `2011-03-0${day}T07:30:00+01:00`,
          endedAt: `2011-03-0${day}T07:52:00+01:00`,
          legs: [{ mode: 'bike', distanceKm: 5.2, durationMin: 21, geometry: route }],
        }),
      });
      expect(res.status).toBe(201);
    }
    expect(
      (
        await t.request('/api/v1/trips', {
          method: 'POST',
          token: await t.token('commuterB'),
          json: bikeTrip({ id: 'real-b' }),
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await t.request('/api/v1/auth/tokens', {
          method: 'POST',
          token: staff,
          json: { name: 'script' },
        })
      ).status,
    ).toBe(201);
    const indicatorsBefore = await body(
      await t.request('/api/v1/indicators?partner=town-a&from=2011-01-01&to=2011-12-31', {
        token: staff,
      }),
    );

    await seedDemo(t.db, {
      seed: 2010,
      scale: 0.02,
      passwordHash: t.config.passwordHash,
      nowMs: TEST_NOW,
    });
    // The demo's own logins leave sessions and audit rows behind, like real use would.
    const demoAdmin = await t.login('admin@demo.modeshift.eu', 'demo-admin-2010');
    expect(
      (
        await t.request('/api/v1/auth/tokens', {
          method: 'POST',
          token: demoAdmin,
          json: { name: 'demo script' },
        })
      ).status,
    ).toBe(201);
    expect((await body(await t.request('/api/v1/config'))).demo).toBe(true);
    // A network map releases (freezes) map units of the demo towns, which must go with them.
    const map = await t.request('/api/v1/map/density?partner=network', { token: demoAdmin });
    expect(map.status).toBe(200);
    const periods = await t.db.kysely.selectFrom('map_release_periods').selectAll().execute();
    expect(periods.filter(isDemoRow).length).toBeGreaterThan(0);
    const before = await realDigest(t);

    const removed = await t.db.kysely.transaction().execute((trx) => removeDemoData(trx));
    expect(removed.partners).toBe(10);
    expect(removed.trips).toBeGreaterThan(1000);

    for (const table of TABLES) {
      const rows = await t.db.kysely.selectFrom(table).selectAll().execute();
      expect(rows.filter(isDemoRow), table).toEqual([]);
    }
    expect(await realDigest(t)).toBe(before);
    expect(await verifyRollups(t.db.kysely)).toEqual([]);
    expect((await body(await t.request('/api/v1/config'))).demo).toBe(false);
    const after = await t.request(
      '/api/v1/indicators?partner=town-a&from=2011-01-01&to=2011-12-31',
      { token: staff },
    );
    expect(after.status).toBe(200);
    expect(await body(after)).toEqual(indicatorsBefore);
    expect(
      (
        await t.request('/api/v1/auth/login', {
          method: 'POST',
          json: { email: 'admin@demo.modeshift.eu', password: 'demo-admin-2010' },
        })
      ).status,
    ).toBe(401);
    // A second removal finds nothing and changes nothing.
    expect(await t.db.kysely.transaction().execute((trx) => removeDemoData(trx))).toEqual({
      partners: 0,
      accounts: 0,
      commuters: 0,
      trips: 0,
    });
    expect(await realDigest(t)).toBe(before);
  });
});

describe('what a demo login creates', { timeout: 120_000 }, () => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext();
  });
  afterEach(() => t.close());

  it('is demo data too: the demo admin cannot set up accounts or partners that outlive the demo', async () => {
    await seedDemo(t.db, {
      seed: 2010,
      scale: 0.02,
      passwordHash: t.config.passwordHash,
      nowMs: TEST_NOW,
    });
    const demoAdmin = await t.login('admin@demo.modeshift.eu', 'demo-admin-2010');
    const partner = await t.request('/api/v1/partners', {
      method: 'POST',
      token: demoAdmin,
      json: {
        id: 'new-town',
        name: 'New Town',
        country: 'AT',
        timezone: 'Europe/Vienna',
        locale: 'de',
        center: [15.6, 47.2],
      },
    });
    expect(partner.status).toBe(201);
    const admin = await t.request('/api/v1/accounts', {
      method: 'POST',
      token: demoAdmin,
      json: {
        email: 'boss@new-town.example',
        password: 'velvet-tram-orbit-93-quay',
        role: 'admin',
      },
    });
    expect(admin.status).toBe(201);
    expect((await body(admin)).demo).toBe(true);
    // The real admin of the fixtures creates a real account: it stays real.
    const real = await t.request('/api/v1/accounts', {
      method: 'POST',
      token: await t.token('admin'),
      json: {
        email: 'clerk@town-a.example',
        password: 'velvet-tram-orbit-93-quay',
        role: 'analyst',
      },
    });
    expect((await body(real)).demo).toBe(false);

    await t.db.kysely.transaction().execute((trx) => removeDemoData(trx));
    expect(
      await t.db.kysely
        .selectFrom('partners')
        .select('id')
        .where('id', '=', 'new-town')
        .executeTakeFirst(),
    ).toBeUndefined();
    const emails = (await t.db.kysely.selectFrom('accounts').select('email').execute()).map(
      (r) => r.email,
    );
    expect(emails).not.toContain('boss@new-town.example');
    expect(emails).toContain('clerk@town-a.example');
  });
});

describe('migration 0006 on a database seeded before it', () => {
  it("marks the demo's partners and accounts, and nothing real", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'modeshift-0005-'));
    const db = openSqlite(':memory:');
    try {
      for (const f of readdirSync(MIGRATIONS_DIR).filter((f) => f < '0006'))
        copyFileSync(join(MIGRATIONS_DIR, f), join(dir, f));
      await migrateToLatest(db.kysely, dir);
      const now = '2026-01-01T00:00:00.000Z';
      const partner = (id: string) => ({
        id,
        name: id,
        country: 'AT',
        timezone: 'Europe/Vienna',
        locale: 'de',
        center_lon: 15,
        center_lat: 47,
        factor_set_id: 'desnz-2025-direct',
        created_at: now,
        updated_at: now,
      });
      await db.kysely
        .insertInto('partners')
        .values([partner('weiz'), partner('graz')])
        .execute();
      const commuter = (id: string, partnerId: string) => ({
        id,
        partner_id: partnerId,
        site_id: null,
        age_band: null,
        weight_kg: null,
        joined_on: '2011-01-01',
        created_at: now,
        updated_at: now,
      });
      await db.kysely
        .insertInto('commuters')
        .values([commuter('demo-weiz-0001', 'weiz'), commuter('graz-1', 'graz')])
        .execute();
      const account = (id: string, email: string, partnerId: string) => ({
        id,
        email,
        password_hash: 'x',
        role: 'staff',
        partner_id: partnerId,
        commuter_id: null,
        display_name: null,
        locale: null,
        disabled_at: null,
        created_at: now,
        updated_at: now,
      });
      await db.kysely
        .insertInto('accounts')
        .values([
          account('a1', 'staff.weiz@demo.modeshift.eu', 'weiz'),
          account('a2', 'staff@graz.example', 'graz'),
        ])
        .execute();

      expect((await migrateToLatest(db.kysely)).applied).toContain('0006_demo_and_password_flags');
      expect(
        await db.kysely.selectFrom('partners').select(['id', 'demo']).orderBy('id').execute(),
      ).toEqual([
        { id: 'graz', demo: 0 },
        { id: 'weiz', demo: 1 },
      ]);
      expect(
        await db.kysely
          .selectFrom('accounts')
          .select(['id', 'demo', 'must_change_password'])
          .orderBy('id')
          .execute(),
      ).toEqual([
        { id: 'a1', demo: 1, must_change_password: 0 },
        { id: 'a2', demo: 0, must_change_password: 0 },
      ]);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
