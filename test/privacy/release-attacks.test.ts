import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rereleaseMonth } from '../../server/services/releases.js';
import { body, createTestContext, type TestContext } from '../helpers.js';

/**
 * Issue 10, release units: the differencing attacks that per-answer rules could not stop,
 * played by the network analyst and the staff of another town (town-b) against generated data
 * (sites of 1 to 7 commuters). The clock stands at 2012-07-20: with RELEASE_DELAY_DAYS = 7, May
 * and June 2012 are released, July is not. Each attack asserts that what it computes is not a
 * figure of 1 to 4 commuters (or is not computable at all).
 */
const NOW = Date.parse('2012-07-20T12:00:00Z');
let t: TestContext;
let admin: string;
const K = 5;

async function post(path: string, json: unknown) {
  const res = await t.request(`/api/v1${path}`, { method: 'POST', token: admin, json });
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`${path}: ${res.status} ${await res.text()}`);
}

/** Working days of a month up to `last` (inclusive), YYYY-MM-DD. */
function workdays(month: string, lastDay = 31): string[] {
  const out: string[] = [];
  for (let d = 1; d <= lastDay; d++) {
    const day = `${month}-${String(d).padStart(2, '0')}`;
    const date = new Date(`${day}T12:00:00Z`);
    if (date.getUTCMonth() + 1 !== Number(month.slice(5))) break;
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6) out.push(day);
  }
  return out;
}

let tripSeq = 0;
async function trips(commuterId: string, days: string[], mode: string, km: number) {
  await post('/trips/batch', {
    trips: days.map((day) => ({
      id: `${commuterId}-t${tripSeq++}`,
      commuterId,
      startedAt: `${day}T07:00:00+02:00`,
      purpose: 'commute',
      ...(mode === 'car_driver' ? {} : { replacedMode: 'car_driver' }),
      legs: [{ mode, distanceKm: km }],
    })),
  });
}

async function commuter(
  id: string,
  partnerId: string,
  siteId: string | null,
  usualMode = 'car_driver',
  joinedOn = '2012-04-01',
) {
  await post('/commuters', { id, partnerId, siteId, ageBand: '30-39', weightKg: 70, joinedOn });
  await post(`/commuters/${id}/surveys`, {
    kind: 'baseline',
    takenOn: joinedOn,
    usualMode,
    oneWayKm: 5,
    daysPerWeek: 5,
  });
}

/** Sites of partner `rt`: s1..s6 of 1 to 6 commuters, big of 7, and 3 commuters without site. */
const RT_SITES = [1, 2, 3, 4, 5, 6, 7].map((n) => ({ id: n === 7 ? 'rt-big' : `rt-s${n}`, n }));
/** Partner `rc`: site A of 6, site B of 5, 2 commuters without a site (rest of 2). */
const KNOWN_DAYS = [...workdays('2012-05'), ...workdays('2012-06'), ...workdays('2012-07', 19)];

