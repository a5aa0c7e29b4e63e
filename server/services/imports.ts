import { hash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { parseTrackFile, ImportRefusal, type ParseReport } from '../domain/imports/index.js';
import type { Actor } from '../domain/roles.js';
import { segmentTrips } from '../domain/tracks/index.js';
import type { DroppedCount, InferredTrip } from '../domain/tracks/types.js';
import { AppError } from '../errors.js';
import { recordAudit } from '../repositories/audit.js';
import { tripSpansBetween, type TripWrite } from '../repositories/trips.js';
import { prepareTrips, storeTrips, type TripLimits, type TripRequest } from './trips.js';

/** Most points one file may hold: bounds parsing and segmentation work per request. */
export const IMPORT_MAX_POINTS = 1_000_000;
/** Most stored trips an overlap check reads: more than a year of anyone's trips. */
const OVERLAP_SCAN_LIMIT = 20_000;

export interface ImportReport extends ParseReport {
  pointsUsed: number;
  droppedBySegmentation: DroppedCount[];
  tripsFound: number;
  /** Trips not stored because a stored trip of the commuter overlaps them in time. */
  tripsAlreadyStored: number;
  tripsRefused: Array<{ startedAt: string; message: string }>;
}

export interface ImportResult {
  commuterId: string;
  fileSha256: string;
  trips: Array<{
    id: string;
    startedAt: string;
    endedAt: string | null;
    mainMode: string;
    distanceKm: number;
    status: 'unconfirmed';
  }>;
  report: ImportReport;
}

const REFUSAL_STATUS = {
  unknown_format: 'unsupported_media_type',
  name_mismatch: 'unsupported_media_type',
  too_many_points: 'payload_too_large',
  corrupt: 'unreadable_file',
  no_points: 'unreadable_file',
  no_times: 'unreadable_file',
} as const;

/**
 * Deterministic: the same commuter starting a trip in the same second from any file gets the
 * same id, so a re-import can never store the trip twice even if two imports race.
 */
export function importedTripId(commuterId: string, startedAt: string): string {
  return `imp_${hash('sha256', `${commuterId}|${startedAt.slice(0, 19)}`, 'base64url').slice(0, 24)}`;
}

function toRequest(commuterId: string, trip: InferredTrip): TripRequest | null {
  const legs = trip.legs
    .filter((l) => l.distanceKm >= 0.001)
    .map((l) => ({
      mode: l.mode,
      distanceKm: Math.round(l.distanceKm * 1000) / 1000,
      durationMin: l.durationMin > 0 ? Math.round(l.durationMin * 100) / 100 : null,
      startedAt: l.startedAt,
      geometry: l.geometry,
    }));
  if (legs.length === 0) return null;
  return {
    id: importedTripId(commuterId, trip.startedAt),
    commuterId,
    startedAt: trip.startedAt,
    endedAt: trip.endedAt,
    legs,
  };
}

const overlaps = (a: { s: string; e: string }, b: { s: string; e: string }) =>
  a.s <= b.e && b.s <= a.e;

/**
 * Imports one file for one commuter: parse (format by content), segment into trips, drop
 * trips that overlap a stored trip of the commuter (a re-import, an overlapping export, a trip
 * already logged by hand), and store the rest UNCONFIRMED in one transaction with an audit
 * entry. Refused files throw an AppError with the reason.
 */
export async function importFile(
  db: Kysely<Database>,
  actor: Actor,
  file: { bytes: Uint8Array; name?: string | undefined },
  options: {
    commuterId?: string | undefined;
    nowMs: number;
    privacyRadiusM: number;
    limits: TripLimits;
  },
): Promise<ImportResult> {
  if (actor.role === 'analyst')
    throw new AppError('forbidden', 'analysts read aggregates and cannot import trips');
  let commuterId: string;
  if (actor.role === 'commuter') {
    if (options.commuterId !== undefined && options.commuterId !== actor.commuterId)
      throw new AppError('forbidden', 'a commuter imports only their own trips', [
        { path: 'commuterId', message: 'a commuter imports only their own trips' },
      ]);
    commuterId = actor.commuterId;
  } else {
    if (!options.commuterId)
      throw new AppError(
        'validation_failed',
        'commuterId is required: whose trips are in the file?',
        [{ path: 'commuterId', message: 'required', code: 'required' }],
      );
    commuterId = options.commuterId;
  }
  if (file.bytes.length === 0)
    throw new AppError('unreadable_file', 'the file is empty', [
      { path: 'file', code: 'no_points', message: 'empty file' },
    ]);

  let parsed: ReturnType<typeof parseTrackFile>;
  try {
    parsed = parseTrackFile(file.bytes, file.name, {
      maxPoints: IMPORT_MAX_POINTS,
      maxUnzippedBytes: 4 * file.bytes.length + 10 * 1024 * 1024,
    });
  } catch (err) {
    if (err instanceof ImportRefusal)
      throw new AppError(REFUSAL_STATUS[err.reason], err.message, [
        { path: 'file', code: err.reason, message: err.message },
      ]);
    throw err;
  }
  const { report } = parsed;
  if (parsed.points.length === 0) {
    const why = report.dropped.map((d) => `${d.count} ${d.reason.replace(/_/g, ' ')}`).join(', ');
    throw new AppError(
      'unreadable_file',
      `none of the file's ${report.pointsRead} points is usable (${why})`,
      [{ path: 'file', code: 'no_usable_points', message: why }],
    );
  }
  const segmented = segmentTrips(parsed.points, {
    nowMs: options.nowMs,
    privacyRadiusM: options.privacyRadiusM,
  });
  const fileSha256 = hash('sha256', file.bytes, 'hex');
  const fullReport: ImportReport = {
    ...report,
    // Points that ended up in a stored-or-found trip; the rest were noise, stops or short hops.
    pointsUsed: segmented.trips.reduce((n, t) => n + t.pointCount, 0),
    droppedBySegmentation: segmented.dropped,
    tripsFound: segmented.trips.length,
    tripsAlreadyStored: 0,
    tripsRefused: [],
  };

  const requests: TripRequest[] = [];
  for (const t of segmented.trips) {
    const r = toRequest(commuterId, t);
    if (r) requests.push(r);
  }
  const now = new Date(options.nowMs).toISOString();
  const stored = await db.transaction().execute(async (trx) => {
    let fresh = requests;
    if (requests.length > 0) {
      // Stored instants are canonical UTC strings: they sort as times.
      const from = requests.map((r) => r.startedAt).sort()[0]!;
      const to = requests
        .map((r) => r.endedAt ?? r.startedAt)
        .sort()
        .at(-1)!;
      const spans = (await tripSpansBetween(trx, commuterId, from, to, OVERLAP_SCAN_LIMIT)).map(
        (s) => ({
          s: s.startedAt,
          e: s.endedAt ?? s.startedAt,
        }),
      );
      fresh = requests.filter((r) => {
        const span = {
          s: new Date(r.startedAt).toISOString(),
          e: new Date(r.endedAt ?? r.startedAt).toISOString(),
        };
        return !spans.some((s) => overlaps(span, s));
      });
      fullReport.tripsAlreadyStored = requests.length - fresh.length;
    }
    const writes: TripWrite[] = [];
    for (const r of fresh) {
      try {
        const prepared = await prepareTrips(trx, actor, [r], {
          source: 'import',
          nowMs: options.nowMs,
          // The segmentation already trimmed the lines near both ends.
          privacyRadiusM: 0,
          limits: options.limits,
        });
        writes.push(
          ...prepared.writes.map((w) => ({
            ...w,
            status: 'unconfirmed' as const,
            origin: `file:${fileSha256}`,
          })),
        );
      } catch (err) {
        // Who may write for whom is the same for every trip: that refusal is the answer.
        if (err instanceof AppError && err.code === 'implausible_trip')
          fullReport.tripsRefused.push({ startedAt: r.startedAt, message: err.message });
        else throw err;
      }
    }
    if (writes.length > 0) await storeTrips(trx, writes, now);
    await recordAudit(
      trx,
      {
        accountId: actor.accountId,
        action: 'import.file',
        targetType: 'commuter',
        targetId: commuterId,
        details: {
          fileName: file.name ?? null,
          fileSha256,
          bytes: file.bytes.length,
          format: report.format,
          pointsRead: report.pointsRead,
          tripsCreated: writes.length,
          tripsAlreadyStored: fullReport.tripsAlreadyStored,
        },
      },
      now,
    );
    return writes;
  });
  return {
    commuterId,
    fileSha256,
    trips: stored.map((w) => ({
      id: w.trip.id,
      startedAt: w.trip.startedAt,
      endedAt: w.trip.endedAt,
      mainMode: w.trip.mainMode,
      distanceKm: w.trip.distanceKm,
      status: 'unconfirmed' as const,
    })),
    report: fullReport,
  };
}
