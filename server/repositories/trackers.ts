import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { TrackPoint } from '../domain/tracks/types.js';

export interface Device {
  id: string;
  commuterId: string;
  partnerId: string;
  name: string;
  kind: string;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  processedUntilMs: number | null;
}

function deviceQuery(db: Kysely<Database>) {
  return db
    .selectFrom('tracker_devices as d')
    .innerJoin('commuters as c', 'c.id', 'd.commuter_id')
    .select([
      'd.id',
      'd.commuter_id',
      'c.partner_id',
      'd.name',
      'd.kind',
      'd.created_at',
      'd.last_seen_at',
      'd.revoked_at',
      'd.processed_until_ms',
    ]);
}

type DeviceRow = Awaited<ReturnType<ReturnType<typeof deviceQuery>['executeTakeFirstOrThrow']>>;

function toDevice(r: DeviceRow): Device {
  return {
    id: r.id,
    commuterId: r.commuter_id,
    partnerId: r.partner_id,
    name: r.name,
    kind: r.kind,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    revokedAt: r.revoked_at,
    processedUntilMs: r.processed_until_ms === null ? null : Number(r.processed_until_ms),
  };
}

export async function insertDevice(
  db: Kysely<Database>,
  d: { id: string; commuterId: string; name: string; kind: string; tokenHash: string; now: string },
): Promise<void> {
  await db
    .insertInto('tracker_devices')
    .values({
      id: d.id,
      commuter_id: d.commuterId,
      name: d.name,
      kind: d.kind,
      token_hash: d.tokenHash,
      created_at: d.now,
      last_seen_at: null,
      revoked_at: null,
      processed_until_ms: null,
    })
    .execute();
}

/** Devices in the caller's scope (null: any), newest first, revoked ones included. */
export async function listDevices(
  db: Kysely<Database>,
  scope: { partnerId: string | null; commuterId: string | null },
  limit: number,
): Promise<Device[]> {
  let q = deviceQuery(db);
  if (scope.commuterId !== null) q = q.where('d.commuter_id', '=', scope.commuterId);
  if (scope.partnerId !== null) q = q.where('c.partner_id', '=', scope.partnerId);
  const rows = await q.orderBy('d.created_at', 'desc').orderBy('d.id').limit(limit).execute();
  return rows.map(toDevice);
}

export async function findDevice(db: Kysely<Database>, id: string): Promise<Device | null> {
  const row = await deviceQuery(db).where('d.id', '=', id).executeTakeFirst();
  return row ? toDevice(row) : null;
}

