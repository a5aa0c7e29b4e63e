import { cellToBoundary, cellToParent } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { densityGeoJSON } from '../../web/src/lib/density.js';
import { body, createTestContext, type FixtureUser, type TestContext } from '../helpers.js';

/**
 * Issue 10: differencing attacks on the route-density map, played by the network analyst, a
 * partner's analyst and the staff of another town, on generated data: groups (sites) of 1 to 6
 * commuters riding a shared main street and a street of their own (about 1.2 km apart, so the
 * groups' streets lie in different resolution-8 cells and partly share resolution-7 cells) in
 * two towns over two quarters, attendance drawn from a seeded generator.
 *
 * The oracle is the stored rollup (one row per partner x site x month x resolution-9 cell x
 * commuter), read directly, not through the map's code: from it the test knows who stands
 * behind every figure an attacker can compute, and asserts that each such figure is either
 * one the API answers directly or rests on at least 5 distinct commuters. Where it helps, the
 * same attack is replayed on the old rule (k applied to each answer alone) to show the data
 * does expose it.
 */

const K = 5;
const Q2 = { id: '2011-Q2', from: '2011-04-01', to: '2011-06-30' };
const Q3 = { id: '2011-Q3', from: '2011-07-01', to: '2011-09-30' };
const MONTHS = ['2011-04', '2011-05', '2011-06', '2011-07', '2011-08', '2011-09'] as const;
const quarterOf = (month: string) => (month <= '2011-06' ? Q2.id : Q3.id);
const KM_PER_DEG_LON = 111.32 * Math.cos((47.2 * Math.PI) / 180);
/** A 3 km street east from 15.60° E at the given latitude, one point every 100 m. */
const street = (lat: number) =>
  Array.from({ length: 31 }, (_, i) => [15.6 + (i * 0.1) / KM_PER_DEG_LON, lat]);
/** The main street everybody rides, and one street per group size, 1.2 km apart. */
const MAIN = street(47.2);
const groupStreet = (size: number) => street(47.2 + 0.011 * size);

/** mulberry32: a small seeded generator, so the data (and any failure) is the same every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

interface Row {
  partner: string;
  site: string;
  month: string;
  cell: string;
  commuter: string;
  trips: number;
}
interface Cell {
  h3: string;
  trips: number;
  commuters: number;
}
interface Query {
  partner: string;
  from?: string;
  to?: string;
  resolution?: number;
  site?: string;
}

let t: TestContext;
let stored: Row[] = [];

async function readStored(): Promise<Row[]> {
  return (await t.db.kysely.selectFrom('rollup_cell_month').selectAll().execute()).map((r) => ({
    partner: r.partner_id,
    site: r.site_id,
    month: r.local_month,
    cell: r.cell,
    commuter: r.commuter_id,
    trips: Number(r.trips),
  }));
}

const leg = (coordinates: number[][]) => ({
  mode: 'bike',
  distanceKm: 3,
  geometry: { type: 'LineString', coordinates },
});

beforeAll(async () => {
  t = await createTestContext();
  const admin = await t.token('admin');
  const rnd = random(10);
  const trips: unknown[] = [];
  // Town A: sites of 1 to 6 commuters; town B: sites of 1 to 4 on the same streets.
  const towns = [
    { partner: 'town-a', sizes: [1, 2, 3, 4, 5, 6] },
    { partner: 'town-b', sizes: [1, 2, 3, 4] },
  ];
  for (const { partner, sizes } of towns) {
    for (const size of sizes) {
      const site = `${partner}-g${size}`;
      const res = await t.request(`/api/v1/partners/${partner}/sites`, {
        method: 'POST',
        token: admin,
        json: { id: site, name: `Group of ${size}` },
      });
      expect(res.status).toBe(201);
      for (let m = 0; m < size; m++) {
        const id = `${site}-c${m}`;
        const made = await t.request('/api/v1/commuters', {
          method: 'POST',
          token: admin,
          json: { id, partnerId: partner, siteId: site },
        });
        expect(made.status).toBe(201);
        for (const [mi, month] of MONTHS.entries()) {
          // Most ride most months; some skip a month, some ride only the main street.
          if (rnd() < 0.25) continue;
          const rides = 1 + Math.floor(rnd() * 3);
          const own = rnd() < 0.85;
          for (let r = 0; r < rides; r++) {
            const day = String(3 + r * 7 + mi).padStart(2, '0');
            trips.push({
              id: `${id}-${month}-${r}`,
              commuterId: id,
              startedAt: `${month}-${day}T07:30:00+02:00`,
              legs: own ? [leg(MAIN), leg(groupStreet(size))] : [leg(MAIN)],
            });
          }
        }
      }
    }
  }
  const res = await t.request('/api/v1/trips/batch', {
    method: 'POST',
    token: admin,
    json: { trips },
  });
  expect(res.status).toBe(200);
  stored = await readStored();
});
afterAll(() => t.close());

async function map(who: FixtureUser, q: Query): Promise<Map<string, Cell>> {
  const params = new URLSearchParams(
    Object.entries({ ...q, resolution: q.resolution ?? 8 }).map(([k, v]) => [k, String(v)]),
  );
  const res = await t.request(`/api/v1/map/density?${params}`, { token: await t.token(who) });
  expect(res.status, params.toString()).toBe(200);
  const fc = await body(res);
  expect(fc.truncated).toBe(false);
  return new Map(
    fc.features.map((f: { properties: Cell }) => [f.properties.h3, f.properties] as const),
  );
}

const tripsOf = (m: Map<string, Cell>) => new Map([...m].map(([h, c]) => [h, c.trips]));

/** Oracle: distinct commuters and trips per partner x quarter x cell at a resolution. */
function unitsOf(rows: Row[], resolution: number) {
  const out = new Map<string, { cell: string; trips: number; commuters: Set<string> }>();
  for (const r of rows) {
    const cell = cellToParent(r.cell, resolution);
    const key = `${r.partner}|${quarterOf(r.month)}|${cell}`;
    let u = out.get(key);
    if (!u) out.set(key, (u = { cell, trips: 0, commuters: new Set() }));
    u.trips += r.trips;
    u.commuters.add(r.commuter);
  }
  return out;
}

