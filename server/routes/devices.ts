import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, db, nowIso, requireActor } from '../http.js';
import type { Device } from '../repositories/trackers.js';
import {
  DEVICE_KINDS,
  createDevice,
  deviceSetup,
  listVisibleDevices,
  revokeVisibleDevice,
  type DeviceKind,
} from '../services/trackers.js';
import { errorResponses, jsonBody, jsonResponse } from './schemas.js';

const DeviceSchema = z
  .object({
    id: z.string(),
    commuterId: z.string(),
    kind: z.string(),
    name: z.string(),
    createdAt: z.string(),
    lastSeenAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('TrackerDevice');

const DeviceCreateSchema = z
  .strictObject({
    kind: z.enum(DEVICE_KINDS),
    name: z.string().trim().min(1).max(100),
  })
  .openapi('TrackerDeviceCreate');

const DeviceCreatedSchema = DeviceSchema.extend({
  token: z.string().openapi({ description: 'Shown once; only its hash is stored' }),
  setup: z.object({
    url: z.string(),
    auth: z.record(z.string(), z.string()),
    settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    qrPayload: z.string().openapi({ description: 'What the QR code for the phone app holds' }),
  }),
}).openapi('TrackerDeviceCreated');

const routes = {
  create: createRoute({
    method: 'post',
    path: '/devices',
    tags: ['trackers'],
    summary:
      'Add a tracker device (OwnTracks, Traccar Client / OsmAnd, GPSLogger): a commuter, for themselves',
    request: { body: jsonBody(DeviceCreateSchema) },
    responses: {
      201: jsonResponse(DeviceCreatedSchema, 'Created; the token and setup are shown once'),
      ...errorResponses(400, 401, 403, 415, 422),
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/devices',
    tags: ['trackers'],
    summary: "Tracker devices: a commuter's own, or all of the staff's partner",
    responses: {
      200: jsonResponse(z.object({ devices: z.array(DeviceSchema) }), 'Devices, newest first'),
      ...errorResponses(401, 403),
    },
  }),
  revoke: createRoute({
    method: 'delete',
    path: '/devices/{id}',
    tags: ['trackers'],
    summary: 'Revoke a device: its token stops working at once',
    request: { params: z.object({ id: z.string().max(64) }) },
    responses: { 204: { description: 'Revoked' }, ...errorResponses(401, 403, 404) },
  }),
};

function view(d: Device) {
  return {
    id: d.id,
    commuterId: d.commuterId,
    kind: d.kind,
    name: d.name,
    createdAt: d.createdAt,
    lastSeenAt: d.lastSeenAt,
    revokedAt: d.revokedAt,
  };
}

export function deviceRoutes() {
  const app = createRouter();
  app.openapi(routes.create, async (c) => {
    const actor = requireActor(c);
    const body = c.req.valid('json');
    const { device, token } = await createDevice(db(c), actor, body, nowIso(c));
    const origin = new URL(c.req.url).origin;
    const setup = deviceSetup(body.kind as DeviceKind, origin, device.id, token);
    return c.json({ ...view(device), token, setup }, 201);
  });
  app.openapi(routes.list, async (c) => {
    const actor = requireActor(c);
    const devices = await listVisibleDevices(db(c), actor);
    return c.json({ devices: devices.map(view) }, 200);
  });
  app.openapi(routes.revoke, async (c) => {
    const actor = requireActor(c);
    await revokeVisibleDevice(db(c), actor, c.req.valid('param').id, nowIso(c));
    return c.body(null, 204);
  });
  return app;
}