/** The live (not revoked) device a token belongs to. */
export async function findDeviceByToken(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<Device | null> {
  const row = await deviceQuery(db)
    .where('d.token_hash', '=', tokenHash)
    .where('d.revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? toDevice(row) : null;
}

/** Revokes once: a second revocation keeps the first time. */
export async function revokeDevice(db: Kysely<Database>, id: string, now: string): Promise<void> {
  await db
    .updateTable('tracker_devices')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

const POINT_CHUNK = 500;

/**
 * Stores points once per (device, time): a phone resending a batch after a lost answer adds
 * nothing. Returns how many were new.
 */
export async function insertPoints(
  db: Kysely<Database>,
  deviceId: string,
  points: readonly TrackPoint[],
  receivedAtMs: number,
  now: string,
): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < points.length; i += POINT_CHUNK) {
    const rows = points.slice(i, i + POINT_CHUNK).map((p) => ({
      device_id: deviceId,
      t_ms: p.t,
      lat: p.lat,
      lon: p.lon,
      accuracy_m: p.accuracyM ?? null,
      speed_mps: p.speedMps ?? null,
      altitude_m: p.altitudeM ?? null,
      hint_mode: p.activityHint?.mode ?? null,
      hint_confidence: p.activityHint?.confidence ?? null,
      hint_source: p.activityHint?.source ?? null,
      received_at_ms: receivedAtMs,
    }));
    const result = await db
      .insertInto('track_points')
      .values(rows)
      .onConflict((oc) => oc.columns(['device_id', 't_ms']).doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  await db
    .updateTable('tracker_devices')
    .set({ last_seen_at: now })
    .where('id', '=', deviceId)
    .execute();
  return inserted;
}

/** Points from `fromMs` on (inclusive; null: all), oldest first, at most `limit`. */
export async function loadPoints(
  db: Kysely<Database>,
  deviceId: string,
  fromMs: number | null,
  limit: number,
): Promise<TrackPoint[]> {
  let q = db.selectFrom('track_points').selectAll().where('device_id', '=', deviceId);
  if (fromMs !== null) q = q.where('t_ms', '>=', fromMs);
  const rows = await q.orderBy('t_ms').limit(limit).execute();
  return rows.map((r) => {
    const p: TrackPoint = { t: Number(r.t_ms), lat: Number(r.lat), lon: Number(r.lon) };
    if (r.accuracy_m !== null) p.accuracyM = Number(r.accuracy_m);
    if (r.speed_mps !== null) p.speedMps = Number(r.speed_mps);
    if (r.altitude_m !== null) p.altitudeM = Number(r.altitude_m);
    if (r.hint_source !== null)
      p.activityHint = {
        ...(r.hint_mode !== null ? { mode: r.hint_mode as never } : {}),
        ...(r.hint_confidence !== null ? { confidence: Number(r.hint_confidence) } : {}),
        source: r.hint_source,
      };
    return p;
  });
}

/** Moves the processing mark forward only: a slower concurrent run cannot move it back. */
export async function advanceProcessedUntil(
  db: Kysely<Database>,
  deviceId: string,
  untilMs: number,
): Promise<void> {
  await db
    .updateTable('tracker_devices')
    .set({ processed_until_ms: untilMs })
    .where('id', '=', deviceId)
    .where((eb) =>
      eb.or([eb('processed_until_ms', 'is', null), eb('processed_until_ms', '<', untilMs)]),
    )
    .execute();
}

/** Devices with points after their processing mark. */
export async function devicesWithPendingPoints(db: Kysely<Database>): Promise<Device[]> {
  const rows = await deviceQuery(db)
    .where(({ exists, selectFrom, ref }) =>
      exists(
        selectFrom('track_points as p')
          .select('p.t_ms')
          .whereRef('p.device_id', '=', 'd.id')
          .where((eb) =>
            eb.or([
              eb('d.processed_until_ms', 'is', null),
              eb('p.t_ms', '>', ref('d.processed_until_ms')),
            ]),
          ),
      ),
    )
    .execute();
  return rows.map(toDevice);
}

export async function deletePointsReceivedBefore(
  db: Kysely<Database>,
  beforeMs: number,
): Promise<number> {
  const result = await db
    .deleteFrom('track_points')
    .where('received_at_ms', '<', beforeMs)
    .executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}

/**
 * Counts one request of a device in its current one-minute window and returns the window's
 * count, this request included. One atomic upsert, so concurrent requests on any app server
 * count once each; a window older than a minute starts again at 1 (SET reads the old row).
 */
export async function countTrackerRequest(
  db: Kysely<Database>,
  deviceId: string,
  nowMs: number,
): Promise<number> {
  const windowMs = 60_000;
  const expired = sql<boolean>`tracker_request_windows.window_start_ms <= ${nowMs - windowMs}`;
  const row = await db
    .insertInto('tracker_request_windows')
    .values({ device_id: deviceId, window_start_ms: nowMs, requests: 1 })
    .onConflict((oc) =>
      oc.column('device_id').doUpdateSet({
        window_start_ms: sql`CASE WHEN ${expired} THEN ${nowMs} ELSE tracker_request_windows.window_start_ms END`,
        requests: sql`CASE WHEN ${expired} THEN 1 ELSE tracker_request_windows.requests + 1 END`,
      }),
    )
    .returning('requests')
    .executeTakeFirstOrThrow();
  return Number(row.requests);
}