/** The old rule, for contrast: k on distinct commuters over the whole answer, no units. */
function oldRuleTrips(partners: string[], months: readonly string[], res: number) {
  const cells = new Map<string, { trips: number; commuters: Set<string> }>();
  for (const r of stored) {
    if (!partners.includes(r.partner) || !months.includes(r.month)) continue;
    const h = cellToParent(r.cell, res);
    let c = cells.get(h);
    if (!c) cells.set(h, (c = { trips: 0, commuters: new Set() }));
    c.trips += r.trips;
    c.commuters.add(r.commuter);
  }
  const out = new Map<string, number>();
  for (const [h, c] of cells) if (c.commuters.size >= K) out.set(h, c.trips);
  return out;
}

function expectSameTrips(a: Map<string, number>, b: Map<string, number>, what: string) {
  for (const h of new Set([...a.keys(), ...b.keys()]))
    expect(a.get(h) ?? 0, `${what} ${h}`).toBe(b.get(h) ?? 0);
}

describe('route-density map against differencing attacks (issue 10)', () => {
  it('the generated data has released and withheld units at both layers, in both quarters and towns', () => {
    for (const res of [7, 8]) {
      const units = [...unitsOf(stored, res).entries()];
      for (const partner of ['town-a', 'town-b'])
        for (const q of [Q2.id, Q3.id]) {
          const mine = units.filter(([k]) => k.startsWith(`${partner}|${q}|`));
          expect(
            mine.some(([, u]) => u.commuters.size < K),
            `${res} ${partner} ${q}`,
          ).toBe(true);
          if (partner === 'town-a')
            expect(
              mine.some(([, u]) => u.commuters.size >= K),
              `${res} ${q}`,
            ).toBe(true);
        }
    }
  });

  it('every cell of every answer rests on at least 5 commuters of one unit, for every role', async () => {
    const cases: Array<[FixtureUser, string]> = [
      ['analystNetwork', 'network'],
      ['analystNetwork', 'town-a'],
      ['analystA', 'town-a'],
      ['staffA', 'town-a'],
      ['staffB', 'town-b'],
      ['admin', 'network'],
    ];
    for (const [who, partner] of cases)
      for (const resolution of [8, 7, 6]) {
        const got = await map(who, { partner, from: Q2.from, to: Q3.to, resolution });
        for (const c of got.values()) expect(c.commuters).toBeGreaterThanOrEqual(K);
      }
    // At resolution 8, per quarter: each shown cell is a unit the oracle counts 5 or more in.
    for (const q of [Q2, Q3]) {
      const got = await map('analystNetwork', { partner: 'town-a', from: q.from, to: q.to });
      const units = unitsOf(stored, 8);
      for (const c of got.values()) {
        const u = units.get(`town-a|${q.id}|${c.h3}`)!;
        expect(u.commuters.size).toBeGreaterThanOrEqual(K);
        expect([c.trips, c.commuters]).toEqual([u.trips, u.commuters.size]);
      }
    }
  });

  it('(a) periods: Q2+Q3 minus Q2 is exactly the Q3 map, for a partner and the network', async () => {
    for (const partner of ['town-a', 'network'])
      for (const resolution of [8, 7]) {
        const both = await map('analystNetwork', { partner, from: Q2.from, to: Q3.to, resolution });
        const q2 = await map('analystNetwork', { partner, from: Q2.from, to: Q2.to, resolution });
        const q3 = await map('analystNetwork', { partner, from: Q3.from, to: Q3.to, resolution });
        const diff = new Map<string, number>();
        for (const h of new Set([...both.keys(), ...q2.keys()]))
          diff.set(h, (both.get(h)?.trips ?? 0) - (q2.get(h)?.trips ?? 0));
        for (const [h, v] of diff) if (v === 0) diff.delete(h);
        expectSameTrips(diff, tripsOf(q3), `${partner} r${resolution}`);
      }
  });

  it('(a) periods: days past the last whole quarter add nothing (April to day D, for every D in July)', async () => {
    const base = await map('analystNetwork', { partner: 'town-a', from: Q2.from, to: Q2.to });
    let oldRuleLeaks = 0;
    for (let d = 1; d <= 31; d += 3) {
      const to = `2011-07-${String(d).padStart(2, '0')}`;
      expect(await map('analystNetwork', { partner: 'town-a', from: Q2.from, to })).toEqual(base);
    }
    // Under the old rule, April-July minus April-June read July's trips in cells July alone
    // could not show (fewer than 5 commuters in July).
    const oldLong = oldRuleTrips(['town-a'], MONTHS.slice(0, 4), 9);
    const oldShort = oldRuleTrips(['town-a'], MONTHS.slice(0, 3), 9);
    const julyAlone = oldRuleTrips(['town-a'], ['2011-07'], 9);
    for (const [h, trips] of oldLong)
      if (trips !== (oldShort.get(h) ?? 0) && !julyAlone.has(h)) oldRuleLeaks += 1;
    expect(oldRuleLeaks).toBeGreaterThan(0);
  });

  it('(b) resolutions: a resolution-6 cell is the sum of its shown resolution-7 cells', async () => {
    for (const partner of ['town-a', 'network']) {
      const period = { partner, from: Q2.from, to: Q3.to };
      const r7 = await map('analystNetwork', { ...period, resolution: 7 });
      const r6 = await map('analystNetwork', { ...period, resolution: 6 });
      const sums = new Map<string, number>();
      for (const c of r7.values()) {
        const p = cellToParent(c.h3, 6);
        sums.set(p, (sums.get(p) ?? 0) + c.trips);
      }
      expectSameTrips(tripsOf(r6), sums, partner);
    }
  });

  it('(b) resolutions: a resolution-7 cell minus its shown resolution-8 cells rests on 0 or at least 5 commuters', async () => {
    let remainders = 0;
    let wouldLeak = 0;
    for (const partner of ['town-a', 'town-b'])
      for (const q of [Q2, Q3]) {
        const period = { partner, from: q.from, to: q.to };
        const r7 = await map('admin', { ...period, resolution: 7 });
        const r8 = await map('admin', { ...period, resolution: 8 });
        const rows = stored.filter((r) => r.partner === partner && quarterOf(r.month) === q.id);
        for (const c of r7.values()) {
          const shownChildren = [...r8.values()].filter((f) => cellToParent(f.h3, 7) === c.h3);
          const remainder = c.trips - shownChildren.reduce((n, f) => n + f.trips, 0);
          // Who stands behind the remainder: rows in the coarse cell outside shown fine cells.
          const behind = rows.filter(
            (r) => cellToParent(r.cell, 7) === c.h3 && !r8.has(cellToParent(r.cell, 8)),
          );
          expect(remainder).toBe(behind.reduce((n, r) => n + r.trips, 0));
          const people = new Set(behind.map((r) => r.commuter)).size;
          expect(people === 0 || people >= K, `${partner} ${q.id} ${c.h3}: ${people}`).toBe(true);
          if (people > 0) remainders += 1;
          // Without complementary suppression the remainder would be the fine units under k.
          const under = new Set(
            [...unitsOf(rows, 8).values()]
              .filter((u) => u.commuters.size < K && cellToParent(u.cell, 7) === c.h3)
              .flatMap((u) => [...u.commuters]),
          ).size;
          if (under > 0 && under < K) wouldLeak += 1;
        }
      }
    expect(remainders).toBeGreaterThan(0);
    expect(wouldLeak).toBeGreaterThan(0);
  });

  it('(c) partners: the network minus a partner is the other partner’s own map', async () => {
    let oldRuleLeaks = 0;
    for (const resolution of [8, 7])
      for (const q of [Q2, Q3, { from: Q2.from, to: Q3.to }]) {
        const period = { from: q.from, to: q.to, resolution };
        const network = await map('analystNetwork', { partner: 'network', ...period });
        const townA = await map('analystNetwork', { partner: 'town-a', ...period });
        const townB = await map('analystNetwork', { partner: 'town-b', ...period });
        const rest = new Map<string, number>();
        for (const h of new Set([...network.keys(), ...townA.keys()])) {
          const v = (network.get(h)?.trips ?? 0) - (townA.get(h)?.trips ?? 0);
          if (v !== 0) rest.set(h, v);
        }
        expectSameTrips(rest, tripsOf(townB), `r${resolution} ${q.from}`);
      }
    // Town B's streets of its small groups (units of 1 to 4) stay out of network minus A.
    for (const q of [Q2, Q3]) {
      const network = await map('analystNetwork', { partner: 'network', from: q.from, to: q.to });
      const townA = await map('analystNetwork', { partner: 'town-a', from: q.from, to: q.to });
      const small = [...unitsOf(stored, 8)].filter(
        ([k, u]) => k.startsWith(`town-b|${q.id}|`) && u.commuters.size < K,
      );
      expect(small.length).toBeGreaterThan(0);
      for (const [, u] of small)
        expect(network.get(u.cell)?.trips ?? 0, u.cell).toBe(townA.get(u.cell)?.trips ?? 0);
    }
    const oldNetwork = oldRuleTrips(['town-a', 'town-b'], MONTHS, 8);
    const oldA = oldRuleTrips(['town-a'], MONTHS, 8);
    for (const [h, trips] of oldNetwork) if (trips !== (oldA.get(h) ?? 0)) oldRuleLeaks += 1;
    expect(oldRuleLeaks).toBeGreaterThan(0);
  });

  it('(c) staff of another town see nothing of town A: no partner map, no network, no site map', async () => {
    for (const q of [
      'partner=town-a',
      'partner=network',
      'partner=town-a&site=town-a-g3',
      'partner=town-a&from=2011-07-01&to=2011-09-30&resolution=6',
    ]) {
      const res = await t.request(`/api/v1/map/density?${q}`, { token: await t.token('staffB') });
      expect(res.status, q).toBe(403);
    }
    const analystA = await t.request('/api/v1/map/density?partner=network', {
      token: await t.token('analystA'),
    });
    expect(analystA.status).toBe(403);
  });

  it('(d) sites: analysts get 403 site_map_withheld; own staff get the site’s own units of 5 or more', async () => {
    for (const who of ['analystNetwork', 'analystA'] as const)
      for (const site of ['town-a-g1', 'town-a-g6']) {
        const res = await t.request(`/api/v1/map/density?partner=town-a&site=${site}`, {
          token: await t.token(who),
        });
        expect(res.status).toBe(403);
        expect((await body(res)).error.code).toBe('site_map_withheld');
      }
    for (const size of [1, 4, 5, 6]) {
      const site = `town-a-g${size}`;
      for (const q of [Q2, Q3]) {
        const got = await map('staffA', { partner: 'town-a', site, from: q.from, to: q.to });
        const units = unitsOf(
          stored.filter((r) => r.site === site),
          8,
        );
        for (const c of got.values()) {
          const u = units.get(`town-a|${q.id}|${c.h3}`)!;
          expect(u.commuters.size).toBeGreaterThanOrEqual(K);
        }
        if (size < K) expect(got.size).toBe(0);
      }
    }
    const six = await map('staffA', { partner: 'town-a', site: 'town-a-g6' });
    expect(six.size).toBeGreaterThan(0);
  });

  it("(e) the dashboard's GeoJSON download carries exactly the answer's cells and its released period", async () => {
    for (const q of [
      `partner=town-a&from=${Q2.from}&to=2011-08-15&resolution=8`,
      'partner=network&resolution=7',
    ]) {
      const answer = await body(
        await t.request(`/api/v1/map/density?${q}`, { token: await t.token('analystNetwork') }),
      );
      const params = new URLSearchParams(q);
      const file = JSON.parse(
        JSON.stringify(
          densityGeoJSON(answer, {
            partner: params.get('partner') ?? undefined,
            site: undefined,
            from: params.get('from') ?? undefined,
            to: params.get('to') ?? undefined,
            resolution: Number(params.get('resolution')),
          }),
        ),
      );
      expect(file.type).toBe('FeatureCollection');
      expect(file.features).toEqual(answer.features);
      expect(file.features.length).toBeGreaterThan(0);
      expect(file.properties).toMatchObject({
        releasedFrom: answer.releasedPeriod.from,
        releasedTo: answer.releasedPeriod.to,
        quarters: answer.releasedPeriod.quarters,
        suppressedCells: answer.suppressedCells,
      });
    }
  });

  it('(e) the GeoJSON answer draws each released cell as its own hexagon, with the same figures', async () => {
    const res = await t.request(
      `/api/v1/map/density?partner=network&from=${Q2.from}&to=${Q3.to}&resolution=7`,
      { token: await t.token('analystNetwork') },
    );
    const fc = await body(res);
    expect(fc.type).toBe('FeatureCollection');
    const figures = await map('analystNetwork', {
      partner: 'network',
      from: Q2.from,
      to: Q3.to,
      resolution: 7,
    });
    expect(fc.features.length).toBe(figures.size);
    for (const f of fc.features) {
      expect(f.properties).toEqual(figures.get(f.properties.h3));
      const ring = cellToBoundary(f.properties.h3, true);
      expect(f.geometry.coordinates[0]).toHaveLength(ring.length);
      for (const [i, [lon, lat]] of ring.entries()) {
        expect(f.geometry.coordinates[0][i][0]).toBeCloseTo(lon!, 5);
        expect(f.geometry.coordinates[0][i][1]).toBeCloseTo(lat!, 5);
      }
    }
  });

  it('(f) late trips: a trip logged after a quarter was released changes none of its maps', async () => {
    const queries: Query[] = [
      { partner: 'town-a', from: Q2.from, to: Q2.to, resolution: 8 },
      { partner: 'town-a', from: Q2.from, to: Q2.to, resolution: 7 },
      { partner: 'network', from: Q2.from, to: Q3.to, resolution: 8 },
    ];
    const before = [];
    for (const q of queries) before.push(await map('analystNetwork', q));
    // One commuter of the group of 1 rides the main street and their street again in May, and
    // four of town B ride group 4's street: either would differ from the released figures by
    // 1 to 4 commuters.
    const admin = await t.token('admin');
    const late = [
      { commuterId: 'town-a-g1-c0', legs: [leg(MAIN), leg(groupStreet(1))] },
      ...[0, 1, 2, 3].map((m) => ({ commuterId: `town-b-g4-c${m}`, legs: [leg(groupStreet(4))] })),
    ].map((trip, i) => ({ ...trip, id: `late-${i}`, startedAt: '2011-05-20T07:30:00+02:00' }));
    const res = await t.request('/api/v1/trips/batch', {
      method: 'POST',
      token: admin,
      json: { trips: late },
    });
    expect(res.status).toBe(200);
    const after = await readStored();
    expect(after.length).toBeGreaterThan(stored.length);
    for (const [i, q] of queries.entries())
      expect(await map('analystNetwork', q), JSON.stringify(q)).toEqual(before[i]);
  });
});
