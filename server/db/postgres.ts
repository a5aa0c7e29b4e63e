import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Db } from './connection.js';
import type { Database } from './schema.js';

// DOUBLE PRECISION and BIGINT come back as strings by default; our numbers fit in doubles.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

const POOL_MAX = 10;

export function openPostgres(url: string): Db {
  const pool = new pg.Pool({ connectionString: url, max: POOL_MAX });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    dialect: 'postgres',
    sqlite: null,
    bulkWriter: () => null,
    poolStats: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: POOL_MAX,
    }),
    close: () => kysely.destroy(),
  };
}
