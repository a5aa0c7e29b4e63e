import { Decoder, Stream } from '@garmin/fitsdk';
import type { ActivityHint, HintMode } from '../tracks/types.js';
import { ImportRefusal, PointCollector, type ParsedFile } from './types.js';

const SEMICIRCLE_DEG = 180 / 2 ** 31;
/** FIT times are seconds since 1989-12-31T00:00:00Z. */
const FIT_EPOCH_S = 631065600;
/**
 * The sport is what the wearer chose on the watch before starting: a strong hint, but a ride
 * may include pushing the bike, so the speed profile still shapes the legs.
 */
export const FIT_SPORT_HINT_CONFIDENCE = 0.9;

/**
 * A FIT session's sport and sub-sport (Garmin FIT profile, `sport` and `sub_sport` types, as the
 * SDK names them) as a mode hint. Running and hiking are on foot; e-bike rides are `eBiking` or
 * cycling with an e-bike sub-sport (e_bike_fitness, e_bike_mountain, e_bike_enduro). Sports with no commuting mode (swimming, rowing, generic,
 * transition between multisport legs) give no hint.
 */
const E_BIKE_SUB_SPORTS = new Set(['eBikeFitness', 'eBikeMountain', 'eBikeEnduro']);

export function fitSportHint(sport: unknown, subSport: unknown): HintMode | undefined {
  if (sport === 'eBiking' || (typeof subSport === 'string' && E_BIKE_SUB_SPORTS.has(subSport)))
    return 'ebike';
  switch (sport) {
    case 'cycling':
      return 'bike';
    case 'running':
    case 'walking':
    case 'hiking':
      return 'walk';
    case 'motorcycling':
      return 'motorbike';
    case 'driving':
      return 'vehicle';
    default:
      return undefined;
  }
}

interface SessionHint {
  fromS: number;
  toS: number;
  hint: ActivityHint;
}

/** One hint per session with a usable sport, spanning the session's elapsed time. */
function sessionHints(sessions: ReadonlyArray<Record<string, unknown>>): SessionHint[] {
  const out: SessionHint[] = [];
  for (const s of sessions) {
    const mode = fitSportHint(s.sport, s.subSport);
    if (!mode) continue;
    const from = typeof s.startTime === 'number' ? s.startTime : Number.NEGATIVE_INFINITY;
    const elapsed = typeof s.totalElapsedTime === 'number' ? s.totalElapsedTime : null;
    out.push({
      fromS: from,
      // A session without its length (a file cut short) runs to the end of the file.
      toS: elapsed === null ? Number.POSITIVE_INFINITY : from + elapsed + 1,
      hint: { mode, confidence: FIT_SPORT_HINT_CONFIDENCE, source: 'fit' },
    });
  }
  // A single-sport file: its sport describes every record, even one stamped outside the session.
  if (sessions.length === 1 && out.length === 1) {
    out[0]!.fromS = Number.NEGATIVE_INFINITY;
    out[0]!.toS = Number.POSITIVE_INFINITY;
  }
  return out;
}

/**
 * FIT activity files through Garmin's SDK. A file whose CRC fails or that ends mid-record
 * still gives the records read before the damage (with a warning): a watch that died on the
 * way home recorded the way until then. Files that are not activities (monitoring, weight)
 * and virtual rides (positions in a game world) are refused.
 */
export function parseFit(bytes: Uint8Array, maxPoints: number): ParsedFile {
  const stream = Stream.fromByteArray(Array.from(bytes));
  if (!Decoder.isFIT(stream)) throw new ImportRefusal('corrupt', 'the file is not a FIT file');
  const decoder = new Decoder(stream);
  const intact = decoder.checkIntegrity();
  let result: { messages: Record<string, Array<Record<string, unknown>>>; errors: unknown[] };
  try {
    result = decoder.read({
      convertDateTimesToDates: false,
      includeUnknownData: false,
    }) as unknown as typeof result;
  } catch {
    throw new ImportRefusal('corrupt', 'the FIT file could not be decoded');
  }
  const { messages, errors } = result;
  const type = messages.fileIdMesgs?.[0]?.type;
  if (type !== undefined && type !== 'activity')
    throw new ImportRefusal(
      'no_points',
      `the FIT file is a ${String(type)} file, not an activity: it holds no journey`,
    );
  const sub = messages.sessionMesgs?.[0]?.subSport;
  if (sub === 'virtualActivity')
    throw new ImportRefusal(
      'no_points',
      'the FIT file is a virtual ride: its positions are in a game world, not on a road',
    );
  const records = messages.recordMesgs ?? [];
  const hints = sessionHints(messages.sessionMesgs ?? []);
  const out = new PointCollector(maxPoints);
  if (!intact || errors.length > 0)
    out.warn(
      records.length > 0
        ? 'the FIT file is damaged (bad checksum or cut short): the records before the damage were used'
        : 'the FIT file is damaged',
    );
  if (records.length === 0 && errors.length > 0)
    throw new ImportRefusal('corrupt', 'the FIT file is damaged before its first record');
  let positioned = 0;
  for (const r of records) {
    if (r.positionLat === undefined || r.positionLong === undefined) continue;
    positioned++;
    const tsS = typeof r.timestamp === 'number' ? r.timestamp : null;
    const ts = tsS === null ? null : (tsS + FIT_EPOCH_S) * 1000;
    const hint =
      tsS === null
        ? hints.length === 1
          ? hints[0]!.hint
          : undefined
        : hints.find((h) => tsS >= h.fromS && tsS <= h.toS)?.hint;
    const speed = (r.enhancedSpeed ?? r.speed) as number | undefined;
    const alt = (r.enhancedAltitude ?? r.altitude) as number | undefined;
    out.add(Number(r.positionLat) * SEMICIRCLE_DEG, Number(r.positionLong) * SEMICIRCLE_DEG, ts, {
      ...(typeof speed === 'number' && speed >= 0 ? { speedMps: speed } : {}),
      ...(typeof alt === 'number' ? { altitudeM: alt } : {}),
      ...(hint ? { activityHint: hint } : {}),
    });
  }
  if (positioned === 0)
    throw new ImportRefusal(
      'no_points',
      records.length > 0
        ? 'the FIT activity has no positions (an indoor activity): there is no journey to import'
        : 'the FIT file has no records',
    );
  return out.result('fit');
}
