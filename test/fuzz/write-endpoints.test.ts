/**
 * Property-based fuzzing of every write endpoint (issue 8, point 9): generated malformed and
 * hostile requests (bodies, query strings, headers, content types, path ids) from every role.
 * No answer may be a 500 or more; afterwards the database must be intact: integrity_check ok,
 * no trip whose leg_count differs from its legs, no leg without its trip, rollups equal to what
 * the raw legs give.
 *
 * The endpoints come from the OpenAPI document, so routes added later are fuzzed too. Each run
 * is a fresh in-memory database with the fixtures (a run may delete or disable the fixture
 * accounts), then a sequence of requests through app.request(). The seed is fixed and printed;
 * FUZZ_SEED=<n> replays another. Every distinct 500 is collected (not only the first), replayed
 * alone on a fresh database and listed in the failure message.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import type { Logger } from '../../server/logger.js';
import { verifyRollups } from '../../server/repositories/rollups.js';
import {
  bikeTrip,
  createTestContext,
  PASSWORD,
  TEST_NOW,
  USERS,
  type FixtureUser,
  type TestContext,
} from '../helpers.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const RUNS = 40;
const REQUESTS_PER_RUN = 260;
const MIN_REQUESTS = 10_000;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: Json[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  default?: Json;
}

interface Endpoint {
  method: string;
  /** OpenAPI path under /api/v1, e.g. `/trips/{id}`. */
  path: string;
  body: JsonSchema | null;
}

/** Who sends a request: a role's bearer token, a browser session, or something broken. */
const AUTHS = [
  'anon',
  'admin',
  'staffA',
  'staffB',
  'commuterA',
  'commuterB',
  'analystNetwork',
  'cookie',
  'cookie-no-csrf',
  'cookie-bad-csrf',
  'garbage',
] as const;
type Auth = (typeof AUTHS)[number];
const BEARER_ROLES = [
  'admin',
  'staffA',
  'staffB',
  'commuterA',
  'commuterB',
  'analystNetwork',
] as const satisfies readonly FixtureUser[];

interface FuzzRequest {
  method: string;
  url: string;
  auth: Auth;
  /** Raw Authorization value for `garbage`. */
  authorization: string;
  headers: Record<string, string>;
  body: string | undefined;
}

const FIXTURE_IDS = [
  'town-a',
  'town-b',
  'site-a',
  'site-b',
  'cmt-a1',
  'cmt-a2',
  'cmt-b1',
  ...Object.keys(USERS).map((k) => `acc-${k}`),
];
/** Trip ids the generated trips use, so that later requests hit real trips (replays, patches, deletes). */
const TRIP_IDS = Array.from({ length: 12 }, (_, i) => `fz-trip-${i}`);
const COMMUTER_IDS = ['cmt-a1', 'cmt-a2', 'cmt-b1'];

// --- hostile values -------------------------------------------------------------------------

const LONE_SURROGATES = ['\ud800', '\udfff', 'a\ud83d', '\ude00b'];
const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u202etxt.exe',
  '\u2066x\u2069',
  '\ufeff',
  '\u200b',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e308',
  '1e-7',
  '__proto__',
  'constructor',
  'prototype',
  "' OR 1=1 --",
  '"; DROP TABLE trips; --',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '\r\n',
  '😀'.repeat(50),
  ...LONE_SURROGATES,
];
const HOSTILE_NUMBERS = [
  0,
  -0,
  -1,
  1e-7,
  5e-324,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 31,
  -(2 ** 63),
  0.1 + 0.2,
  1000.0000001,
  20,
  21,
];

/** JSON text of a value that JSON.stringify cannot write: NaN, Infinity, huge exponents. */
const NON_JSON_NUMBERS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-1e999',
  '0x10',
  '01',
  '.5',
  '+1',
  '1_000',
];

