import { describe, expect, it } from 'vitest';
import { prepareDatabase } from '../server/bootstrap.js';
import { verifyPassword } from '../server/auth/passwords.js';
import { openSqlite, type Db } from '../server/db/connection.js';
import {
  decideDemoSeeding,
  mustLockDemoAccounts,
  type DatabaseShape,
} from '../server/domain/demo-policy.js';
import { FACTOR_SETS } from '../server/indicators/index.js';
import { createLogger, silentLogger } from '../server/logger.js';
import { testConfig } from './helpers.js';

const ADMIN = { ADMIN_EMAIL: 'root@town.example', ADMIN_PASSWORD: 'a long admin password' };
/** A small demo: about 30 commuters, enough to have every table filled. */
const SMALL_DEMO = { DEMO_SCALE: '0.02' };

function recordingLogger() {
  const lines: Array<{ level: string; msg: string; [k: string]: unknown }> = [];
  return { lines, logger: createLogger('debug', (l) => lines.push(JSON.parse(l))) };
}

async function accounts(db: Db) {
  return db.kysely
    .selectFrom('accounts')
    .select(['email', 'role', 'demo', 'disabled_at', 'password_hash'])
    .execute();
}

describe('prepareDatabase', () => {
  it('migrates, stores the factor sets and creates the configured admin once', async () => {
    const db = openSqlite(':memory:');
    const config = testConfig(ADMIN);
    await prepareDatabase(db, config, silentLogger, Date.parse('2026-01-01'));
    await prepareDatabase(db, config, silentLogger, Date.parse('2026-01-02'));
    const sets = await db.kysely.selectFrom('factor_sets').select(['id', 'version']).execute();
    expect(sets.map((s) => s.id).sort()).toEqual(FACTOR_SETS.map((s) => s.id).sort());
    expect(sets.every((s) => s.version === 1)).toBe(true);
    const admins = await db.kysely
      .selectFrom('accounts')
      .select('email')
      .where('role', '=', 'admin')
      .execute();
    expect(admins).toEqual([{ email: 'root@town.example' }]);
    await db.close();
  });

  it("DEMO unset on an empty database with ADMIN_EMAIL: the configured admin and no demo (the audit's case)", async () => {
    const db = openSqlite(':memory:');
    const { lines, logger } = recordingLogger();
    await prepareDatabase(db, testConfig({ ...ADMIN, DEMO: '' }), logger, Date.parse('2026-01-01'));
    expect((await accounts(db)).map((a) => a.email)).toEqual(['root@town.example']);
    expect(await db.kysely.selectFrom('partners').select('id').execute()).toEqual([]);
    expect(lines.find((l) => l.msg === 'demo rule')).toMatchObject({
      level: 'info',
      seed: false,
      reason: expect.stringMatching(/ADMIN_EMAIL/),
    });
    await db.close();
  });

  it('DEMO unset on an empty database without ADMIN_EMAIL: the demo (npm start on a fresh machine), with a warning on every start', async () => {
    const db = openSqlite(':memory:');
    for (const day of ['2026-01-01', '2026-01-02']) {
      const { lines, logger } = recordingLogger();
      await prepareDatabase(db, testConfig({ DEMO: '', ...SMALL_DEMO }), logger, Date.parse(day));
      expect(lines.find((l) => l.msg === 'demo rule')).toMatchObject({
        seed: day === '2026-01-01',
      });
      expect(lines.find((l) => l.level === 'warn' && /DEMO DATA PRESENT/.test(l.msg))).toBeTruthy();
    }
    const all = await accounts(db);
    expect(all.length).toBeGreaterThan(10);
    expect(all.every((a) => a.demo === 1 && a.disabled_at === null)).toBe(true);
    await db.close();
  });

  it('DEMO=true and ADMIN_EMAIL: both exist, the configured admin next to the demo admin, with a loud warning', async () => {
    const db = openSqlite(':memory:');
    const { lines, logger } = recordingLogger();
    await prepareDatabase(
      db,
      testConfig({ DEMO: 'true', ...SMALL_DEMO, ...ADMIN }),
      logger,
      Date.parse('2026-01-01'),
    );
    const admins = (await accounts(db)).filter((a) => a.role === 'admin');
    expect(admins.map((a) => [a.email, a.demo, a.disabled_at])).toEqual(
      expect.arrayContaining([
        ['root@town.example', 0, null],
        ['admin@demo.modeshift.eu', 1, null],
      ]),
    );
    expect(
      lines.some((l) => l.level === 'warn' && /demo data and real data share/.test(l.msg)),
    ).toBe(true);
    await db.close();
  });

  it('a demo database later given ADMIN_EMAIL with DEMO unset: the admin is created and the public demo logins are locked', async () => {
    const db = openSqlite(':memory:');
    await prepareDatabase(
      db,
      testConfig({ DEMO: '', ...SMALL_DEMO }),
      silentLogger,
      Date.parse('2026-01-01'),
    );
    const { lines, logger } = recordingLogger();
    await prepareDatabase(db, testConfig({ DEMO: '', ...ADMIN }), logger, Date.parse('2026-01-02'));
    const all = await accounts(db);
    expect(all.find((a) => a.email === 'root@town.example')).toMatchObject({
      role: 'admin',
      disabled_at: null,
    });
    expect(all.filter((a) => a.demo === 1).every((a) => a.disabled_at !== null)).toBe(true);
    expect(lines.some((l) => l.level === 'warn' && /demo accounts locked/.test(l.msg))).toBe(true);
    await db.close();
  });

  it('ADMIN_EMAIL whose account exists is left as it is: no silent password reset', async () => {
    const db = openSqlite(':memory:');
    await prepareDatabase(db, testConfig(ADMIN), silentLogger, Date.parse('2026-01-01'));
    const { lines, logger } = recordingLogger();
    await prepareDatabase(
      db,
      testConfig({
        ADMIN_EMAIL: 'ROOT@town.example',
        ADMIN_PASSWORD: 'another long admin password',
      }),
      logger,
      Date.parse('2026-01-02'),
    );
    const [root] = await accounts(db);
    expect(await verifyPassword(root!.password_hash, 'a long admin password')).toBe(true);
    expect(lines.some((l) => l.msg.startsWith('ADMIN_EMAIL already has an account'))).toBe(true);
    await db.close();
  });
});

describe('the demo rule', () => {
  const empty: DatabaseShape = {
    demoPartners: 0,
    demoAccounts: 0,
    realPartners: 0,
    realAccounts: 0,
  };
  const real: DatabaseShape = { ...empty, realPartners: 1, realAccounts: 3 };
  const demo: DatabaseShape = { ...empty, demoPartners: 10, demoAccounts: 15 };
  const both: DatabaseShape = { ...demo, realAccounts: 1 };

  it.each([
    ['auto', false, empty, true],
    ['auto', true, empty, false],
    ['auto', false, real, false],
    ['auto', false, demo, false],
    [true, false, real, true],
    [true, true, empty, true],
    [true, false, demo, false],
    [false, false, empty, false],
  ] as const)(
    'DEMO=%s, ADMIN_EMAIL configured %s, database %o: seed %s',
    (setting, adminEmail, shape, seed) => {
      expect(decideDemoSeeding(setting, adminEmail, shape).seed).toBe(seed);
    },
  );

  it.each([
    ['auto', demo, false],
    ['auto', both, true],
    [true, both, false],
    [false, demo, true],
    [false, real, false],
  ] as const)('DEMO=%s with %o: lock the demo accounts %s', (setting, shape, lock) => {
    expect(mustLockDemoAccounts(setting, shape)).toBe(lock);
  });
});
