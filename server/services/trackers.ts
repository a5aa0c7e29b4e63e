import { hash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { generateToken, hashToken, newId } from '../auth/tokens.js';
import type { Database } from '../db/schema.js';
import type { Actor } from '../domain/roles.js';
import { canReadCommuter } from '../domain/roles.js';
import { localDayOf, normalizeTrip } from '../domain/trip-rules.js';
import { segmentTrips } from '../domain/tracks/segment.js';
import type { InferredTrip, TrackPoint } from '../domain/tracks/types.js';
import type { TripInput } from '../domain/trips.js';
import { AppError } from '../errors.js';
import {
  countTrackerRequest,
  type Device,
  advanceProcessedUntil,
  deletePointsReceivedBefore,
  devicesWithPendingPoints,
  findDevice,
  findDeviceByToken,
  insertDevice,
  insertPoints,
  listDevices,
  loadPoints,
  revokeDevice,
} from '../repositories/trackers.js';
import { insertTrips } from '../repositories/trips.js';
import { contentHashOf, loadCommuterScopes } from './trips.js';

export const DEVICE_KINDS = ['owntracks', 'osmand', 'gpslogger'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** Points one processing run reads for a device: bounds memory; the next run takes the rest. */
export const MAX_POINTS_PER_RUN = 50_000;
/** Points one tracker request may carry (an OwnTracks batch after a day offline is ~3,000). */
export const MAX_POINTS_PER_REQUEST = 10_000;

export interface DeviceSetup {
  url: string;
  auth: Record<string, string>;
  settings: Record<string, string | number | boolean>;
  qrPayload: string;
}

/** What to paste into the phone app, and what its QR code holds. */
export function deviceSetup(
  kind: DeviceKind,
  origin: string,
  deviceId: string,
  token: string,
): DeviceSetup {
  const base = `${origin}/api/v1/track`;
  if (kind === 'owntracks') {
    const url = `${base}/owntracks`;
    // OwnTracks imports a configuration from owntracks:///config?inline=<base64 JSON> (its
    // "remote configuration" link), so one scan sets mode, URL and credentials.
    const config = {
      _type: 'configuration',
      mode: 3,
      url,
      auth: true,
      username: deviceId,
      password: token,
      deviceId,
      monitoring: 1,
    };
    return {
      url,
      auth: { type: 'basic', username: deviceId, password: token },
      settings: { mode: 'HTTP', monitoring: 'significant' },
      qrPayload: `owntracks:///config?inline=${Buffer.from(JSON.stringify(config)).toString('base64')}`,
    };
  }
  if (kind === 'osmand') {
    const url = `${base}/osmand`;
    return {
      url,
      auth: { type: 'device_identifier', deviceIdentifier: token },
      settings: {
        'Traccar Client: server URL': url,
        'Traccar Client: device identifier': token,
        'OsmAnd online tracking URL': `${url}?id=${token}&lat={0}&lon={1}&timestamp={2}&hdop={3}&altitude={4}&speed={5}`,
        'location accuracy': 'high',
        'frequency (s)': 10,
      },
      qrPayload: `${url}?id=${token}`,
    };
  }
  const url = `${base}/gpslogger?lat=%LAT&lon=%LON&time=%TIME&s=%SPD&acc=%ACC&alt=%ALT&batt=%BATT&ser=%SER&act=%ACT`;
  return {
    url,
    auth: { type: 'bearer', header: `Authorization: Bearer ${token}` },
    settings: {
      'HTTP method': 'GET',
      'HTTP headers': `Authorization: Bearer ${token}`,
      'logging interval (s)': 10,
    },
    qrPayload: `${url}&token=${token}`,
  };
}

export async function createDevice(
  db: Kysely<Database>,
  actor: Actor,
  input: { kind: DeviceKind; name: string },
  now: string,
): Promise<{ device: Device; token: string }> {
  if (actor.role !== 'commuter')
    throw new AppError(
      'forbidden',
      'a commuter adds their own tracker devices; staff may list and revoke them',
    );
  const id = newId('dev');
  const token = generateToken('mst');
  await insertDevice(db, {
    id,
    commuterId: actor.commuterId,
    name: input.name,
    kind: input.kind,
    tokenHash: hashToken(token),
    now,
  });
  const device = await findDevice(db, id);
  return { device: device!, token };
}

export async function listVisibleDevices(db: Kysely<Database>, actor: Actor): Promise<Device[]> {
  if (actor.role === 'analyst') throw new AppError('forbidden', 'analysts see aggregates only');
  const scope =
    actor.role === 'commuter'
      ? { partnerId: actor.partnerId, commuterId: actor.commuterId }
      : actor.role === 'staff'
        ? { partnerId: actor.partnerId, commuterId: null }
        : { partnerId: null, commuterId: null };
  return listDevices(db, scope, 1000);
}

export async function revokeVisibleDevice(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
  now: string,
): Promise<void> {
  const device = await findDevice(db, id);
  // Someone else's device answers like a missing one: ids do not leak.
  if (!device || !canReadCommuter(actor, { id: device.commuterId, partnerId: device.partnerId }))
    throw new AppError('not_found', `no device ${id}`);
  await revokeDevice(db, id, now);
}

export async function deviceForToken(
  db: Kysely<Database>,
  token: string | undefined,
): Promise<Device> {
  if (!token)
    throw new AppError(
      'unauthenticated',
      'send the device token (Basic auth password, Bearer token, or the id parameter for OsmAnd)',
    );
  const device = await findDeviceByToken(db, hashToken(token));
  if (!device) throw new AppError('unauthenticated', 'the device token is unknown or revoked');
  return device;
}

/**
 * Per-device request limit: a phone in a loop must not fill the database. Counted in the
 * database (repositories/trackers.ts, one-minute windows), so a device behind a load balancer
 * meets the limit at the same count whichever app servers its requests reach.
 */
export class TrackerRateLimit {
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
  ) {}
  async check(db: Kysely<Database>, deviceId: string): Promise<void> {
    const requests = await countTrackerRequest(db, deviceId, this.now());
    if (requests > this.perMinute) {
      throw new AppError(
        'rate_limited',
        `this device sent more than ${this.perMinute} requests a minute; slow its interval down`,
      );
    }
  }
}

export async function storePoints(
  db: Kysely<Database>,
  device: Device,
  points: readonly TrackPoint[],
  nowMs: number,
): Promise<number> {
  if (points.length > MAX_POINTS_PER_REQUEST)
    throw new AppError(
      'payload_too_large',
      `one request carries at most ${MAX_POINTS_PER_REQUEST} points; send smaller batches`,
    );
  if (points.length === 0) return 0;
  return db
    .transaction()
    .execute((trx) => insertPoints(trx, device.id, points, nowMs, new Date(nowMs).toISOString()));
}

export interface ProcessOptions {
  nowMs: number;
  /** Close the open trip too (npm run process-points -- --flush). */
  flush: boolean;
  silenceMinutes: number;
  privacyRadiusM: number;
}

/** A trip's id from its device and start: processing the same points twice writes it once. */
export function trackerTripId(deviceId: string, startedAt: string): string {
  return `trk_${hash('sha256', `${deviceId}\n${startedAt}`, 'base64url').slice(0, 32)}`;
}

/**
 * Turns a device's points after its processing mark into unconfirmed trips. A trip is closed
 * when segmentation ended it at a stop or a gap, or (the last one) when the device has been
 * silent for `silenceMinutes`, or on flush. Trips and the new mark are written in one
 * transaction; trip ids are deterministic, so a concurrent or repeated run stores nothing twice.
 */
export async function processDevice(
  db: Kysely<Database>,
  device: Device,
  opts: ProcessOptions,
): Promise<{ tripsWritten: number }> {
  // From the mark itself: the last fix of the trip closed there is where the next one left
  // from, when the phone slept through the departure (segment.ts, the lead-in). On its own it
  // is no trip.
  const points = await loadPoints(db, device.id, device.processedUntilMs, MAX_POINTS_PER_RUN);
  if (points.length === 0 || (points.length === 1 && points[0]!.t === device.processedUntilMs))
    return { tripsWritten: 0 };
  const last = points[points.length - 1]!;
  const full = points.length >= MAX_POINTS_PER_RUN;
  const silent = opts.nowMs - last.t >= opts.silenceMinutes * 60_000;
  const { trips } = segmentTrips(points, {
    nowMs: opts.nowMs,
    privacyRadiusM: opts.privacyRadiusM,
  });
  const closed = trips.filter((t) => t.closedBy !== 'end' || opts.flush || silent || full);
  // Everything up to the last closed trip's end is done; with the whole stream closed, the
  // noise after it too.
  let until: number | null =
    closed.length > 0 ? Date.parse(closed[closed.length - 1]!.endedAt) : null;
  if (opts.flush || silent || full) until = last.t;
  if (until === null) return { tripsWritten: 0 };
  const scopes = await loadCommuterScopes(db, [device.commuterId], null);
  const scope = scopes.get(device.commuterId);
  if (!scope) return { tripsWritten: 0 };
  const nowIso = new Date(opts.nowMs).toISOString();
  const writes = closed.flatMap((t) => {
    const input = tripInputOf(device, t);
    let result = normalizeTrip(input, opts.nowMs);
    // A guess that breaks a plausibility rule (a walk at 14 km/h) is stored as 'other' for the
    // commuter to correct, rather than lost.
    if (!result.ok)
      result = normalizeTrip(
        {
          ...input,
          legs: [
            {
              mode: 'other',
              distanceKm: t.distanceKm,
              durationMin: tripMinutes(t),
              startedAt: t.startedAt,
              geometry: null,
            },
          ],
        },
        opts.nowMs,
      );
    if (!result.ok) return [];
    const trip = result.trip;
    return [
      {
        trip: { ...trip, id: input.id! },
        partnerId: scope.partnerId,
        siteId: scope.siteId,
        localDay: localDayOf(trip.startedAt, scope.timezone),
        contentHash: contentHashOf(trip),
        source: 'tracker' as const,
        status: 'unconfirmed' as const,
        origin: device.id,
      },
    ];
  });
  const written = await db.transaction().execute(async (trx) => {
    const outcome = await insertTrips(trx, writes, nowIso, null);
    await advanceProcessedUntil(trx, device.id, until!);
    // An id already used with other content is a trip the commuter has corrected: theirs wins.
    if ('conflicts' in outcome) return 0;
    return outcome.filter((o) => o.status === 'created').length;
  });
  return { tripsWritten: written };
}

function tripMinutes(t: InferredTrip): number {
  return (Date.parse(t.endedAt) - Date.parse(t.startedAt)) / 60_000;
}

function tripInputOf(device: Device, t: InferredTrip): TripInput {
  return {
    id: trackerTripId(device.id, t.startedAt),
    commuterId: device.commuterId,
    startedAt: t.startedAt,
    endedAt: t.endedAt,
    legs: t.legs.slice(0, 20).map((l) => ({
      mode: l.mode,
      distanceKm: Math.max(l.distanceKm, 0.001),
      durationMin: l.durationMin,
      startedAt: l.startedAt,
      geometry: l.geometry,
    })),
  };
}

/** Processes every device with new points, and deletes points past retention. */
export async function processAllDevices(
  db: Kysely<Database>,
  opts: ProcessOptions & { retentionDays: number },
): Promise<{ devices: number; tripsWritten: number; pointsDeleted: number }> {
  let tripsWritten = 0;
  const devices = await devicesWithPendingPoints(db);
  for (const d of devices) tripsWritten += (await processDevice(db, d, opts)).tripsWritten;
  const pointsDeleted = await deletePointsReceivedBefore(
    db,
    opts.nowMs - opts.retentionDays * 24 * 3_600_000,
  );
  return { devices: devices.length, tripsWritten, pointsDeleted };
}