const hostileLeaf: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(...HOSTILE_STRINGS, ...HOSTILE_NUMBERS, null, true, false, [], {}),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.double(),
  fc.integer(),
  fc.constantFrom(1_000, 70_000, 1_100_000).map((n) => 'x'.repeat(n)),
  fc.constantFrom(50, 2_000).map((depth) => nested(depth)),
  fc.constant(JSON.parse('{"__proto__": {"role": "admin", "isAdmin": true}}') as Json),
  fc.constant({ constructor: { prototype: { polluted: true } } } as Json),
  fc.array(fc.constantFrom<Json>(0, 'a', null, {}), { maxLength: 2_000, size: 'medium' }),
);

function nested(depth: number): Json {
  let v: Json = 'deep';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

// --- values shaped by the OpenAPI schemas ----------------------------------------------------

function resolve(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  let s = schema;
  for (let i = 0; s.$ref && i < 10; i++)
    s = components[s.$ref.replace('#/components/schemas/', '')] ?? {};
  return s;
}

/** Values that mostly satisfy the schema, so the request reaches the deeper checks. */
function fromSchema(
  schema: JsonSchema,
  components: Record<string, JsonSchema>,
  depth = 0,
): fc.Arbitrary<Json> {
  const s = resolve(schema, components);
  if (depth > 6) return fc.constant(null);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length)
    return fc.oneof(...alternatives.map((a) => fromSchema(a, components, depth + 1)));
  if (s.allOf?.length) return fromSchema(s.allOf[0]!, components, depth + 1);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const options: fc.Arbitrary<Json>[] = [];
  if (types.includes('null') || s.nullable) options.push(fc.constant(null));
  for (const type of types) {
    if (type === 'string') options.push(stringFor(s));
    else if (type === 'number' || type === 'integer') {
      const min = s.minimum ?? s.exclusiveMinimum ?? -1e6;
      const max = s.maximum ?? s.exclusiveMaximum ?? 1e6;
      options.push(
        type === 'integer'
          ? fc.integer({ min: Math.ceil(Math.max(min, -1e9)), max: Math.floor(Math.min(max, 1e9)) })
          : fc.double({ min, max, noNaN: true }),
      );
    } else if (type === 'boolean') options.push(fc.boolean());
    else if (type === 'array') {
      if (s.prefixItems)
        options.push(fc.tuple(...s.prefixItems.map((p) => fromSchema(p, components, depth + 1))));
      else if (s.items && !Array.isArray(s.items))
        options.push(
          fc.array(fromSchema(s.items, components, depth + 1), {
            minLength: s.minItems ?? 0,
            maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)),
          }),
        );
      else options.push(fc.constant([]));
    } else if (type === 'object') options.push(objectFor(s, components, depth));
  }
  if (options.length === 0) return s.properties ? objectFor(s, components, depth) : hostileLeaf;
  return fc.oneof(...options);
}

function stringFor(s: JsonSchema): fc.Arbitrary<Json> {
  if (s.format === 'date-time')
    return fc.constantFrom(
      '2011-03-01T07:30:00+01:00',
      '2011-03-01T08:10:00+01:00',
      '2012-06-30T23:59:59Z',
      '2031-01-01T00:00:00Z',
    );
  if (s.format === 'date') return fc.constantFrom('2011-03-01', '2012-02-29', '2010-09-01');
  if (s.pattern?.includes('A-Za-z0-9')) return fc.constantFrom(...FIXTURE_IDS, ...TRIP_IDS);
  const min = s.minLength ?? 0;
  const max = Math.max(min, Math.min(s.maxLength ?? 24, 24));
  return fc.oneof(
    fc.string({ minLength: min, maxLength: max }),
    fc.constantFrom(
      'Europe/Vienna',
      'de',
      'da',
      'AT',
      'x@test.example',
      'correct horse battery staple 42',
    ),
  );
}

