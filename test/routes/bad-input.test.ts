import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bikeTrip, body, createTestContext, type TestContext } from '../helpers.js';

let t: TestContext;
let token: string;
beforeAll(async () => {
  t = await createTestContext({ config: { MAX_BODY_BYTES: '65536' } });
  token = await t.token('staffA');
});
afterAll(() => t.close());

const trip = (over: Record<string, unknown> = {}) => bikeTrip({ commuterId: 'cmt-a1', ...over });
const leg = (over: Record<string, unknown>) =>
  trip({ legs: [{ mode: 'bike', distanceKm: 5, durationMin: 20, ...over }] });

/** Each case: what is sent, the status and error code the caller must get. */
const cases: Array<{
  name: string;
  path?: string;
  method?: string;
  raw?: string;
  contentType?: string;
  json?: unknown;
  status: number;
  code: string;
  detailPath?: string;
}> = [
  {
    name: 'malformed JSON',
    raw: '{"startedAt": "2011-03-01T07:30:00+01:00", legs: [',
    status: 400,
    code: 'malformed_json',
  },
  {
    name: 'a JSON array instead of an object',
    raw: '[1,2,3]',
    status: 422,
    code: 'validation_failed',
  },
  {
    name: 'a body that is not JSON',
    raw: 'startedAt=2011',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
    code: 'unsupported_media_type',
  },
  { name: 'an empty body', raw: '', status: 400, code: 'malformed_json' },
  {
    name: 'an unknown mode',
    json: leg({ mode: 'hovercraft' }),
    status: 422,
    code: 'validation_failed',
    detailPath: 'legs[0].mode',
  },
  {
    name: 'an unknown field',
    json: trip({ colour: 'red' }),
    status: 422,
    code: 'validation_failed',
  },
  {
    name: 'an unknown leg field',
    json: leg({ speedKmh: 20 }),
    status: 422,
    code: 'validation_failed',
  },
  {
    name: 'a distance given as a string',
    json: leg({ distanceKm: '5' }),
    status: 422,
    code: 'validation_failed',
    detailPath: 'legs[0].distanceKm',
  },
  {
    name: 'a negative distance',
    json: leg({ distanceKm: -5 }),
    status: 422,
    code: 'implausible_trip',
    detailPath: 'legs[0].distanceKm',
  },
  {
    name: 'a zero distance',
    json: leg({ distanceKm: 0 }),
    status: 422,
    code: 'implausible_trip',
    detailPath: 'legs[0].distanceKm',
  },
  {
    name: 'an absurd distance (metres sent as km)',
    json: leg({ distanceKm: 5200, durationMin: null }),
    status: 422,
    code: 'implausible_trip',
    detailPath: 'legs[0].distanceKm',
  },
  {
    name: 'a walk at 40 km/h',
    json: trip({ legs: [{ mode: 'walk', distanceKm: 10, durationMin: 15 }] }),
    status: 422,
    code: 'implausible_trip',
    detailPath: 'legs[0].durationMin',
  },
  {
    name: 'a negative duration',
    json: leg({ durationMin: -3 }),
    status: 422,
    code: 'implausible_trip',
  },
  { name: 'no legs', json: trip({ legs: [] }), status: 422, code: 'validation_failed' },
  {
    name: '21 legs',
    json: trip({
      endedAt: null,
      legs: Array.from({ length: 21 }, () => ({ mode: 'walk', distanceKm: 0.2 })),
    }),
    status: 422,
    code: 'validation_failed',
  },
  {
    name: 'a start in the future',
    json: trip({ startedAt: '2031-03-01T07:30:00+01:00', endedAt: null }),
    status: 422,
    code: 'implausible_trip',
    detailPath: 'startedAt',
  },
  {
    name: 'a date without offset',
    json: trip({ startedAt: '2011-03-01T07:30:00', endedAt: null }),
    status: 422,
    code: 'implausible_trip',
    detailPath: 'startedAt',
  },
  {
    name: 'a date that is not a date',
    json: trip({ startedAt: 'yesterday', endedAt: null }),
    status: 422,
    code: 'implausible_trip',
    detailPath: 'startedAt',
  },
  {
    name: 'February 30th',
    json: trip({ startedAt: '2011-02-30T07:30:00+01:00', endedAt: null }),
    status: 422,
    code: 'implausible_trip',
  },
  {
    name: 'an end before the start',
    json: trip({ endedAt: '2011-03-01T07:00:00+01:00' }),
    status: 422,
    code: 'implausible_trip',
    detailPath: 'endedAt',
  },
  {
    name: 'legs out of time order',
    json: trip({
      endedAt: '2011-03-01T08:30:00+01:00',
      legs: [
        { mode: 'bike', distanceKm: 2, durationMin: 8, startedAt: '2011-03-01T07:50:00+01:00' },
        { mode: 'train', distanceKm: 18, durationMin: 20, startedAt: '2011-03-01T07:31:00+01:00' },
      ],
    }),
    status: 422,
    code: 'implausible_trip',
    detailPath: 'legs[1].startedAt',
  },
  {
    name: 'an unknown replaced mode',
    json: trip({ replacedMode: 'teleport' }),
    status: 422,
    code: 'validation_failed',
  },
  {
    name: 'a bad id',
    json: trip({ id: 'has spaces in it' }),
    status: 422,
    code: 'validation_failed',
    detailPath: 'id',
  },
  {
    name: 'an unknown commuter',
    json: trip({ commuterId: 'nobody' }),
    status: 422,
    code: 'validation_failed',
    detailPath: 'commuterId',
  },
  {
    name: "another partner's commuter",
    json: trip({ commuterId: 'cmt-b1' }),
    status: 422,
    code: 'validation_failed',
    detailPath: 'commuterId',
  },
  {
    name: 'geometry with one point',
    json: leg({ geometry: { type: 'LineString', coordinates: [[15.6, 47.2]] } }),
    status: 422,
    code: 'validation_failed',
  },
  {
    name: 'geometry off the planet',
    json: leg({
      geometry: {
        type: 'LineString',
        coordinates: [
          [15.6, 47.2],
          [15.6, 147.2],
        ],
      },
    }),
    status: 422,
    code: 'implausible_trip',
  },
  {
    name: 'a huge upload',
    raw: JSON.stringify(trip({ purpose: 'x'.repeat(70_000) })),
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: 'a bad page size',
    method: 'GET',
    path: '/api/v1/trips?limit=0',
    status: 422,
    code: 'validation_failed',
  },
  {
    name: 'a bad cursor',
    method: 'GET',
    path: '/api/v1/trips?cursor=%%%',
    status: 422,
    code: 'validation_failed',
  },
  {
    name: 'a bad date filter',
    method: 'GET',
    path: '/api/v1/trips?from=last-week',
    status: 422,
    code: 'validation_failed',
  },
  {
    name: 'an unknown route',
    method: 'GET',
    path: '/api/v1/nothing-here',
    status: 404,
    code: 'not_found',
  },
  {
    name: 'an unknown trip',
    method: 'GET',
    path: '/api/v1/trips/does-not-exist',
    status: 404,
    code: 'not_found',
  },
  {
    name: 'a survey with days per week over 7',
    path: '/api/v1/commuters/cmt-a1/surveys',
    json: {
      kind: 'baseline',
      takenOn: '2010-09-01',
      usualMode: 'car_driver',
      oneWayKm: 5,
      daysPerWeek: 9,
    },
    status: 422,
    code: 'validation_failed',
    detailPath: 'daysPerWeek',
  },
  {
    name: 'a survey with no mode',
    path: '/api/v1/commuters/cmt-a1/surveys',
    json: { kind: 'baseline', takenOn: '2010-09-01', daysPerWeek: 5 },
    status: 422,
    code: 'validation_failed',
  },
  {
    name: 'a commuter with an unknown age band',
    path: '/api/v1/commuters',
    json: { partnerId: 'town-a', ageBand: '25-35' },
    status: 422,
    code: 'validation_failed',
    detailPath: 'ageBand',
  },
  {
    name: 'a commuter at an unknown site',
    path: '/api/v1/commuters',
    json: { partnerId: 'town-a', siteId: 'site-b' },
    status: 422,
    code: 'validation_failed',
  },
];

describe('bad input gets a 4xx in the error envelope and stores nothing', () => {
  it.each(cases)('$name → $status $code', async (c) => {
    const before = await t.db.kysely
      .selectFrom('trips')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const method = c.method ?? 'POST';
    const init: RequestInit & { token: string; json?: unknown } = { method, token };
    if (c.json !== undefined) init.json = c.json;
    if (c.raw !== undefined) {
      init.body = c.raw;
      init.headers = { 'content-type': c.contentType ?? 'application/json' };
    }
    const res = await t.request(c.path ?? '/api/v1/trips', init);
    expect(res.status).toBe(c.status);
    const b = await body(res);
    expect(b.error.code).toBe(c.code);
    expect(typeof b.error.message).toBe('string');
    expect(b.error.message.length).toBeGreaterThan(5);
    if (c.detailPath)
      expect(b.error.details.map((d: { path: string }) => d.path)).toContain(c.detailPath);
    const after = await t.db.kysely
      .selectFrom('trips')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
