import { parseInstant } from '../trip-rules.js';
import type { HintMode, TrackPoint } from './types.js';

/**
 * The tracker apps' wire formats as TrackPoints. Pure: each parser returns the points or the
 * reason it cannot, and the route turns a reason into a 4xx. Units are converted here: OwnTracks
 * sends km/h, the OsmAnd query form knots, Traccar Client's JSON and GPSLogger m/s.
 */
export type ParseResult =
  | { ok: true; points: TrackPoint[]; ignored: number }
  | { ok: false; message: string; path?: string };

const KNOT_MPS = 1852 / 3600;

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function inRange(lat: number | undefined, lon: number | undefined): boolean {
  // 0,0 ("null island") is what a phone sends without a fix, never where a commuter is.
  return (
    lat !== undefined &&
    lon !== undefined &&
    Math.abs(lat) <= 90 &&
    Math.abs(lon) <= 180 &&
    !(lat === 0 && lon === 0)
  );
}

/** Seconds, milliseconds, ISO 8601 (a missing zone is UTC) or `yyyy-MM-dd HH:mm:ss` (UTC). */
export function parseTimestamp(v: unknown): number | null {
  const n = num(v);
  if (n !== undefined) {
    // 1e11 s is the year 5138; in ms it is 1973. Anything below is seconds.
    const ms = Math.abs(n) < 1e11 ? n * 1000 : n;
    return Number.isFinite(ms) ? Math.round(ms) : null;
  }
  if (typeof v !== 'string') return null;
  const s = v.trim().replace(' ', 'T');
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(s) ? s : `${s}Z`;
  return parseInstant(withZone);
}

/** Activity names of OwnTracks (iOS motion activities), Traccar Client and Google. */
export function activityMode(name: unknown): HintMode | undefined {
  if (typeof name !== 'string') return undefined;
  switch (name.toLowerCase()) {
    case 'walking':
    case 'on_foot':
    case 'running':
      return 'walk';
    case 'cycling':
    case 'on_bicycle':
    case 'bicycling':
      return 'bike';
    case 'automotive':
    case 'in_vehicle':
    case 'in_car':
    case 'driving':
      return 'vehicle';
    case 'in_bus':
      return 'bus';
    case 'in_train':
    case 'in_rail_vehicle':
      return 'train';
    case 'stationary':
    case 'still':
      return 'still';
    default:
      return undefined;
  }
}

/**
 * OwnTracks HTTP mode: one message or an array of them. Only `_type: "location"` carries a
 * position; other types (transition, waypoint, configuration, lwt, ...) are accepted and ignored,
 * as the OwnTracks recorder does. A message without `_type` or an encrypted one is refused.
 */
export function parseOwnTracks(body: unknown): ParseResult {
  const messages = Array.isArray(body) ? body : [body];
  const points: TrackPoint[] = [];
  let ignored = 0;
  for (const [i, m] of messages.entries()) {
    const path = Array.isArray(body) ? `[${i}]` : '';
    if (typeof m !== 'object' || m === null || Array.isArray(m))
      return { ok: false, message: 'an OwnTracks message is a JSON object', path };
    const msg = m as Record<string, unknown>;
    if (typeof msg._type !== 'string')
      return { ok: false, message: 'not an OwnTracks message: _type is missing', path };
    if (msg._type === 'encrypted')
      return {
        ok: false,
        message:
          'encrypted OwnTracks payloads cannot be read: turn encryption off (the connection is HTTPS)',
        path,
      };
    if (msg._type !== 'location') {
      ignored++;
      continue;
    }
    const lat = num(msg.lat);
    const lon = num(msg.lon);
    const t = parseTimestamp(msg.tst);
    if (!inRange(lat, lon))
      return {
        ok: false,
        message: 'a location needs lat and lon in range (0,0 is a phone without a fix)',
        path: `${path}.lat`,
      };
    if (t === null)
      return {
        ok: false,
        message: 'a location needs tst (seconds since 1970)',
        path: `${path}.tst`,
      };
    const p: TrackPoint = { t, lat: lat!, lon: lon! };
    const acc = num(msg.acc);
    if (acc !== undefined && acc >= 0) p.accuracyM = acc;
    const vel = num(msg.vel);
    if (vel !== undefined && vel >= 0) p.speedMps = vel / 3.6;
    const alt = num(msg.alt);
    if (alt !== undefined) p.altitudeM = alt;
    const activities = Array.isArray(msg.motionactivities) ? msg.motionactivities : [];
    const mode = activities.map(activityMode).find((a) => a !== undefined);
    if (mode) p.activityHint = { mode, source: 'owntracks' };
    points.push(p);
  }
  return { ok: true, points, ignored };
}

/**
 * The OsmAnd protocol's query (or form) fields, as Traccar Client and OsmAnd send them. `nowMs`
 * stands in for a missing timestamp, as Traccar's own server does.
 */