beforeAll(async () => {
  t = await createTestContext({ now: () => NOW });
  admin = await t.token('admin');
  for (const id of ['rt', 'rc', 'rh', 'bs', 'tm', 'cr', 'sv', 'hx']) {
    await post('/partners', {
      id,
      name: `Town ${id}`,
      country: 'DK',
      timezone: 'Europe/Copenhagen',
      locale: 'da',
      center: [9.93, 56.04],
    });
  }
  for (const s of RT_SITES) {
    await post('/partners/rt/sites', { id: s.id, name: `Site ${s.id}` });
    for (let i = 0; i < s.n; i++) {
      await commuter(`${s.id}-c${i}`, 'rt', s.id);
      await trips(`${s.id}-c${i}`, KNOWN_DAYS, i % 2 === 0 ? 'bike' : 'bus', 3 + i);
    }
  }
  for (let i = 0; i < 3; i++) {
    await commuter(`rt-nosite-c${i}`, 'rt', null);
    await trips(`rt-nosite-c${i}`, KNOWN_DAYS, 'walk', 2);
  }
  for (const [site, n] of [
    ['rc-a', 6],
    ['rc-b', 5],
  ] as const) {
    await post('/partners/rc/sites', { id: site, name: site });
    for (let i = 0; i < n; i++) {
      await commuter(`${site}-c${i}`, 'rc', site);
      await trips(`${site}-c${i}`, KNOWN_DAYS, 'bus', 7);
    }
  }
  for (let i = 0; i < 2; i++) {
    await commuter(`rc-x${i}`, 'rc', null);
    await trips(`rc-x${i}`, KNOWN_DAYS, 'car_driver', 11);
  }
  // rh: 10 commuters; 4 cycle in May only, 5 cycle in June (HEAT subgroup by month), the others
  // take the bus (5 or more beside the cyclists: the subgroup's complement passes too).
  for (let i = 0; i < 10; i++) {
    await commuter(`rh-c${i}`, 'rh', null);
    await trips(`rh-c${i}`, workdays('2012-05'), i < 4 ? 'bike' : 'bus', 5);
    await trips(`rh-c${i}`, workdays('2012-06'), i < 5 ? 'bike' : 'bus', 5);
  }
  // bs: 6 car drivers and 5 cyclists (by baseline) from April; 2 train riders join on June 1.
  // Every commuter 5 days a week: 10 usual trips a week each.
  for (const [prefix, mode, n] of [
    ['bs-car', 'car_driver', 6],
    ['bs-bike', 'bike', 5],
  ] as const)
    for (let i = 0; i < n; i++) {
      await commuter(`${prefix}${i}`, 'bs', null, mode);
      await trips(`${prefix}${i}`, [...workdays('2012-05'), ...workdays('2012-06')], 'bus', 5);
    }
  for (let i = 0; i < 2; i++) {
    await commuter(`bs-train${i}`, 'bs', null, 'train', '2012-06-01');
    await trips(`bs-train${i}`, workdays('2012-06'), 'bus', 5);
  }
  // tm: transitions. May: car→bike 6, car→bus 2, bus→bus 5, walk→walk 6; in June the 2 car→bus
  // commuters cycle too (car→bike 8).
  const tm: Array<[string, string, string, string]> = [];
  for (let i = 0; i < 6; i++) tm.push([`tm-cb${i}`, 'car_driver', 'bike', 'bike']);
  for (let i = 0; i < 2; i++) tm.push([`tm-cs${i}`, 'car_driver', 'bus', 'bike']);
  for (let i = 0; i < 5; i++) tm.push([`tm-bb${i}`, 'bus', 'bus', 'bus']);
  for (let i = 0; i < 6; i++) tm.push([`tm-ww${i}`, 'walk', 'walk', 'walk']);
  for (const [id, usual, may, june] of tm) {
    await commuter(id, 'tm', null, usual);
    await trips(id, workdays('2012-05'), may, 4);
    await trips(id, workdays('2012-06'), june, 4);
  }
  // cr: car figures. May: 6 baseline car drivers take the bus, x0 and x1 (baseline car drivers
  // too) drive. June: the 6 stop logging; x0 and x1 cycle among 5 commuters without a survey,
  // so June's survey subgroup is 2 and left out.
  for (let i = 0; i < 6; i++) {
    await commuter(`cr-d${i}`, 'cr', null);
    await trips(`cr-d${i}`, workdays('2012-05'), 'bus', 5);
  }
  for (let i = 0; i < 2; i++) {
    await commuter(`cr-x${i}`, 'cr', null);
    await trips(`cr-x${i}`, workdays('2012-05'), 'car_driver', 5);
    await trips(`cr-x${i}`, workdays('2012-06'), 'bike', 5);
  }
  for (let i = 0; i < 5; i++) {
    await post('/commuters', {
      id: `cr-n${i}`,
      partnerId: 'cr',
      siteId: null,
      ageBand: '30-39',
      weightKg: 70,
      joinedOn: '2012-04-01',
    });
    await trips(`cr-n${i}`, workdays('2012-06'), 'bus', 5);
  }
  // sv: subgroup and complement. May: 5 baseline car drivers (50 km a week each) take the bus.
  // June: they drive 5 km a working day, and 2 commuters without a survey join and drive 11 km.
  for (let i = 0; i < 5; i++) {
    await commuter(`sv-d${i}`, 'sv', null);
    await trips(`sv-d${i}`, workdays('2012-05'), 'bus', 5);
    await trips(`sv-d${i}`, workdays('2012-06'), 'car_driver', 5);
  }
  for (let i = 0; i < 2; i++) {
    await post('/commuters', {
      id: `sv-n${i}`,
      partnerId: 'sv',
      siteId: null,
      ageBand: '30-39',
      weightKg: 70,
      joinedOn: '2012-06-01',
    });
    await trips(`sv-n${i}`, workdays('2012-06'), 'car_driver', 11);
  }
  // hx: 7 commuters in May, 5 cycle 4 km and 2 walk 2 km a working day.
  for (let i = 0; i < 7; i++) {
    await commuter(`hx-c${i}`, 'hx', null, 'bus');
    await trips(`hx-c${i}`, workdays('2012-05'), i < 5 ? 'bike' : 'walk', i < 5 ? 4 : 2);
  }
});
afterAll(() => t.close());

