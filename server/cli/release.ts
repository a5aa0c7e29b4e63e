// npm run release [-- --month YYYY-MM [--rerelease]] [--db URL]
// Issue 10: freezes released months ahead of the first query (without --month: every month
// with data and every partner's map quarter that is due under RELEASE_DELAY_DAYS, as the server
// does at start-up), or re-releases one month: its snapshot is replaced only if every
// (partner, site) unit has 0 or at least k commuters whose data changed.
import { parseArgs } from 'node:util';
import { loadConfig, parseDatabaseUrl } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrator.js';
import { isMonthReleased, SUPPRESSION_K } from '../indicators/index.js';
import { ensureFrozen, releaseDue, rereleaseMonth } from '../services/releases.js';

const usage =
  'usage: npm run release [-- --month YYYY-MM [--rerelease]] [--db file:PATH | postgres://…]';
const { values } = parseArgs({
  options: {
    month: { type: 'string' },
    rerelease: { type: 'boolean', default: false },
    db: { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (
  (values.month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.month)) ||
  (values.rerelease && !values.month)
) {
  console.error(usage);
  process.exit(2);
}
const config = loadConfig();
const db = await openDatabase(values.db ? parseDatabaseUrl(values.db) : config.database, {
  busyTimeoutMs: config.sqliteBusyTimeoutMs,
});
await migrateToLatest(db.kysely);
const now = new Date().toISOString();
const today = now.slice(0, 10);
let exitCode = 0;
try {
  if (values.month) {
    const month = values.month;
    if (!isMonthReleased(month, today, config.releaseDelayDays)) {
      console.error(
        `${month} is not due: a month is released ${config.releaseDelayDays} days after its end`,
      );
      exitCode = 1;
    } else if (values.rerelease) {
      const r = await rereleaseMonth(db.kysely, month, now);
      if (r.status === 'refused') {
        console.error(
          `refused: in these units 1 to ${SUPPRESSION_K - 1} commuters changed (partner|site: commuters)`,
        );
        for (const u of r.units) console.error(`  ${u.unit}: ${u.changedCommuters}`);
        exitCode = 1;
      } else if (r.status === 'replaced')
        console.log(`${month} re-released: ${r.changedCommuters} commuters changed`);
      else console.log(`${month} ${r.status}`);
    } else {
      await ensureFrozen(db.kysely, [month], now);
      console.log(`${month} released (frozen)`);
    }
  } else {
    const started = Date.now();
    const r = await releaseDue(db.kysely, config.releaseDelayDays, now);
    console.log(
      `${r.monthsDue} months due, ${r.monthsFrozen} frozen now; ${r.mapPeriodsDue} partner map quarters due, ${r.mapPeriodsReleased} released now (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
} finally {
  await db.close();
}
process.exit(exitCode);
