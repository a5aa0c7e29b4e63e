import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestContext, type TestContext } from '../helpers.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

describe('GET /api/v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document describing every route with its error envelope', async () => {
    const res = await t.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = await body(res);
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`),
    );
    for (const op of [
      'GET /health',
      'GET /health/live',
      'GET /health/ready',
      'POST /auth/login',
      'POST /auth/logout',
      'GET /auth/me',
      'POST /auth/tokens',
      'GET /auth/tokens',
      'DELETE /auth/tokens/{id}',
      'POST /accounts',
      'GET /accounts',
      'PATCH /accounts/{id}',
      'POST /partners',
      'GET /partners',
      'GET /partners/{id}',
      'PATCH /partners/{id}',
      'GET /partners/{id}/sites',
      'POST /partners/{id}/sites',
      'POST /commuters',
      'GET /commuters',
      'GET /commuters/{id}',
      'PATCH /commuters/{id}',
      'DELETE /commuters/{id}',
      'GET /commuters/{id}/export',
      'POST /commuters/{id}/surveys',
      'GET /commuters/{id}/surveys',
      'POST /trips',
      'POST /trips/batch',
      'GET /trips',
      'GET /trips/{id}',
      'PATCH /trips/{id}',
      'DELETE /trips/{id}',
      'GET /indicators',
      'GET /indicators/monthly',
      'GET /indicators/partners',
      'GET /factor-sets',
      'POST /calculators/heat',
      'GET /methodology',
      'GET /map/density',
      'GET /data-quality',
      'GET /config',
    ]) {
      expect(ops).toContain(op);
    }
    // The request schemas are the ones that validate: the mode enum is the vocabulary.
    expect(doc.components.schemas.Mode.enum).toContain('car_driver');
    expect(doc.components.schemas.TripInput.required).toEqual(
      expect.arrayContaining(['startedAt', 'legs']),
    );
    expect(doc.paths['/trips'].post.responses['422'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/Error',
    );
  });
});

describe('tracker endpoints in the OpenAPI document', () => {
  it('documents OwnTracks, OsmAnd (GET and POST) and GPSLogger with their device auth schemes', async () => {
    const doc = await body(await t.request('/api/v1/openapi.json'));
    const paths = doc.paths as Record<string, Record<string, any>>;
    expect(Object.keys(paths['/track/owntracks']!)).toEqual(['post']);
    expect(Object.keys(paths['/track/osmand']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths['/track/gpslogger']!).sort()).toEqual(['get', 'post']);
    const schemes = doc.components.securitySchemes;
    expect(schemes.deviceBasic).toMatchObject({ type: 'http', scheme: 'basic' });
    expect(schemes.deviceBearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(schemes.deviceIdQuery).toMatchObject({ type: 'apiKey', in: 'query', name: 'id' });
    expect(schemes.deviceTokenQuery).toMatchObject({ type: 'apiKey', in: 'query', name: 'token' });
    // Each operation names the device's scheme, not the account's login token.
    expect(paths['/track/owntracks']!.post.security).toEqual([
      { deviceBasic: [] },
      { deviceBearer: [] },
    ]);
    expect(paths['/track/osmand']!.get.security).toEqual([{ deviceIdQuery: [] }]);
    expect(paths['/track/gpslogger']!.get.security).toContainEqual({ deviceTokenQuery: [] });
    // The request forms: OsmAnd's query fields and Traccar Client 9's JSON body, GPSLogger's URL.
    const osmandQuery = (paths['/track/osmand']!.get.parameters as Array<{ name: string }>).map(
      (p) => p.name,
    );
    expect(osmandQuery).toEqual(expect.arrayContaining(['id', 'lat', 'lon', 'timestamp', 'speed']));
    expect(Object.keys(paths['/track/osmand']!.post.requestBody.content)).toEqual(
      expect.arrayContaining(['application/json', 'application/x-www-form-urlencoded']),
    );
    const gpsQuery = (paths['/track/gpslogger']!.get.parameters as Array<{ name: string }>).map(
      (p) => p.name,
    );
    expect(gpsQuery).toEqual(expect.arrayContaining(['token', 'lat', 'lon', 'time', 's', 'acc']));
    expect(
      paths['/track/owntracks']!.post.requestBody.content['application/json'].schema,
    ).toBeDefined();
    for (const op of [paths['/track/owntracks']!.post, paths['/track/gpslogger']!.get])
      expect(op.responses['401'].content['application/json'].schema.$ref).toBe(
        '#/components/schemas/Error',
      );
  });

  it('answers a wrong method on a tracker path with 405 and Allow', async () => {
    const res = await t.request('/api/v1/track/owntracks');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('POST');
  });
});