function objectFor(
  s: JsonSchema,
  components: Record<string, JsonSchema>,
  depth: number,
): fc.Arbitrary<Json> {
  const props = s.properties ?? {};
  const required = new Set(s.required ?? []);
  const record: Record<string, fc.Arbitrary<Json>> = {};
  for (const [k, v] of Object.entries(props)) record[k] = fromSchema(v, components, depth + 1);
  const optional = Object.keys(props).filter((k) => !required.has(k));
  return fc.record(record, { requiredKeys: [...required].filter((k) => k in props) }).map((o) => {
    for (const k of optional) if (o[k] === undefined) delete o[k];
    return o as Json;
  });
}

/** A schema-shaped body with one field broken, removed, or an unknown key added. */
function mutated(base: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  return fc
    .tuple(base, fc.nat(), hostileLeaf, fc.constantFrom('replace', 'delete', 'add', 'replace-deep'))
    .map(([value, pick, bad, how]) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return bad;
      const copy = JSON.parse(JSON.stringify(value)) as Record<string, Json>;
      const keys = Object.keys(copy);
      const key = keys.length ? keys[pick % keys.length]! : 'x';
      if (how === 'delete') delete copy[key];
      else if (how === 'add')
        copy[['__proto__', 'constructor', 'colour', 'id', 'role'][pick % 5]!] = bad;
      else if (how === 'replace-deep' && Array.isArray(copy[key]) && (copy[key] as Json[]).length) {
        const arr = copy[key] as Json[];
        const inner = arr[pick % arr.length];
        if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
          const ik = Object.keys(inner);
          if (ik.length) (inner as Record<string, Json>)[ik[pick % ik.length]!] = bad;
        } else arr[pick % arr.length] = bad;
      } else copy[key] = bad;
      return copy;
    });
}

/** Trips the server should accept, with ids shared across requests: creates, replays, conflicts. */
const plausibleTrip: fc.Arbitrary<Json> = fc
  .record({
    id: fc.option(fc.constantFrom(...TRIP_IDS), { nil: undefined }),
    commuterId: fc.option(fc.constantFrom(...COMMUTER_IDS), { nil: undefined }),
    day: fc.integer({ min: 1, max: 28 }),
    km: fc.oneof(fc.double({ min: 0.3, max: 15, noNaN: true }), fc.constantFrom(1e-7, 0.001, 5.2)),
    mode: fc.constantFrom('bike', 'walk', 'ebike', 'bus', 'car_driver'),
    legs: fc.integer({ min: 1, max: 3 }),
    geometry: fc.boolean(),
  })
  .map(({ id, commuterId, day, km, mode, legs, geometry }) => {
    const d = String(day).padStart(2, '0');
    const legList = Array.from({ length: legs }, (_, i) => ({
      mode: i === 0 ? mode : 'walk',
      distanceKm: i === 0 ? km : 0.4,
      durationMin: null,
      ...(geometry && i === 0
        ? {
            geometry: {
              type: 'LineString',
              coordinates: [
                [15.62, 47.21],
                [15.63, 47.22],
                [15.64, 47.215],
              ],
            },
          }
        : {}),
    }));
    return bikeTrip({
      ...(id ? { id } : {}),
      ...(commuterId ? { commuterId } : {}),
      startedAt: `2011-03-${d}T07:30:00+01:00`,
      endedAt: null,
      legs: legList,
    }) as Json;
  });

// --- whole requests -------------------------------------------------------------------------

const INVALID_JSON_TEXT = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '{"a":',
    '[1,2',
    '{"a":1,}',
    "{'a':1}",
    'undefined',
    '\ufeff{}',
    '{"a":"\\ud800"}',
    '{"a":"\\u0000"}',
    '{}{}',
    '\u0000',
    ...NON_JSON_NUMBERS,
    ...NON_JSON_NUMBERS.map((n) => `{"distanceKm": ${n}}`),
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(5_000, 50_000).map((n) => '['.repeat(n) + ']'.repeat(n)),
);

