import { z } from '@hono/zod-openapi';
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
import { errorResponses, jsonResponse } from './schemas.js';

/**
 * The tracker apps' endpoints. They speak the apps' own protocols, not our JSON API, so they are
 * plain routes whose handlers read the bodies themselves (the apps send what they send: an
 * empty body, form fields, JSON of several shapes); the OpenAPI document describes them below
 * (registerTrackerDocs) without putting a validator in front of them. They authenticate with the device token, never an
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
  await s.trackerRateLimit.check(db(c), device.id);
  const nowMs = s.now();
  const stored = await storePoints(db(c), device, points, nowMs);
  s.metrics.trackerPoints.inc(stored);
  // A point after a stop closes the trip before it: process now, at most every 30 s a device.
  if (stored > 0 && nowMs - (lastProcessed.get(device.id) ?? 0) >= PROCESS_EVERY_MS) {
    lastProcessed.set(device.id, nowMs);
    if (lastProcessed.size > 100_000) lastProcessed.clear();
    const { tripsWritten } = await processDevice(
      db(c),
      { ...device },
      {
        nowMs,
        flush: false,
        silenceMinutes: s.config.trackers.silenceMinutes,
        privacyRadiusM: s.config.privacyRadiusM,
      },
    );
    s.metrics.tripsIngested.inc({ source: 'tracker' }, tripsWritten);
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
  registerTrackerDocs(app);

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

/**
 * The OpenAPI description of the three tracker protocols. Documentation only: the handlers above
 * parse (server/domain/tracks/protocols.ts), so registering the paths changes no behaviour, but
 * the method table built from the registry now answers 405 with Allow for a wrong method.
 */
