import { beforeAll, describe, expect, it } from 'vitest';
import {
  exampleOf,
  groupOperations,
  type OpenApiDocument,
  type TagGroup,
} from '../../web/src/lib/openapi-doc.js';
import { createTestContext } from '../helpers.js';

/**
 * The API reference page (issue 13, point 7) reads the document the server serves: every
 * operation appears once, under its tag, with its parameters, body fields, answers, sign-in and
 * a curl example that the server accepts as a well-formed request.
 */
let doc: OpenApiDocument;
let groups: TagGroup[];
const ORIGIN = 'https://modeshift.example';

beforeAll(async () => {
  const ctx = await createTestContext();
  doc = (await (await ctx.request('/api/v1/openapi.json')).json()) as OpenApiDocument;
  ctx.close();
  groups = groupOperations(doc, ORIGIN);
});

const find = (method: string, path: string) =>
  groups.flatMap((g) => g.operations).find((o) => o.method === method && o.path === path);

describe('groupOperations on the served document', () => {
  it('lists every operation of the document once, grouped by its first tag', () => {
    let count = 0;
    for (const item of Object.values(doc.paths ?? {}))
      count += Object.keys(item).filter((m) =>
        ['get', 'post', 'put', 'patch', 'delete'].includes(m),
      ).length;
    const listed = groups.flatMap((g) => g.operations);
    expect(listed).toHaveLength(count);
    expect(new Set(listed.map((o) => o.id)).size).toBe(count);
    const trips = groups.find((g) => g.tag === 'trips')!;
    expect(trips.operations.every((o) => o.path.startsWith('/api/v1/trips'))).toBe(true);
  });

  it('shows POST /api/v1/trips with its body fields, answers, sign-in and a curl example', () => {
    const op = find('POST', '/api/v1/trips')!;
    expect(op.summary).toBe('Log one trip');
    expect(op.body?.contentType).toBe('application/json');
    const names = op.body!.fields.map((f) => `${f.depth}:${f.name}`);
    expect(names).toEqual(
      expect.arrayContaining(['0:startedAt', '0:legs', '1:mode', '1:distanceKm']),
    );
    const started = op.body!.fields.find((f) => f.name === 'startedAt')!;
    expect(started).toMatchObject({ required: true, type: 'string (date-time)' });
    expect(op.body!.fields.find((f) => f.name === 'legs')!.type).toBe('array of LegInput');
    expect(op.responses.map((r) => r.status)).toEqual(
      expect.arrayContaining(['201', '401', '422']),
    );
    expect(op.responses.find((r) => r.status === '201')!.type).toBe('Trip');
    expect(op.auth).toEqual(['bearerAuth', 'sessionCookie']);
    expect(op.curl).toContain(`curl -X POST '${ORIGIN}/api/v1/trips'`);
    expect(op.curl).toContain("-H 'Authorization: Bearer $TOKEN'");
  });

  it('marks health and login as open to anyone, and fills required query parameters in', () => {
    expect(find('GET', '/api/v1/health')!.auth).toEqual([]);
    expect(find('POST', '/api/v1/auth/login')!.curl).not.toContain('Authorization');
    const indicators = find('GET', '/api/v1/indicators')!;
    const partner = indicators.parameters.find((p) => p.name === 'partner')!;
    expect(partner).toMatchObject({ in: 'query', required: true });
    expect(indicators.curl).toMatch(/\/api\/v1\/indicators\?partner=/);
    const leaderboard = find('GET', '/api/v1/partners/{id}/leaderboard')!;
    expect(leaderboard.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(['path:id', 'query:from', 'query:to']),
    );
  });

  it("builds a trip body from the schema's examples that the server accepts", async () => {
    const ctx = await createTestContext();
    try {
      const schema = doc.paths!['/trips']!.post!.requestBody!.content!['application/json']!.schema;
      const example = exampleOf(doc, schema) as Record<string, unknown>;
      expect(Object.keys(example)).toEqual(expect.arrayContaining(['startedAt', 'legs']));
      const res = await ctx.request('/api/v1/trips', {
        method: 'POST',
        token: await ctx.token('commuterA'),
        json: example,
      });
      // Well-formed: the schema passes it (the rest is the trip rules' business).
      expect(res.status, await res.clone().text()).not.toBe(400);
      const answer = (await res.json()) as { error?: { code: string } };
      if (res.status === 422) expect(answer.error?.code).not.toBe('validation_failed');
    } finally {
      ctx.close();
    }
  });
});
