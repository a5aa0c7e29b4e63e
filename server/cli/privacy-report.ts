// npm run privacy-report [-- --db URL]
// Issue 10, point 5: the share of map cells and site-months an aggregate caller (an analyst)
// sees under the per-answer rule (k on each answer alone, what the map still uses) and under
// monthly release units (each cell-month or site-month checked for k on its own), the design
// issue 10 weighs: the report states the cost of that design before it is adopted.
import { parseArgs } from 'node:util';
import { loadConfig, parseDatabaseUrl } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrator.js';
import { SUPPRESSION_K } from '../indicators/index.js';
import {
  type ReleaseShare,
  readMapCellShares,
  readSiteMonthShares,
} from '../repositories/privacy-report.js';

const { values } = parseArgs({ options: { db: { type: 'string' }, help: { type: 'boolean' } } });
if (values.help) {
  console.log('usage: npm run privacy-report [-- --db file:PATH | postgres://…]');
  process.exit(0);
}
const config = loadConfig();
const db = await openDatabase(values.db ? parseDatabaseUrl(values.db) : config.database);
await migrateToLatest(db.kysely);

const pct = (n: number, total: number) =>
  total === 0 ? '-' : `${((100 * n) / total).toFixed(1)} %`;
function print(title: string, rows: ReleaseShare[]): void {
  console.log(title);
  console.log('  period    total    per answer (now)       monthly release units');
  for (const r of rows)
    console.log(
      `  ${r.label.padEnd(8)} ${String(r.total).padStart(7)}  ${String(r.before).padStart(7)} ${pct(r.before, r.total).padStart(8)}     ${String(r.after).padStart(7)} ${pct(r.after, r.total).padStart(8)}`,
    );
}
try {
  print(
    `Map cells (H3 resolution 9, network) shown to an analyst, k = ${SUPPRESSION_K}:`,
    await readMapCellShares(db.kysely, SUPPRESSION_K),
  );
  print(
    `Site-months with an active commuter, released to an analyst, k = ${SUPPRESSION_K}:`,
    await readSiteMonthShares(db.kysely, SUPPRESSION_K),
  );
} finally {
  await db.close();
}
