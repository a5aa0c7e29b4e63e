import { cellToBoundary, cellToParent } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestContext, type FixtureUser, type TestContext } from '../helpers.js';

/**
 * Issue 10: differencing attacks on the route-density map, played by the network analyst and by
 * the staff of another town on generated data: groups (sites) of 1 to 6 commuters riding shared
 * streets in two towns over three months, attendance drawn from a seeded generator. The oracle
 * is the stored rollup (one row per partner x site x month x cell x commuter): from it the test
 * knows which release units (cell x month x partner) rest on fewer than 5 commuters, and checks
 * that no difference of answers carries a trip of such a unit. Each attack is also replayed on
 * the old rule (k applied to each answer on its own) to show that the data does expose it.
 */

const K = 5;
const MONTHS = ['2011-06', '2011-07', '2011-08'] as const;
const KM_PER_DEG_LON = 111.32 * Math.cos((47.2 * Math.PI) / 180);
/** A 3 km street east from 15.60° E at the given latitude, one point every 100 m. */
const street = (lat: number) =>
  Array.from({ length: 31 }, (_, i) => [15.6 + (i * 0.1) / KM_PER_DEG_LON, lat]);
/** The main street everybody rides, and one street per group size, 280 m apart (shared parents). */
const MAIN = street(47.2);
const groupStreet = (size: number) => street(47.2 + 0.0025 * size);

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