type Who = 'analystNetwork' | 'staffB' | 'admin';
async function get(path: string, who: Who = 'analystNetwork') {
  const res = await t.request(`/api/v1${path}`, { token: await t.token(who) });
  expect(res.status, path).toBe(200);
  return body(res);
}
const ind = (qs: string, who: Who = 'analystNetwork') => get(`/indicators?${qs}`, who);
const isolatesFew = (commuters: number) => commuters > 0 && commuters < K;

describe('release units in time (issue 10 point 1)', () => {
  it('day-D differencing gives zero at site, partner and network scope', async () => {
    for (const scope of ['partner=rt&site=rt-s6', 'partner=rt', 'partner=network']) {
      for (const d of ['06-14', '06-20', '07-16']) {
        const before = await ind(`${scope}&from=2012-05-01&to=2012-${d}`);
        const nextDay = `2012-${d.slice(0, 3)}${String(Number(d.slice(3)) + 1).padStart(2, '0')}`;
        const after = await ind(`${scope}&from=2012-05-01&to=${nextDay}`);
        // Before release units: the difference was day D of the scope, 1 to 6 commuters.
        expect(after.trips - before.trips, `${scope} ${d}`).toBe(0);
        expect(after.distanceKm - before.distanceKm).toBe(0);
        expect(after.release.months).toEqual(before.release.months);
      }
    }
    const june = await ind('partner=rt&from=2012-06-01&to=2012-06-29');
    expect(june.withheld).toBe(true);
    expect(june.release.months).toEqual([]);
    expect(june.suppressed[0].reason).toMatch(/no released month/);
    expect(june.suppressed[0].code).toBe('no_released_month');
  });

  it('the current month does not grow for aggregate callers', async () => {
    const qs = 'partner=rt&from=2012-05-01&to=2012-07-31';
    const first = await ind(qs);
    expect(first.release.months).toEqual(['2012-05', '2012-06']);
    const july = await ind('partner=rt&from=2012-07-01&to=2012-07-31');
    expect(july.withheld).toBe(true);
    await trips('rt-big-c0', ['2012-07-20'], 'bike', 9);
    const again = await ind(qs);
    expect(again).toEqual(first);
    // Own staff and admins keep the live figures.
    const live = await ind(qs, 'admin');
    expect(live.release).toBeUndefined();
    expect(live.trips).toBeGreaterThan(first.trips);
  });

  it('a late trip changes a released month only by a legal re-release', async () => {
    const qs = 'partner=rt&site=rt-big&from=2012-06-01&to=2012-06-30';
    const frozen = await ind(qs);
    expect(frozen.withheld).toBe(false);
    await trips('rt-big-c1', ['2012-06-16'], 'bike', 40); // a Saturday: a new day
    expect(await ind(qs)).toEqual(frozen);
    // One commuter changed at rt-big: replacing June would name them.
    const refused = await rereleaseMonth(t.db.kysely, '2012-06', new Date(NOW).toISOString());
    expect(refused).toEqual({
      status: 'refused',
      units: [{ unit: 'rt|rt-big', changedCommuters: 1 }],
    });
    expect(await ind(qs)).toEqual(frozen);
    for (const i of [2, 3, 4, 5]) await trips(`rt-big-c${i}`, ['2012-06-16'], 'bike', 40);
    const done = await rereleaseMonth(t.db.kysely, '2012-06', new Date(NOW).toISOString());
    expect(done).toEqual({ status: 'replaced', changedCommuters: 5 });
    const after = await ind(qs);
    expect(after.trips - frozen.trips).toBe(5);
    expect(after.distanceKm - frozen.distanceKm).toBeCloseTo(200, 3);
  });
});

