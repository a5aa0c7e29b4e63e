// npm run migrate-to-postgres -- --from file:PATH --to postgres://USER@HOST/DB
// Copies an installation from SQLite to an empty PostgreSQL database in one transaction, then
// checks it (row counts per table, rollups against raw legs) before committing. Stop the server
// on the SQLite file first: writes after the copy's snapshot would not be copied.
// Exit 0 copied and checked, 1 the copy did not check out (rolled back), 2 refused.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, parseDatabaseUrl } from '../config.js';
import { openDatabase, openSqlite } from '../db/connection.js';
import {
  CopyMismatch,
  CopyRefused,
  copySqliteToPostgres,
} from '../services/migrate-to-postgres.js';

const usage = 'usage: npm run migrate-to-postgres -- --from file:PATH --to postgres://…';
let values: { from?: string; to?: string };
try {
  ({ values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } }));
} catch (err) {
  console.error(`${(err as Error).message}\n${usage}`);
  process.exit(2);
}
if (!values.from || !values.to) {
  console.error(usage);
  process.exit(2);
}
let from: ReturnType<typeof parseDatabaseUrl>;
let to: ReturnType<typeof parseDatabaseUrl>;
try {
  from = parseDatabaseUrl(values.from);
  to = parseDatabaseUrl(values.to);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message.replace('DATABASE_URL', '--from/--to'));
  process.exit(2);
}
if (from.kind !== 'sqlite' || from.path === ':memory:' || to.kind !== 'postgres') {
  console.error(`--from must be a SQLite file (file:PATH) and --to a postgres:// URL\n${usage}`);
  process.exit(2);
}
if (!existsSync(from.path)) {
  console.error(`--from: no such file ${from.path}`);
  process.exit(2);
}

const source = openSqlite(from.path);
let target: Awaited<ReturnType<typeof openDatabase>>;
try {
  target = await openDatabase(to);
} catch (err) {
  await source.close();
  console.error(`--to: cannot open ${redact(to.url)}: ${(err as Error).message}`);
  process.exit(2);
}
let exitCode = 0;
try {
  console.log(`copying ${from.path} to ${redact(to.url)}`);
  const report = await copySqliteToPostgres(source, target, (line) => console.log(line));
  console.log(
    `copied ${report.rowsCopied.toLocaleString('en')} rows in ${report.tables.length} tables in ${(report.durationMs / 1000).toFixed(1)} s; row counts equal in every table; rollups verified: no difference from raw legs`,
  );
  console.log(`next: set DATABASE_URL=${redact(to.url)} and start the server`);
} catch (err) {
  if (err instanceof CopyRefused) {
    console.error(`refused: ${err.message}`);
    exitCode = 2;
  } else if (err instanceof CopyMismatch) {
    console.error(`copy rolled back, the target is unchanged: ${err.message}`);
    exitCode = 1;
  } else {
    console.error(`copy failed and was rolled back: ${(err as Error).message}`);
    exitCode = 1;
  }
} finally {
  await source.close();
  await target.close();
}
process.exit(exitCode);

/** The URL without its password, for printing. */
function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
