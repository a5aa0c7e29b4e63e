import { createRoute, z } from '@hono/zod-openapi';
import { AppError } from '../errors.js';
import { createRouter, db, requireActor, services } from '../http.js';
import { importFile } from '../services/imports.js';
import { errorResponses, IdSchema, jsonResponse } from './schemas.js';

const DroppedSchema = z.object({ reason: z.string(), count: z.number().int() });

const ImportResultSchema = z
  .object({
    commuterId: z.string(),
    fileSha256: z.string(),
    trips: z.array(
      z.object({
        id: z.string(),
        startedAt: z.string(),
        endedAt: z.string().nullable(),
        mainMode: z.string(),
        distanceKm: z.number(),
        status: z.literal('unconfirmed'),
      }),
    ),
    report: z.object({
      format: z.string(),
      pointsRead: z.number().int(),
      pointsUsed: z.number().int(),
      dropped: z.array(DroppedSchema).openapi({ description: 'points the parser could not use' }),
      droppedBySegmentation: z
        .array(DroppedSchema)
        .openapi({ description: 'noise removed before trips were formed' }),
      warnings: z.array(z.string()),
      tripsFound: z.number().int(),
      tripsAlreadyStored: z.number().int(),
      tripsRefused: z.array(z.object({ startedAt: z.string(), message: z.string() })),
    }),
  })
  .openapi('ImportResult');

const route = createRoute({
  method: 'post',
  path: '/imports',
  tags: ['imports'],
  summary: 'Import a GPX, KML/KMZ, GeoJSON, FIT, OwnTracks .rec or Google location history file',
  description:
    'The content decides the format (a file named as another format is refused). Trips found are stored UNCONFIRMED for the commuter to confirm. Re-importing a file, or one that overlaps trips already stored, adds no duplicates: trips overlapping a stored trip of the commuter are skipped and counted in report.tripsAlreadyStored. Files above IMPORT_MAX_BYTES get a 413.',
  request: {
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({
            file: z.any().openapi({ type: 'string', format: 'binary' }),
            commuterId: IdSchema.optional().openapi({
              description: 'staff: whose trips these are (a commuter imports their own)',
            }),
          }),
        },
      },
    },
  },
  responses: {
    200: jsonResponse(ImportResultSchema, 'Trips created and the report'),
    ...errorResponses(400, 401, 403, 413, 415, 422),
  },
});

export function importRoutes() {
  const app = createRouter();
  app.openapi(route, async (c) => {
    const actor = requireActor(c);
    const s = services(c);
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody();
    } catch {
      throw new AppError('bad_request', 'the multipart body could not be read');
    }
    const file = form.file;
    if (!(file instanceof File))
      throw new AppError('validation_failed', 'send the file in the multipart field "file"', [
        { path: 'file', message: 'required', code: 'required' },
      ]);
    const commuterId = typeof form.commuterId === 'string' ? form.commuterId : undefined;
    if (commuterId !== undefined && !IdSchema.safeParse(commuterId).success)
      throw new AppError('validation_failed', 'commuterId is not a valid id', [
        { path: 'commuterId', message: 'invalid id' },
      ]);
    const result = await importFile(
      db(c),
      actor,
      { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name },
      {
        commuterId,
        nowMs: s.now(),
        privacyRadiusM: s.config.privacyRadiusM,
        limits: s.config.limits,
      },
    );
    s.metrics.tripsIngested.inc({ source: 'import' }, result.trips.length);
    s.metrics.importedPoints.inc(result.report.pointsRead);
    return c.json(result, 200);
  });
  return app;
}
