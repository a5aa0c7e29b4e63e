// npx tsx bench/live-inputs.ts --db file:PATH [--partner norderstedt] [--from 2011-09-01 --to 2012-08-31] [--runs 30]
// Issue 14: an uncached own-staff partner-year right after one trip write, computed with every
// input read in full (today's path) and with the kept inputs of services/live-inputs.ts (only
// the written commuter re-read). Writes one trip per run through the real write path, so run
// it on a COPY of a demo database. Both answers are compared on every run.
import { isDeepStrictEqual } from 'node:util';
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import { openDatabase } from '../server/db/connection.js';
import { parseDatabaseUrl } from '../server/config.js';
import { migrateToLatest } from '../server/db/migrator.js';
import { computeIndicators, indicatorsFromInputs } from '../server/services/indicators.js';
import { LiveInputsCache } from '../server/services/live-inputs.js';
import { TripWriter } from '../server/services/trip-writer.js';
import { getFactorSet } from '../server/indicators/index.js';
import { listPartners } from '../server/repositories/partners.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    partner: { type: 'string', default: 'norderstedt' },
    from: { type: 'string', default: '2011-09-01' },
    to: { type: 'string', default: '2012-08-31' },
    runs: { type: 'string', default: '30' },
    // Time the kept path alone (the full path's garbage is collected in the other's time
    // otherwise); every 10th run still compares it with a full computation, untimed.
    'incremental-only': { type: 'boolean', default: false },
  },
});
const db = await openDatabase(parseDatabaseUrl(values.db!));
await migrateToLatest(db.kysely);
const scope = { partnerId: values.partner!, siteId: null, from: values.from!, to: values.to! };
const runs = Number(values.runs);
const partners = new Map((await listPartners(db.kysely)).map((x) => [x.id, x]));
const factorSet = getFactorSet();
const commuters = await db.kysely
  .selectFrom('commuters')
  .select(['id', 'site_id'])
  .where('partner_id', '=', scope.partnerId)
  .orderBy('id')
  .execute();
const writer = new TripWriter(db, () => new Date().toISOString());
const cache = new LiveInputsCache();
// This process's user+system CPU time (the machine is shared: wall time includes waiting).
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const q = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const wall = { full: [] as number[], incr: [] as number[], write: [] as number[] };
const cpu = { full: [] as number[], incr: [] as number[], incrRead: [] as number[] };
let mismatches = 0;
let compared = 0;
const load: string[] = [];
await cache.read(db.kysely, scope); // the first read is a full one: kept from here on
for (let i = 0; i < runs; i++) {
  const c = commuters[(i * 7919) % commuters.length]!;
  const day = `2012-0${1 + (i % 8)}-1${i % 10}`;
  const id = `bench-d7-${Date.now()}-${i}`;
  const t = performance.now();
  await writer.write([
    {
      trip: {
        id,
        commuterId: c.id,
        startedAt: `${day}T06:30:00.000Z`,
        endedAt: `${day}T06:52:00.000Z`,
        purpose: 'commute',
        replacedMode: 'car_driver',
        mainMode: 'bike',
        distanceKm: 5.5 + i / 10,
        durationMin: 22,
        legs: [
          {
            seq: 0,
            mode: 'bike',
            distanceKm: 5.5 + i / 10,
            durationMin: 22,
            startedAt: null,
            replacedMode: null,
            geometry: null,
          },
        ],
      },
      partnerId: scope.partnerId,
      siteId: c.site_id,
      localDay: day,
      contentHash: id,
      source: 'api',
    },
  ]);
  wall.write.push(performance.now() - t);
  // Alternate which goes first, so neither always reads a warmer page cache.
  const runFull = async () => {
    const c0 = cpuMs();
    const t0 = performance.now();
    const r = await computeIndicators(db.kysely, scope, factorSet, partners);
    wall.full.push(performance.now() - t0);
    cpu.full.push(cpuMs() - c0);
    return r;
  };
  const runIncr = async () => {
    const c0 = cpuMs();
    const t0 = performance.now();
    const { inputs, read } = await cache.read(db.kysely, scope);
    cpu.incrRead.push(cpuMs() - c0);
    if (read.how !== 'incremental')
      throw new Error(`expected an incremental read, got ${read.how}`);
    const r = indicatorsFromInputs(scope, inputs, factorSet, partners);
    wall.incr.push(performance.now() - t0);
    cpu.incr.push(cpuMs() - c0);
    return r;
  };
  if (values['incremental-only']) {
    const b = await runIncr();
    if (i % 10 === 9) {
      const a = await computeIndicators(db.kysely, scope, factorSet, partners);
      if (!isDeepStrictEqual(a, b)) mismatches += 1;
      compared += 1;
    }
  } else {
    const [a, b] =
      i % 2 === 0
        ? [await runFull(), await runIncr()]
        : [await runIncr(), await runFull()].reverse();
    if (!isDeepStrictEqual(a, b)) mismatches += 1;
    compared += 1;
  }
  if (i % 10 === 0)
    load.push(readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '));
}
const fmt = (xs: number[]) => `p50 ${q(xs, 0.5).toFixed(1)} ms  p95 ${q(xs, 0.95).toFixed(1)} ms`;
console.log(
  `partner ${scope.partnerId} ${scope.from}..${scope.to}, ${runs} runs, ${cpus().length} cores, load ${load.join(' | ')}`,
);
console.log(`trip write (wall)        ${fmt(wall.write)}`);
if (wall.full.length > 0) console.log(`full path    wall ${fmt(wall.full)}   cpu ${fmt(cpu.full)}`);
console.log(`incremental  wall ${fmt(wall.incr)}   cpu ${fmt(cpu.incr)}`);
console.log(`  of which the kept inputs' read (cpu) ${fmt(cpu.incrRead)}`);
console.log(`answers different from a full computation: ${mismatches} of ${compared}`);
await db.close();
