import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_ACCOUNTS,
  DEMO_TRIP_BATCH,
  generateDemoNetwork,
  generateDemoTrips,
} from '../../server/demo/generate.js';
import type { DemoNetwork, DemoOptions, DemoSurvey } from '../../server/demo/types.js';
import { haversineM, lineLengthKm } from '../../server/domain/geometry.js';
import { groupOfMode, isActiveMode, type Mode } from '../../server/domain/modes.js';
import { normalizeTrip } from '../../server/domain/trip-rules.js';
import { mainModeOf } from '../../server/domain/trips.js';

const NOW = Date.parse('2026-01-01');
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
const OPTIONS: DemoOptions = { seed: 2010, scale: 1 };

/** DESIGN.md's partner table (centres as [lon, lat]). */
const PARTNERS = [
  ['weiz', 'Weiz', 'AT', 'Europe/Vienna', 'de', 15.624, 47.219],
  ['skanderborg', 'Skanderborg', 'DK', 'Europe/Copenhagen', 'da', 9.93, 56.039],
  ['norderstedt', 'Norderstedt', 'DE', 'Europe/Berlin', 'de', 10.0, 53.706],
  ['novara', 'Novara', 'IT', 'Europe/Rome', 'it', 8.622, 45.446],
  ['riccione', 'Riccione', 'IT', 'Europe/Rome', 'it', 12.656, 43.999],
  ['serres', 'Serres', 'GR', 'Europe/Athens', 'el', 23.548, 41.086],
  ['sebes', 'Sebeș', 'RO', 'Europe/Bucharest', 'ro', 23.57, 45.957],
  ['lugo', 'Lugo', 'ES', 'Europe/Madrid', 'es', -7.556, 43.012],
  ['radzionkow', 'Radzionków', 'PL', 'Europe/Warsaw', 'pl', 18.9, 50.4],
  ['ljutomer', 'Ljutomer', 'SI', 'Europe/Ljubljana', 'sl', 16.197, 46.519],
] as const;

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const daysBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
const isRounded5 = (x: number) => Math.abs(x * 1e5 - Math.round(x * 1e5)) < 1e-6;

function hashBatches(network: DemoNetwork, options: DemoOptions, batches: number): string {
  const h = createHash('sha256');
  let n = 0;
  for (const batch of generateDemoTrips(network, options)) {
    h.update(JSON.stringify(batch));
    if (++n >= batches) break;
  }
  return h.digest('hex');
}

