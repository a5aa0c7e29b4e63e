// npm run privacy-report [-- --db URL]
// Issue 10, point 5: the share of map cells and site-months an aggregate caller (an analyst)
// sees under the per-answer rule (k on each answer alone, what the map still uses) and under
// release units (each unit checked for k on its own), and what the map's quarterly res-7/res-8
// units leave on the map compared with other grains: the cost of the rule, measured.
import { parseArgs } from 'node:util';
import { loadConfig, parseDatabaseUrl } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrator.js';
import {
  getFactorSet,
  releasedMonthsIn,
  SUPPRESSION_K,
  selectReleasedUnits,
} from '../indicators/index.js';
import { MODES } from '../domain/modes.js';
import { lastDayOf } from '../domain/period.js';
import { readDataRange } from '../repositories/indicators.js';
import { listPartners } from '../repositories/partners.js';
import { computeIndicators } from '../services/indicators.js';
import {
  computeReleasedIndicators,
  ensureFrozen,
  readReleasedInputs,
} from '../services/releases.js';
import { MAP_UNIT_LAYERS } from '../domain/release-units.js';
import {
  type MapGrain,
  type ReleaseShare,
  readMapCellShares,
  readMapGrainShare,
  readSiteMonthShares,
  readUnitMembers,
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
  // The map's release units (issue 10): the grains weighed, the adopted layers marked.
  console.log(
    `Map release units (partner x H3 cell x time unit, >= ${SUPPRESSION_K} commuters), whole data range:`,
  );
  console.log(
    '  grain            units   released          route cells (res 9) covered   trip crossings covered',
  );
  const grains: MapGrain[] = [
    { resolution: 9, time: 'month' },
    { resolution: 8, time: 'month' },
    { resolution: MAP_UNIT_LAYERS.fine, time: 'quarter' },
    { resolution: MAP_UNIT_LAYERS.coarse, time: 'quarter' },
    { resolution: 6, time: 'quarter' },
    { resolution: 8, time: 'year' },
    { resolution: 7, time: 'year' },
  ];
  for (const grain of grains) {
    const g = await readMapGrainShare(db.kysely, SUPPRESSION_K, grain);
    const adopted =
      grain.time === 'quarter' &&
      (grain.resolution === MAP_UNIT_LAYERS.fine || grain.resolution === MAP_UNIT_LAYERS.coarse);
    console.log(
      `  ${`res ${grain.resolution} ${grain.time}${adopted ? ' *' : ''}`.padEnd(15)} ${String(g.units).padStart(7)}  ${String(g.releasedUnits).padStart(7)} ${pct(g.releasedUnits, g.units).padStart(8)}     ${String(g.routeCellsCovered).padStart(7)} of ${String(g.routeCells).padEnd(7)} ${pct(g.routeCellsCovered, g.routeCells).padStart(8)}   ${pct(g.crossingsCovered, g.crossings).padStart(8)}`,
    );
  }
  console.log(
    "  * the map's layers (res-8 units inside a shown res-7 unit can be withheld in addition: complementary suppression)",
  );
  // What the indicators now release (issue 10): site-months and partner-months under the rule
  // as implemented, complementary hiding of sites included; before, every site-month and
  // partner-month with an active commuter was readable by differencing nested periods.
  const members = await readUnitMembers(db.kysely);
  const units = selectReleasedUnits(members);
  const siteMonths = [...units.commuters.keys()].filter(
    (key) => key.split('|').length === 3 && key.split('|')[1] !== '',
  );
  const partnerMonths = [...units.commuters.keys()].filter((key) => key.split('|').length === 2);
  const bySiteK = siteMonths.filter((key) => (units.commuters.get(key) ?? 0) >= SUPPRESSION_K);
  print(
    `Indicator units (figures) released to an analyst under release units, k = ${SUPPRESSION_K}:`,
    [
      {
        label: 'site-mo',
        total: siteMonths.length,
        before: bySiteK.length,
        after: units.siteMonths.size,
      },
      {
        label: 'partn-mo',
        total: partnerMonths.length,
        before: partnerMonths.length,
        after: units.partnerMonths.size,
      },
    ],
  );
  console.log(
    '  (site-mo: "per answer" = site-months of k or more; "release units" = also complementary to the partner-month.\n' +
      '   partn-mo: per answer any partner-month was readable by differencing nested periods.)',
  );
  await reportModeCells();
} finally {
  await db.close();
}

/**
 * The per-mode cells under the hierarchical release (issue 10): how many network-month,
 * partner-month and partition-month cells of the split by mode are shown, and the network
 * analyst's modal split over every released month beside the exact one (own staff and admins).
 */
async function reportModeCells(): Promise<void> {
  const range = await readDataRange(db.kysely, { partnerId: null, siteId: null });
  if (range === null) return;
  const now = new Date().toISOString();
  const months = releasedMonthsIn(
    `${range.from.slice(0, 7)}-01`,
    range.to,
    now.slice(0, 10),
    config.releaseDelayDays,
  );
  if (months.length === 0) return;
  await ensureFrozen(db.kysely, months, now);
  const scope = {
    partnerId: null,
    siteId: null,
    from: `${months[0]}-01`,
    to: lastDayOf(months[months.length - 1]!),
  };
  const inputs = await readReleasedInputs(db.kysely, scope, months);
  console.log(
    `Per-mode cells (trips and km by mode) under the hierarchical release, ${months[0]}..${months[months.length - 1]}:`,
  );
  console.log('  level               cells    shown');
  for (const [label, c] of [
    ['network-months', inputs.modeCellCounts.network],
    ['partner-months', inputs.modeCellCounts.partner],
    ['partition-months', inputs.modeCellCounts.partition],
  ] as const)
    console.log(
      `  ${label.padEnd(18)} ${String(c.cells).padStart(6)}   ${String(c.cells - c.hidden).padStart(6)} ${pct(c.cells - c.hidden, c.cells).padStart(8)}`,
    );
  const partners = new Map((await listPartners(db.kysely)).map((p) => [p.id, p]));
  const factorSet = getFactorSet();
  const analyst = await computeReleasedIndicators(db.kysely, scope, months, factorSet, partners);
  const exact = await computeIndicators(db.kysely, scope, factorSet, partners);
  const share = (x: number | null | undefined) =>
    x === null || x === undefined ? 'hidden' : `${(100 * x).toFixed(1)} %`;
  console.log(
    "  Network modal split by trips, whole period: analyst (released) vs exact (admin's)",
  );
  console.log('  mode           follow-up analyst   exact    baseline analyst   exact');
  for (const mode of MODES) {
    const e = exact.modalSplit.byTrips[mode];
    const eb = exact.baseline.byTrips[mode];
    if (!e && !eb) continue;
    console.log(
      `  ${mode.padEnd(14)} ${share(analyst?.modalSplit.byTrips[mode]).padStart(17)} ${share(e).padStart(8)}   ${share(analyst?.baseline.byTrips[mode]).padStart(16)} ${share(eb).padStart(8)}`,
    );
  }
  console.log(
    `  hidden pool: ${share(analyst?.modalSplit.hidden.byTrips)} of trips (${analyst?.modalSplit.hidden.modes.join(', ') || 'none'}), baseline ${share(analyst?.baseline.hidden.byTrips)}`,
  );
}