const CONTENT_TYPES = [
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'application/problem+json',
  'APPLICATION/JSON',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jsonx',
  'application/json;;;',
  '*/*',
  '',
];

const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)),
  maxLength: 120,
});

const AUTHORIZATIONS = fc.oneof(
  fc.constantFrom(
    'Bearer',
    'Bearer ',
    'Bearer  ',
    'bearer x',
    'Basic YWRtaW46YWRtaW4=',
    `Bearer ms_${'a'.repeat(64)}`,
    `Bearer ${'x'.repeat(20_000)}`,
    'Token abc',
    'Bearer a b c',
    'Bearer \t',
    'Bearer ÿÿÿ',
  ),
  headerText.map((t) => `Bearer ${t}`),
  headerText,
);

const QUERY = fc.oneof(
  fc.constant(''),
  fc
    .dictionary(
      fc.constantFrom(
        'limit',
        'cursor',
        'partnerId',
        'siteId',
        'from',
        'to',
        '__proto__',
        'constructor',
        'id',
        'x',
      ),
      fc.oneof(
        fc.string({ maxLength: 30 }),
        fc.constantFrom('-1', '1e308', 'NaN', '0', '%00', '\u0000', '2011-13-45'),
      ),
    )
    .map((q) => `?${new URLSearchParams(q as Record<string, string>)}`),
  fc.constantFrom(
    '?',
    '?&&',
    '?a=%zz',
    '?%E0%A4%A',
    '?a=1&a=2&a=3',
    '?limit[]=1',
    `?x=${'y'.repeat(10_000)}`,
  ),
);

const PATH_ID = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FIXTURE_IDS, ...TRIP_IDS).map(encodeURIComponent) },
  {
    weight: 2,
    arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }).map(encodeURIComponent),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '%E0%A4%A',
      '%zz',
      '%00',
      '..',
      '.',
      '%2e%2e',
      '%2F',
      'a%2Fb',
      'x'.repeat(300),
      '%F0%9F%98%80',
      '%ED%A0%80',
    ),
  },
);

function requestFor(
  endpoint: Endpoint,
  components: Record<string, JsonSchema>,
): fc.Arbitrary<FuzzRequest> {
  const isTripWrite =
    endpoint.method === 'POST' && (endpoint.path === '/trips' || endpoint.path === '/trips/batch');
  const shaped = endpoint.body ? fromSchema(endpoint.body, components) : fc.constant<Json>({});
  const good: fc.Arbitrary<Json> = isTripWrite
    ? endpoint.path === '/trips'
      ? plausibleTrip
      : fc.array(plausibleTrip, { minLength: 1, maxLength: 5 }).map((trips) => ({ trips }) as Json)
    : shaped;
  const bodies = fc.oneof(
    { weight: 4, arbitrary: good.map((v) => JSON.stringify(v)) },
    { weight: 4, arbitrary: mutated(good).map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: shaped.map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: INVALID_JSON_TEXT },
    { weight: 1, arbitrary: fc.constant<string | undefined>(undefined) },
  );
  return fc
    .record({
      ids: fc.array(PATH_ID, { minLength: 2, maxLength: 2 }),
      query: QUERY,
      body: bodies,
      auth: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...AUTHS.filter((a) => a !== 'garbage')) },
        { weight: 2, arbitrary: fc.constant<Auth>('garbage') },
      ),
      authorization: AUTHORIZATIONS,
      contentType: fc.oneof(
        { weight: 6, arbitrary: fc.constant('application/json') },
        { weight: 3, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
        { weight: 1, arbitrary: fc.constant<string | null>(null) },
      ),
      contentLength: fc.option(fc.constantFrom('0', '1', '-1', 'abc', '99999999999', '1e3', ' 5'), {
        nil: null,
        freq: 6,
      }),
      extra: fc.dictionary(
        fc.constantFrom(
          'x-request-id',
          'x-csrf-token',
          'cookie',
          'accept',
          'x-forwarded-for',
          'accept-language',
          'origin',
        ),
        headerText,
        { maxKeys: 3 },
      ),
    })
    .map(({ ids, query, body, auth, authorization, contentType, contentLength, extra }) => {
      let i = 0;
      const path = endpoint.path.replace(/\{[^}]+\}/g, () => ids[i++ % ids.length]!);
      const headers: Record<string, string> = { ...extra };
      if (contentType !== null && body !== undefined) headers['content-type'] = contentType;
      if (contentLength !== null) headers['content-length'] = contentLength;
      return {
        method: endpoint.method,
        url: `/api/v1${path}${query}`,
        auth,
        authorization,
        headers,
        body,
      };
    });
}

