import { leaderboardRoutes } from './routes/leaderboard.js';
import { dataVersionRoutes } from './routes/data-version.js';
import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import { randomUUID } from 'node:crypto';
import { authenticate } from './auth/middleware.js';
import { passwordChangeGate } from './auth/password-change-gate.js';
import { createDummyHash } from './auth/passwords.js';
import { LoginThrottle } from './auth/rate-limit.js';
import { TrustedProxies } from './auth/client-address.js';
import { TripWriter } from './services/trip-writer.js';
import { TrackerRateLimit } from './services/trackers.js';
import { deviceRoutes } from './routes/devices.js';
import { trackRoutes } from './routes/track.js';
import { AuthCache } from './auth/auth-cache.js';
import { CommuterScopeCache } from './services/trips.js';
import { ResultCache } from './services/result-cache.js';
import { LiveInputsCache } from './services/live-inputs.js';
import { EventLoopTurns } from './services/event-loop-turns.js';
import { AppMetrics, metricsTokenMatches } from './services/metrics.js';
import { AppError, toEnvelope } from './errors.js';
import { classifyDatabaseFailure } from './db/failures.js';
import {
  BUSY_RETRY_AFTER_S,
  STORAGE_RETRY_AFTER_S,
  StorageHealth,
} from './services/storage-health.js';
import type { AppDeps, AppEnv, AppServices } from './http.js';
import { accountRoutes } from './routes/accounts.js';
import { authRoutes } from './routes/auth.js';
import { passwordRoutes } from './routes/password.js';
import { commuterRoutes } from './routes/commuters.js';
import { healthRoutes, VERSION } from './routes/health.js';
import { partnerRoutes } from './routes/partners.js';
import { tripRoutes } from './routes/trips.js';
import { importRoutes } from './routes/imports.js';
import { indicatorRoutes } from './routes/indicators.js';
import { mapRoutes } from './routes/map.js';
import { reportRoutes } from './routes/reports.js';
import { dataQualityRoutes } from './routes/data-quality.js';
import { configRoutes } from './routes/config.js';
import { enrolmentRoutes } from './routes/enrolment.js';
import { commuterAppRoutes } from './routes/commuter-app.js';
import {
  buildMethodTable,
  methodNotAllowed,
  securityHeaders,
  type RouteMethods,
} from './protocol.js';

const IMPORT_PATH = '/api/v1/imports';
const importTooLarge = (max: number) =>
  `files are limited to ${max} bytes (IMPORT_MAX_BYTES); split the file, e.g. by month`;
const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;.*)?$/i;

/** Login limits from config; the ratios between them are explained in auth/rate-limit.ts. */
function createLoginThrottle(deps: AppDeps): LoginThrottle {
  const { maxFailures, windowMinutes, backoffMaxSeconds } = deps.config.loginRateLimit;
  return new LoginThrottle(
    deps.db.kysely,
    {
      maxFailures,
      windowMs: windowMinutes * 60_000,
      // One attacker address spends at most maxFailures, so the owner elsewhere is not slowed by it.
      accountFreeAttempts: maxFailures * 2,
      backoffMaxMs: backoffMaxSeconds * 1000,
      addressMaxFailures: maxFailures * 10,
      knownAddressTtlMs: 30 * 24 * 3_600_000,
    },
    deps.now,
  );
}

