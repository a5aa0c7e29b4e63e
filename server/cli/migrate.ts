// npm run migrate: applies pending migrations to DATABASE_URL and exits.
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrator.js';

const config = loadConfig();
const db = await openDatabase(config.database, { busyTimeoutMs: config.sqliteBusyTimeoutMs });
try {
  const { applied } = await migrateToLatest(db.kysely);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await db.close();
}
