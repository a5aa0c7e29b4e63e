// npm run demo -- [--scale N] [--seed S] [--db file:PATH] [--force] [--per-trip]
// npm run demo -- --remove [--db file:PATH|postgres://…]
// Builds a demo network into an empty database (default: DATABASE_URL). --scale multiplies
// the commuters, for benchmarks; --force deletes an existing SQLite file first. --remove deletes
// the demo's rows (repositories/demo.ts) from a database and leaves real data as it was.
// Into a database without trips the command loads in bulk (batched commits, rollups built once
// in SQL at the end: minutes at scale 22 where the per-trip path took hours); --per-trip takes
// the server's start-up path instead (one transaction, rollups kept trip by trip). An
// interrupted bulk load leaves a partial demo: --remove deletes it, or rebuild the file.
import { existsSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig, parseDatabaseUrl } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrator.js';
import { seedDemo } from '../demo/seed.js';
import { removeDemoData } from '../repositories/demo.js';
import { verifyRollups } from '../repositories/rollups.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    seed: { type: 'string' },
    db: { type: 'string' },
    force: { type: 'boolean', default: false },
    remove: { type: 'boolean', default: false },
    'per-trip': { type: 'boolean', default: false },
  },
});
const config = loadConfig();
if (values.remove) {
  const db = await openDatabase(values.db ? parseDatabaseUrl(values.db) : config.database);
  await migrateToLatest(db.kysely);
  const removed = await db.kysely.transaction().execute((trx) => removeDemoData(trx));
  console.log('demo data removed:', removed);
  // What stays must still add up: the rollups of the real partners against their raw legs.
  const diffs = await verifyRollups(db.kysely);
  await db.close();
  console.log(
    diffs.length === 0
      ? 'rollups verified: no difference from raw legs'
      : `${diffs.length} rollup differences: run npm run rollups -- --verify`,
  );
  if (config.demo === true)
    console.log(
      'DEMO=true is set: the next start seeds the demo again; unset it or set DEMO=false',
    );
  process.exit(diffs.length === 0 ? 0 : 1);
}
const scale = Number(values.scale);
if (!(scale > 0 && scale <= 1000)) {
  console.error('--scale must be a number greater than 0 (at most 1000)');
  process.exit(2);
}
const target = values.db ? parseDatabaseUrl(values.db) : config.database;
if (target.kind === 'sqlite' && target.path !== ':memory:' && existsSync(target.path)) {
  if (!values.force) {
    console.error(`${target.path} exists; pass --force to replace it`);
    process.exit(2);
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(target.path + suffix, { force: true });
}
const db = await openDatabase(target);
await migrateToLatest(db.kysely);
const started = performance.now();
let lastLog = 0;
const report = await seedDemo(db, {
  seed: values.seed !== undefined ? Number(values.seed) : config.demoSeed,
  scale,
  passwordHash: config.passwordHash,
  nowMs: Date.now(),
  plannerThread: true,
  bulk: !values['per-trip'],
  onPhase: (phase) =>
    console.log(`  ${((performance.now() - started) / 1000).toFixed(1)} s: ${phase}…`),
  onProgress: (trips) => {
    if (performance.now() - lastLog > 5000) {
      lastLog = performance.now();
      console.log(`  ${trips.toLocaleString('en')} trips…`);
    }
  },
});
await db.close();
const seconds = (performance.now() - started) / 1000;
console.log(
  `demo seeded in ${seconds.toFixed(1)} s (${values['per-trip'] ? 'per trip' : 'bulk load'}):`,
  report.counts,
);
for (const a of report.accounts)
  console.log(
    `  ${a.email} / ${a.password} (${a.role}${a.partnerId ? ` ${a.partnerId}` : ''}) DEMO ONLY`,
  );