/**
 * The whole HTTP application, built from its dependencies so that tests run it with
 * app.request() on an in-memory database and no server.
 */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const services: AppServices = {
    ...deps,
    loginThrottle: createLoginThrottle(deps),
    trackerRateLimit: new TrackerRateLimit(deps.config.trackers.requestsPerMinute, deps.now),
    trustedProxies: new TrustedProxies(deps.config.trustProxy),
    dummyPasswordHash: createDummyHash(deps.config.passwordHash),
    authCache: new AuthCache(5_000, deps.now),
    commuterScopes: new CommuterScopeCache(10_000, deps.now),
    results: new ResultCache(),
    liveInputs: new LiveInputsCache(),
    turns: new EventLoopTurns(),
    tripWriter: new TripWriter(deps.db, () => new Date(deps.now()).toISOString()),
    storageHealth: new StorageHealth(deps.now),
    metrics:
      deps.metrics ??
      new AppMetrics({
        db: deps.db,
        releaseDelayDays: deps.config.releaseDelayDays,
        now: deps.now,
        processMetrics: false,
      }),
  };
  const app = new OpenAPIHono<AppEnv>();

  const metricsToken = deps.config.metricsToken;
  // Timed first, so a request's latency includes every middleware; off when nobody scrapes.
  if (metricsToken !== null) app.use('*', services.metrics.http);

  app.use('*', async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 100) || randomUUID();
    c.set('requestId', requestId);
    c.set('services', services);
    c.header('X-Request-Id', requestId);
    const started = performance.now();
    await next();
    // A write answered 2xx reached the database: storage is writable again (see /health).
    const write = c.req.method !== 'GET' && c.req.method !== 'HEAD';
    if (write && c.res.status < 300) services.storageHealth.recordWriteSuccess();
    if (c.req.path.startsWith('/api/')) {
      deps.logger.info('request', {
        requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        actor: c.get('actor')?.accountId,
      });
    }
  });
  // Each API read in its own event-loop turn (services/event-loop-turns.ts). Reads are the
  // requests with long synchronous work (indicators, reports); a write is a fraction of a
  // millisecond and shares its turn and group commit with the writes that came with it
  // (single-trip POSTs fell from 3,400 to 1,900 a second when each took a turn). Health probes
  // go first, so that a load balancer does not take a busy server for a dead one.
  app.use('/api/*', async (c, next) => {
    const read = c.req.method === 'GET' || c.req.method === 'HEAD';
    if (read && !c.req.path.startsWith('/api/v1/health')) await services.turns.next();
    await next();
  });
  app.use('*', securityHeaders(deps.config));

  // Prometheus scrapes this, outside /api/v1 (no session, no CSRF): off unless METRICS_TOKEN
  // is set, and then only for that bearer secret. No per-user data: see services/metrics.ts.
  app.get('/metrics', async (c) => {
    if (metricsToken === null)
      throw new AppError('not_found', 'metrics are off: set METRICS_TOKEN to serve them');
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!presented || !metricsTokenMatches(presented, metricsToken)) {
      c.header('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new AppError(
        'unauthenticated',
        'send Authorization: Bearer <METRICS_TOKEN> to read the metrics',
      );
    }
    c.header('Cache-Control', 'no-store');
    return c.body(await services.metrics.render(), 200, {
      'Content-Type': services.metrics.contentType,
    });
  });

  const api = new OpenAPIHono<AppEnv>();
  const streamedBodyLimit = bodyLimit({
    maxSize: deps.config.maxBodyBytes,
    onError: () => {
      throw new AppError(
        'payload_too_large',
        `request bodies are limited to ${deps.config.maxBodyBytes} bytes`,
      );
    },
  });
  const importBodyLimit = bodyLimit({
    maxSize: deps.config.importMaxBytes,
    onError: () => {
      throw new AppError('payload_too_large', importTooLarge(deps.config.importMaxBytes));
    },
  });
  api.use('*', async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
    const type = c.req.header('content-type');
    const length = c.req.header('content-length');
    const chunked = c.req.header('transfer-encoding') !== undefined;
    // Decide on Content-Length when there is one: Hono's bodyLimit touches the raw body
    // stream, which makes @hono/node-server build a full web Request for every write and
    // costs a third of a small POST. Chunked bodies still go through bodyLimit.
    const sized = length !== undefined && !chunked;
    // File uploads have their own, larger limit and come as multipart form data.
    if (method === 'POST' && c.req.path === IMPORT_PATH) {
      if (sized && Number(length) > deps.config.importMaxBytes)
        throw new AppError('payload_too_large', importTooLarge(deps.config.importMaxBytes));
      if (!type || !/^multipart\/form-data\b/i.test(type))
        throw new AppError(
          'unsupported_media_type',
          'send the file as multipart/form-data in the field "file"',
        );
      return sized ? next() : importBodyLimit(c, next);
    }
    if (sized && Number(length) > deps.config.maxBodyBytes)
      throw new AppError(
        'payload_too_large',
        `request bodies are limited to ${deps.config.maxBodyBytes} bytes`,
      );
    // A body that is not JSON is refused here, before a validator reads it as "no fields".
    const hasBody = type !== undefined || (length !== undefined && length !== '0') || chunked;
    // The tracker apps speak their own protocols: OsmAnd and GPSLogger may post forms.
    const trackerProtocol = c.req.path.startsWith('/api/v1/track/');
    if (
      hasBody &&
      !trackerProtocol &&
      (method === 'POST' || method === 'PUT' || method === 'PATCH') &&
      (!type || !JSON_TYPE.test(type))
    ) {
      throw new AppError(
        'unsupported_media_type',
        'send the body as JSON with Content-Type: application/json',
      );
    }
    if (sized) return next();
    return streamedBodyLimit(c, next);
  });
  api.use('*', authenticate);
  api.use('*', passwordChangeGate);
  api.route('/', healthRoutes());
  api.route('/', authRoutes());
  api.route('/', passwordRoutes());
  api.route('/', accountRoutes());
  api.route('/', partnerRoutes());
  api.route('/', commuterRoutes());
  api.route('/', tripRoutes());
  api.route('/', importRoutes());
  api.route('/', indicatorRoutes());
  api.route('/', mapRoutes());
  api.route('/', reportRoutes());
  api.route('/', dataQualityRoutes());
  api.route('/', configRoutes());
  api.route('/', enrolmentRoutes());
  api.route('/', commuterAppRoutes());
  api.route('/', deviceRoutes());
  api.route('/', trackRoutes());
  api.route('/', leaderboardRoutes());
  api.route('/', dataVersionRoutes());

  api.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'The token from POST /auth/login, or an API token',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'ms_session',
    description: 'Set by POST /auth/login; writes also need the X-CSRF-Token header',
  });
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Modeshift API',
      version: VERSION,
      description:
        'Commuter trips, surveys and indicators for the Active Travel Network. Errors use one envelope: {"error": {"code", "message", "details"}}. Times are ISO 8601 with offset; units are in field names.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
  });

  // Built on first request: by then every sub-app above has registered its routes.
  app.use(
    '/api/v1/*',
    methodNotAllowed(() => buildMethodTable(apiRouteMethods(api))),
  );
  app.route('/api/v1', api);

  app.notFound((c) =>
    c.json(
      toEnvelope(new AppError('not_found', `no route for ${c.req.method} ${c.req.path}`)),
      404,
    ),
  );
  app.onError((err, c) => {
    if (err instanceof AppError) return c.json(toEnvelope(err), err.status as 400);
    if (err instanceof HTTPException) {
      const status = err.status;
      const code =
        status === 400 && /json/i.test(err.message)
          ? 'malformed_json'
          : status === 413
            ? 'payload_too_large'
            : status === 401
              ? 'unauthenticated'
              : status === 404
                ? 'not_found'
                : status === 405
                  ? 'method_not_allowed'
                  : 'bad_request';
      const message =
        code === 'malformed_json'
          ? 'the request body is not valid JSON'
          : err.message || 'bad request';
      return c.json(
        toEnvelope(new AppError(code, message)),
        (status >= 400 && status < 500 ? status : 400) as 400,
      );
    }
    const failure = classifyDatabaseFailure(err);
    if (failure) {
      // The caller learns that storage failed and when to retry; the operator gets the real
      // cause (driver code and message), and /health reports it until a write succeeds.
      services.storageHealth.recordFailure(failure);
      deps.logger.error('database failure', {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        kind: failure.kind,
        code: failure.code,
        cause: failure.message,
        ...(failure.kind === 'storage' && err instanceof Error ? { stack: err.stack } : {}),
      });
      const busy = failure.kind === 'busy';
      c.header('Retry-After', String(busy ? BUSY_RETRY_AFTER_S : STORAGE_RETRY_AFTER_S));
      const appError = busy
        ? new AppError(
            'database_busy',
            'another process is writing to the database; nothing was changed, try again shortly',
          )
        : new AppError(
            'storage_unavailable',
            'the database cannot be used right now; nothing was changed, try again later (the request id is in X-Request-Id)',
          );
      return c.json(toEnvelope(appError), 503);
    }
    deps.logger.error('unhandled error', {
      requestId: c.get('requestId'),
      path: c.req.path,
      error: err instanceof Error ? err.stack : String(err),
    });
    return c.json(
      toEnvelope(
        new AppError(
          'internal',
          'something went wrong on our side; the request id is in X-Request-Id',
        ),
      ),
      500,
    );
  });
  return app;
}

/** Every API route of the OpenAPI registry, with the /api/v1 prefix, plus the document itself. */
function apiRouteMethods(api: OpenAPIHono<AppEnv>): RouteMethods[] {
  const routes: RouteMethods[] = [{ path: '/api/v1/openapi.json', methods: ['GET'] }];
  for (const def of api.openAPIRegistry.definitions) {
    if (def.type === 'route')
      routes.push({ path: `/api/v1${def.route.path}`, methods: [def.route.method] });
  }
  return routes;
}