interface Unit {
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

let t: TestContext;
let stored: Unit[] = [];

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
          // Most ride most months, so group streets cross k in some months and not in others.
          if (rnd() < 0.2) continue;
          const rides = 1 + Math.floor(rnd() * 3);
          for (let r = 0; r < rides; r++) {
            const day = String(3 + r * 7 + mi).padStart(2, '0');
            const leg = (coordinates: number[][]) => ({
              mode: 'bike',
              distanceKm: 3,
              geometry: { type: 'LineString', coordinates },
            });
            // Along the main street, then the group's own street.
            trips.push({
              id: `${id}-${month}-${r}`,
              commuterId: id,
              startedAt: `${month}-${day}T07:30:00+02:00`,
              legs: [leg(MAIN), leg(groupStreet(size))],
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
  stored = (await t.db.kysely.selectFrom('rollup_cell_month').selectAll().execute()).map((r) => ({
    partner: r.partner_id,
    site: r.site_id,
    month: r.local_month,
    cell: r.cell,
    commuter: r.commuter_id,
    trips: Number(r.trips),
  }));
});
afterAll(() => t.close());

/** Units of the oracle: per partner (and site, when asked) x month x cell. */
function units(filter: { partners: string[]; months: readonly string[]; site?: string }) {
  const out = new Map<string, { cell: string; trips: number; commuters: Set<string> }>();
  for (const r of stored) {
    if (!filter.partners.includes(r.partner) || !filter.months.includes(r.month)) continue;
    if (filter.site !== undefined && r.site !== filter.site) continue;
    const key = `${r.partner}|${filter.site ?? ''}|${r.month}|${r.cell}`;
    let u = out.get(key);
    if (!u) out.set(key, (u = { cell: r.cell, trips: 0, commuters: new Set() }));
    u.trips += r.trips;
    u.commuters.add(r.commuter);
  }
  return [...out.values()];
}

const parent = (cell: string, res: number) => (res === 9 ? cell : cellToParent(cell, res));

/** Trips per cell of the released units only: what every answer must be. */
function releasedTrips(
  filter: { partners: string[]; months: readonly string[]; site?: string },
  res: number,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const u of units(filter)) {
    if (u.commuters.size < K) continue;
    const h = parent(u.cell, res);
    out.set(h, (out.get(h) ?? 0) + u.trips);
  }
  return out;
}

/** The old rule, for contrast: k on distinct commuters over the whole answer, no units. */
function oldRuleTrips(partners: string[], months: readonly string[], res: number) {
  const cells = new Map<string, { trips: number; commuters: Set<string> }>();
  for (const r of stored) {
    if (!partners.includes(r.partner) || !months.includes(r.month)) continue;
    const h = parent(r.cell, res);
    let c = cells.get(h);
    if (!c) cells.set(h, (c = { trips: 0, commuters: new Set() }));
    c.trips += r.trips;
    c.commuters.add(r.commuter);
  }
  const out = new Map<string, number>();
  for (const [h, c] of cells) if (c.commuters.size >= K) out.set(h, c.trips);
  return out;
}

async function map(
  who: FixtureUser,
  q: { partner: string; from: string; to: string; resolution?: number; site?: string },
): Promise<Map<string, Cell>> {
  const params = new URLSearchParams({ ...q, resolution: String(q.resolution ?? 9) } as Record<
    string,
    string
  >);
  const res = await t.request(`/api/v1/map/density?${params}`, { token: await t.token(who) });
  expect(res.status).toBe(200);
  const fc = await body(res);
  expect(fc.truncated).toBe(false);
  return new Map(
    fc.features.map((f: { properties: Cell }) => [f.properties.h3, f.properties] as const),
  );
}

const monthsBetween = (a: number, b: number) => MONTHS.slice(a, b + 1);
const first = (m: string) => `${m}-01`;
const last = (m: string) => `${m}-${m.endsWith('06') ? 30 : 31}`;
const tripsOf = (m: Map<string, Cell>) => new Map([...m].map(([h, c]) => [h, c.trips]));

/** Every withheld unit's cell at resolution 9, per partner x month: the figures to protect. */
function withheldCells(partner: string, month: string): Set<string> {
  return new Set(
    units({ partners: [partner], months: [month] })
      .filter((u) => u.commuters.size < K)
      .map((u) => u.cell),
  );
}

describe('route-density map against differencing attacks (issue 10)', () => {
  it('the generated data has released and withheld units in every month, in both towns', () => {
    for (const month of MONTHS) {
      const a = units({ partners: ['town-a'], months: [month] });
      expect(a.some((u) => u.commuters.size >= K)).toBe(true);
      expect(a.some((u) => u.commuters.size < K)).toBe(true);
      expect(withheldCells('town-b', month).size).toBeGreaterThan(0);
    }
  });

  it('every answer is exactly the sum of released units, and names at least 5 commuters per cell', async () => {
    for (const who of ['analystNetwork', 'analystA', 'staffA', 'admin'] as const) {
      for (const res of [9, 8, 7]) {
        const months = monthsBetween(0, 2);
        const got = await map(who, {
          partner: 'town-a',
          from: '2011-06-01',
          to: '2011-08-31',
          resolution: res,
        });
        expect(tripsOf(got)).toEqual(releasedTrips({ partners: ['town-a'], months }, res));
        for (const c of got.values()) expect(c.commuters).toBeGreaterThanOrEqual(K);
      }
    }
  });

  it('(a) periods: a longer period minus a nested one leaves released units only, never a withheld month', async () => {
    let oldRuleLeaks = 0;
    for (const partner of ['town-a', 'network']) {
      const partners = partner === 'network' ? ['town-a', 'town-b'] : [partner];
      for (let a = 0; a < MONTHS.length; a++) {
        for (let b = a; b < MONTHS.length; b++) {
          const long = await map('analystNetwork', {
            partner,
            from: first(MONTHS[a]!),
            to: last(MONTHS[b]!),
          });
          // Every shorter period inside it that shares its start or its end.
          const shorter: Array<[number, number]> = [];
          if (b > a) shorter.push([a, b - 1], [a + 1, b]);
          for (const [sa, sb] of shorter) {
            const short = await map('analystNetwork', {
              partner,
              from: first(MONTHS[sa]!),
              to: last(MONTHS[sb]!),
            });
            const rest = monthsBetween(a, b).filter((m) => !monthsBetween(sa, sb).includes(m));
            const expected = releasedTrips({ partners, months: rest }, 9);
            for (const h of new Set([...long.keys(), ...short.keys()])) {
              const diff = (long.get(h)?.trips ?? 0) - (short.get(h)?.trips ?? 0);
              // The difference is the released units of the other months, nothing more.
              expect(diff, `${partner} ${h} ${rest}`).toBe(expected.get(h) ?? 0);
            }
            // Under the old rule the same subtraction read withheld months' trips.
            const oldLong = oldRuleTrips(partners, monthsBetween(a, b), 9);
            const oldShort = oldRuleTrips(partners, monthsBetween(sa, sb), 9);
            for (const [h, trips] of oldLong) {
              const oldDiff = trips - (oldShort.get(h) ?? 0);
              if (oldShort.has(h) && oldDiff !== (expected.get(h) ?? 0)) oldRuleLeaks += 1;
            }
          }
        }
      }
    }
    expect(oldRuleLeaks).toBeGreaterThan(0);
  });

  it('(a) periods: June 1 to day D-1 and June 1 to day D give the same map (whole months only)', async () => {
    for (const d of ['2011-07-14', '2011-07-15', '2011-07-31']) {
      const before = await map('analystNetwork', { partner: 'town-a', from: '2011-06-01', to: d });
      const after = await map('analystNetwork', {
        partner: 'town-a',
        from: '2011-06-01',
        to: `2011-07-${String(Number(d.slice(8)) - 1).padStart(2, '0')}`,
      });
      expect(after).toEqual(before);
    }
  });

  it('(a) a withheld July cell stays hidden in June-July minus June', async () => {
    const july = await map('analystNetwork', {
      partner: 'town-a',
      from: '2011-07-01',
      to: '2011-07-31',
    });
    const june = await map('analystNetwork', {
      partner: 'town-a',
      from: '2011-06-01',
      to: '2011-06-30',
    });
    const both = await map('analystNetwork', {
      partner: 'town-a',
      from: '2011-06-01',
      to: '2011-07-31',
    });
    const hiddenInJuly = [...withheldCells('town-a', '2011-07')].filter((h) => !july.has(h));
    expect(hiddenInJuly.length).toBeGreaterThan(0);
    // At least one of them is a cell the old rule showed over June-July: the attack's target.
    const oldBoth = oldRuleTrips(['town-a'], ['2011-06', '2011-07'], 9);
    expect(hiddenInJuly.some((h) => oldBoth.has(h))).toBe(true);
    for (const h of hiddenInJuly) {
      expect((both.get(h)?.trips ?? 0) - (june.get(h)?.trips ?? 0), h).toBe(0);
    }
  });

  it('(b) resolutions: a parent cell minus its shown children is 0, at every coarser resolution', async () => {
    let oldRuleLeaks = 0;
    for (const partner of ['town-a', 'network']) {
      const partners = partner === 'network' ? ['town-a', 'town-b'] : [partner];
      const period = { partner, from: '2011-06-01', to: '2011-08-31' };
      const fine = await map('analystNetwork', { ...period, resolution: 9 });
      for (const res of [8, 7, 6]) {
        const coarse = await map('analystNetwork', { ...period, resolution: res });
        const children = new Map<string, number>();
        for (const c of fine.values()) {
          const p = cellToParent(c.h3, res);
          children.set(p, (children.get(p) ?? 0) + c.trips);
        }
        expect(tripsOf(coarse)).toEqual(children);
        const oldFine = oldRuleTrips(partners, MONTHS, 9);
        const oldChildren = new Map<string, number>();
        for (const [h, trips] of oldFine) {
          const p = cellToParent(h, res);
          oldChildren.set(p, (oldChildren.get(p) ?? 0) + trips);
        }
        for (const [p, trips] of oldRuleTrips(partners, MONTHS, res))
          if (trips !== (oldChildren.get(p) ?? 0)) oldRuleLeaks += 1;
      }
    }
    expect(oldRuleLeaks).toBeGreaterThan(0);
  });

  it('(c) partners: the network minus every partner map is 0 in every cell, period and resolution', async () => {
    let oldRuleLeaks = 0;
    for (const res of [9, 8]) {
      for (let a = 0; a < MONTHS.length; a++) {
        const period = {
          from: first(MONTHS[a]!),
          to: last(MONTHS[MONTHS.length - 1]!),
          resolution: res,
        };
        const network = await map('analystNetwork', { partner: 'network', ...period });
        const townA = await map('analystNetwork', { partner: 'town-a', ...period });
        const townB = await map('analystNetwork', { partner: 'town-b', ...period });
        for (const h of new Set([...network.keys(), ...townA.keys(), ...townB.keys()])) {
          const rest = (network.get(h)?.trips ?? 0) - (townA.get(h)?.trips ?? 0);
          // What is left is town B's own released map: nothing the analyst could not ask for.
          expect(rest, h).toBe(townB.get(h)?.trips ?? 0);
        }
        expect(tripsOf(townB)).toEqual(
          releasedTrips({ partners: ['town-b'], months: monthsBetween(a, MONTHS.length - 1) }, res),
        );
        const months = monthsBetween(a, MONTHS.length - 1);
        const oldNetwork = oldRuleTrips(['town-a', 'town-b'], months, res);
        const oldA = oldRuleTrips(['town-a'], months, res);
        for (const [h, trips] of oldNetwork) if (trips !== (oldA.get(h) ?? 0)) oldRuleLeaks += 1;
      }
    }
    expect(oldRuleLeaks).toBeGreaterThan(0);
  });

  it('(c) staff of another town see none of town A: no partner map, no network, no site map', async () => {
    for (const q of [
      'partner=town-a',
      'partner=network',
      'partner=town-a&site=town-a-g3',
      'partner=town-a&from=2011-07-01&to=2011-07-31&resolution=6',
    ]) {
      const res = await t.request(`/api/v1/map/density?${q}`, { token: await t.token('staffB') });
      expect(res.status, q).toBe(403);
    }
    // Their own town's map: the released units of town B only; its small groups' streets stay hidden.
    const own = await map('staffB', { partner: 'town-b', from: '2011-06-01', to: '2011-08-31' });
    expect(tripsOf(own)).toEqual(releasedTrips({ partners: ['town-b'], months: MONTHS }, 9));
    const neverReleased = [...withheldCells('town-b', '2011-06')].filter((h) =>
      MONTHS.every(
        (m) =>
          withheldCells('town-b', m).has(h) ||
          !units({ partners: ['town-b'], months: [m] }).some((u) => u.cell === h),
      ),
    );
    expect(neverReleased.length).toBeGreaterThan(0);
    for (const h of neverReleased) expect(own.has(h), h).toBe(false);
  });

  it('sites: analysts get 403 site_map_withheld; own staff get the site units of at least 5 commuters', async () => {
    for (const who of ['analystNetwork', 'analystA'] as const) {
      for (const site of ['town-a-g1', 'town-a-g6']) {
        const res = await t.request(`/api/v1/map/density?partner=town-a&site=${site}`, {
          token: await t.token(who),
        });
        expect(res.status).toBe(403);
        expect((await body(res)).error.code).toBe('site_map_withheld');
      }
    }
    for (const size of [1, 4, 5, 6]) {
      const site = `town-a-g${size}`;
      const got = await map('staffA', {
        partner: 'town-a',
        site,
        from: '2011-06-01',
        to: '2011-08-31',
      });
      expect(tripsOf(got)).toEqual(
        releasedTrips({ partners: ['town-a'], months: MONTHS, site }, 9),
      );
      if (size < K) expect(got.size).toBe(0);
    }
    const six = await map('staffA', {
      partner: 'town-a',
      site: 'town-a-g6',
      from: '2011-06-01',
      to: '2011-08-31',
    });
    expect(six.size).toBeGreaterThan(0);
  });

  it('(d) the GeoJSON answer carries the same cells as the figures, each drawn as its own hexagon', async () => {
    const res = await t.request(
      '/api/v1/map/density?partner=network&from=2011-06-01&to=2011-08-31&resolution=8',
      { token: await t.token('analystNetwork') },
    );
    const fc = await body(res);
    expect(fc.type).toBe('FeatureCollection');
    const expected = releasedTrips({ partners: ['town-a', 'town-b'], months: MONTHS }, 8);
    expect(fc.features.length).toBe(expected.size);
    for (const f of fc.features) {
      expect(f.properties.trips).toBe(expected.get(f.properties.h3));
      const ring = cellToBoundary(f.properties.h3, true);
      expect(f.geometry.coordinates[0]).toHaveLength(ring.length);
      for (const [i, [lon, lat]] of ring.entries()) {
        expect(f.geometry.coordinates[0][i][0]).toBeCloseTo(lon!, 5);
        expect(f.geometry.coordinates[0][i][1]).toBeCloseTo(lat!, 5);
      }
    }
    // suppressedCells counts the withheld units of both towns over the three months.
    const withheld = units({ partners: ['town-a', 'town-b'], months: MONTHS }).filter(
      (u) => u.commuters.size < K,
    ).length;
    expect(fc.suppressedCells).toBe(withheld);
  });
});
