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