export function parseOsmandQuery(
  q: Record<string, string | undefined>,
  nowMs: number,
): ParseResult {
  let lat = num(q.lat);
  let lon = num(q.lon);
  if ((lat === undefined || lon === undefined) && typeof q.location === 'string') {
    const [a, b] = q.location.split(',');
    lat = num(a);
    lon = num(b);
  }
  if (!inRange(lat, lon))
    return {
      ok: false,
      message: 'lat and lon (or location=lat,lon) are required and in range',
      path: 'lat',
    };
  const t = q.timestamp === undefined ? nowMs : parseTimestamp(q.timestamp);
  if (t === null)
    return {
      ok: false,
      message: 'timestamp must be seconds, milliseconds, ISO 8601 or yyyy-MM-dd HH:mm:ss',
      path: 'timestamp',
    };
  const p: TrackPoint = { t, lat: lat!, lon: lon! };
  const speed = num(q.speed);
  if (speed !== undefined && speed >= 0) p.speedMps = speed * KNOT_MPS;
  const acc = num(q.accuracy) ?? num(q.hdop);
  if (acc !== undefined && acc >= 0) p.accuracyM = acc;
  const alt = num(q.altitude);
  if (alt !== undefined) p.altitudeM = alt;
  const mode = activityMode(q.activity);
  if (mode) p.activityHint = { mode, source: 'traccar' };
  return { ok: true, points: [p], ignored: 0 };
}

/**
 * Traccar Client 9's JSON body: `{location: {timestamp, coords: {latitude, longitude, accuracy,
 * speed (m/s, -1 unknown), altitude}, activity: {type, confidence}, is_moving}, device_id}`;
 * `location` may also be an array (a batch sent after being offline).
 */
export function parseTraccarJson(body: unknown): ParseResult & { deviceId?: string } {
  if (typeof body !== 'object' || body === null)
    return { ok: false, message: 'the body must be a JSON object with location' };
  const b = body as Record<string, unknown>;
  const deviceId = typeof b.device_id === 'string' ? b.device_id : undefined;
  const locations = Array.isArray(b.location) ? b.location : [b.location];
  const points: TrackPoint[] = [];
  for (const [i, l] of locations.entries()) {
    const path = Array.isArray(b.location) ? `location[${i}]` : 'location';
    if (typeof l !== 'object' || l === null)
      return { ok: false, message: 'location must be an object', path };
    const loc = l as Record<string, unknown>;
    const coords = (loc.coords ?? {}) as Record<string, unknown>;
    const lat = num(coords.latitude);
    const lon = num(coords.longitude);
    if (!inRange(lat, lon))
      return {
        ok: false,
        message: 'coords.latitude and coords.longitude are required',
        path: `${path}.coords`,
      };
    const t = parseTimestamp(loc.timestamp);
    if (t === null)
      return {
        ok: false,
        message: 'timestamp must be an ISO 8601 time',
        path: `${path}.timestamp`,
      };
    const p: TrackPoint = { t, lat: lat!, lon: lon! };
    const acc = num(coords.accuracy);
    if (acc !== undefined && acc >= 0) p.accuracyM = acc;
    const speed = num(coords.speed);
    if (speed !== undefined && speed >= 0) p.speedMps = speed;
    const alt = num(coords.altitude);
    if (alt !== undefined) p.altitudeM = alt;
    const activity = (loc.activity ?? {}) as Record<string, unknown>;
    const mode = activityMode(activity.type);
    if (mode) {
      const confidence = num(activity.confidence);
      p.activityHint = {
        mode,
        ...(confidence !== undefined
          ? { confidence: Math.min(1, Math.max(0, confidence / 100)) }
          : {}),
        source: 'traccar',
      };
    }
    points.push(p);
  }
  return { ok: true, points, ignored: 0, ...(deviceId ? { deviceId } : {}) };
}

/**
 * GPSLogger for Android's custom URL, with the template documented in the README:
 * `lat=%LAT&lon=%LON&time=%TIME&s=%SPD&acc=%ACC&alt=%ALT&batt=%BATT&ser=%SER&act=%ACT`.
 * Speed is m/s; `time` is ISO 8601 (or `timestamp`, seconds, from %TIMESTAMP).
 */
export function parseGpsLogger(q: Record<string, string | undefined>): ParseResult {
  const lat = num(q.lat);
  const lon = num(q.lon);
  if (!inRange(lat, lon))
    return { ok: false, message: 'lat and lon are required and in range', path: 'lat' };
  const raw = q.time ?? q.timestamp;
  const t = raw === undefined ? null : parseTimestamp(raw);
  if (t === null)
    return {
      ok: false,
      message: 'time (%TIME, ISO 8601) or timestamp (%TIMESTAMP, seconds) is required',
      path: 'time',
    };
  const p: TrackPoint = { t, lat: lat!, lon: lon! };
  const speed = num(q.s ?? q.spd ?? q.speed);
  if (speed !== undefined && speed >= 0) p.speedMps = speed;
  const acc = num(q.acc);
  if (acc !== undefined && acc >= 0) p.accuracyM = acc;
  const alt = num(q.alt);
  if (alt !== undefined) p.altitudeM = alt;
  const mode = activityMode(q.act);
  if (mode) p.activityHint = { mode, source: 'gpslogger' };
  return { ok: true, points: [p], ignored: 0 };
}
