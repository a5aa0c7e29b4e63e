import { PRIVACY_NOTICE_VERSION } from '../../server/domain/privacy-notice.js';
import { insertEnrolmentCode } from '../../server/repositories/enrolment.js';
import type { z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestContext, type FixtureUser, type TestContext } from '../helpers.js';

/**
 * The OpenAPI document is what the web app's types are generated from, so a response schema
 * that lies becomes a type that lies. Each case asks a real route for a real answer and parses
 * it with the zod schema the route declares: a missing or mistyped field fails the parse, and a
 * field the schema does not declare fails too (the parse strips it, so the parsed value differs).
 */
let t: TestContext;

/**
 * One line north through Town B, crossed by every commuter below so that map cells pass k = 5;
 * points every 550 m, as the ends within the 200 m privacy radius are dropped.
 */
const LINE = Array.from({ length: 7 }, (_, i) => [9.93, 56.03 + i * 0.005] as [number, number]);
const COMMUTERS = ['rs-1', 'rs-2', 'rs-3', 'rs-4', 'rs-5'];

beforeAll(async () => {
  t = await createTestContext();
  await insertEnrolmentCode(
    t.db.kysely,
    {
      id: 'enr-rs',
      code: 'RS-TEST-CODE-1',
      partnerId: 'town-b',
      siteId: 'site-b',
      label: null,
      expiresAt: null,
      maxUses: null,
      createdBy: null,
    },
    '2026-01-01T00:00:00.000Z',
  );
  const admin = await t.token('admin');
  const trips: unknown[] = [];
  for (const [i, id] of COMMUTERS.entries()) {
    const created = await t.request('/api/v1/commuters', {
      method: 'POST',
      token: admin,
      json: { id, partnerId: 'town-b', siteId: 'site-b', ageBand: '30-39', joinedOn: '2011-09-01' },
    });
    expect(created.status).toBe(201);
    const survey = {
      kind: 'baseline',
      takenOn: '2011-09-01',
      usualMode: i < 2 ? 'car_driver' : 'bus',
      oneWayKm: 4,
      daysPerWeek: 5,
    };
    expect(
      (
        await t.request(`/api/v1/commuters/${id}/surveys`, {
          method: 'POST',
          token: admin,
          json: survey,
        })
      ).status,
    ).toBe(201);
    for (const day of ['2011-10-03', '2011-10-04']) {
      trips.push({
        id: `${id}-${day}`,
        commuterId: id,
        startedAt: `${day}T07:30:00+02:00`,
        endedAt: `${day}T07:50:00+02:00`,
        purpose: 'commute',
        replacedMode: 'car_driver',
        legs: [
          {
            mode: 'bike',
            distanceKm: 3.5,
            durationMin: 20,
            geometry: { type: 'LineString', coordinates: LINE },
          },
        ],
      });
    }
  }
  // A bike trip labelled as replacing a bike: data quality lists it as an example.
  trips.push({
    id: 'rs-self',
    commuterId: 'rs-1',
    startedAt: '2011-10-05T07:30:00+02:00',
    replacedMode: 'bike',
    legs: [{ mode: 'bike', distanceKm: 3, durationMin: 15 }],
  });
  expect(
    (await t.request('/api/v1/trips/batch', { method: 'POST', token: admin, json: { trips } }))
      .status,
  ).toBe(200);
  // cmt-b1 of the fixtures rides alone at site-b in November: that month of the site is withheld.
  const lonely = {
    id: 'rs-lonely',
    commuterId: 'cmt-b1',
    startedAt: '2011-11-02T07:30:00+01:00',
    legs: [{ mode: 'walk', distanceKm: 1.2, durationMin: 15 }],
  };
  expect(
    (await t.request('/api/v1/trips', { method: 'POST', token: admin, json: lonely })).status,
  ).toBe(201);
  const token = await t.request('/api/v1/auth/tokens', {
    method: 'POST',
    token: admin,
    json: { name: 'schema test', expiresInDays: 30 },
  });
  expect(token.status).toBe(201);
});
afterAll(() => t.close());