/** Well-formed trip writes from roles that may write: the share of requests that change data. */
const friendlyTripWrite: fc.Arbitrary<FuzzRequest> = fc
  .record({
    batch: fc.boolean(),
    trips: fc.array(plausibleTrip, { minLength: 1, maxLength: 4 }),
    auth: fc.constantFrom<Auth>('admin', 'staffA', 'cookie'),
  })
  .map(({ batch, trips, auth }) => ({
    method: 'POST',
    url: batch ? '/api/v1/trips/batch' : '/api/v1/trips',
    auth,
    authorization: '',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(batch ? { trips } : trips[0]),
  }));

/** Corrections and deletions of the trips written above: the rollups must follow them too. */
const friendlyTripChange: fc.Arbitrary<FuzzRequest> = fc
  .record({
    id: fc.constantFrom(...TRIP_IDS),
    remove: fc.boolean(),
    patch: fc.oneof(
      plausibleTrip.map((t) => ({
        legs: (t as { legs: Json }).legs,
        startedAt: (t as { startedAt: Json }).startedAt,
      })),
      fc.record({
        purpose: fc.constantFrom('commute', 'leisure', null),
        replacedMode: fc.constantFrom('car_driver', 'bus', 'none', null),
      }),
      fc.record({
        startedAt: fc.constantFrom('2011-04-02T23:30:00+01:00', '2012-02-29T07:00:00Z'),
      }),
    ),
    auth: fc.constantFrom<Auth>('admin', 'staffA', 'commuterA', 'cookie'),
  })
  .map(({ id, remove, patch, auth }) => ({
    method: remove ? 'DELETE' : 'PATCH',
    url: `/api/v1/trips/${id}`,
    auth,
    authorization: '',
    headers: (remove ? {} : { 'content-type': 'application/json' }) as Record<string, string>,
    body: remove ? undefined : JSON.stringify(patch),
  }));

// --- the run --------------------------------------------------------------------------------

interface Session {
  t: TestContext;
  app: ReturnType<typeof createApp>;
  tokens: Partial<Record<FixtureUser, string>>;
  cookie: { cookie: string; csrf: string } | null;
  errors: string[];
}

async function openSession(): Promise<Session> {
  const t = await createTestContext();
  const errors: string[] = [];
  const capture = (msg: string, fields?: Record<string, unknown>) =>
    errors.push(
      `${msg}: ${String(fields?.error ?? '')
        .split('\n')
        .slice(0, 2)
        .join(' | ')}`,
    );
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: capture,
  };
  // The same database as the test context, with a logger that keeps what a 500 logged.
  const app = createApp({ db: t.db, config: t.config, logger, now: () => TEST_NOW });
  const tokens: Session['tokens'] = {};
  for (const role of BEARER_ROLES) tokens[role] = await t.login(USERS[role].email);
  return { t, app, tokens, cookie: await cookieLogin(t), errors };
}

/** A browser-style login of staffA: session and CSRF cookies. */
async function cookieLogin(t: TestContext): Promise<Session['cookie']> {
  const res = await t.request('/api/v1/auth/login', {
    method: 'POST',
    json: { email: USERS.staffA.email, password: PASSWORD, session: 'cookie' },
  });
  if (res.status !== 200) return null;
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = cookies.find((c) => c.startsWith('ms_csrf='))?.slice('ms_csrf='.length) ?? '';
  return { cookie: cookies.join('; '), csrf };
}

