import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { body, createTestContext, type TestContext } from '../helpers.js';
import { postImport } from './support.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/imports/${name}`, import.meta.url));

let t: TestContext;
beforeEach(async () => {
  t = await createTestContext();
});
afterEach(() => t.close());

describe('POST /api/v1/imports', () => {
  it('splits one GPX segment with a 9-hour gap into two unconfirmed trips', async () => {
    const token = await t.token('commuterA');
    const res = await postImport(t, token, fixture('commute_9h_gap.gpx'), 'commute_9h_gap.gpx');
    expect(res.status).toBe(200);
    const out = await body(res);
    expect(out.commuterId).toBe('cmt-a1');
    expect(out.report).toMatchObject({ format: 'gpx', pointsRead: 240 });
    expect(out.trips).toHaveLength(2);
    expect(out.trips[0].startedAt.slice(0, 13)).toBe('2025-03-03T07');
    expect(out.trips[1].startedAt.slice(0, 13)).toBe('2025-03-03T16');
    for (const trip of out.trips) {
      expect(trip.status).toBe('unconfirmed');
      // 119 steps of 0.0007° of longitude at 55.68° N: about 5.2 km.
      expect(trip.distanceKm).toBeGreaterThan(4);
      expect(trip.distanceKm).toBeLessThan(6);
    }
    const listed = await body(await t.request('/api/v1/trips?status=unconfirmed', { token }));
    expect(listed.items.map((i: { id: string }) => i.id).sort()).toEqual(
      out.trips.map((i: { id: string }) => i.id).sort(),
    );
    expect(listed.items[0].source).toBe('import');
    expect(listed.items[0].origin).toBe(`file:${out.fileSha256}`);
  });

  it('re-importing the same file, or one overlapping it, creates no duplicates', async () => {
    const token = await t.token('commuterA');
    const first = await body(await postImport(t, token, fixture('commute_9h_gap.gpx'), 'a.gpx'));
    expect(first.trips).toHaveLength(2);
    const again = await body(await postImport(t, token, fixture('commute_9h_gap.gpx'), 'a.gpx'));
    expect(again.trips).toHaveLength(0);
    expect(again.report.tripsAlreadyStored).toBe(2);
    // The KMZ holds the morning ride again, as another app exported it.
    const overlap = await body(await postImport(t, token, fixture('track.kmz'), 'track.kmz'));
    expect(overlap.report.format).toBe('kmz');
    expect(overlap.report.tripsFound).toBe(1);
    expect(overlap.trips).toHaveLength(0);
    const count = await t.db.kysely
      .selectFrom('trips')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });

  it('stores a trip that left from where the stored one ended, from a file holding both', async () => {
    // A walk; the phone sleeps 4 minutes and wakes 200 m on; a walk follows. Its start reaches
    // back to the place (200 m at 1.4 m/s), into the silence but after the first walk.
    const t0 = Date.UTC(2025, 2, 4, 7, 0, 0);
    const pts: Array<[number, number]> = [];
    for (let s = 0; s <= 600; s += 10) pts.push([t0 + s * 1000, 12.55 + (1.4 * s) / 62_700]);
    const endT = t0 + 600_000;
    const endLon = 12.55 + (1.4 * 600) / 62_700;
    const walkA = pts.slice();
    const wakeT = endT + 240_000;
    for (let s = 0; s <= 600; s += 10)
      pts.push([wakeT + s * 1000, endLon + (200 + 1.4 * s) / 62_700]);
    const gpx = (list: Array<[number, number]>) =>
      new TextEncoder().encode(
        `<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>${list
          .map(
            ([ms, lon]) =>
              `<trkpt lat="55.68" lon="${lon.toFixed(7)}"><time>${new Date(ms).toISOString()}</time></trkpt>`,
          )
          .join('')}</trkseg></trk></gpx>`,
      );
    const token = await t.token('commuterA');
    const first = await body(await postImport(t, token, gpx(walkA), 'a.gpx'));
    expect(first.trips).toHaveLength(1);
    const both = await body(await postImport(t, token, gpx(pts), 'both.gpx'));
    expect(both.report.tripsFound).toBe(2);
    expect(both.report.tripsAlreadyStored).toBe(1);
    expect(both.trips).toHaveLength(1);
    const start = Date.parse(both.trips[0].startedAt);
    expect(Math.abs(start - (wakeT - (200 / 1.4) * 1000))).toBeLessThan(3000);
    expect(start).toBeGreaterThan(endT);
  });

  it('reads a declared ISO-8859-1 file with blank lines before the declaration', async () => {
    const token = await t.token('commuterA');
    const out = await body(await postImport(t, token, fixture('latin1_blank_lines.gpx'), 'x.gpx'));
    expect(out.trips).toHaveLength(1);
  });

  it('survives a BOM, shuffled and repeated times, a teleport, bogus times and an empty segment', async () => {
    const token = await t.token('commuterA');
    const res = await postImport(t, token, fixture('bom_out_of_order.gpx'), 'messy.gpx');
    expect(res.status).toBe(200);
    const out = await body(res);
    expect(out.trips).toHaveLength(1);
    expect(out.trips[0].startedAt).toBe('2025-03-03T07:00:00.000Z');
    const reasons = Object.fromEntries(
      out.report.droppedBySegmentation.map((d: { reason: string; count: number }) => [
        d.reason,
        d.count,
      ]),
    );
    expect(reasons.bogus_time).toBe(2);
    expect(reasons.duplicate_time).toBe(1);
    expect(reasons.teleport).toBeGreaterThanOrEqual(1);
    expect(out.report.warnings.join(' ')).toMatch(/empty track segment/);
  });

  it('reads GeoJSON lines with coordTimes', async () => {
    const token = await t.token('commuterA');
    const out = await body(
      await postImport(t, token, fixture('linestring_coordtimes.geojson'), 'ride.geojson'),
    );
    expect(out.report.format).toBe('geojson');
    expect(out.trips).toHaveLength(1);
  });

  it('refuses a file that is not what its name says, with 415', async () => {
    const token = await t.token('commuterA');
    const res = await postImport(t, token, fixture('json_named_gpx.gpx'), 'json_named_gpx.gpx');
    expect(res.status).toBe(415);
    const err = (await body(res)).error;
    expect(err.code).toBe('unsupported_media_type');
    expect(err.message).toMatch(/named as a \.gpx file but its content is GeoJSON/);
    expect(err.details[0].code).toBe('name_mismatch');
  });

  it('refuses a planned route without times with a 422 that says why', async () => {
    const token = await t.token('commuterA');
    const gpx = `<?xml version="1.0"?><gpx version="1.1"><rte><rtept lat="55.1" lon="12.1"/><rtept lat="55.2" lon="12.2"/></rte></gpx>`;
    const res = await postImport(t, token, new TextEncoder().encode(gpx), 'route.gpx');
    expect(res.status).toBe(422);
    const err = (await body(res)).error;
    expect(err.code).toBe('unreadable_file');
    expect(err.details[0].code).toBe('no_times');
    expect(err.message).toMatch(/none has a time/);
  });

  it('answers 413 above IMPORT_MAX_BYTES, in the error envelope', async () => {
    await t.close();
    t = await createTestContext({ config: { IMPORT_MAX_BYTES: '2048' } });
    const token = await t.token('commuterA');
    const res = await postImport(t, token, fixture('commute_9h_gap.gpx'), 'big.gpx');
    expect(res.status).toBe(413);
    const err = (await body(res)).error;
    expect(err.code).toBe('payload_too_large');
    expect(err.message).toMatch(/IMPORT_MAX_BYTES/);
  });

  it('staff import for a commuter of their partner only; commuters for themselves only', async () => {
    const staff = await t.token('staffA');
    const ok = await postImport(t, staff, fixture('track.kmz'), 't.kmz', 'cmt-a2');
    expect(ok.status).toBe(200);
    expect((await body(ok)).commuterId).toBe('cmt-a2');
    const missing = await postImport(t, staff, fixture('track.kmz'), 't.kmz');
    expect(missing.status).toBe(422);
    const other = await postImport(
      t,
      await t.token('staffB'),
      fixture('commute_9h_gap.gpx'),
      'x.gpx',
      'cmt-a1',
    );
    expect(other.status).toBe(422);
    expect((await body(other)).error.details[0].code).toBe('unknown_commuter');
    const commuter = await postImport(
      t,
      await t.token('commuterA'),
      fixture('track.kmz'),
      't.kmz',
      'cmt-a2',
    );
    expect(commuter.status).toBe(403);
    const analyst = await postImport(
      t,
      await t.token('analystA'),
      fixture('track.kmz'),
      't.kmz',
      'cmt-a1',
    );
    expect(analyst.status).toBe(403);
  });

  it('records the import in the audit log', async () => {
    const token = await t.token('commuterA');
    const out = await body(await postImport(t, token, fixture('commute_9h_gap.gpx'), 'day.gpx'));
    const rows = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'import.file')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.target_id).toBe('cmt-a1');
    expect(JSON.parse(rows[0]!.details!)).toMatchObject({
      fileName: 'day.gpx',
      fileSha256: out.fileSha256,
      tripsCreated: 2,
    });
  });

  it('wants multipart with a file field', async () => {
    const token = await t.token('commuterA');
    const json = await t.request('/api/v1/imports', { method: 'POST', token, json: {} });
    expect(json.status).toBe(415);
    const form = new FormData();
    form.append('other', 'x');
    const noFile = await t.app.request('/api/v1/imports', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expect(noFile.status).toBe(422);
    expect((await body(noFile)).error.details[0].path).toBe('file');
  });
});
