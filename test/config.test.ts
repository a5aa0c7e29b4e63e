import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.js';

describe('loadConfig', () => {
  it('has working defaults: port 3000, a SQLite file, demo decided by the database (auto)', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database).toEqual({ kind: 'sqlite', path: './var/modeshift.sqlite' });
    expect(c.demo).toBe('auto');
    expect(Object.isFrozen(c)).toBe(true);
  });

  it("waits 5 s for another process's SQLite lock unless SQLITE_BUSY_TIMEOUT_MS says otherwise", () => {
    expect(loadConfig({}).sqliteBusyTimeoutMs).toBe(5000);
    expect(loadConfig({ SQLITE_BUSY_TIMEOUT_MS: '250' }).sqliteBusyTimeoutMs).toBe(250);
  });

  it('reads DEMO as true, false or auto, and normalises ADMIN_EMAIL like every other e-mail', () => {
    expect(loadConfig({ DEMO: 'true' }).demo).toBe(true);
    expect(loadConfig({ DEMO: 'false' }).demo).toBe(false);
    expect(loadConfig({ DEMO: 'auto' }).demo).toBe('auto');
    expect(
      loadConfig({ ADMIN_EMAIL: ' Root@ＴＯＷＮ.example ', ADMIN_PASSWORD: 'tram-velvet-orbit-93' })
        .adminEmail,
    ).toBe('root@town.example');
  });

  it('reads PG_BIN_DIR as an absolute directory, or none', () => {
    expect(loadConfig({}).postgresBinDir).toBeNull();
    expect(loadConfig({ PG_BIN_DIR: '/usr/lib/postgresql/15/bin' }).postgresBinDir).toBe(
      '/usr/lib/postgresql/15/bin',
    );
    expect(() => loadConfig({ PG_BIN_DIR: 'bin' })).toThrow(/PG_BIN_DIR must be an absolute/);
  });

  it('reads METRICS_TOKEN as a long, header-safe secret, or none (metrics off)', () => {
    expect(loadConfig({}).metricsToken).toBeNull();
    expect(loadConfig({ METRICS_TOKEN: ' 0123456789abcdef0123 ' }).metricsToken).toBe(
      '0123456789abcdef0123',
    );
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be 16/);
    expect(() => loadConfig({ METRICS_TOKEN: '0123456789 abcdef0123' })).toThrow(ConfigError);
  });

  it('reads a PostgreSQL URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@localhost:5432/ms' }).database.kind).toBe(
      'postgres',
    );
  });

  it.each([
    [{ PORT: 'abc' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ DEMO: 'maybe' }, /DEMO/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ ADMIN_EMAIL: 'a@b.c' }, /ADMIN_EMAIL and ADMIN_PASSWORD/],
    [{ ADMIN_EMAIL: 'a@b.c', ADMIN_PASSWORD: 'short' }, /ADMIN_PASSWORD/],
    [{ SQLITE_BUSY_TIMEOUT_MS: '5s' }, /SQLITE_BUSY_TIMEOUT_MS/],
    [{ SQLITE_BUSY_TIMEOUT_MS: '600000' }, /SQLITE_BUSY_TIMEOUT_MS/],
    [
      { ADMIN_EMAIL: 'a@b.c', ADMIN_PASSWORD: 'aaaaaaaaaaaa' },
      /ADMIN_PASSWORD is too easy to guess/,
    ],
    [
      { ADMIN_EMAIL: 'a@b.c', ADMIN_PASSWORD: 'demo-admin-2010' },
      /ADMIN_PASSWORD is too easy to guess/,
    ],
    [
      { ADMIN_EMAIL: 'root\u200b@town.example', ADMIN_PASSWORD: 'tram-velvet-orbit-93' },
      /ADMIN_EMAIL must not contain/,
    ],
    [
      { ADMIN_EMAIL: 'admin@demo.modeshift.eu', ADMIN_PASSWORD: 'tram-velvet-orbit-93' },
      /ADMIN_EMAIL must not use the demo/,
    ],
  ])('stops on a bad value with a line naming it: %o', (env, pattern) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(pattern);
  });
});

describe('loadConfig: work limits (issue 8)', () => {
  it('has defaults that a real GPS commute fits in, frozen', () => {
    const c = loadConfig({});
    expect(c.limits).toEqual({
      maxPointsPerLeg: 10_000,
      maxPointsPerTrip: 20_000,
      maxPointsPerRequest: 200_000,
      maxRouteCellsPerTrip: 20_000,
      maxRouteCellsPerRequest: 250_000,
      mapMaxCells: 20_000,
    });
    expect(Object.isFrozen(c.limits)).toBe(true);
  });

  it.each([
    [{ MAX_POINTS_PER_LEG: '30000' }, /MAX_POINTS_PER_LEG/],
    [{ MAX_POINTS_PER_TRIP: '-1' }, /MAX_POINTS_PER_TRIP/],
    [{ MAX_POINTS_PER_REQUEST: 'lots' }, /MAX_POINTS_PER_REQUEST/],
    [{ MAX_ROUTE_CELLS_PER_TRIP: '0' }, /MAX_ROUTE_CELLS_PER_TRIP/],
    [{ MAX_ROUTE_CELLS_PER_REQUEST: `${2 ** 40}` }, /MAX_ROUTE_CELLS_PER_REQUEST/],
    [{ MAP_MAX_CELLS: '1e9' }, /MAP_MAX_CELLS/],
  ])('stops on a bad limit with a line naming it: %o', (env, pattern) => {
    expect(() => loadConfig(env)).toThrow(pattern);
  });
});
