import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, createTestContext, type TestContext } from '../helpers.js';

/**
 * Issue 10, hierarchical release of the per-mode cells (docs/methodology.md#release-units): the
 * network analyst's split is read from network-month cells, a partner's from partner-month
 * cells, a site's from site-month cells, all suppressed together month by month. These attacks
 * play the network analyst against generated towns whose sites hold 1 to 6 commuters of a mode
 * and check that subtracting shown figures across the levels, across periods and along a mode
 * row never lands on a hidden cell alone or on 1 to 4 commuters. The clock stands at 2012-07-20:
 * May and June 2012 are released.
 */
const NOW = Date.parse('2012-07-20T12:00:00Z');
const K = 5;
let t: TestContext;
let admin: string;

/** One group of commuters: where they are and their one mode in May and in June. */
interface Group {
  partner: string;
  site: string | null;
  n: number;
  may: string;
  june: string;
}
const GROUPS: Group[] = [
  { partner: 'ha', site: 'ha-s1', n: 4, may: 'bike', june: 'bike' },
  { partner: 'ha', site: 'ha-s1', n: 2, may: 'walk', june: 'walk' },
  { partner: 'ha', site: 'ha-s2', n: 5, may: 'bus', june: 'bus' },
  { partner: 'ha', site: 'ha-s2', n: 2, may: 'bike', june: 'bike' },
  { partner: 'ha', site: null, n: 3, may: 'car_driver', june: 'car_driver' },
  { partner: 'ha', site: null, n: 2, may: 'bike', june: 'bike' },
  { partner: 'hb', site: null, n: 6, may: 'bike', june: 'bike' },
  // In June hb's two drivers cycle too: the months differ.
  { partner: 'hb', site: null, n: 2, may: 'car_driver', june: 'bike' },
  { partner: 'hc', site: 'hc-s1', n: 3, may: 'bike', june: 'bike' },
  { partner: 'hc', site: 'hc-s1', n: 6, may: 'bus', june: 'bus' },
  { partner: 'hd', site: null, n: 5, may: 'walk', june: 'walk' },
  { partner: 'hd', site: null, n: 1, may: 'bus', june: 'bus' },
];
const PARTNERS = ['ha', 'hb', 'hc', 'hd'];
const SITES: Record<string, string[]> = { ha: ['ha-s1', 'ha-s2'], hc: ['hc-s1'] };
const MODES = ['walk', 'bike', 'bus', 'car_driver'];
const MONTHS = { may: ['2012-05-01', '2012-05-31'], june: ['2012-06-01', '2012-06-30'] } as const;
type Month = keyof typeof MONTHS;

/** Commuters of a mode in a month among the groups that match `where`. */
function commuters(month: Month, mode: string, where: (g: Group) => boolean): number {
  return GROUPS.filter((g) => where(g) && g[month] === mode).reduce((s, g) => s + g.n, 0);
}

function workdays(month: string): string[] {
  const out: string[] = [];
  for (let d = 1; d <= 31; d++) {
    const day = `${month}-${String(d).padStart(2, '0')}`;
    const date = new Date(`${day}T12:00:00Z`);
    if (date.getUTCMonth() + 1 !== Number(month.slice(5))) break;
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6) out.push(day);
  }
  return out;
}

async function post(path: string, json: unknown) {
  const res = await t.request(`/api/v1${path}`, { method: 'POST', token: admin, json });
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`${path}: ${res.status} ${await res.text()}`);
}

beforeAll(async () => {
  t = await createTestContext({ now: () => NOW });
  admin = await t.token('admin');
  for (const id of PARTNERS)
    await post('/partners', {
      id,
      name: `Town ${id}`,
      country: 'DK',
      timezone: 'Europe/Copenhagen',
      locale: 'da',
      center: [9.93, 56.04],
    });
  for (const [partner, sites] of Object.entries(SITES))
    for (const id of sites) await post(`/partners/${partner}/sites`, { id, name: id });
  let seq = 0;
  for (const [gi, g] of GROUPS.entries())
    for (let i = 0; i < g.n; i++) {
      const id = `${g.partner}-g${gi}-c${i}`;
      await post('/commuters', {
        id,
        partnerId: g.partner,
        siteId: g.site,
        ageBand: '30-39',
        weightKg: 70,
        joinedOn: '2012-04-01',
      });
      await post(`/commuters/${id}/surveys`, {
        kind: 'baseline',
        takenOn: '2012-04-01',
        usualMode: 'car_driver',
        oneWayKm: 5,
        daysPerWeek: 5,
      });
      for (const month of ['may', 'june'] as const) {
        const mode = g[month];
        await post('/trips/batch', {
          trips: workdays(MONTHS[month][0].slice(0, 7)).map((day) => ({
            id: `${id}-t${seq++}`,
            commuterId: id,
            startedAt: `${day}T07:00:00+02:00`,
            purpose: 'commute',
            ...(mode === 'car_driver' ? {} : { replacedMode: 'car_driver' }),
            legs: [{ mode, distanceKm: 4 }],
          })),
        });
      }
    }
});
afterAll(() => t.close());