describe('generateDemoNetwork', () => {
  let network: DemoNetwork;
  let baselines: DemoSurvey[];
  let followups: DemoSurvey[];
  beforeAll(() => {
    network = generateDemoNetwork(OPTIONS);
    baselines = network.surveys.filter((s) => s.kind === 'baseline');
    followups = network.surveys.filter((s) => s.kind === 'followup');
  });

  it('has the ten partner towns of DESIGN.md', () => {
    expect(network.partners.map((p) => [p.id, p.name, p.country, p.timezone, p.locale])).toEqual(
      PARTNERS.map((p) => p.slice(0, 5)),
    );
    for (const [i, p] of network.partners.entries()) {
      expect(p.center[0]).toBeCloseTo(PARTNERS[i]![5], 3);
      expect(p.center[1]).toBeCloseTo(PARTNERS[i]![6], 3);
    }
  });

  it('gives each partner 3-5 sites within 3 km of its centre, with a school among them', () => {
    for (const p of network.partners) {
      const sites = network.sites.filter((s) => s.partnerId === p.id);
      expect(sites.length).toBeGreaterThanOrEqual(3);
      expect(sites.length).toBeLessThanOrEqual(5);
      expect(sites.some((s) => s.kind === 'school')).toBe(true);
      for (const s of sites) {
        expect(s.id).toMatch(ID);
        expect(s.id.startsWith(`${p.id}-`)).toBe(true);
        expect(['workplace', 'school']).toContain(s.kind);
        expect(haversineM(s.location, p.center)).toBeLessThan(3_200);
      }
    }
    expect(new Set(network.sites.map((s) => s.id)).size).toBe(network.sites.length);
  });

  it('has about 1,000 commuters at scale 1, more in the larger towns, and scales them', () => {
    expect(network.commuters.length).toBeGreaterThan(950);
    expect(network.commuters.length).toBeLessThan(1_100);
    const count = (id: string) => network.commuters.filter((c) => c.partnerId === id).length;
    expect(count('norderstedt')).toBeGreaterThan(count('weiz'));
    expect(count('novara')).toBeGreaterThan(count('ljutomer'));
    const double = generateDemoNetwork({ ...OPTIONS, scale: 2 });
    expect(double.commuters.length / network.commuters.length).toBeCloseTo(2, 1);
    // A commuter's data is keyed by their id: the larger demo keeps the smaller one's commuters.
    const byId = new Map(double.commuters.map((c) => [c.id, c]));
    for (const c of network.commuters.slice(0, 50)) expect(byId.get(c.id)).toEqual(c);
  });

  it('gives commuters valid ids, sites of their own partner and join days early in the programme', () => {
    const sites = new Map(network.sites.map((s) => [s.id, s]));
    expect(new Set(network.commuters.map((c) => c.id)).size).toBe(network.commuters.length);
    expect(network.commuters[0]!.id).toBe('demo-weiz-0001');
    for (const c of network.commuters) {
      expect(c.id).toMatch(/^demo-[a-z]+-\d{4,}$/);
      if (c.siteId !== null) expect(sites.get(c.siteId)?.partnerId).toBe(c.partnerId);
      expect(c.joinedOn >= '2011-09-01' && c.joinedOn <= '2012-05-31').toBe(true);
    }
    expect(
      share(
        network.commuters.filter((c) => c.joinedOn < '2011-11-01').length,
        network.commuters.length,
      ),
    ).toBeGreaterThan(0.45);
    // The spring campaign.
    expect(
      share(
        network.commuters.filter((c) => c.joinedOn >= '2012-03-01').length,
        network.commuters.length,
      ),
    ).toBeGreaterThan(0.1);
  });

  it('has realistic age bands and weights for about 70 %', () => {
    const n = network.commuters.length;
    const working = network.commuters.filter(
      (c) =>
        c.ageBand !== null && c.ageBand !== '<20' && c.ageBand !== '65-74' && c.ageBand !== '75+',
    );
    expect(share(working.length, n)).toBeGreaterThan(0.8);
    const sites = new Map(network.sites.map((s) => [s.id, s]));
    const young = network.commuters.filter((c) => c.ageBand === '<20');
    expect(young.length).toBeGreaterThan(0);
    expect(
      share(
        young.filter((c) => c.siteId && sites.get(c.siteId)?.kind === 'school').length,
        young.length,
      ),
    ).toBeGreaterThan(0.8);
    expect(network.commuters.some((c) => c.ageBand === '65-74')).toBe(true);
    const weighed = network.commuters.filter((c) => c.weightKg !== null);
    expect(share(weighed.length, n)).toBeGreaterThan(0.65);
    expect(share(weighed.length, n)).toBeLessThan(0.78);
    for (const c of weighed) expect(c.weightKg! >= 40 && c.weightKg! <= 150).toBe(true);
  });

  it('has a baseline survey for about 90 % (on the join day) and follow-ups 3 and 6 months later', () => {
    const n = network.commuters.length;
    expect(share(baselines.length, n)).toBeGreaterThan(0.85);
    expect(share(baselines.length, n)).toBeLessThan(0.95);
    const after3 = followups.filter((s) => s.id.endsWith('-3m'));
    const after6 = followups.filter((s) => s.id.endsWith('-6m'));
    expect(after3.length + after6.length).toBe(followups.length);
    expect(share(after3.length, n)).toBeGreaterThan(0.5);
    expect(share(after3.length, n)).toBeLessThan(0.8);
    expect(share(after6.length, n)).toBeGreaterThan(0.25);
    expect(share(after6.length, n)).toBeLessThan(after3.length / n);
    const joined = new Map(network.commuters.map((c) => [c.id, c.joinedOn]));
    for (const s of baselines) expect(s.takenOn).toBe(joined.get(s.commuterId));
    for (const [list, min, max] of [
      [after3, 85, 105],
      [after6, 175, 205],
    ] as const) {
      for (const s of list) {
        const gap = daysBetween(joined.get(s.commuterId)!, s.takenOn);
        expect(gap >= min && gap <= max).toBe(true);
        expect(s.takenOn <= '2012-08-31').toBe(true);
      }
    }
    for (const s of network.surveys) {
      expect(s.id).toMatch(ID);
      expect([3, 4, 5]).toContain(s.daysPerWeek);
      expect(s.oneWayKm).toBeGreaterThan(0);
    }
    expect(
      share(baselines.filter((s) => s.daysPerWeek === 5).length, baselines.length),
    ).toBeGreaterThan(0.7);
  });

  it('has the baseline mode mix and one-way distances of the brief', () => {
    const n = baselines.length;
    const of = (pred: (m: Mode) => boolean) =>
      share(baselines.filter((s) => pred(s.usualMode)).length, n);
    expect(of((m) => m === 'car_driver')).toBeGreaterThan(0.5);
    expect(of((m) => m === 'car_driver')).toBeLessThan(0.7);
    expect(of((m) => m === 'bike')).toBeGreaterThan(0.12);
    expect(of((m) => m === 'bike')).toBeLessThan(0.25);
    expect(of((m) => groupOfMode(m) === 'public_transport')).toBeGreaterThan(0.06);
    expect(of((m) => groupOfMode(m) === 'public_transport')).toBeLessThan(0.15);
    expect(of((m) => m === 'walk')).toBeGreaterThan(0.02);
    expect(of((m) => m === 'car_passenger')).toBeGreaterThan(0.02);
    expect(of((m) => m === 'ebike')).toBeGreaterThan(0.005);

    const km = (pred: (m: Mode) => boolean) =>
      median(baselines.filter((s) => pred(s.usualMode)).map((s) => s.oneWayKm));
    const targets: Array<[string, (m: Mode) => boolean, number]> = [
      ['walk', (m) => m === 'walk', 1.5],
      ['bike', (m) => m === 'bike', 4.5],
      ['ebike', (m) => m === 'ebike', 8],
      ['public transport', (m) => groupOfMode(m) === 'public_transport', 15],
      ['car_driver', (m) => m === 'car_driver', 8],
    ];
    for (const [name, pred, target] of targets) {
      const m = km(pred);
      expect(m, name).toBeGreaterThan(target * 0.6);
      expect(m, name).toBeLessThan(target * 1.4);
    }
  });

  it('describes some public-transport commutes as legs whose longest is the usual mode', () => {
    const multi = baselines.filter((s) => s.usualLegs !== null);
    expect(multi.length).toBeGreaterThan(30);
    expect(multi.some((s) => s.usualLegs!.some((l) => l.mode === 'bike'))).toBe(true);
    for (const s of multi) {
      expect(groupOfMode(s.usualMode)).toBe('public_transport');
      expect(mainModeOf(s.usualLegs!)).toBe(s.usualMode);
      expect(s.usualLegs!.reduce((sum, l) => sum + l.distanceKm, 0)).toBeCloseTo(s.oneWayKm, 1);
    }
  });

  it('shows the shift in the follow-up surveys', () => {
    const car = (ss: DemoSurvey[]) =>
      share(ss.filter((s) => s.usualMode === 'car_driver').length, ss.length);
    const followed = new Set(followups.map((s) => s.commuterId));
    expect(car(followups)).toBeLessThan(car(baselines.filter((s) => followed.has(s.commuterId))));
  });

  it('is deterministic and honours from/to', () => {
    expect(JSON.stringify(generateDemoNetwork(OPTIONS))).toBe(JSON.stringify(network));
    expect(JSON.stringify(generateDemoNetwork({ ...OPTIONS, seed: 7 }))).not.toBe(
      JSON.stringify(network),
    );
    const short = generateDemoNetwork({
      seed: 1,
      scale: 0.2,
      from: '2011-01-01',
      to: '2011-12-31',
    });
    for (const c of short.commuters)
      expect(c.joinedOn >= '2011-01-01' && c.joinedOn <= '2011-10-01').toBe(true);
    for (const batch of generateDemoTrips(short, {
      seed: 1,
      scale: 0.2,
      from: '2011-01-01',
      to: '2011-12-31',
    })) {
      for (const t of batch) expect(t.startedAt.slice(0, 4)).toBe('2011');
    }
    expect(() => generateDemoNetwork({ seed: 1, scale: 0 })).toThrow(RangeError);
    expect(() =>
      generateDemoNetwork({ seed: 1, scale: 1, from: '2012-01-01', to: '2011-01-01' }),
    ).toThrow(RangeError);
  });
});

