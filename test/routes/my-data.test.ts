import { sql } from 'kysely';
import { unzipSync, strFromU8 } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PRIVACY_NOTICE_VERSION } from '../../server/domain/privacy-notice.js';
import { verifyRollups } from '../../server/repositories/rollups.js';
import { body, createTestContext, type TestContext } from '../helpers.js';
import { tablesAndColumns } from '../engine.js';

let t: TestContext;
beforeEach(async () => {
  t = await createTestContext();
});
afterEach(() => t.close());

const ROUTE = [
  [15.6, 47.2],
  [15.61, 47.205],
  [15.62, 47.21],
  [15.63, 47.215],
  [15.64, 47.22],
];

/** Joins with a fresh code and logs a routed trip and a usual-commute tap. */
async function joinedCommuter() {
  const code = await body(
    await t.request('/api/v1/partners/town-a/enrolment-codes', {
      method: 'POST',
      token: await t.token('staffA'),
      json: {},
    }),
  );
  const joined = await body(
    await t.request(`/api/v1/enrolment/${code.code}/join`, {
      method: 'POST',
      json: {
        email: 'leaving.soon@test.example',
        password: 'pedal-to-the-harbour-2011',
        locale: 'da',
        privacyNoticeAccepted: true,
        privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
        baseline: {
          usualLegs: [{ mode: 'car_driver', distanceKm: 3 }],
          commutingDaysPerWeek: 5,
          ageBand: '40-49',
        },
      },
    }),
  );
  const token = joined.token as string;
  const id = joined.commuterId as string;
  const trip = await t.request('/api/v1/trips', {
    method: 'POST',
    token,
    json: {
      id: 'routed-1',
      startedAt: '2026-11-26T07:30:00+01:00',
      purpose: 'commute',
      replacedMode: 'car_driver',
      legs: [
        {
          mode: 'bike',
          distanceKm: 4,
          durationMin: 16,
          geometry: { type: 'LineString', coordinates: ROUTE },
        },
      ],
    },
  });
  expect(trip.status).toBe(201);
  await t.request(`/api/v1/commuters/${id}/usual-commute/log`, {
    method: 'POST',
    token,
    json: { date: '2026-11-27', direction: 'to_work', clientIds: ['tap-1'] },
  });
  return { token, id, accountId: joined.account.id as string, code };
}

describe('my data', () => {
  it('exports account, enrolment, privacy acceptance, surveys, trips, tokens and audit as JSON', async () => {
    const { token, id } = await joinedCommuter();
    const res = await t.request(`/api/v1/commuters/${id}/export`, { token });
    expect(res.status).toBe(200);
    const data = await body(res);
    expect(data.account).toMatchObject({ email: 'leaving.soon@test.example', locale: 'da' });
    expect(data.privacyAcceptance.version).toBe(PRIVACY_NOTICE_VERSION);
    expect(data.enrolment.codeId).toMatch(/^enr_/);
    expect(data.surveys).toHaveLength(1);
    expect(data.usualCommute.legs).toEqual([{ mode: 'car_driver', distanceKm: 3 }]);
    expect(data.trips.map((x: { id: string }) => x.id).sort()).toEqual(['routed-1', 'tap-1']);
    expect(data.auditEntries.map((a: { action: string }) => a.action)).toContain('enrolment.join');
    expect(JSON.stringify(data)).not.toMatch(/password_hash|passwordHash|token_hash/);
  });

  it('exports a ZIP with export.json, trips.geojson and a GPX per routed trip', async () => {
    const { token, id } = await joinedCommuter();
    const res = await t.request(`/api/v1/commuters/${id}/export?format=zip`, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(['export.json', 'gpx/routed-1.gpx', 'trips.geojson']);
    const geo = JSON.parse(strFromU8(files['trips.geojson']!));
    expect(geo.features).toHaveLength(1);
    expect(geo.features[0].properties).toMatchObject({ tripId: 'routed-1', mode: 'bike' });
    const gpx = strFromU8(files['gpx/routed-1.gpx']!);
    expect(gpx).toContain('<trkseg>');
    expect(gpx.match(/<trkpt /g)!.length).toBe(geo.features[0].geometry.coordinates.length);
  });

  it('deleting the account leaves no row of that commuter in any table, and exact rollups', async () => {
    const { token, id, accountId, code } = await joinedCommuter();
    const del = await t.request(`/api/v1/commuters/${id}`, { method: 'DELETE', token });
    expect(del.status).toBe(204);
    // Every table, every text column: neither the commuter id, the account id nor the e-mail.
    const tables = await tablesAndColumns(t.db);
    expect([...tables.keys()]).toContain('enrolments');
    for (const [table, cols] of tables) {
      for (const col of cols) {
        const hits = await sql<{
          n: number;
        }>`select count(*) as n from ${sql.table(table)} where cast(${sql.ref(col)} as text) like ${'%' + id + '%'} or cast(${sql.ref(col)} as text) like ${'%' + accountId + '%'} or cast(${sql.ref(col)} as text) like '%leaving.soon@test.example%'`.execute(
          t.db.kysely,
        );
        expect(Number(hits.rows[0]!.n), `${table}.${col}`).toBe(0);
      }
    }
    expect(await verifyRollups(t.db.kysely)).toEqual([]);
    // The session is gone with the account, and the code's use stays counted.
    expect((await t.request('/api/v1/auth/me', { token })).status).toBe(401);
    const codes = await body(
      await t.request('/api/v1/partners/town-a/enrolment-codes', {
        token: await t.token('staffA'),
      }),
    );
    expect(codes.items.find((c: { id: string }) => c.id === code.id).uses).toBe(1);
  });
});
