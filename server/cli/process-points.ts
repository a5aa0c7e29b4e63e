// npm run process-points [-- --flush] [-- --db URL]
// Turns tracker points into unconfirmed trips: trips ended by a stop, and open trips of devices
// silent for TRACKER_SILENCE_MINUTES; with --flush every open trip now. Deletes points older
// than POINTS_RETENTION_DAYS. Safe while the server runs on the same database: each device's
// trips and processing mark are written in one transaction and trip ids are deterministic,
// so a repeated or concurrent run writes nothing twice.
import { parseArgs } from 'node:util';
import { loadConfig, parseDatabaseUrl } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrator.js';
import { processAllDevices } from '../services/trackers.js';

const { values } = parseArgs({
  options: {
    flush: { type: 'boolean', default: false },
    db: { type: 'string' },
  },
});
const config = loadConfig();
const target = values.db ? parseDatabaseUrl(values.db) : config.database;
const db = await openDatabase(target, { busyTimeoutMs: config.sqliteBusyTimeoutMs });
await migrateToLatest(db.kysely);
try {
  const result = await processAllDevices(db.kysely, {
    nowMs: Date.now(),
    flush: values.flush,
    silenceMinutes: config.trackers.silenceMinutes,
    privacyRadiusM: config.privacyRadiusM,
    retentionDays: config.trackers.pointsRetentionDays,
  });
  console.log(
    `devices with new points: ${result.devices}; trips written: ${result.tripsWritten}; points past retention deleted: ${result.pointsDeleted}`,
  );
} finally {
  await db.close();
}