describe('DEMO_ACCOUNTS', () => {
  it('has one staff login per partner, an analyst, an admin and three commuters tied to demo commuters', () => {
    const network = generateDemoNetwork(OPTIONS);
    const commuters = new Map(network.commuters.map((c) => [c.id, c]));
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.email)).size).toBe(DEMO_ACCOUNTS.length);
    for (const p of network.partners) {
      expect(DEMO_ACCOUNTS).toContainEqual(
        expect.objectContaining({
          email: `staff.${p.id}@demo.modeshift.eu`,
          role: 'staff',
          partnerId: p.id,
          commuterId: null,
        }),
      );
    }
    expect(DEMO_ACCOUNTS).toContainEqual(
      expect.objectContaining({
        email: 'analyst@demo.modeshift.eu',
        role: 'analyst',
        partnerId: null,
      }),
    );
    expect(DEMO_ACCOUNTS).toContainEqual(
      expect.objectContaining({ email: 'admin@demo.modeshift.eu', role: 'admin', partnerId: null }),
    );
    const logins = DEMO_ACCOUNTS.filter((a) => a.role === 'commuter');
    expect(logins.map((a) => a.partnerId)).toEqual(['weiz', 'skanderborg', 'novara']);
    for (const a of logins) {
      expect(a.email).toBe(`commuter.${a.partnerId}@demo.modeshift.eu`);
      expect(commuters.get(a.commuterId!)?.partnerId).toBe(a.partnerId);
    }
    for (const a of DEMO_ACCOUNTS) expect(a.password).toMatch(/^demo-[a-z]+-2010$/);
  });
});