describe('release units in space (issue 10 point 3)', () => {
  it('partner minus its shown sites is 0 or at least 5 commuters, month by month', async () => {
    for (const [partner, sites] of [
      ['rt', RT_SITES.map((s) => ({ id: s.id, n: s.n }))],
      [
        'rc',
        [
          { id: 'rc-a', n: 6 },
          { id: 'rc-b', n: 5 },
        ],
      ],
    ] as const) {
      const whole = await ind(`partner=${partner}&from=2012-05-01&to=2012-05-31`);
      let shownTrips = 0;
      let shownCommuters = 0;
      for (const s of sites) {
        const r = await ind(`partner=${partner}&site=${s.id}&from=2012-05-01&to=2012-05-31`);
        if (r.withheld) continue;
        expect(isolatesFew(r.participants.active), s.id).toBe(false);
        shownTrips += r.trips;
        shownCommuters += r.participants.active;
      }
      const restCommuters = whole.participants.active - shownCommuters;
      expect(isolatesFew(restCommuters), partner).toBe(false);
      expect(whole.trips - shownTrips === 0 || restCommuters >= K).toBe(true);
    }
    // rc: site B (5) passes k on its own but is hidden so that rc minus site A is not the
    // two commuters without a site.
    const b = await ind('partner=rc&site=rc-b&from=2012-05-01&to=2012-05-31');
    expect(b.withheld).toBe(true);
    const a = await ind('partner=rc&site=rc-a&from=2012-05-01&to=2012-05-31');
    expect(a.withheld).toBe(false);
  });

  it('the network comparison minus its rows and the network answer agree on trips', async () => {
    const qs = 'from=2012-05-01&to=2012-06-30';
    const cmp = await get(`/indicators/partners?${qs}`);
    const network = await ind(`partner=network&${qs}`);
    const rows = cmp.items.filter((i: { withheld: boolean }) => !i.withheld);
    const sum = rows.reduce((s: number, i: { trips: number }) => s + i.trips, 0);
    expect(cmp.network.trips - sum).toBe(0);
    expect(network.trips - sum).toBe(0);
    // Survey car-km and its commuters: the network row is the sum of the partner rows (the km
    // sums partition-months, the count the rows' rounded counts), so total minus rows is 0.
    type Row = { carKmSubstituted: { surveyKmPerWeek: number; surveyCommuters: number } };
    const km = rows.reduce((s: number, i: Row) => s + i.carKmSubstituted.surveyKmPerWeek, 0);
    const people = rows.reduce((s: number, i: Row) => s + i.carKmSubstituted.surveyCommuters, 0);
    expect(cmp.network.carKmSubstituted.surveyKmPerWeek).toBeCloseTo(km, 2);
    expect(network.carKmSubstituted.surveyKmPerWeek).toBeCloseTo(km, 2);
    expect(cmp.network.carKmSubstituted.surveyCommuters).toBe(people);
    // town-a (2 commuters) and town-b (none) are no rows the analyst sees.
    for (const id of ['town-a', 'town-b'])
      expect(cmp.items.find((i: { partnerId: string }) => i.partnerId === id).withheld).toBe(true);
  });

  it('staff of another town get the same released figures as the analyst, or nothing', async () => {
    const res = await t.request('/api/v1/indicators?partner=rt&from=2012-05-01&to=2012-05-31', {
      token: await t.token('staffB'),
    });
    expect(res.status).toBe(403);
    const own = await ind('partner=town-b&from=2012-05-01&to=2012-05-31', 'staffB');
    expect(own.release).toBeUndefined(); // own staff: live, exact
  });
});

describe('every field (issue 10 point 4)', () => {
  it('distinct counts over several months are rounded, averages do not give them back', async () => {
    const r = await ind('partner=rt&from=2012-05-01&to=2012-06-30');
    const exactActive = 1 + 2 + 3 + 4 + 5 + 6 + 7 + 3; // 31 commuters active in May and June
    expect(r.participants.active % 5).toBe(0);
    expect(r.participants.active).not.toBe(exactActive);
    expect(r.participants.registered % 5).toBe(0);
    // commutersCompared is no distinct count but the sum of the released months' tables
    // (commuter-months): exactly May's plus June's, so two periods differ by whole months.
    const [mayOnly, juneOnly] = await Promise.all([
      ind('partner=rt&from=2012-05-01&to=2012-05-31'),
      ind('partner=rt&from=2012-06-01&to=2012-06-30'),
    ]);
    expect(r.modalShift.commutersCompared).toBe(
      mayOnly.modalShift.commutersCompared + juneOnly.modalShift.commutersCompared,
    );
    expect(r.carKmSubstituted.surveyCommuters % 5).toBe(0);
    // The average per commuter is over the rounded count: minutes / (average × weeks) is it.
    const minutes = r.activity.activeMinutesPerCommuterWeek * r.scope.weeks;
    expect(minutes).toBeGreaterThan(0);
    if (r.health.cycling) expect(r.health.cycling.people % 5).toBe(0);
    // A single released month is a unit: its count is exact.
    const may = await ind('partner=rt&from=2012-05-01&to=2012-05-31');
    expect(may.participants.active).toBe(exactActive);
  });

  it('a subgroup of 1 to 4 in a month is left out of every period that contains it', async () => {
    const may = await ind('partner=rh&from=2012-05-01&to=2012-05-31');
    expect(may.withheld).toBe(false);
    expect(may.health.cycling).toBeNull(); // 4 cyclists in May
    const june = await ind('partner=rh&from=2012-06-01&to=2012-06-30');
    expect(june.health.cycling.people).toBe(5);
    const both = await ind('partner=rh&from=2012-05-01&to=2012-06-30');
    // May's four cyclists are not in the two-month block: its cycling days are June's only,
    // so both minus June names no one.
    expect(both.activity.cyclingDays).toBe(june.activity.cyclingDays);
    expect(both.health.cycling.people).toBe(5);
  });
});

