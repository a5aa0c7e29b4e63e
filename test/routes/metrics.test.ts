import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { releaseDue } from '../../server/services/releases.js';
import { postImport } from '../imports/support.js';
import {
  bikeTrip,
  body,
  createTestContext,
  TEST_ENGINE,
  TEST_NOW,
  USERS,
  type TestContext,
} from '../helpers.js';

/**
 * GET /metrics (issue 14, point 6): Prometheus text for an operator's scraper, off unless
 * METRICS_TOKEN is set, labelled by route pattern (bounded), and holding no per-user data.
 */
let t: TestContext;
afterEach(() => t?.close());

const TOKEN = 'scrape-secret-0123456789abcdef';

async function setup() {
  t = await createTestContext({ config: { METRICS_TOKEN: TOKEN } });
}

async function scrape(): Promise<string> {
  const res = await t.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
}

/** The value of the sample `name{labels}` (labels in the order prom-client prints them). */
function sample(text: string, name: string, labels = ''): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    const key = line.slice(0, space);
    if (key === (labels ? `${name}{${labels}}` : name)) return Number(line.slice(space + 1));
  }
  return undefined;
}

describe('GET /metrics', () => {
  it('is off without METRICS_TOKEN, and refuses a missing or wrong token with it', async () => {
    t = await createTestContext();
    const off = await t.request('/metrics');
    expect(off.status).toBe(404);
    expect((await body(off)).error.code).toBe('not_found');
    await t.close();

    await setup();
    for (const authorization of [
      undefined,
      'Bearer wrong-secret-0123456789abcd',
      `Basic ${TOKEN}`,
    ]) {
      const res = await t.request('/metrics', {
        headers: authorization ? { authorization } : {},
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await body(res)).error.code).toBe('unauthenticated');
    }
    // A user's own login token is not the scraper's secret either.
    const res = await t.request('/metrics', { token: await t.token('admin') });
    expect(res.status).toBe(401);
    const ok = await t.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('counts requests and latencies by route pattern and status, never by raw URL', async () => {
    await setup();
    const token = await t.token('staffA');
    const secretId = 'trp_private_id_of_someone';
    for (let i = 0; i < 3; i++)
      expect((await t.request(`/api/v1/trips/${secretId}${i}`, { token })).status).toBe(404);
    expect((await t.request('/api/v1/trips', { token })).status).toBe(200);
    const text = await scrape();
    const labels = 'method="GET",route="/api/v1/trips/:id",status="404",ok="false"';
    expect(sample(text, 'http_requests_total', labels)).toBe(3);
    expect(sample(text, 'http_request_duration_seconds_count', labels)).toBe(3);
    expect(
      sample(
        text,
        'http_requests_total',
        'method="GET",route="/api/v1/trips",status="200",ok="true"',
      ),
    ).toBe(1);
    // Buckets of the latency histogram for the pattern, ending with +Inf = count.
    expect(sample(text, 'http_request_duration_seconds_bucket', `le="+Inf",${labels}`)).toBe(3);
    // Nothing about a person: no ids, e-mail addresses, tokens or partner ids.
    expect(text).not.toContain(secretId);
    for (const u of Object.values(USERS)) expect(text).not.toContain(u.email);
    expect(text).not.toContain(token);
    expect(text).not.toContain('town-a');
    expect(text).not.toContain('cmt-a1');
  });

  it('counts ingested trips by source (replays not), imported and tracker points', async () => {
    await setup();
    const commuter = await t.token('commuterA');
    const trip = bikeTrip({ id: 'trp_metrics_1', commuterId: 'cmt-a1' });
    for (let i = 0; i < 2; i++)
      expect(
        (await t.request('/api/v1/trips', { method: 'POST', token: commuter, json: trip })).status,
      ).toBe(201);
    const batch = await t.request('/api/v1/trips/batch', {
      method: 'POST',
      token: commuter,
      json: {
        trips: [
          bikeTrip({
            startedAt: '2011-03-02T07:30:00+01:00',
            endedAt: '2011-03-02T07:52:00+01:00',
          }),
          bikeTrip({
            startedAt: '2011-03-03T07:30:00+01:00',
            endedAt: '2011-03-03T07:52:00+01:00',
          }),
        ],
      },
    });
    expect(batch.status).toBe(200);

    const gpx = readFileSync(new URL('../fixtures/imports/commute_9h_gap.gpx', import.meta.url));
    const imported = await postImport(t, commuter, gpx, 'commute.gpx');
    expect(imported.status).toBe(200);
    const report = await body(imported);

    const device = await body(
      await t.request('/api/v1/devices', {
        method: 'POST',
        token: commuter,
        json: { kind: 'osmand', name: 'phone' },
      }),
    );
    for (const [i, second] of [0, 10, 10, 20].entries()) {
      const q = `id=${device.token}&lat=55.68${i}&lon=12.55${i}&timestamp=${1764320000 + second}`;
      expect((await t.request(`/api/v1/track/osmand?${q}`)).status).toBe(200);
    }

    const text = await scrape();
    // One single trip (its replay not counted) and two in the batch.
    expect(sample(text, 'modeshift_trips_ingested_total', 'source="api"')).toBe(3);
    expect(sample(text, 'modeshift_trips_ingested_total', 'source="import"')).toBe(
      report.trips.length,
    );
    expect(report.trips.length).toBeGreaterThan(0);
    expect(sample(text, 'modeshift_import_points_total')).toBe(report.report.pointsRead);
    // The point sent twice (same time) is stored once.
    expect(sample(text, 'modeshift_tracker_points_total')).toBe(3);
  });

  it('shows the release lag: the oldest due month not yet frozen, until a release runs', async () => {
    await setup();
    const commuter = await t.token('commuterA');
    const res = await t.request('/api/v1/trips', {
      method: 'POST',
      token: commuter,
      json: bikeTrip({ commuterId: 'cmt-a1' }),
    });
    expect(res.status).toBe(201);
    // March 2011 ends on the 31st; with RELEASE_DELAY_DAYS=7 it is due from April 8.
    const dueAtMs = Date.parse('2011-04-08T00:00:00Z');
    let text = await scrape();
    expect(sample(text, 'modeshift_release_oldest_due_age_seconds')).toBe(
      Math.round((TEST_NOW - dueAtMs) / 1000),
    );
    expect(sample(text, 'modeshift_release_last_frozen_timestamp_seconds')).toBe(0);
    const nowIso = new Date(TEST_NOW).toISOString();
    await releaseDue(t.db.kysely, t.config.releaseDelayDays, nowIso);
    text = await scrape();
    expect(sample(text, 'modeshift_release_oldest_due_age_seconds')).toBe(0);
    expect(sample(text, 'modeshift_release_last_frozen_timestamp_seconds')).toBe(TEST_NOW / 1000);
    expect(sample(text, 'modeshift_database_info', `engine="${TEST_ENGINE}"`)).toBe(1);
    expect(sample(text, 'modeshift_database_size_bytes')).toBeGreaterThan(0);
    if (TEST_ENGINE === 'postgres')
      expect(sample(text, 'modeshift_db_pool_connections', 'state="max"')).toBe(10);
    else expect(text).not.toContain('modeshift_db_pool_connections{');
  });
});
