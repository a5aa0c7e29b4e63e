import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestContext, type TestContext } from '../helpers.js';
import { postImport } from './support.js';

/**
 * Every real-world file of ../shared/realdata (next to the repository) through the real
 * endpoint: no 5xx, a clear 4xx in the envelope for each file that cannot give trips, trips for
 * the recordings. SOURCES.tsv describes each file; the expectations below follow from it.
 * The e-mission streams and ground truth of trips/ are the trackers' accuracy material.
 */
const ROOT = fileURLToPath(new URL('../../../shared/realdata/', import.meta.url));
const present = existsSync(`${ROOT}SOURCES.tsv`);

const sources = new Map<string, string>();
if (present)
  for (const line of readFileSync(`${ROOT}SOURCES.tsv`, 'utf8').split('\n').slice(1)) {
    const cols = line.split('\t');
    if (cols[0]) sources.set(cols[0], cols[4] ?? '');
  }

const files: string[] = present
  ? ['gpx', 'malformed', 'kml', 'geojson', 'fit', 'owntracks', 'osmand', 'trips'].flatMap((d) =>
      existsSync(`${ROOT}${d}`)
        ? readdirSync(`${ROOT}${d}`)
            .sort()
            .map((f) => `${d}/${f}`)
        : [],
    )
  : [];
const ownedByTrackers = (f: string) => /^trips\/emission_/.test(f);

/** What a file must give, by its SOURCES.tsv description; undefined: any clean answer. */
function expectation(
  path: string,
): { status: number; code?: string; minTrips?: number } | undefined {
  const d = sources.get(path) ?? '';
  if (/NOT valid UTF-8|; \d+ lines$/.test(d) && path.endsWith('.csv')) return { status: 415 };
  if (/ gps=0 |not an activity|virtualActivity/.test(d))
    return { status: 422, code: 'unreadable_file' };
  if (/trkpts have NO timestamps/.test(d) || (/<time>=0/.test(d) && path.endsWith('.gpx')))
    return { status: 422, code: 'unreadable_file' };
  if (/FAILS \(not well-formed/.test(d)) return { status: 415 };
  if (/non-numeric coordinates|garbage values/.test(d))
    return { status: 422, code: 'unreadable_file' };
  return undefined;
}

/** Recordings long enough that their trips must come out (checked by hand against SOURCES.tsv). */
const MUST_GIVE_TRIPS: Record<string, number> = {
  'gpx/sbn-v13_delft_3453pts.gpx': 1,
  'gpx/garmin-edge800_munich_8laps.gpx': 1,
  'gpx/garmin-oregon700_oslo.gpx': 1,
  'gpx/mapsource_multitrack.gpx': 2,
  'gpx/expertgps_blue-hills_gpx10.gpx': 2,
  'gpx/gpsbabel_korita-zbevnica_4trk_partial-times.gpx': 1,
  'kml/google_ext_gxtrack.kml': 1,
  'fit/2015-10-13-08-43-15.fit': 1,
  'fit/sample-activity.fit': 1,
  'fit/2019-02-17-062644-ELEMNT-297E-195-0.fit': 1,
  'fit/activity-large-fenxi2-multisport.fit': 1,
  'trips/google_timeline_new_format.json': 1,
  // Loops and short recordings: they end where they began, or are short but recorded on purpose.
  'fit/Edge810-Vector-2013-08-16-15-35-10.fit': 1,
  'gpx/garmin-connect_activity_988pts.gpx': 1,
  'gpx/google-mytracks_visnjan_413pts.gpx': 1,
  'gpx/etrex20x_car-trip_croatia.gpx': 1,
  'gpx/apple-health-export_route.gpx': 1,
  'gpx/strava_run_gpxtpx.gpx': 1,
  'fit/garmin-fenix-5-run.fit': 1,
};

let t: TestContext;
let token: string;
beforeAll(async () => {
  t = await createTestContext();
  token = await t.token('staffA');
});
afterAll(() => t?.close());

describe.runIf(present)('real-world files through POST /api/v1/imports', () => {
  it.each(files.filter((f) => !ownedByTrackers(f)))('%s', async (path) => {
    const bytes = readFileSync(`${ROOT}${path}`);
    const name = path.split('/').pop()!;
    const res = await postImport(t, token, bytes, name, 'cmt-a1');
    expect(res.status).toBeLessThan(500);
    const out = await body(res);
    const want = expectation(path);
    if (res.status !== 200) {
      // A refusal is a clear one: our envelope, a known code, a message that says why.
      expect(out.error.code).toMatch(
        /^(unsupported_media_type|unreadable_file|payload_too_large)$/,
      );
      expect(out.error.message.length).toBeGreaterThan(15);
      expect(out.error.details[0].path).toBe('file');
    } else {
      expect(out.report.pointsRead).toBeGreaterThan(0);
      for (const trip of out.trips) {
        expect(trip.status).toBe('unconfirmed');
        expect(Date.parse(trip.endedAt) - Date.parse(trip.startedAt)).toBeGreaterThan(0);
        expect(trip.distanceKm).toBeGreaterThan(0);
      }
    }
    if (want) {
      expect(res.status).toBe(want.status);
      if (want.code) expect(out.error.code).toBe(want.code);
    }
    const min = MUST_GIVE_TRIPS[path];
    if (min !== undefined) {
      expect(res.status).toBe(200);
      expect(out.report.tripsFound).toBeGreaterThanOrEqual(min);
    }
  });
});