describe('per-mode cells (issue 10 point 4, pooled rule)', () => {
  const MAY_DAYS = workdays('2012-05').length;
  const shownShare = (r: { modalSplit: { byTrips: Record<string, number | null> } }) =>
    Object.values(r.modalSplit.byTrips).reduce<number>((s, v) => s + (v ?? 0), 0);

  it('a mode of 1 to 4 commuters in a shown site-month is hidden, not its share', async () => {
    // rt-big: 7 commuters, 4 cycle and 3 take the bus: each mode rests on 1 to 4 people.
    const big = await ind('partner=rt&site=rt-big&from=2012-05-01&to=2012-05-31');
    expect(big.withheld).toBe(false);
    expect(big.modalSplit.byTrips.bike).toBeNull();
    expect(big.modalSplit.byTrips.bus).toBeNull();
    expect(big.modalSplit.byDistance.bike).toBeNull();
    expect(big.modalShift.byTripsPp.bike).toBeNull();
    expect(big.modalSplit.hidden.modes).toEqual(['bike', 'bus']);
    expect(big.modalSplit.hidden.byTrips).toBeCloseTo(1, 6);
    // Walking and cycling count hidden modes in no numerator: the two active shares agree.
    // A hidden walking or cycling share leaves the active share unknown, not smaller.
    expect(big.modalShift.activeShare.followUp).toBeNull();
    expect(big.suppressed.map((s: { what: string }) => s.what).join(' ')).toMatch(/pooled/);
    // rc: the two commuters without a site drive; before the rule, car_driver was their share.
    const rc = await ind('partner=rc&from=2012-05-01&to=2012-05-31');
    expect(rc.modalSplit.byTrips.car_driver).toBeNull();
    expect(rc.modalSplit.byDistance.car_driver).toBeNull();
    const cmp = await get('/indicators/partners?from=2012-05-01&to=2012-05-31');
    const row = cmp.items.find((i: { partnerId: string }) => i.partnerId === 'rc');
    expect(row.withheld).toBe(false);
    expect(row.carShare.followUp).toBeNull();
  });

  it('total minus the shown modes is the pooled cell of 0 or at least 5 commuters', async () => {
    const rc = await ind('partner=rc&from=2012-05-01&to=2012-05-31');
    // Bus is shown at site A (6 commuters) but hidden with the car at site B (5 bus riders and
    // the 2 drivers): hidden in one partition-month, it is hidden for the partner's period, so
    // total minus shown is all 13 commuters, never 1 to 4.
    expect(rc.modalSplit.byTrips.bus).toBeNull();
    const remainder = Math.round(rc.trips * (1 - shownShare(rc)));
    expect(remainder).toBe(13 * MAY_DAYS);
    expect(rc.modalSplit.hidden.byTrips).toBeCloseTo(1 - shownShare(rc), 6);
    // Site A alone shows its bus: partner minus site gives nothing, the partner's bus is hidden.
    const a = await ind('partner=rc&site=rc-a&from=2012-05-01&to=2012-05-31');
    expect(Math.round(a.trips * a.modalSplit.byTrips.bus)).toBe(6 * MAY_DAYS);
    // The monthly series reads the partner-month's own cells (hierarchical release): its row
    // is bus (11) and car (2 drivers), so the car is hidden and, to pool 5 or more, the bus
    // with it. Every mode is left out of the rows and pooled apart: 13 commuters' trips.
    const monthly = await get('/indicators/monthly?partner=rc&from=2012-05-01&to=2012-06-30');
    for (const m of monthly.months) {
      expect(m.trips.car_driver).toBeUndefined();
      expect(m.trips.bus).toBeUndefined();
      expect(m.hidden.modes).toEqual(['bus', 'car_driver']);
      expect(m.hidden.trips).toBe(13 * workdays(m.month).length);
    }
  });

  it('period differencing of a mode cell gives nothing about 1 to 4 commuters', async () => {
    const may = await ind('partner=rc&from=2012-05-01&to=2012-05-31');
    const june = await ind('partner=rc&from=2012-06-01&to=2012-06-30');
    const both = await ind('partner=rc&from=2012-05-01&to=2012-06-30');
    for (const r of [may, june, both]) {
      expect(r.modalSplit.byTrips.car_driver).toBeNull();
      expect(r.modalSplit.byTrips.bus).toBeNull(); // hidden at site B, so for the partner
    }
    // Site A shows its bus every month: two months are the sum of the months' shown cells.
    const site = (q: string) => ind(`partner=rc&site=rc-a&${q}`);
    const [sMay, sJune, sBoth] = await Promise.all([
      site('from=2012-05-01&to=2012-05-31'),
      site('from=2012-06-01&to=2012-06-30'),
      site('from=2012-05-01&to=2012-06-30'),
    ]);
    const busTrips = (r: typeof may) => Math.round(r.trips * r.modalSplit.byTrips.bus);
    expect(busTrips(sBoth) - busTrips(sMay)).toBe(busTrips(sJune));
    expect(busTrips(sJune)).toBe(6 * workdays('2012-06').length);
    // Own staff and admins keep the exact live split.
    const live = await ind('partner=rc&from=2012-05-01&to=2012-05-31', 'admin');
    expect(live.modalSplit.byTrips.car_driver).toBeGreaterThan(0);
    expect(live.modalSplit.hidden.modes).toEqual([]);
  });
});