interface Case {
  /** `METHOD /path` as in the OpenAPI document. */
  operation: string;
  url: string;
  as?: FixtureUser;
  json?: unknown;
  status?: number;
}

const CASES: Case[] = [
  { operation: 'GET /health', url: '/health' },
  { operation: 'GET /health/live', url: '/health/live' },
  { operation: 'GET /health/ready', url: '/health/ready' },
  { operation: 'GET /config', url: '/config' },
  { operation: 'GET /auth/me', url: '/auth/me', as: 'staffB' },
  { operation: 'GET /devices', url: '/devices', as: 'staffB' },
  { operation: 'GET /auth/tokens', url: '/auth/tokens', as: 'admin' },
  { operation: 'GET /accounts', url: '/accounts', as: 'admin' },
  { operation: 'GET /partners', url: '/partners', as: 'admin' },
  { operation: 'GET /partners/{id}', url: '/partners/town-b', as: 'admin' },
  { operation: 'GET /partners/{id}/sites', url: '/partners/town-b/sites', as: 'admin' },
  {
    operation: 'GET /partners/{id}/leaderboard',
    url: '/partners/town-b/leaderboard?from=2011-01-01&to=2011-12-31',
    as: 'staffB',
  },
  {
    operation: 'GET /partners/{id}/leaderboard',
    url: '/partners/town-b/leaderboard?from=2011-01-01&to=2011-12-31',
    as: 'commuterB',
  },
  { operation: 'GET /data-version', url: '/data-version?partner=town-b', as: 'staffB' },
  { operation: 'GET /data-version', url: '/data-version?partner=network', as: 'admin' },
  { operation: 'GET /commuters', url: '/commuters?partnerId=town-b', as: 'staffB' },
  { operation: 'GET /commuters/{id}', url: '/commuters/rs-1', as: 'staffB' },
  { operation: 'GET /commuters/{id}/surveys', url: '/commuters/rs-1/surveys', as: 'staffB' },
  { operation: 'GET /commuters/{id}/export', url: '/commuters/rs-1/export', as: 'admin' },
  { operation: 'GET /trips', url: '/trips?limit=3', as: 'admin' },
  { operation: 'GET /devices', url: '/devices', as: 'commuterA' },
  { operation: 'GET /trips/{id}', url: '/trips/rs-1-2011-10-03', as: 'admin' },
  {
    operation: 'GET /indicators',
    url: '/indicators?partner=town-b&from=2011-10-01&to=2011-11-30',
    as: 'staffB',
  },
  // A site below k: the other variant of the answer, with no figures.
  {
    operation: 'GET /indicators',
    url: '/indicators?partner=town-b&site=site-b&from=2011-11-01&to=2011-11-30',
    as: 'staffB',
  },
  {
    operation: 'GET /indicators',
    url: '/indicators?partner=network&from=2011-10-01&to=2011-11-30',
    as: 'analystNetwork',
  },
  {
    operation: 'GET /indicators/monthly',
    url: '/indicators/monthly?partner=town-b&site=site-b&from=2011-10-01&to=2011-11-30',
    as: 'staffB',
  },
  {
    operation: 'GET /indicators/partners',
    url: '/indicators/partners?from=2011-10-01&to=2011-11-30',
    as: 'analystNetwork',
  },
  { operation: 'GET /factor-sets', url: '/factor-sets', as: 'staffB' },
  { operation: 'GET /methodology/sections', url: '/methodology/sections?lang=da' },
  {
    operation: 'GET /calculators/heat/defaults',
    url: '/calculators/heat/defaults',
    as: 'analystA',
  },
  {
    operation: 'GET /partners/{id}/enrolment-codes',
    url: '/partners/town-b/enrolment-codes',
    as: 'staffB',
  },
  { operation: 'GET /enrolment/{code}', url: '/enrolment/RS-TEST-CODE-1' },
  { operation: 'GET /privacy-notice', url: '/privacy-notice?lang=da' },
  {
    operation: 'GET /commuters/{id}/impact',
    url: '/commuters/rs-1/impact?from=2011-10-01&to=2011-11-30',
    as: 'staffB',
  },
  {
    operation: 'GET /commuters/{id}/usual-commute',
    url: '/commuters/rs-1/usual-commute',
    as: 'staffB',
  },
  {
    operation: 'POST /commuters/{id}/usual-commute/log',
    url: '/commuters/rs-1/usual-commute/log',
    as: 'staffB',
    json: { date: '2026-11-27', direction: 'both', clientIds: ['rs-tap-1', 'rs-tap-2'] },
    status: 201,
  },
  {
    operation: 'POST /partners/{id}/enrolment-codes',
    url: '/partners/town-b/enrolment-codes',
    as: 'staffB',
    json: { maxUses: 3, expiresInDays: 10 },
    status: 201,
  },
  {
    operation: 'POST /enrolment/{code}/join',
    url: '/enrolment/RS-TEST-CODE-1/join',
    json: {
      email: 'joined.in.schema.test@test.example',
      password: 'pedal-to-the-harbour-2011',
      locale: 'en',
      privacyNoticeAccepted: true,
      privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
      baseline: {
        usualLegs: [{ mode: 'car_driver', distanceKm: 6 }],
        commutingDaysPerWeek: 4,
        ageBand: '50-59',
      },
    },
    status: 201,
  },
  {
    operation: 'GET /map/density',
    url: '/map/density?partner=town-b&from=2011-10-01&to=2011-12-31',
    as: 'staffB',
  },
  { operation: 'GET /data-quality', url: '/data-quality?partner=town-b', as: 'staffB' },
  {
    operation: 'GET /reports',
    url: '/reports?partner=town-b&from=2011-10-01&to=2011-11-30&format=json',
    as: 'staffB',
  },
  {
    operation: 'POST /calculators/heat',
    url: '/calculators/heat',
    as: 'analystA',
    // With a fatality rate, so that the crash term and the net of crashes are checked too.
    json: { mode: 'bike', people: 100, kmPerWeek: 40, country: 'AT', fatalitiesPer100MillionKm: 2 },
  },
  {
    operation: 'POST /auth/tokens',
    url: '/auth/tokens',
    as: 'staffA',
    json: { name: 'created in the schema test' },
    status: 201,
  },
];