function registerTrackerDocs(app: ReturnType<typeof createRouter>): void {
  const r = app.openAPIRegistry;
  r.registerComponent('securitySchemes', 'deviceBasic', {
    type: 'http',
    scheme: 'basic',
    description:
      'OwnTracks: any user name, the device token (POST /devices) as the password. GPSLogger may use it too.',
  });
  r.registerComponent('securitySchemes', 'deviceBearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'The device token from POST /devices (OwnTracks, GPSLogger)',
  });
  r.registerComponent('securitySchemes', 'deviceIdQuery', {
    type: 'apiKey',
    in: 'query',
    name: 'id',
    description:
      'Traccar Client / OsmAnd: the protocol has no credentials, so the device token is the device identifier (`id` or `deviceid`)',
  });
  r.registerComponent('securitySchemes', 'deviceTokenQuery', {
    type: 'apiKey',
    in: 'query',
    name: 'token',
    description: 'GPSLogger: the device token as the `token` parameter of the custom URL',
  });

  const num = (description: string) => z.string().optional().openapi({ description, example: '0' });
  const OwnTracksMessage = z
    .looseObject({
      _type: z.string().openapi({
        description:
          '"location" is stored; other types (transition, waypoint, lwt, card, ...) are accepted and ignored; "encrypted" is refused with 422',
      }),
      lat: z.number().optional().openapi({ description: 'Degrees, WGS 84' }),
      lon: z.number().optional(),
      tst: z.number().optional().openapi({ description: 'Seconds since 1970 (UTC)' }),
      acc: z.number().optional().openapi({ description: 'Accuracy, metres' }),
      vel: z.number().optional().openapi({ description: 'Speed, km/h' }),
      alt: z.number().optional().openapi({ description: 'Altitude, metres' }),
      motionactivities: z.array(z.string()).optional().openapi({
        description: 'iOS motion activities (walking, cycling, automotive, ...): a mode hint',
      }),
    })
    .openapi('OwnTracksMessage');
  const OsmandQuery = z.object({
    id: z.string().optional().openapi({ description: 'The device token (or `deviceid`)' }),
    deviceid: z.string().optional(),
    lat: num('Degrees, WGS 84 (or `location=lat,lon`)'),
    lon: num('Degrees, WGS 84'),
    location: z.string().optional().openapi({ description: '"lat,lon" instead of lat and lon' }),
    timestamp: z.string().optional().openapi({
      description:
        'Seconds or milliseconds since 1970, ISO 8601, or "yyyy-MM-dd HH:mm:ss" (UTC); the server time when absent',
    }),
    speed: num('Knots'),
    bearing: num('Degrees'),
    altitude: num('Metres'),
    accuracy: num('Metres (or `hdop`)'),
    batt: num('Battery, percent (read, not stored)'),
    activity: z.string().optional().openapi({ description: 'Activity type: a mode hint' }),
  });
  const TraccarJson = z
    .looseObject({
      device_id: z
        .string()
        .optional()
        .openapi({ description: 'The device token, when `id` is not in the query' }),
      location: z.union([z.looseObject({}), z.array(z.looseObject({}))]).openapi({
        description:
          'Traccar Client 9: {timestamp (ISO 8601), coords {latitude, longitude, accuracy, speed (m/s), altitude, heading}, activity {type, confidence}, is_moving, battery}; one or an array',
      }),
    })
    .openapi('TraccarClientBody');
  const GpsLoggerQuery = z.object({
    token: z
      .string()
      .optional()
      .openapi({ description: 'The device token, unless sent as Bearer or Basic' }),
    lat: num('%LAT, degrees'),
    lon: num('%LON, degrees'),
    time: z.string().optional().openapi({ description: '%TIME, ISO 8601' }),
    timestamp: z.string().optional().openapi({ description: '%TIMESTAMP, seconds since 1970' }),
    s: num('%SPD, m/s (also `spd` or `speed`)'),
    acc: num('%ACC, metres'),
    alt: num('%ALT, metres'),
    batt: num('%BATT, percent (read, not stored)'),
    ser: z
      .string()
      .optional()
      .openapi({ description: '%SER, the phone serial (read, not stored)' }),
    act: z.string().optional().openapi({ description: '%ACT, activity: a mode hint' }),
  });
  const trackerErrors = errorResponses(400, 401, 422, 429);
  const form = (schema: z.ZodTypeAny) => ({
    content: { 'application/x-www-form-urlencoded': { schema } },
  });

  r.registerPath({
    method: 'post',
    path: '/track/owntracks',
    tags: ['trackers'],
    summary: 'OwnTracks HTTP mode: one message or an array; a zero-length body is ignored',
    security: [{ deviceBasic: [] }, { deviceBearer: [] }],
    request: {
      body: {
        required: false,
        content: {
          'application/json': {
            schema: z.union([OwnTracksMessage, z.array(OwnTracksMessage)]),
          },
        },
      },
    },
    responses: {
      200: jsonResponse(
        z
          .array(z.unknown())
          .max(0)
          .openapi({ description: 'Always [] (no messages for the phone)' }),
        'Stored (duplicates of a device and time are stored once) or ignored',
      ),
      ...trackerErrors,
    },
  });
  for (const method of ['get', 'post'] as const)
    r.registerPath({
      method,
      path: '/track/osmand',
      tags: ['trackers'],
      summary:
        method === 'get'
          ? 'Traccar Client / OsmAnd protocol, query form'
          : 'Traccar Client / OsmAnd protocol: the query or form fields, or the JSON body of Traccar Client 9',
      security: [{ deviceIdQuery: [] }],
      request: {
        query: OsmandQuery,
        ...(method === 'post'
          ? {
              body: {
                required: false,
                content: {
                  'application/json': { schema: TraccarJson },
                  ...form(OsmandQuery).content,
                },
              },
            }
          : {}),
      },
      responses: { 200: { description: 'Stored; empty body' }, ...trackerErrors },
    });
  for (const method of ['get', 'post'] as const)
    r.registerPath({
      method,
      path: '/track/gpslogger',
      tags: ['trackers'],
      summary:
        'GPSLogger for Android, custom URL: lat=%LAT&lon=%LON&time=%TIME&s=%SPD&acc=%ACC&alt=%ALT&batt=%BATT&ser=%SER&act=%ACT',
      security: [{ deviceBearer: [] }, { deviceBasic: [] }, { deviceTokenQuery: [] }],
      request: {
        query: GpsLoggerQuery,
        ...(method === 'post' ? { body: { required: false, ...form(GpsLoggerQuery) } } : {}),
      },
      responses: {
        200: jsonResponse(
          z.object({
            stored: z.number().int().openapi({ description: 'New points (0 for a duplicate)' }),
          }),
          'Stored',
        ),
        ...trackerErrors,
      },
    });
}
