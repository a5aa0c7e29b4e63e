// npm run backup -- --to FILE [--force]
// Backs up the database of DATABASE_URL (the server's configuration) while the server runs:
// SQLite through its online backup API, PostgreSQL through pg_dump -Fc. --force replaces FILE.
// Exit 0 written, 1 failed, 2 refused.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { BackupRefused, backupDatabase } from '../services/backup.js';

const usage = 'usage: npm run backup -- --to FILE [--force]';
let values: { to?: string; force?: boolean };
try {
  ({ values } = parseArgs({
    options: { to: { type: 'string' }, force: { type: 'boolean', default: false } },
  }));
} catch (err) {
  console.error(`${(err as Error).message}\n${usage}`);
  process.exit(2);
}
if (!values.to) {
  console.error(usage);
  process.exit(2);
}
const config = loadConfig();
try {
  const r = await backupDatabase(config.database, values.to, {
    force: values.force ?? false,
    postgresBinDir: config.postgresBinDir,
    busyTimeoutMs: config.sqliteBusyTimeoutMs,
  });
  console.log(
    `backup written to ${r.file} (${(r.bytes / 1e6).toFixed(1)} MB, ${config.database.kind === 'sqlite' ? 'SQLite online backup' : 'pg_dump -Fc'}) in ${(r.durationMs / 1000).toFixed(1)} s`,
  );
  process.exit(0);
} catch (err) {
  if (err instanceof BackupRefused) {
    console.error(`refused: ${err.message}`);
    process.exit(2);
  }
  console.error(`backup failed: ${(err as Error).message}`);
  process.exit(1);
}