beforeAll(async () => {
  const saved = await t.request('/api/v1/commuters/rs-1/usual-commute', {
    method: 'PUT',
    token: await t.token('admin'),
    json: { legs: [{ mode: 'bike', distanceKm: 4 }], replacedMode: 'car_driver' },
  });
  expect(saved.status).toBe(200);
});

/** The zod schema a route declares for an answer, from the app's OpenAPI registry. */
function declaredSchema(operation: string, status: number): z.ZodTypeAny {
  const [method, path] = operation.split(' ') as [string, string];
  for (const def of t.app.openAPIRegistry.definitions) {
    if (
      def.type !== 'route' ||
      def.route.method !== method.toLowerCase() ||
      def.route.path !== `/api/v1${path}`
    )
      continue;
    const response = def.route.responses[status];
    const media =
      response && 'content' in response ? response.content?.['application/json'] : undefined;
    const schema = media && 'schema' in media ? media.schema : undefined;
    if (!schema) throw new Error(`${operation} declares no JSON answer for ${status}`);
    return schema as z.ZodTypeAny;
  }
  throw new Error(`${operation} is not in the OpenAPI registry`);
}

describe('response schemas', () => {
  it.each(CASES.map((c) => [`${c.operation} (${c.url})`, c] as const))(
    '%s answers what its schema declares',
    async (_name, c) => {
      const init = c.json === undefined ? { method: 'GET' } : { method: 'POST', json: c.json };
      const res = await t.request(`/api/v1${c.url}`, {
        ...init,
        ...(c.as ? { token: await t.token(c.as) } : {}),
      });
      const status = c.status ?? 200;
      expect(res.status, await res.clone().text()).toBe(status);
      const answer = await body(res);
      const parsed = declaredSchema(c.operation, status).safeParse(answer);
      expect(parsed.error?.issues ?? []).toEqual([]);
      // Keys the schema does not declare are stripped by the parse: the answer must come back whole.
      expect(parsed.data).toEqual(answer);
    },
  );

  it('the cases reach both variants of the indicators answer and non-empty lists', async () => {
    const staff = await t.token('staffB');
    const shown = await body(
      await t.request('/api/v1/indicators?partner=town-b&from=2011-10-01&to=2011-11-30', {
        token: staff,
      }),
    );
    const withheld = await body(
      await t.request(
        '/api/v1/indicators?partner=town-b&site=site-b&from=2011-11-01&to=2011-11-30',
        { token: staff },
      ),
    );
    expect([shown.withheld, withheld.withheld]).toEqual([false, true]);
    expect(shown.modalShift.transitions.length).toBeGreaterThan(0);
    const map = await body(
      await t.request('/api/v1/map/density?partner=town-b&from=2011-10-01&to=2011-12-31', {
        token: staff,
      }),
    );
    expect(map.features.length).toBeGreaterThan(0);
    const quality = await body(
      await t.request('/api/v1/data-quality?partner=town-b', { token: staff }),
    );
    expect(quality.implausibleTrips.examples.length).toBeGreaterThan(0);
    const monthly = await body(
      await t.request(
        '/api/v1/indicators/monthly?partner=town-b&site=site-b&from=2011-10-01&to=2011-11-30',
        { token: staff },
      ),
    );
    expect(
      monthly.months.map((m: { activeCommuters: number | null }) => m.activeCommuters),
    ).toEqual([5, null]);
  });

  async function deviceToken(kind: 'osmand' | 'gpslogger'): Promise<string> {
    const device = await body(
      await t.request('/api/v1/devices', {
        method: 'POST',
        token: await t.token('commuterA'),
        json: { kind, name: `schema ${kind}` },
      }),
    );
    return device.token;
  }

  it('GET /track/osmand (a device token in the query) answers with the empty body it declares', async () => {
    const token = await deviceToken('osmand');
    const res = await t.request(
      `/api/v1/track/osmand?id=${token}&lat=56.05&lon=9.93&timestamp=1764320000`,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const doc = await body(await t.request('/api/v1/openapi.json'));
    expect(doc.paths['/track/osmand'].get.responses['200'].content).toBeUndefined();
  });

  it('GET /track/gpslogger (a device token in the query) answers what its schema declares', async () => {
    const token = await deviceToken('gpslogger');
    const res = await t.request(
      `/api/v1/track/gpslogger?lat=56.05&lon=9.93&time=2025-11-28T09:00:00Z&token=${token}`,
    );
    expect(res.status, await res.clone().text()).toBe(200);
    const answer = await body(res);
    const parsed = declaredSchema('GET /track/gpslogger', 200).safeParse(answer);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data).toEqual(answer);
  });

  it('covers every GET operation of the OpenAPI document', async () => {
    const doc = await body(await t.request('/api/v1/openapi.json'));
    const gets = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .filter(([, methods]) => 'get' in methods)
      .map(([path]) => `GET ${path}`);
    // The methodology is Markdown, not JSON.
    // The tracker GETs take a device token in the query: their own test above.
    const covered = new Set([
      ...CASES.map((c) => c.operation),
      'GET /methodology',
      'GET /track/osmand',
      'GET /track/gpslogger',
    ]);
    expect(gets.filter((op) => !covered.has(op))).toEqual([]);
  });
});