describe('generateDemoTrips', () => {
  /** One pass over the whole scale-1 demo, collecting what the tests below check. */
  const stats = {
    trips: 0,
    legs: 0,
    maxBatch: 0,
    generationMs: 0,
    invalid: [] as string[],
    duplicateIds: 0,
    badIds: 0,
    wrongOffsets: [] as string[],
    mainModes: new Map<string, number>(),
    byMonth: new Map<string, Map<string, number>>(),
    morning: 0,
    morningInWindow: 0,
    evening: 0,
    eveningInWindow: 0,
    withGeometry: 0,
    geometryLegs: 0,
    geometryProblems: [] as string[],
    maxTripJsonBytes: 0,
    shiftTrips: 0,
    shiftLabelled: 0,
    replacedProblems: [] as string[],
    legOverrides: 0,
    usualWithReplaced: 0,
    labelled: 0,
  };

  beforeAll(() => {
    const network = generateDemoNetwork(OPTIONS);
    const t0 = performance.now();
    let count = 0;
    for (const batch of generateDemoTrips(network, OPTIONS)) count += batch.length;
    stats.generationMs = performance.now() - t0;

    const partnerOf = new Map(
      network.commuters.map((c) => [c.id, network.partners.find((p) => p.id === c.partnerId)!]),
    );
    const usual = new Map(
      network.surveys.filter((s) => s.kind === 'baseline').map((s) => [s.commuterId, s]),
    );
    const offsetFormats = new Map<string, Intl.DateTimeFormat>();
    const offsets = new Map<string, string>();
    const expectedOffset = (timeZone: string, startedAt: string) => {
      const key = timeZone + startedAt.slice(0, 10);
      let off = offsets.get(key);
      if (off === undefined) {
        let f = offsetFormats.get(timeZone);
        if (!f)
          offsetFormats.set(
            timeZone,
            (f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })),
          );
        off = f
          .formatToParts(new Date(Date.parse(startedAt)))
          .find((p) => p.type === 'timeZoneName')!
          .value.replace('GMT', '');
        offsets.set(key, off);
      }
      return off;
    };
    const ids = new Set<string>();
    for (const batch of generateDemoTrips(network, OPTIONS)) {
      stats.maxBatch = Math.max(stats.maxBatch, batch.length);
      for (const t of batch) {
        stats.trips++;
        stats.legs += t.legs.length;
        const r = normalizeTrip(t, NOW);
        if (!r.ok && stats.invalid.length < 5)
          stats.invalid.push(`${t.id}: ${JSON.stringify(r.issues)}`);
        if (ids.has(t.id)) stats.duplicateIds++;
        ids.add(t.id);
        if (!ID.test(t.id) || t.id.length > 64 || !t.id.startsWith(`${t.commuterId}-`))
          stats.badIds++;
        const partner = partnerOf.get(t.commuterId)!;
        const off = expectedOffset(partner.timezone, t.startedAt);
        if (
          !t.startedAt.endsWith(off) ||
          !t.endedAt!.endsWith(off) ||
          t.legs.some((l) => !l.startedAt!.endsWith(off))
        ) {
          if (stats.wrongOffsets.length < 5)
            stats.wrongOffsets.push(`${t.id} ${t.startedAt} expected ${off}`);
        }
        const minutes = Number(t.startedAt.slice(11, 13)) * 60 + Number(t.startedAt.slice(14, 16));
        if (t.id.endsWith('-1')) {
          stats.morning++;
          if (minutes >= 7 * 60 && minutes < 9 * 60) stats.morningInWindow++;
        } else {
          stats.evening++;
          if (minutes >= 16 * 60 && minutes < 18 * 60 + 45) stats.eveningInWindow++;
        }

        const main = mainModeOf(t.legs);
        stats.mainModes.set(main, (stats.mainModes.get(main) ?? 0) + 1);
        const month = t.startedAt.slice(0, 7);
        let m = stats.byMonth.get(month);
        if (!m) stats.byMonth.set(month, (m = new Map()));
        m.set(main, (m.get(main) ?? 0) + 1);

        const baseline = usual.get(t.commuterId);
        if (baseline) {
          const asUsual = baseline.usualLegs
            ? t.legs.map((l) => l.mode).join() === baseline.usualLegs.map((l) => l.mode).join()
            : t.legs.length === 1 && main === baseline.usualMode;
          // A trip replaced the usual mode (a shift) or nothing (its answer is its own mode).
          if (
            t.replacedMode != null &&
            t.replacedMode !== baseline.usualMode &&
            t.replacedMode !== main
          )
            stats.replacedProblems.push(
              `${t.id}: replaced ${t.replacedMode}, usual ${baseline.usualMode}, made by ${main}`,
            );
          if (asUsual && t.replacedMode != null && t.replacedMode !== main)
            stats.usualWithReplaced++;
          if (groupOfMode(baseline.usualMode) === 'car' && groupOfMode(main) !== 'car') {
            stats.shiftTrips++;
            if (t.replacedMode === baseline.usualMode) stats.shiftLabelled++;
          }
        }
        if (t.replacedMode != null) stats.labelled++;
        if (t.legs.some((l) => l.replacedMode != null)) stats.legOverrides++;

        if (t.legs.some((l) => l.geometry)) {
          stats.withGeometry++;
          stats.maxTripJsonBytes = Math.max(stats.maxTripJsonBytes, JSON.stringify(t).length);
        }
        t.legs.forEach((leg, i) => {
          const g = leg.geometry;
          if (!g) return;
          stats.geometryLegs++;
          const problem = (what: string) =>
            stats.geometryProblems.length < 5 &&
            stats.geometryProblems.push(`${t.id} leg ${i}: ${what}`);
          if (g.coordinates.length < 2 || g.coordinates.length > 30)
            problem(`${g.coordinates.length} points`);
          if (!g.coordinates.every(([lon, lat]) => isRounded5(lon) && isRounded5(lat)))
            problem('not rounded to 5 decimals');
          if (haversineM(g.coordinates[0]!, partner.center) > 100_000) problem('far from the town');
          const next = t.legs[i + 1]?.geometry;
          if (
            next &&
            next.coordinates[0]!.join() !== g.coordinates[g.coordinates.length - 1]!.join()
          )
            problem('does not connect to the next leg');
          if (leg.distanceKm >= 1) {
            const ratio = lineLengthKm(g.coordinates) / leg.distanceKm;
            if (ratio < 0.65 || ratio > 1.35) problem(`line is ${ratio.toFixed(2)} × the distance`);
          }
        });
      }
    }
    expect(count).toBe(stats.trips);

    const pct = (m: Map<string, number>) => {
      const total = [...m.values()].reduce((a, b) => a + b, 0);
      return Object.fromEntries(
        [...m]
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => [k, `${((100 * v) / total).toFixed(1)} %`]),
      );
    };
    // For a human reading the test output: volume, speed and the mode mix.
    console.log(
      `demo at scale 1: ${stats.trips} trips, ${stats.legs} legs, generated in ${Math.round(stats.generationMs)} ms; ` +
        `${stats.withGeometry} trips with lines; main-mode mix by trips:`,
      pct(stats.mainModes),
      '\nfirst month:',
      pct(stats.byMonth.get('2011-09')!),
      '\nlast month:',
      pct(stats.byMonth.get('2012-08')!),
    );
  });

  it('makes 180k-300k trips at scale 1, quickly, in batches of at most 1000', () => {
    expect(stats.trips).toBeGreaterThan(180_000);
    expect(stats.trips).toBeLessThan(300_000);
    expect(stats.legs / stats.trips).toBeGreaterThan(1.05);
    expect(stats.legs / stats.trips).toBeLessThan(1.6);
    expect(stats.maxBatch).toBeLessThanOrEqual(DEMO_TRIP_BATCH);
    // About 1 s on a developer machine; generous for a busy shared one.
    expect(stats.generationMs).toBeLessThan(8_000);
  });

  it('makes every trip pass the plausibility rules, with unique valid ids', () => {
    expect(stats.invalid).toEqual([]);
    expect(stats.duplicateIds).toBe(0);
    expect(stats.badIds).toBe(0);
  });

  it("writes local times with the partner's UTC offset of the day (DST included), in commuting hours", () => {
    expect(stats.wrongOffsets).toEqual([]);
    expect(share(stats.morningInWindow, stats.morning)).toBeGreaterThan(0.9);
    // Pupils go home early; everyone else between 16:00 and 18:45.
    expect(share(stats.eveningInWindow, stats.evening)).toBeGreaterThan(0.8);
  });

  it('has a mode mix around half car, shifting from car to active modes over time and cycling less in winter', () => {
    const total = stats.trips;
    const car = share(stats.mainModes.get('car_driver') ?? 0, total);
    expect(car).toBeGreaterThan(0.42);
    expect(car).toBeLessThan(0.58);
    const monthShare = (months: string[], pred: (m: Mode) => boolean) => {
      let part = 0;
      let all = 0;
      for (const month of months) {
        for (const [mode, n] of stats.byMonth.get(month) ?? []) {
          all += n;
          if (pred(mode as Mode)) part += n;
        }
      }
      return share(part, all);
    };
    expect(monthShare(['2011-09'], (m) => m === 'car_driver')).toBeGreaterThan(
      monthShare(['2012-08'], (m) => m === 'car_driver') + 0.05,
    );
    expect(monthShare(['2012-04', '2012-05', '2012-06'], isActiveMode)).toBeGreaterThan(
      monthShare(['2011-09', '2011-10', '2011-11'], isActiveMode) + 0.03,
    );
    const cycling = (m: Mode) => m === 'bike' || m === 'ebike';
    expect(monthShare(['2011-12', '2012-01', '2012-02'], cycling)).toBeLessThan(
      monthShare(['2012-05', '2012-06', '2012-07'], cycling),
    );
  });

  it('labels most trips: shifted ones with the usual mode, the usual commute with its own mode, sometimes a single leg', () => {
    expect(stats.replacedProblems.slice(0, 5)).toEqual([]);
    expect(stats.usualWithReplaced).toBe(0);
    expect(share(stats.labelled, stats.trips)).toBeGreaterThan(0.8);
    const labelled = share(stats.shiftLabelled, stats.shiftTrips);
    expect(labelled).toBeGreaterThan(0.8);
    expect(labelled).toBeLessThan(0.99);
    expect(stats.legOverrides).toBeGreaterThan(100);
  });

  it('draws street-like lines for about half of the trips, small, rounded and connected', () => {
    expect(share(stats.withGeometry, stats.trips)).toBeGreaterThan(0.35);
    expect(share(stats.withGeometry, stats.trips)).toBeLessThan(0.6);
    expect(stats.geometryProblems).toEqual([]);
    expect(stats.maxTripJsonBytes).toBeLessThan(3_000);
  });

  it('is deterministic: the same seed gives the same trips, another seed others', () => {
    const small: DemoOptions = { seed: 2010, scale: 0.2 };
    const network = generateDemoNetwork(small);
    const first = hashBatches(network, small, 20);
    expect(hashBatches(generateDemoNetwork(small), small, 20)).toBe(first);
    const other: DemoOptions = { seed: 2011, scale: 0.2 };
    expect(hashBatches(generateDemoNetwork(other), other, 20)).not.toBe(first);
  });
});
