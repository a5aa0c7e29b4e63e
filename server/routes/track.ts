import { AppError } from '../errors.js';
import { type AppContext, createRouter, db, services } from '../http.js';
import {
  type ParseResult,
  parseGpsLogger,
  parseOsmandQuery,
  parseOwnTracks,
  parseTraccarJson,
} from '../domain/tracks/protocols.js';
import type { Device } from '../repositories/trackers.js';
import { deviceForToken, processDevice, storePoints } from '../services/trackers.js';

/**
 * The tracker apps' endpoints. They speak the apps' own protocols, not our JSON API, so they are
 * plain routes (documented in the README) and authenticate with the device token, never an
 * account: OwnTracks as the Basic-auth password or a bearer token, Traccar Client / OsmAnd as
 * the `id` (or `deviceid`) parameter, GPSLogger as a bearer token or a `token` parameter.
 */

/** Processing after a request runs at most this often per device: a phone sends every few seconds. */
const PROCESS_EVERY_MS = 30_000;
const lastProcessed = new Map<string, number>();

function basicOrBearer(c: AppContext): string | undefined {
  const header = c.req.header('authorization');
  if (!header) return undefined;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+(\S+)\s*$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return undefined;
}

async function readText(c: AppContext): Promise<string> {
  return c.req.method === 'GET' || c.req.method === 'HEAD' ? '' : await c.req.text();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('malformed_json', 'the body is not valid JSON');
  }
}

function orRefuse(result: ParseResult): Extract<ParseResult, { ok: true }> {
  if (result.ok) return result;
  throw new AppError('validation_failed', result.message, [
    { path: result.path ?? '', message: result.message },
  ]);
}

async function accept(c: AppContext, device: Device, result: ParseResult): Promise<number> {
  const s = services(c);
  const { points } = orRefuse(result);
  s.trackerRateLimit.check(device.id);
  const nowMs = s.now();
  const stored = await storePoints(db(c), device, points, nowMs);
  // A point after a stop closes the trip before it: process now, at most every 30 s a device.
  if (stored > 0 && nowMs - (lastProcessed.get(device.id) ?? 0) >= PROCESS_EVERY_MS) {
    lastProcessed.set(device.id, nowMs);
    if (lastProcessed.size > 100_000) lastProcessed.clear();
    await processDevice(
      db(c),
      { ...device },
      {
        nowMs,
        flush: false,
        silenceMinutes: s.config.trackers.silenceMinutes,
        privacyRadiusM: s.config.privacyRadiusM,
      },
    );
  }
  return stored;
}

function fields(c: AppContext, text: string): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...c.req.query() };
  const type = c.req.header('content-type') ?? '';
  if (text && /x-www-form-urlencoded/i.test(type))
    for (const [k, v] of new URLSearchParams(text)) out[k] ??= v;
  return out;
}

export function trackRoutes() {
  const app = createRouter();

  app.post('/track/owntracks', async (c) => {
    const device = await deviceForToken(db(c), basicOrBearer(c));
    const text = await readText(c);
    // OwnTracks sends an empty body when it has nothing; answering [] keeps it quiet.
    if (text.trim() === '') return c.json([], 200);
    await accept(c, device, parseOwnTracks(parseJson(text)));
    // OwnTracks shows what an HTTP endpoint answers as messages for the user: nothing.
    return c.json([], 200);
  });

  app.on(['GET', 'POST'], '/track/osmand', async (c) => {
    const text = await readText(c);
    const type = c.req.header('content-type') ?? '';
    if (text.trim() !== '' && /json/i.test(type)) {
      const parsed = parseTraccarJson(parseJson(text));
      const token =
        c.req.query('id') ??
        c.req.query('deviceid') ??
        ('deviceId' in parsed ? parsed.deviceId : undefined);
      const device = await deviceForToken(db(c), token);
      await accept(c, device, parsed);
      return c.body(null, 200);
    }
    const q = fields(c, text);
    const device = await deviceForToken(db(c), q.id ?? q.deviceid);
    await accept(c, device, parseOsmandQuery(q, services(c).now()));
    return c.body(null, 200);
  });

  app.on(['GET', 'POST'], '/track/gpslogger', async (c) => {
    const text = await readText(c);
    const q = fields(c, text);
    const device = await deviceForToken(db(c), basicOrBearer(c) ?? q.token);
    const stored = await accept(c, device, parseGpsLogger(q));
    return c.json({ stored }, 200);
  });

  return app;
}