describe('survey-based figures are sums of released months (issue 10)', () => {
  const MODES = ['walk', 'bike', 'ebike', 'bus', 'tram', 'metro', 'train', 'car_driver'];
  it('two periods whose survey sets differ by 2 commuters do not give their baseline mode', async () => {
    const may = await ind('partner=bs&from=2012-05-01&to=2012-05-31');
    const june = await ind('partner=bs&from=2012-06-01&to=2012-06-30');
    const both = await ind('partner=bs&from=2012-05-01&to=2012-06-30');
    // The attacker knows the weights (every commuter 10 usual trips a week, counted once per
    // month: 11 commuters in May, 13 in June) and subtracts May from May–June. Before, the
    // baseline was pooled over the period's 13 survey commuters: the 2 train riders hid with the
    // 5 cyclists, and May's 5 cyclists subtracted from that pool left them.
    const W = { may: 110, june: 130, both: 240 };
    const weight = (r: typeof may, w: number, m: string) => (r.baseline.byTrips[m] ?? 0) * w;
    for (const m of MODES) {
      // A mode hidden in any month is hidden for the period: nothing to subtract.
      if (both.baseline.byTrips[m] === null) continue;
      const diff = weight(both, W.both, m) - weight(may, W.may, m);
      // The difference is June's released cell, never a group of 1 to 4 commuters.
      expect(diff, m).toBeCloseTo(weight(june, W.june, m), 3);
      expect(isolatesFew(Math.round(diff / 10)), m).toBe(false);
    }
    // The period's pool minus May's pool: June's pool with May's cyclists, never 1 to 4.
    const pool = both.baseline.hidden.byTrips * W.both - may.baseline.hidden.byTrips * W.may;
    expect(isolatesFew(Math.round(pool / 10))).toBe(false);
    for (const r of [june, both]) expect(r.baseline.byTrips.train).toBeNull();
    // Cycling is hidden in June, so hidden for May–June too: the pool holds May's cyclists.
    expect(both.baseline.byTrips.bike).toBeNull();
    // Own staff and admins keep the exact baseline of the period's survey commuters.
    const live = await ind('partner=bs&from=2012-05-01&to=2012-06-30', 'admin');
    expect(live.baseline.byTrips.train).toBeCloseTo(20 / 130, 6);
  });

  it('a hidden transition cell cannot be solved from totals across overlapping periods', async () => {
    const qs = {
      may: 'partner=tm&from=2012-05-01&to=2012-05-31',
      june: 'partner=tm&from=2012-06-01&to=2012-06-30',
      both: 'partner=tm&from=2012-05-01&to=2012-06-30',
    };
    type Cell = { from: string; to: string; commuters: number | null };
    const answers: Record<string, { cells: Cell[]; compared: number; months: number }> = {};
    for (const [name, q] of Object.entries(qs)) {
      const r = await ind(q);
      answers[name] = {
        cells: r.modalShift.transitions,
        compared: r.modalShift.commutersCompared,
        months: name === 'both' ? 2 : 1,
      };
    }
    const cell = (name: string, from: string, to: string) =>
      answers[name]!.cells.find((c) => c.from === from && c.to === to)?.commuters ?? 0;
    // May's car→bus cell of 2 is hidden, with enough others that no line gives it away.
    expect(answers.may!.cells.find((c) => c.from === 'car_driver' && c.to === 'bus')).toMatchObject(
      { commuters: null },
    );
    // Row and column totals the attacker knows (commuter-months): baseline modes per month
    // (car 8, bus 5, walk 6), follow-up modes (May: bike 6, bus 7, walk 6; June: bike 8, bus 5).
    const rowTotals: Record<string, Record<string, number>> = {
      may: { car_driver: 8, bus: 5, walk: 6 },
      june: { car_driver: 8, bus: 5, walk: 6 },
      both: { car_driver: 16, bus: 10, walk: 12 },
    };
    const colTotals: Record<string, Record<string, number>> = {
      may: { bike: 6, bus: 7, walk: 6 },
      june: { bike: 8, bus: 5, walk: 6 },
      both: { bike: 14, bus: 12, walk: 12 },
    };
    // What each answer leaves unexplained: the whole table and every row and column.
    const pools = (name: string) => {
      const a = answers[name]!;
      const shown = (pred: (c: Cell) => boolean) =>
        a.cells.filter(pred).reduce((s, c) => s + (c.commuters ?? 0), 0);
      const out: Record<string, number> = { total: a.compared - shown(() => true) };
      for (const [r, n] of Object.entries(rowTotals[name]!))
        out[`row:${r}`] = n - shown((c) => c.from === r);
      for (const [col, n] of Object.entries(colTotals[name]!))
        out[`col:${col}`] = n - shown((c) => c.to === col);
      for (const from of ['car_driver', 'bus', 'walk'])
        for (const to of ['bike', 'bus', 'walk']) out[`${from}>${to}`] = cell(name, from, to);
      return out;
    };
    const p = { may: pools('may'), june: pools('june'), both: pools('both') };
    for (const [name, figures] of Object.entries(p))
      for (const [what, n] of Object.entries(figures))
        expect(isolatesFew(n), `${name} ${what}`).toBe(false);
    // Overlapping periods: May–June minus June and minus May, figure by figure.
    for (const other of ['may', 'june'] as const)
      for (const what of Object.keys(p.both))
        expect(isolatesFew(p.both[what]! - p[other][what]!), `both − ${other}: ${what}`).toBe(
          false,
        );
    // The period's table is the sum of the months' released tables.
    expect(answers.both!.compared).toBe(answers.may!.compared + answers.june!.compared);
    expect(cell('both', 'car_driver', 'bike')).toBe(cell('may', 'car_driver', 'bike') + 8);
  });

  it('two periods whose survey sets differ by 2 commuters do not give their car replacement or car-km', async () => {
    const may = await ind('partner=cr&from=2012-05-01&to=2012-05-31');
    const june = await ind('partner=cr&from=2012-06-01&to=2012-06-30');
    const both = await ind('partner=cr&from=2012-05-01&to=2012-06-30');
    // The attacker knows the trip counts (one trip a working day: 23 in May, 21 in June) and
    // that June's survey subgroup (x0, x1) is left out of June. Before, May–June took x0 and x1
    // in (their May survey) with all their trips, June's too: May–June minus May gave x0 and
    // x1's June car replacement (all 42 trips off the car) and their June car-km.
    const trips = { may: 8 * 23, both: 8 * 23 + 2 * 21 };
    expect(june.modalShift.carReplacementRate).toBeNull();
    expect(may.modalShift.carReplacementRate).toBeCloseTo((6 * 23) / (8 * 23), 6);
    const replacedMay = may.modalShift.carReplacementRate * trips.may;
    // Whatever trip count the attacker assumes for May–June, the rate is May's: June adds nothing.
    expect(both.modalShift.carReplacementRate).toBeCloseTo(may.modalShift.carReplacementRate, 6);
    const replacedJune = both.modalShift.carReplacementRate * trips.both - replacedMay;
    expect(replacedJune).not.toBeCloseTo(2 * 21, 0);
    // Survey car-km per week × the period's weeks is a sum of released partition-months' km:
    // May–June minus May is June's, which is left out (0), not x0 and x1's 2 × 5 km × 2 × 5 a
    // week over June's weeks.
    const weeks = { may: 31 / 7, both: 61 / 7 };
    const kmMay = may.carKmSubstituted.surveyKmPerWeek * weeks.may;
    const kmBoth = both.carKmSubstituted.surveyKmPerWeek * weeks.both;
    expect(kmBoth - kmMay).toBeCloseTo(0, 1);
    // May alone: 6 bus riders' baseline 50 km a week each over May's weeks, x0 and x1's minus
    // their logged 2 × 23 × 5 km.
    expect(kmMay).toBeCloseTo(8 * 50 * weeks.may - 2 * 23 * 5, 1);
    expect(both.suppressed.map((s: { what: string }) => s.what)).toContain(
      'survey-based figures: 1 partner-months left out',
    );
  });
});