type Answer = {
  withheld: boolean;
  trips: number;
  modalSplit: {
    byTrips: Record<string, number | null>;
    hidden: { modes: string[]; byTrips: number };
  };
};
async function ind(qs: string, who: 'analystNetwork' | 'admin' = 'analystNetwork') {
  const res = await t.request(`/api/v1/indicators?${qs}`, { token: await t.token(who) });
  expect(res.status, qs).toBe(200);
  return (await body(res)) as Answer;
}
const period = (m: Month) => `from=${MONTHS[m][0]}&to=${MONTHS[m][1]}`;
/** Trips of a mode an answer shows, or null when the mode is hidden. */
const shownTrips = (a: Answer, mode: string) => {
  const share = a.modalSplit.byTrips[mode];
  return share === null || share === undefined ? null : Math.round(a.trips * share);
};

describe('hierarchical release of the modal split (issue 10)', () => {
  it("the network analyst sees the network's split where every mode is small in some site", async () => {
    // In May every mode has 1 to 4 commuters somewhere (walk 2 at ha-s1, bike 3 at hc-s1, bus 1
    // at hd, car 2 at hb), yet the network cells hold 5 to 17 commuters. Cycling and the bus are
    // shown, and exact. The network's car cell (5: ha's 3 drivers and hb's 2) is not: minus
    // ha's rest (its 3 drivers and 2 cyclists, a shown total) it would give hb's 2 drivers minus
    // ha's 2 cyclists, a difference about 4 people; walking (7, the next smallest) is pooled
    // with it.
    const may = await ind(`partner=network&${period('may')}`);
    const exactMay = await ind(`partner=network&${period('may')}`, 'admin');
    for (const mode of MODES) expect(commuters('may', mode, () => true)).toBeGreaterThanOrEqual(K);
    for (const mode of ['bike', 'bus']) {
      expect(may.modalSplit.byTrips[mode], mode).not.toBeNull();
      expect(may.modalSplit.byTrips[mode]).toBeCloseTo(exactMay.modalSplit.byTrips[mode]!, 6);
    }
    expect(may.modalSplit.hidden.modes).toEqual(['car_driver', 'walk']);
    // In June only ha's 3 drivers drive: the network's car cell is small, and walking (7, the
    // next smallest) is pooled with it; cycling and the bus stay shown and exact.
    const june = await ind(`partner=network&${period('june')}`);
    const exactJune = await ind(`partner=network&${period('june')}`, 'admin');
    expect(june.modalSplit.hidden.modes).toEqual(['car_driver', 'walk']);
    for (const mode of ['bike', 'bus'])
      expect(june.modalSplit.byTrips[mode]).toBeCloseTo(exactJune.modalSplit.byTrips[mode]!, 6);
    // Over both months a mode hidden in June is hidden for the period; the others are shown.
    const both = await ind(`partner=network&from=2012-05-01&to=2012-06-30`);
    expect(both.modalSplit.byTrips.bike).not.toBeNull();
    expect(both.modalSplit.byTrips.bus).not.toBeNull();
    expect(both.modalSplit.byTrips.walk).toBeNull();
  });

  it('network minus the shown partner cells is 0 or several hidden cells of 5 or more', async () => {
    let attacked = 0;
    for (const m of ['may', 'june'] as const) {
      const network = await ind(`partner=network&${period(m)}`);
      const partners = Object.fromEntries(
        await Promise.all(PARTNERS.map(async (p) => [p, await ind(`partner=${p}&${period(m)}`)])),
      ) as Record<string, Answer>;
      for (const mode of MODES) {
        const total = shownTrips(network, mode);
        if (total === null) continue;
        const hidden = PARTNERS.filter(
          (p) =>
            commuters(m, mode, (g) => g.partner === p) > 0 &&
            shownTrips(partners[p]!, mode) === null,
        );
        const residual =
          total - PARTNERS.reduce((s, p) => s + (shownTrips(partners[p]!, mode) ?? 0), 0);
        if (hidden.length === 0) {
          expect(residual, `${m} ${mode}`).toBe(0);
          continue;
        }
        // The remainder is the sum of two hidden partner cells or more, 5 commuters or more.
        attacked += 1;
        expect(hidden.length, `${m} ${mode}`).toBeGreaterThanOrEqual(2);
        expect(commuters(m, mode, (g) => hidden.includes(g.partner))).toBeGreaterThanOrEqual(K);
      }
    }
    // Not vacuous: May's car cell (ha 3 and hb 2 drivers, both hidden) is one such remainder.
    expect(attacked).toBeGreaterThan(0);
  });

  it('a partner minus its shown site cells is 0 or rests on 5 or more commuters', async () => {
    for (const m of ['may', 'june'] as const)
      for (const [partner, sites] of Object.entries(SITES)) {
        const whole = await ind(`partner=${partner}&${period(m)}`);
        const shown = await Promise.all(
          sites.map(async (s) => ({
            site: s,
            a: await ind(`partner=${partner}&site=${s}&${period(m)}`),
          })),
        );
        for (const mode of MODES) {
          const total = shownTrips(whole, mode);
          if (total === null) continue;
          // Cells the subtraction cannot see: the rest (no site) and sites hiding the mode or
          // withheld whole.
          const unseen = shown
            .filter(({ a }) => a.withheld || shownTrips(a, mode) === null)
            .map(({ site }) => site);
          const residual =
            total -
            shown.reduce((s, { a }) => s + (a.withheld ? 0 : (shownTrips(a, mode) ?? 0)), 0);
          const behind = commuters(
            m,
            mode,
            (g) => g.partner === partner && (g.site === null || unseen.includes(g.site)),
          );
          expect(behind > 0 && behind < K, `${m} ${partner} ${mode}: ${behind}`).toBe(false);
          if (behind === 0) expect(residual).toBe(0);
        }
      }
  });

  it('total minus the shown modes pools two modes or more and 5 commuters or more', async () => {
    const scopes = [
      'partner=network',
      ...PARTNERS.map((p) => `partner=${p}`),
      ...Object.entries(SITES).flatMap(([p, s]) => s.map((site) => `partner=${p}&site=${site}`)),
    ];
    for (const m of ['may', 'june'] as const)
      for (const scope of scopes) {
        const a = await ind(`${scope}&${period(m)}`);
        if (a.withheld) continue;
        const pooled = a.modalSplit.hidden.modes;
        const shownSum = MODES.reduce((s, mode) => s + (shownTrips(a, mode) ?? 0), 0);
        expect(a.trips - shownSum).toBe(Math.round(a.trips * a.modalSplit.hidden.byTrips));
        if (pooled.length === 0) continue;
        expect(pooled.length, `${m} ${scope}`).toBeGreaterThanOrEqual(2);
        const partner = /partner=(\w+)/.exec(scope)![1]!;
        const site = /site=([\w-]+)/.exec(scope)?.[1] ?? null;
        const inScope = (g: Group) =>
          (partner === 'network' || g.partner === partner) && (site === null || g.site === site);
        const n = pooled.reduce((s, mode) => s + commuters(m, mode, inScope), 0);
        expect(n, `${m} ${scope}`).toBeGreaterThanOrEqual(K);
      }
  });

  it('two periods differ by whole month cells: May–June minus May is June', async () => {
    for (const scope of ['partner=network', 'partner=ha', 'partner=hb']) {
      const [may, june, both] = await Promise.all([
        ind(`${scope}&${period('may')}`),
        ind(`${scope}&${period('june')}`),
        ind(`${scope}&from=2012-05-01&to=2012-06-30`),
      ]);
      for (const mode of MODES) {
        const b = shownTrips(both, mode);
        const x = shownTrips(may, mode);
        const y = shownTrips(june, mode);
        // Hidden in a month: hidden for the period, so the difference is never a hidden cell.
        if (x === null || y === null) expect(b, `${scope} ${mode}`).toBeNull();
        if (b !== null) expect(b - (x ?? 0)).toBe(y ?? 0);
      }
    }
  });
});