/**
 * A logout ends the session it was sent with; log that role in again so the rest of the run is
 * not all 401s. (A disabled or deleted account stays logged out: that is part of the run.)
 */
async function afterLogout(s: Session, r: FuzzRequest, status: number): Promise<void> {
  if (!r.url.startsWith('/api/v1/auth/logout') || status >= 300) return;
  if (r.auth.startsWith('cookie')) s.cookie = await cookieLogin(s.t);
  else if ((BEARER_ROLES as readonly string[]).includes(r.auth)) {
    const role = r.auth as (typeof BEARER_ROLES)[number];
    try {
      s.tokens[role] = await s.t.login(USERS[role].email);
    } catch {
      // the account was disabled or deleted earlier in the run
    }
  }
}

async function send(s: Session, r: FuzzRequest): Promise<Response> {
  const headers = new Headers(r.headers);
  if (r.auth === 'garbage') headers.set('authorization', r.authorization);
  else if (r.auth.startsWith('cookie') && s.cookie) {
    headers.set('cookie', s.cookie.cookie);
    if (r.auth === 'cookie') headers.set('x-csrf-token', s.cookie.csrf);
    else if (r.auth === 'cookie-bad-csrf') headers.set('x-csrf-token', `${s.cookie.csrf}x`);
    else headers.delete('x-csrf-token');
  } else if (r.auth !== 'anon')
    headers.set('authorization', `Bearer ${s.tokens[r.auth as FixtureUser]}`);
  const init: RequestInit = { method: r.method, headers };
  if (r.body !== undefined) init.body = r.body;
  return s.app.request(r.url, init);
}

/** The database after a run: intact file, whole trips, rollups equal to the raw legs. */
async function checkInvariants(s: Session): Promise<void> {
  const sqlite = s.t.db.sqlite!;
  expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(sqlite.pragma('foreign_key_check')).toEqual([]);
  const k = s.t.db.kysely;
  const partial = await sql<{
    id: string;
  }>`select t.id from trips t where t.leg_count <> (select count(*) from legs l where l.trip_id = t.id)`.execute(
    k,
  );
  expect(partial.rows, 'trips whose leg_count differs from their legs').toEqual([]);
  const orphans = await sql<{
    trip_id: string;
  }>`select l.trip_id from legs l where not exists (select 1 from trips t where t.id = l.trip_id)`.execute(
    k,
  );
  expect(orphans.rows, 'legs without their trip').toEqual([]);
  expect(await verifyRollups(k), 'rollups that differ from raw legs').toEqual([]);
}

function describeRequest(r: FuzzRequest): string {
  const clip = (v: string | undefined) =>
    v === undefined
      ? '(no body)'
      : JSON.stringify(v.length > 300 ? `${v.slice(0, 300)}… (${v.length} chars)` : v);
  return `${r.method} ${r.url.length > 200 ? `${r.url.slice(0, 200)}…` : r.url} as ${r.auth} headers=${JSON.stringify(r.headers).slice(0, 300)} body=${clip(r.body)}`;
}

let endpoints: Endpoint[] = [];
let components: Record<string, JsonSchema> = {};

beforeAll(async () => {
  const t = await createTestContext({ fixtures: false });
  const doc = (await (await t.app.request('/api/v1/openapi.json')).json()) as {
    paths: Record<
      string,
      Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>
    >;
    components: { schemas: Record<string, JsonSchema> };
  };
  await t.close();
  components = doc.components.schemas;
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
      endpoints.push({
        method: method.toUpperCase(),
        path,
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
      });
    }
  }
  endpoints = endpoints.sort((a, b) =>
    `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`),
  );
});

