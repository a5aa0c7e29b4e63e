// npm run import -- FILE... --commuter ID [--db file:PATH | postgres://…]
// Imports track files for one commuter as the API does (same parsers, same duplicate rules,
// unconfirmed trips, audit entries with account "cli"), one file per transaction.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, parseDatabaseUrl } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrator.js';
import { AppError } from '../errors.js';
import { importFile } from '../services/imports.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { commuter: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean' } },
});
if (values.help || !values.commuter || positionals.length === 0) {
  console.error('usage: npm run import -- FILE... --commuter ID [--db file:PATH | postgres://…]');
  process.exit(values.help ? 0 : 2);
}
const config = loadConfig();
const db = await openDatabase(values.db ? parseDatabaseUrl(values.db) : config.database, {
  busyTimeoutMs: config.sqliteBusyTimeoutMs,
});
await migrateToLatest(db.kysely);
let failed = 0;
try {
  for (const path of positionals) {
    try {
      const bytes = readFileSync(path);
      if (bytes.length > config.importMaxBytes)
        throw new AppError(
          'payload_too_large',
          `larger than IMPORT_MAX_BYTES (${config.importMaxBytes})`,
        );
      const r = await importFile(
        db.kysely,
        { role: 'admin', accountId: 'cli' },
        { bytes, name: basename(path) },
        {
          commuterId: values.commuter,
          nowMs: Date.now(),
          privacyRadiusM: config.privacyRadiusM,
          limits: config.limits,
        },
      );
      const rep = r.report;
      console.log(
        `${path}: ${rep.format}, ${rep.pointsRead} points read, ${rep.pointsUsed} used, ${rep.tripsFound} trips found, ${r.trips.length} stored unconfirmed, ${rep.tripsAlreadyStored} already stored${rep.warnings.length ? `; ${rep.warnings.join('; ')}` : ''}`,
      );
    } catch (err) {
      failed++;
      const message = err instanceof AppError ? `${err.code}: ${err.message}` : String(err);
      console.error(`${path}: refused (${message})`);
    }
  }
} finally {
  await db.close();
}
process.exit(failed > 0 ? 1 : 0);
