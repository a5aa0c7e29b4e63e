import { describe, expect, it } from 'vitest';
import { prepareDatabase } from '../server/bootstrap.js';
import { openSqlite } from '../server/db/connection.js';
import { FACTOR_SETS } from '../server/indicators/index.js';
import { silentLogger } from '../server/logger.js';
import { testConfig } from './helpers.js';

describe('prepareDatabase', () => {
  it('migrates, stores the factor sets and creates the first admin once', async () => {
    const db = openSqlite(':memory:');
    const config = testConfig({ ADMIN_EMAIL: 'root@town.example', ADMIN_PASSWORD: 'a long admin password' });
    await prepareDatabase(db, config, silentLogger, Date.parse('2026-01-01'));
    await prepareDatabase(db, config, silentLogger, Date.parse('2026-01-02'));
    const sets = await db.kysely.selectFrom('factor_sets').select(['id', 'version']).execute();
    expect(sets.map((s) => s.id).sort()).toEqual(FACTOR_SETS.map((s) => s.id).sort());
    expect(sets.every((s) => s.version === 1)).toBe(true);
    const admins = await db.kysely.selectFrom('accounts').select('email').where('role', '=', 'admin').execute();
    expect(admins).toEqual([{ email: 'root@town.example' }]);
    await db.close();
  });
});
