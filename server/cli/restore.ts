// npm run restore -- --from FILE [--force]
// Restores a backup of `npm run backup` into the database of DATABASE_URL (stop the server
// first), migrates it to this version and verifies its rollups against the raw legs. Refuses a
// database holding data unless --force. Exit 0 restored and verified, 1 failed, 2 refused.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { BackupRefused, restoreDatabase } from '../services/backup.js';

const usage = 'usage: npm run restore -- --from FILE [--force]';
let values: { from?: string; force?: boolean };
try {
  ({ values } = parseArgs({
    options: { from: { type: 'string' }, force: { type: 'boolean', default: false } },
  }));
} catch (err) {
  console.error(`${(err as Error).message}\n${usage}`);
  process.exit(2);
}
if (!values.from) {
  console.error(usage);
  process.exit(2);
}
const config = loadConfig();
try {
  const r = await restoreDatabase(config.database, values.from, {
    force: values.force ?? false,
    postgresBinDir: config.postgresBinDir,
    busyTimeoutMs: config.sqliteBusyTimeoutMs,
  });
  const rows = (table: string) =>
    (r.tables.find((t) => t.table === table)?.rows ?? 0).toLocaleString('en');
  console.log(
    `restored ${values.from} in ${(r.durationMs / 1000).toFixed(1)} s: ${rows('partners')} partners, ${rows('commuters')} commuters, ${rows('trips')} trips, ${rows('legs')} legs`,
  );
  if (r.migrationsApplied.length > 0)
    console.log(`migrations applied after the restore: ${r.migrationsApplied.join(', ')}`);
  if (r.rollupDifferences > 0) {
    console.error(
      `${r.rollupDifferences} differences between rollups and raw legs: run npm run rollups -- --verify`,
    );
    process.exit(1);
  }
  console.log('rollups verified: no difference from raw legs');
  process.exit(0);
} catch (err) {
  if (err instanceof BackupRefused) {
    console.error(`refused: ${err.message}`);
    process.exit(2);
  }
  console.error(`restore failed: ${(err as Error).message}`);
  process.exit(1);
}