describe('a subgroup and its complement inside a partition-month (issue 10, subgroup rule)', () => {
  it('all commuters minus the survey commuters does not give the 2 without a survey', async () => {
    const may = await ind('partner=sv&from=2012-05-01&to=2012-05-31');
    const june = await ind('partner=sv&from=2012-06-01&to=2012-06-30');
    const weeks = { may: 31 / 7, june: 30 / 7 };
    // May: the survey commuters log no car-km, so May's survey car-km per week is their
    // baseline car-km per week (5 × 50).
    expect(may.modalSplit.byDistance.car_driver ?? 0).toBe(0);
    const baselinePerWeek = may.carKmSubstituted.surveyKmPerWeek;
    expect(baselinePerWeek).toBeCloseTo(250, 3);
    // June: survey car-km = baseline × weeks − the survey commuters' logged car-km, so the
    // attacker gets their logged car-km, and all commuters' car-km minus it. Before the rule,
    // June's 5 survey commuters (7 active) were a released subgroup: the difference was the 2
    // commuters without a survey, 2 × 21 × 11 = 462 km, to the metre.
    const carAll = (june.modalSplit.byDistance.car_driver ?? 0) * june.distanceKm;
    expect(carAll).toBeCloseTo(5 * 21 * 5 + 2 * 21 * 11, 1);
    const surveyLogged = (baselinePerWeek - june.carKmSubstituted.surveyKmPerWeek) * weeks.june;
    const theTwo = carAll - surveyLogged;
    expect(theTwo).not.toBeCloseTo(2 * 21 * 11, 0);
    // Nor is any survey-based figure of June about 5 of 7: all are left out of the month.
    expect(june.carKmSubstituted.surveyKmPerWeek).toBe(0);
    expect(june.carKmSubstituted.surveyCommuters).toBe(0);
    expect(june.modalShift.carReplacementRate).toBeNull();
    // commutersCompared against active commuters would count the 2 (7 − 5).
    expect(june.participants.active - june.modalShift.commutersCompared).not.toBe(2);
    expect(june.suppressed.map((x: { what: string }) => x.what)).toContain('survey-based figures');
    // May–June is May's survey figures only: minus May, nothing about the 2.
    const both = await ind('partner=sv&from=2012-05-01&to=2012-06-30');
    expect(both.carKmSubstituted.surveyKmPerWeek * (61 / 7)).toBeCloseTo(250 * weeks.may, 1);
  });

  it('HEAT of 5 cyclists beside 2 others is left out: activity minus it would be the 2', async () => {
    const may = await ind('partner=hx&from=2012-05-01&to=2012-05-31');
    expect(may.participants.active).toBe(7);
    // Before the rule the cyclists' block was shown (people 5, 78.759 min a week, annualised by
    // 46/52) while the 2 walkers' was not, and the activity block covers all 7 (100.69 min a
    // week each): 7 × 100.69 − 5 × 78.759 × 52/46 = 259.7 min a week was the 2 walkers'.
    expect(may.health.cycling).toBeNull();
    expect(may.health.walking).toBeNull();
    expect(may.activity.cyclists).toBeNull();
    // The all-commuter figures stay: 7 commuters' trips and active minutes.
    expect(may.trips).toBe(7 * 23);
    expect(may.activity.activeMinutesPerCommuterWeek).toBeGreaterThan(0);
  });
});
