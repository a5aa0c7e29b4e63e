// npm run accuracy [-- --dir PATH] [-- --verbose]
// Segmentation and mode accuracy of segmentTrips on e-mission days with ground truth
// (../shared/realdata/trips by default). Prints per day and overall: trips matched (start and
// end within 5 min), km with the right mode class by time share and by distance
// (server/domain/tracks/accuracy.ts), and with --verbose every trip and section.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type AccuracyFigures, scoreDay } from '../domain/tracks/accuracy.js';
import { emissionGroundTruth, emissionTrackPoints } from '../domain/tracks/emission.js';
import { segmentTrips } from '../domain/tracks/segment.js';

export interface DayResult extends AccuracyFigures {
  day: string;
}

export function realdataTripsDir(): string {
  return resolve(import.meta.dirname, '../../../shared/realdata/trips');
}

/** Scores every `<day>.json` that has a `<day>_ground_truth.json` next to it. */
export function measureAccuracy(dir: string, verbose = false): DayResult[] {
  const days = readdirSync(dir)
    .filter((f) => f.endsWith('_ground_truth.json'))
    .map((f) => f.replace(/_ground_truth\.json$/, ''))
    .sort();
  const out: DayResult[] = [];
  for (const day of days) {
    const points = emissionTrackPoints(JSON.parse(readFileSync(join(dir, `${day}.json`), 'utf8')));
    const truth = emissionGroundTruth(
      JSON.parse(readFileSync(join(dir, `${day}_ground_truth.json`), 'utf8')),
    );
    // The clock is the day's: these recordings are years old, not in the future.
    const { trips } = segmentTrips(points, { nowMs: Date.now() });
    if (verbose) {
      console.log(`\n${day}`);
      for (const g of truth)
        console.log(
          '  truth',
          new Date(g.startMs).toISOString(),
          new Date(g.endMs).toISOString(),
          g.sections.map((s) => `${s.mode}:${s.distanceKm.toFixed(2)}`).join(' '),
        );
      for (const t of trips)
        console.log(
          '  ours ',
          t.startedAt,
          t.endedAt,
          t.closedBy,
          t.legs
            .map((l) => `${l.mode}(${l.confidence.toFixed(2)}):${l.distanceKm.toFixed(2)}`)
            .join(' '),
        );
    }
    const scored = scoreDay(truth, trips);
    if (verbose)
      for (const s of scored.sections)
        console.log(
          '  section',
          new Date(s.startMs).toISOString(),
          `truth ${s.truthMode} ${s.km.toFixed(2)} km`,
          `| ours ${s.ourModes.join('+') || 'none'}`,
          `| right ${s.rightKmByDistance.toFixed(2)} km by distance, ${s.rightKmByTime.toFixed(2)} km by time`,
        );
    out.push({ day, ...scored });
  }
  return out;
}

function pct(a: number, b: number): string {
  return b > 0 ? `${((100 * a) / b).toFixed(1)} %` : 'n/a';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { dir: { type: 'string' }, verbose: { type: 'boolean', default: false } },
  });
  const dir = values.dir ?? realdataTripsDir();
  const results = measureAccuracy(dir, values.verbose);
  const total = results.reduce(
    (s, r) => ({
      g: s.g + r.groundTruthTrips,
      m: s.m + r.matchedTrips,
      km: s.km + r.groundTruthKm,
      ok: s.ok + r.rightModeKm,
      okD: s.okD + r.rightModeKmByDistance,
    }),
    { g: 0, m: 0, km: 0, ok: 0, okD: 0 },
  );
  console.log(
    'km right mode: a ground-truth km counts when a leg of the same class (vehicle, foot, bicycle) covers it;\n' +
      '  by distance = each 30 s stretch of the section credited with its own length,\n' +
      '  by time = each section credited with the share of its duration covered.',
  );
  for (const r of results)
    console.log(
      `${r.day}: trips matched ${r.matchedTrips}/${r.groundTruthTrips} (${pct(r.matchedTrips, r.groundTruthTrips)}), inferred ${r.inferredTrips}; km right mode by distance ${r.rightModeKmByDistance.toFixed(2)}/${r.groundTruthKm.toFixed(2)} (${pct(r.rightModeKmByDistance, r.groundTruthKm)}), by time ${pct(r.rightModeKm, r.groundTruthKm)}`,
    );
  console.log(
    `overall: trips matched ${total.m}/${total.g} (${pct(total.m, total.g)}); km right mode by distance ${pct(total.okD, total.km)}, by time ${pct(total.ok, total.km)}`,
  );
}
