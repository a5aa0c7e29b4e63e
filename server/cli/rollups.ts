// npm run rollups -- --verify [--partner ID] | --rebuild
// --verify recomputes the rollups from raw legs and lists every difference (exit 1 if any).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrator.js';
import { rebuildRollups, verifyRollups } from '../repositories/rollups.js';

const { values } = parseArgs({
  options: {
    verify: { type: 'boolean', default: false },
    rebuild: { type: 'boolean', default: false },
    partner: { type: 'string' },
  },
});
if (!values.verify && !values.rebuild) {
  console.error('usage: npm run rollups -- --verify [--partner ID] | --rebuild');
  process.exit(2);
}
const config = loadConfig();
const db = await openDatabase(config.database, { busyTimeoutMs: config.sqliteBusyTimeoutMs });
await migrateToLatest(db.kysely);
let exitCode = 0;
try {
  if (values.rebuild) {
    await db.kysely.transaction().execute((trx) => rebuildRollups(trx));
    console.log('rollups rebuilt from raw legs');
  }
  if (values.verify) {
    const started = performance.now();
    const diffs = await verifyRollups(
      db.kysely,
      values.partner ? { partnerId: values.partner } : {},
    );
    const ms = Math.round(performance.now() - started);
    if (diffs.length === 0) console.log(`rollups verified: no difference from raw legs (${ms} ms)`);
    else {
      exitCode = 1;
      console.log(`${diffs.length} differences between rollups and raw legs:`);
      for (const d of diffs.slice(0, 50))
        console.log(
          `  ${d.table} ${d.key}: stored ${JSON.stringify(d.stored)} recomputed ${JSON.stringify(d.recomputed)}`,
        );
    }
  }
} finally {
  await db.close();
}
process.exit(exitCode);
