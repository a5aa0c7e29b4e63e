import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../server/db/connection.js';
import { MIGRATIONS_DIR, migrateToLatest, splitStatements } from '../../server/db/migrator.js';
import { MODES, REPLACED_MODES } from '../../server/domain/modes.js';
import { AGE_BANDS } from '../../server/domain/age-bands.js';

describe('migrations', () => {
  it('build the whole schema on an empty database, and a second run applies nothing', async () => {
    const db = openSqlite(':memory:');
    const first = await migrateToLatest(db.kysely);
    expect(first.applied).toEqual([
      '0001_initial',
      '0002_rollups',
      '0003_route_cells',
      '0004_data_versions',
      '0005_commuter_month',
      '0006_demo_and_password_flags',
      '0007_api_token_scope_expiry',
      '0008_release_units',
      '0009_map_release_units',
      '0010_partner_heat_data',
      '0011_commuter_app',
      '0012_trip_status',
      '0013_tracker_points',
      '0014_shared_server_state',
      '0015_period_rollups',
      '0016_commuter_cum_covering',
      '0017_tracker_request_windows',
      '0018_data_changes',
    ]);
    const tables = (
      await sql<{
        name: string;
      }>`select name from sqlite_master where type = 'table' order by name`.execute(db.kysely)
    ).rows.map((r) => r.name);
    for (const t of [
      'partners',
      'sites',
      'accounts',
      'sessions',
      'api_tokens',
      'commuters',
      'surveys',
      'trips',
      'legs',
      'tracker_devices',
      'track_points',
      'shared_counters',
      'login_attempts',
      'login_known_addresses',
      'factor_sets',
      'audit_log',
      'rollup_leg_day',
      'rollup_trip_day',
      'rollup_commuter_day',
      'rollup_cell_month',
      'rollup_commuter_month',
      'rollup_leg_month',
      'rollup_trip_month',
      'rollup_commuter_cum',
      'map_release_periods',
      'map_release_units',
      'data_versions',
      'data_changes',
    ]) {
      expect(tables).toContain(t);
    }
    expect((await migrateToLatest(db.kysely)).applied).toEqual([]);
    await db.close();
  });

  it('0010: partners made before it have no HEAT data of their own; the database refuses a rate or VSL of 0', async () => {
    const db = openSqlite(':memory:');
    await migrateToLatest(db.kysely);
    const k = db.kysely;
    await sql`insert into partners (id, name, country, timezone, locale, center_lon, center_lat, factor_set_id, created_at, updated_at) values ('p', 'P', 'DK', 'Europe/Copenhagen', 'da', 10, 56, 'desnz-2025-direct', 'now', 'now')`.execute(
      k,
    );
    const row = await k
      .selectFrom('partners')
      .select(['heat_mortality_per_100k', 'heat_vsl', 'heat_vsl_currency'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ heat_mortality_per_100k: null, heat_vsl: null, heat_vsl_currency: null });
    await expect(
      k.updateTable('partners').set({ heat_mortality_per_100k: 0 }).execute(),
    ).rejects.toThrow(/CHECK/);
    await expect(k.updateTable('partners').set({ heat_vsl: -1 }).execute()).rejects.toThrow(
      /CHECK/,
    );
    await db.close();
  });

  it('0007: tokens made before it stay read_write without expiry; the database refuses an unknown scope', async () => {
    const db = openSqlite(':memory:');
    await migrateToLatest(db.kysely);
    const k = db.kysely;
    await k
      .insertInto('accounts')
      .values({
        id: 'a',
        email: 'a@x',
        password_hash: 'h',
        role: 'admin',
        partner_id: null,
        commuter_id: null,
        display_name: null,
        locale: null,
        disabled_at: null,
        created_at: 'now',
        updated_at: 'now',
      })
      .execute();
    await sql`insert into api_tokens (id, account_id, name, token_hash, created_at) values ('t1', 'a', 'old', 'h1', 'now')`.execute(
      k,
    );
    expect(await k.selectFrom('api_tokens').select(['scope', 'expires_at']).execute()).toEqual([
      { scope: 'read_write', expires_at: null },
    ]);
    await expect(
      sql`insert into api_tokens (id, account_id, name, token_hash, created_at, scope) values ('t2', 'a', 'x', 'h2', 'now', 'all')`.execute(
        k,
      ),
    ).rejects.toThrow(/CHECK/i);
    await db.close();
  });

  it('the database itself refuses a mode outside the vocabulary', async () => {
    const db = openSqlite(':memory:');
    await migrateToLatest(db.kysely);
    const now = '2011-01-01T00:00:00Z';
    await db.kysely
      .insertInto('partners')
      .values({
        id: 'p',
        name: 'P',
        country: 'AT',
        timezone: 'Europe/Vienna',
        locale: 'de',
        center_lon: 15,
        center_lat: 47,
        factor_set_id: 'x',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await db.kysely
      .insertInto('commuters')
      .values({
        id: 'c',
        partner_id: 'p',
        site_id: null,
        age_band: null,
        weight_kg: null,
        joined_on: '2011-01-01',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const trip = {
      id: 't',
      commuter_id: 'c',
      partner_id: 'p',
      site_id: null,
      started_at: now,
      ended_at: null,
      local_day: '2011-01-01',
      purpose: null,
      replaced_mode: null,
      main_mode: 'bike',
      distance_km: 1,
      duration_min: null,
      leg_count: 1,
      source: 'api',
      content_hash: 'h',
      created_at: now,
      updated_at: now,
    };
    await expect(
      db.kysely
        .insertInto('trips')
        .values({ ...trip, main_mode: 'hovercraft' })
        .execute(),
    ).rejects.toThrow(/CHECK/);
    await db.kysely.insertInto('trips').values(trip).execute();
    await expect(
      db.kysely
        .insertInto('legs')
        .values({
          trip_id: 't',
          seq: 0,
          mode: 'rocket',
          distance_km: 1,
          duration_min: null,
          started_at: null,
          replaced_mode: null,
          geometry: null,
        })
        .execute(),
    ).rejects.toThrow(/CHECK/);
    await expect(
      db.kysely
        .insertInto('legs')
        .values({
          trip_id: 't',
          seq: 0,
          mode: 'bike',
          distance_km: -1,
          duration_min: null,
          started_at: null,
          replaced_mode: null,
          geometry: null,
        })
        .execute(),
    ).rejects.toThrow(/CHECK/);
    await expect(
      db.kysely
        .insertInto('legs')
        .values({
          trip_id: 'no-such-trip',
          seq: 0,
          mode: 'bike',
          distance_km: 1,
          duration_min: null,
          started_at: null,
          replaced_mode: null,
          geometry: null,
        })
        .execute(),
    ).rejects.toThrow(/FOREIGN KEY/);
    await db.close();
  });

  it('the CHECK lists in the migrations match the vocabulary in server/domain', () => {
    const text = readFileSync(join(MIGRATIONS_DIR, '0001_initial.sql'), 'utf8');
    const lists = [...text.matchAll(/(\w+) IN \(([^)]*)\)/g)].map((m) => ({
      column: m[1],
      values: [...m[2]!.matchAll(/'([^']*)'/g)].map((v) => v[1]),
    }));
    const modeLists = lists.filter((l) => ['usual_mode', 'main_mode', 'mode'].includes(l.column!));
    expect(modeLists.length).toBeGreaterThanOrEqual(3);
    for (const l of modeLists) expect(l.values).toEqual([...MODES]);
    for (const l of lists.filter((l) => l.column === 'replaced_mode'))
      expect(l.values).toEqual([...REPLACED_MODES]);
    expect(lists.find((l) => l.column === 'age_band')!.values).toEqual([...AGE_BANDS]);
  });

  it('split statements on semicolons at line ends, ignoring comments', () => {
    expect(
      splitStatements(
        '-- a; comment\nCREATE TABLE a (x TEXT); -- tail\nCREATE INDEX i ON a (x);\n',
      ),
    ).toEqual(['CREATE TABLE a (x TEXT)', 'CREATE INDEX i ON a (x)']);
  });
});