describe('fuzzing every write endpoint', () => {
  const served: Array<{ status: number; endpoint: string; known: boolean }> = [];
  const failures = new Map<
    string,
    { request: FuzzRequest; status: number; logged: string; count: number }
  >();
  let sessions: Session[] = [];
  afterAll(async () => {
    for (const s of sessions) await s.t.close();
  });

  it(`answers ${MIN_REQUESTS}+ hostile requests without a 5xx and leaves the database whole (seed ${SEED})`, async () => {
    console.log(
      `fuzz: seed ${SEED}, ${RUNS} runs × ${REQUESTS_PER_RUN} requests over ${endpoints.length} write endpoints (FUZZ_SEED=<n> to change)`,
    );
    expect(endpoints.length).toBeGreaterThanOrEqual(15);
    const anyRequest = fc.oneof(
      { weight: 6, arbitrary: fc.oneof(...endpoints.map((e) => requestFor(e, components))) },
      { weight: 1, arbitrary: friendlyTripWrite },
      { weight: 1, arbitrary: friendlyTripChange },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyRequest, { minLength: REQUESTS_PER_RUN, maxLength: REQUESTS_PER_RUN }),
        async (requests) => {
          const s = await openSession();
          sessions.push(s);
          for (const r of requests) {
            const before = s.errors.length;
            const res = await send(s, r);
            await res.arrayBuffer();
            await afterLogout(s, r, res.status);
            const template = endpoints.find(
              (e) =>
                e.method === r.method &&
                new RegExp(`^/api/v1${e.path.replace(/\{[^}]+\}/g, '[^/?]*')}(\\?|$)`).test(r.url),
            );
            const endpoint = `${r.method} ${template?.path ?? r.url}`;
            served.push({ status: res.status, endpoint, known: template !== undefined });
            if (res.status >= 500) {
              const logged = s.errors.slice(before).join(' / ') || '(nothing logged)';
              const key = `${endpoint} → ${res.status}: ${logged.replace(/\d+/g, 'N').slice(0, 160)}`;
              const seen = failures.get(key);
              if (seen) seen.count++;
              else failures.set(key, { request: r, status: res.status, logged, count: 1 });
            }
          }
          await checkInvariants(s);
          await s.t.close();
          sessions = sessions.filter((x) => x !== s);
        },
      ),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );

    const byStatus = new Map<string, number>();
    for (const x of served)
      byStatus.set(
        `${x.endpoint.split('?')[0]} ${x.status}`,
        (byStatus.get(`${x.endpoint.split('?')[0]} ${x.status}`) ?? 0) + 1,
      );
    console.log(
      `fuzz: ${served.length} requests; answers by endpoint and status:\n${[...byStatus]
        .filter(([k]) => k.includes('/api/v1') === false)
        .sort()
        .map(([k, n]) => `  ${k}: ${n}`)
        .join('\n')}`,
    );
    expect(served.length).toBeGreaterThanOrEqual(MIN_REQUESTS);
    // Every write endpoint was reached, and some writes went through (not only refusals).
    expect(new Set(served.filter((x) => x.known).map((x) => x.endpoint)).size).toBe(
      endpoints.length,
    );
    expect(
      served.filter((x) => x.status < 300 && x.endpoint.startsWith('POST /trips')).length,
    ).toBeGreaterThan(50);

    const report: string[] = [];
    for (const [key, f] of failures) {
      // Alone on a fresh database: does this one request give the 500, or did it need the run before it?
      const fresh = await openSession();
      const alone = (await send(fresh, f.request)).status;
      await fresh.t.close();
      report.push(
        `${key}\n    ${f.count}×; alone on a fresh database: ${alone}\n    ${describeRequest(f.request)}\n    logged: ${f.logged.slice(0, 400)}`,
      );
    }
    expect(report, `distinct 5xx answers (seed ${SEED}):\n${report.join('\n')}`).toEqual([]);
  }, 600_000);
});
