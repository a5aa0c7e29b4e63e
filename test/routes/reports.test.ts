import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../server/reports/i18n/en.js';
import { PLANNED_REPORT_LANGUAGES, REPORT_LANGUAGES } from '../../server/reports/i18n/index.js';
import { body, createTestContext, type TestContext } from '../helpers.js';

/**
 * GET /reports against the indicator API: the same caller and inputs must give the same
 * numbers; roles and scope as GET /indicators; the hash is stable and moves with the data.
 */
let t: TestContext;
const PEOPLE = 6;

async function seed(partner: 'town-a' | 'town-b', site: string, offset: number) {
  const admin = await t.token('admin');
  const trips = [];
  for (let i = 0; i < PEOPLE; i++) {
    const id = `${partner}-r${i}`;
    expect(
      (
        await t.request('/api/v1/commuters', {
          method: 'POST',
          token: admin,
          json: { id, partnerId: partner, siteId: site, ageBand: '30-39', joinedOn: '2011-01-01' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await t.request(`/api/v1/commuters/${id}/surveys`, {
          method: 'POST',
          token: admin,
          json: {
            kind: 'baseline',
            takenOn: '2011-01-01',
            usualMode: 'car_driver',
            oneWayKm: 4 + i,
            daysPerWeek: 5,
          },
        })
      ).status,
    ).toBe(201);
    for (let d = 0; d < 8; d++) {
      const day = String(3 + d + offset).padStart(2, '0');
      const bike = (i + d) % 4 !== 0;
      trips.push({
        id: `${id}-t${d}`,
        commuterId: id,
        startedAt: `2011-10-${day}T07:30:00+02:00`,
        purpose: 'commute',
        replacedMode: bike ? 'car_driver' : 'none',
        legs: [
          bike
            ? { mode: 'bike', distanceKm: 4 + i, durationMin: 20 + i }
            : { mode: 'car_driver', distanceKm: 4 + i, durationMin: 10 },
        ],
      });
    }
  }
  const res = await t.request('/api/v1/trips/batch', {
    method: 'POST',
    token: admin,
    json: { trips },
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

beforeAll(async () => {
  t = await createTestContext();
  await seed('town-a', 'site-a', 0);
  await seed('town-b', 'site-b', 1);
}, 60_000);
afterAll(() => t.close());

const Q = 'from=2011-01-01&to=2011-12-31';

/**
 * Report strings that are rightly the same as the English ones, per language (one block each,
 * so a language added on another branch merges without touching the others). Listed rather
 * than guessed, so a key forgotten in English cannot hide here.
 */
const SAME_AS_ENGLISH: Readonly<Record<string, readonly string[]>> = {
  da: ['modeNames.bus', 'modeNames.metro', 'modeNames.ebike', 'modeNames.tram'],
  de: ['modeNames.bus', 'modeNames.metro', 'modeNames.ebike', 'modeNames.tram'],
  // "kg CO2e per km" and "Partner" are Italian too.
  it: ['factor', 'partner', 'modeNames.tram'],
  es: ['total', 'modeNames.metro'],
  gl: ['total', 'modeNames.metro'],
  // "Total" is Romanian, "Metro" Polish.
  el: [],
  ro: ['total'],
  pl: ['modeNames.metro'],
  sl: [],
};
/** Every report language but the English reference. */
const TRANSLATED = Object.keys(REPORT_LANGUAGES).filter((l) => l !== 'en');
async function report(token: string, query: string) {
  return t.request(`/api/v1/reports?${query}`, { token });
}
async function json(token: string, query: string) {
  const res = await report(token, `${query}&format=json`);
  expect(res.status, await res.clone().text()).toBe(200);
  return body(res);
}
async function indicators(token: string, query: string) {
  const res = await t.request(`/api/v1/indicators?${query}`, { token });
  expect(res.status).toBe(200);
  return body(res);
}

describe('GET /reports: the numbers are the indicator API numbers', () => {
  it.each([
    ['admin', 'town-b'],
    ['staffA', 'town-a'],
    ['analystNetwork', 'town-a'],
    ['staffB', 'town-b'],
  ] as const)('%s, partner %s: headline and indicators equal GET /indicators', async (who, p) => {
    const token = await t.token(who);
    const r = await json(token, `partner=${p}&${Q}`);
    const ind = await indicators(token, `partner=${p}&${Q}`);
    expect(r.indicators[p]).toEqual(ind);
    expect(r.headline.trips).toBe(ind.trips);
    expect(r.headline.distanceKm).toBe(ind.distanceKm);
    expect(r.headline.co2AvoidedKg).toBe(ind.co2AvoidedKg);
    expect(r.headline.carKmSubstituted).toBe(ind.carKmSubstituted.replacedModeKm);
    expect(r.headline.activeCommuters).toBe(ind.participants.active);
    expect(r.headline.trips).toBeGreaterThan(0);
    expect(r.meta.aggregate).toBe(who === 'analystNetwork');
  });

  it('the network and its partner roll-up equal the indicator API', async () => {
    const token = await t.token('analystNetwork');
    const r = await json(token, `partner=network&${Q}`);
    const net = await indicators(token, `partner=network&${Q}`);
    expect(r.indicators.network).toEqual(net);
    expect(r.headline.co2AvoidedKg).toBe(net.co2AvoidedKg);
    const rows = r.tables.find((x: { id: string }) => x.id === 'partners').rows;
    for (const [p, name] of [
      ['town-a', 'Town A'],
      ['town-b', 'Town B'],
    ]) {
      const ind = await indicators(token, `partner=${p}&${Q}`);
      const row = rows.find((x: { partner: string }) => x.partner === name);
      expect(row.trips).toBe(ind.trips);
      expect(row.co2AvoidedKg).toBe(ind.co2AvoidedKg);
      expect(row.activeCommuters).toBe(ind.participants.active);
    }
  });

  it('several partners: each partner block equals its indicator answer, the headline is their sum', async () => {
    const token = await t.token('admin');
    const r = await json(token, `partner=town-a,town-b&${Q}`);
    const a = await indicators(token, `partner=town-a&${Q}`);
    const b = await indicators(token, `partner=town-b&${Q}`);
    expect(r.indicators['town-a']).toEqual(a);
    expect(r.indicators['town-b']).toEqual(b);
    expect(r.headline.trips).toBe(a.trips + b.trips);
    expect(r.tables.map((x: { id: string }) => x.id)).toEqual(
      expect.arrayContaining(['partners', 'modes-town-a', 'modes-town-b', 'sites-town-a']),
    );
  });

  it('a site table holds the site answers of the indicator API (released for analysts)', async () => {
    for (const who of ['admin', 'analystNetwork'] as const) {
      const token = await t.token(who);
      const r = await json(token, `partner=town-b&${Q}`);
      const site = await indicators(token, `partner=town-b&site=site-b&${Q}`);
      const row = r.tables.find((x: { id: string }) => x.id === 'sites').rows[0];
      expect(row.site).toBe('Hospital B');
      expect(row.trips).toBe(site.withheld ? null : site.trips);
      expect(row.co2AvoidedKg).toBe(site.withheld ? null : site.co2AvoidedKg);
    }
  });

  it('money in DKK is the euro value times the stated rate', async () => {
    const token = await t.token('admin');
    const eur = await json(token, `partner=town-b&${Q}`);
    const dkk = await json(token, `partner=town-b&${Q}&currency=DKK`);
    expect(dkk.meta.exchangeRate).toMatchObject({ currency: 'DKK', year: 2011, rate: 7.4506 });
    expect(dkk.headline.healthValuePerYear).toBeCloseTo(
      eur.headline.healthValuePerYear * 7.4506,
      6,
    );
    expect(eur.headline.healthValuePerYear).toBeGreaterThan(0);
  });
});

describe('GET /reports: HTML', () => {
  it('has one h1, h2 sections, a caption on every table, no script, and a CSP with the style hash', async () => {
    const res = await report(await t.token('admin'), `partner=town-b&${Q}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/style-src 'sha256-/);
    const html = await res.text();
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect((html.match(/<h2[ >]/g) ?? []).length).toBeGreaterThanOrEqual(8);
    const tables = html.match(/<table[^>]*>.*?<\/table>/gs) ?? [];
    expect(tables.length).toBeGreaterThanOrEqual(8);
    for (const tb of tables) expect(tb).toMatch(/^<table[^>]*><caption>[^<]+<\/caption>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toMatch(/<svg /);
    // The style hash in the header is the hash of the one <style> element.
    const style = html.match(/<style>(.*?)<\/style>/s)![1]!;
    const { createHash } = await import('node:crypto');
    expect(csp).toContain(`sha256-${createHash('sha256').update(style).digest('base64')}`);
  });

  it.each(TRANSLATED)('the %s report holds no English report string', async (lang) => {
    const html = await (
      await report(await t.token('admin'), `partner=town-b&${Q}&lang=${lang}`)
    ).text();
    expect(html).toMatch(new RegExp(`<html lang="${lang}"`));
    const text = html
      .replace(/<style>.*?<\/style>/s, '')
      .replace(/<[^>]+>/g, '\n')
      .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));
    const dict = REPORT_LANGUAGES[lang]!;
    const flat = (o: object): Array<[string, string]> =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === 'string'
          ? [[k, v] as [string, string]]
          : flat(v).map(([k2, v2]) => [`${k}.${k2}`, v2] as [string, string]),
      );
    const theirs = new Map(flat(dict));
    // Words that are the same in the language: listed, so a forgotten key cannot hide here.
    expect(SAME_AS_ENGLISH[lang], `SAME_AS_ENGLISH has no block for ${lang}`).toBeDefined();
    const same = new Set(SAME_AS_ENGLISH[lang]);
    for (const [key, english] of flat(en)) {
      if (key === 'locale') continue;
      const translated = theirs.get(key)!;
      if (translated === english) {
        expect(same.has(key), `${lang}.${key} is left in English`).toBe(true);
        continue;
      }
      // Each English phrase (without its {placeholders}) must be absent from the text.
      for (const piece of english.split(/\{\w+\}/)) {
        const p = piece.trim();
        // Whole words only ("Period" is not in "Periode"); pieces that are only symbols and
        // codes ("1 EUR =") are the same in every language.
        if (!/[a-z]{4}/.test(p)) continue;
        const re = new RegExp(
          `(?<!\\p{L})${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\p{L})`,
          'u',
        );
        expect(re.test(text), `${lang}: "${p}" (${key})`).toBe(false);
      }
    }
  });

  it.each([
    // Dates and percentages come from Intl in the report's locale (gl-ES: Node's full ICU).
    [
      'it',
      'Rapporto sulla mobilità attiva',
      'Dal 1 gennaio 2011 al 31 dicembre 2011',
      'sono stati 75% del totale',
    ],
    [
      'es',
      'Informe de movilidad activa',
      'Del 1 de enero de 2011 al 31 de diciembre de 2011',
      'se hizo el 75 % de los desplazamientos',
    ],
    [
      'gl',
      'Informe de mobilidade activa',
      'Do 1 de xaneiro de 2011 ao 31 de decembro de 2011',
      'fíxose o 75 % dos desprazamentos',
    ],
  ])(
    'the %s report declares its language and formats dates and shares in its locale',
    async (lang, title, period, share) => {
      const html = await (
        await report(await t.token('admin'), `partner=town-b&${Q}&lang=${lang}`)
      ).text();
      expect(html).toMatch(new RegExp(`^<!doctype html>\\s*<html lang="${lang}">`, 'i'));
      const text = html
        .replace(/<[^>]+>/g, ' ')
        .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
        .replace(/[\u00a0\u202f]/g, ' ');
      expect(text).toContain(`${title}: Town B`);
      // The summary's placeholders are filled: period, and 36 of 48 trips by bike.
      expect(text).toContain(period);
      expect(text).toContain(share);
      expect(text).not.toMatch(/\{\w+\}/);
    },
  );

  it('every report language keeps the English placeholders, no more and no fewer', () => {
    const holes = (o: object): string[] =>
      Object.entries(o)
        .flatMap(([k, v]) =>
          typeof v === 'string'
            ? (v.match(/\{\w+\}/g) ?? []).map((h) => `${k}:${h}`)
            : holes(v).map((h) => `${k}.${h}`),
        )
        .sort();
    for (const lang of TRANSLATED) {
      expect(holes(REPORT_LANGUAGES[lang]!), lang).toEqual(holes(en));
    }
  });

  it('names the factor set in the report language, and keeps the data name for an unknown set', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { factorSetNameIn } = await import('../../server/reports/html.js');
    const shipped = (
      JSON.parse(
        readFileSync(join(import.meta.dirname, '../../data/factor-sets.json'), 'utf8'),
      ) as { factorSets: Array<{ id: string; name: string }> }
    ).factorSets;
    for (const set of shipped) {
      expect(factorSetNameIn(en, set.id, 'x')).toBe(set.name);
      for (const lang of TRANSLATED)
        expect(factorSetNameIn(REPORT_LANGUAGES[lang]!, set.id, set.name), lang).not.toBe(set.name);
    }
    expect(factorSetNameIn(REPORT_LANGUAGES.da!, 'added-later-2030', 'Added later')).toBe(
      'Added later',
    );
    const admin = await t.token('admin');
    const text = async (query: string) =>
      (await (await report(admin, `partner=town-b&${Q}&${query}`)).text())
        .replace(/<[^>]+>/g, ' ')
        .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));
    const dk = shipped.find((s) => s.id === 'dk-tm-2023')!;
    const de = await text('lang=de&factorSet=dk-tm-2023');
    const deName = REPORT_LANGUAGES.de!.factorSetNames['dk-tm-2023'];
    // On the cover, in the CO2 section and in the appendix.
    expect(de.split(deName).length - 1).toBeGreaterThanOrEqual(3);
    expect(de).not.toContain(dk.name);
    expect(de).toContain('(dk-tm-2023)');
    expect(de).toContain(REPORT_LANGUAGES.de!.unitPassengerKm);
    const english = await text('lang=en&factorSet=dk-tm-2023');
    expect(english).toContain(dk.name);
  });

  it('a partner language not translated yet, or an unknown one, is a 422', async () => {
    const token = await t.token('admin');
    const planned = PLANNED_REPORT_LANGUAGES.find((l) => !(l in REPORT_LANGUAGES));
    for (const lang of [planned ?? 'xx', 'xx']) {
      const res = await report(token, `partner=town-b&${Q}&lang=${lang}`);
      expect(res.status).toBe(422);
      expect((await body(res)).error.code).toBe('validation_failed');
    }
  });
});

describe('GET /reports: hash, formats, roles and bad input', () => {
  it('the inputs hash is stable across calls and changes when a trip is added', async () => {
    const token = await t.token('admin');
    const a = await json(token, `partner=town-a&${Q}`);
    const b = await json(token, `partner=town-a&${Q}`);
    expect(b.meta.inputsHash).toBe(a.meta.inputsHash);
    expect(a.meta.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    const res = await t.request('/api/v1/trips', {
      method: 'POST',
      token,
      json: {
        id: 'town-a-extra',
        commuterId: 'town-a-r0',
        startedAt: '2011-11-20T07:30:00+01:00',
        purpose: 'commute',
        replacedMode: 'car_driver',
        legs: [{ mode: 'bike', distanceKm: 3, durationMin: 12 }],
      },
    });
    expect(res.status).toBe(201);
    const c = await json(token, `partner=town-a&${Q}`);
    expect(c.meta.inputsHash).not.toBe(a.meta.inputsHash);
    expect(c.headline.trips).toBe(a.headline.trips + 1);
  });

  it('csv gives one table, json lists tables with columns, geojson is the released map', async () => {
    const token = await t.token('analystNetwork');
    const r = await json(token, `partner=town-b&${Q}`);
    for (const table of r.tables) {
      expect(table).toMatchObject({ id: expect.any(String), caption: expect.any(String) });
      for (const col of table.columns)
        expect(col).toMatchObject({ key: expect.any(String), label: expect.any(String) });
    }
    const csv = await report(token, `partner=town-b&${Q}&format=csv&table=modes`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    const modes = r.tables.find((x: { id: string }) => x.id === 'modes');
    expect(lines[0]).toBe(modes.columns.map((c: { label: string }) => c.label).join(','));
    expect(lines).toHaveLength(modes.rows.length + 1);
    const missing = await report(token, `partner=town-b&${Q}&format=csv&table=nope`);
    expect(missing.status).toBe(404);
    expect((await body(missing)).error.code).toBe('not_found');
    const geo = await report(token, `partner=town-b&${Q}&format=geojson`);
    expect(geo.status).toBe(200);
    const g = await body(geo);
    const map = await body(await t.request(`/api/v1/map/density?partner=town-b&${Q}`, { token }));
    expect(g.type).toBe('FeatureCollection');
    expect(g.features.map((f: { properties: { h3: string } }) => f.properties.h3)).toEqual(
      map.features.map((f: { properties: { h3: string } }) => f.properties.h3),
    );
  });

  it('roles and scope as the indicator API', async () => {
    const cases: Array<[Parameters<TestContext['token']>[0], string, number]> = [
      ['commuterA', 'town-a', 403],
      ['staffA', 'town-b', 403],
      ['staffA', 'network', 403],
      ['analystA', 'town-b', 403],
      ['analystA', 'town-a', 200],
      ['staffB', 'town-a,town-b', 403],
      ['analystNetwork', 'network', 200],
      ['admin', 'nowhere', 404],
    ];
    for (const [who, p, status] of cases) {
      const res = await report(await t.token(who), `partner=${p}&${Q}&format=json`);
      expect(res.status, `${who} ${p}`).toBe(status);
    }
    expect((await t.request(`/api/v1/reports?partner=town-a&${Q}`)).status).toBe(401);
  });

  it.each([
    ['from=2011-01-15&to=2011-12-31', 'from'],
    ['from=2011-01-01&to=2011-12-30', 'to'],
    ['from=2011-01-01', 'to'],
    ['from=2012-01-01&to=2011-12-31', 'from'],
    ['from=2008-01-01&to=2011-12-31', 'to'],
    [`${Q}&currency=USD`, 'currency'],
    [`${Q}&format=docx`, 'format'],
    [`${Q}&format=csv`, 'table'],
    [`${Q}&factorSet=nope`, 'factorSet'],
  ])('bad query %s answers 422 naming %s', async (query, path) => {
    const res = await report(await t.token('admin'), `partner=town-a&${query}`);
    expect(res.status).toBe(422);
    const e = (await body(res)).error;
    expect(e.code).toBe('validation_failed');
    expect(e.details[0].path).toBe(path);
  });

  it('bad partner lists answer 422', async () => {
    const token = await t.token('admin');
    for (const p of ['network,town-a', 'town-a,,town-b', 'town-a,town-b,x,y,z'])
      expect((await report(token, `partner=${p}&${Q}`)).status, p).toBe(422);
  });

  it('without dates: the last calendar year with data', async () => {
    const r = await json(await t.token('admin'), 'partner=town-b');
    expect([r.meta.from, r.meta.to]).toEqual(['2011-01-01', '2011-12-31']);
  });
});

describe('why hidden, in the report language', () => {
  it('every suppression code reads in every language, its values filled in', async () => {
    const { describeSuppressed } = await import('../../server/reports/html.js');
    const { SUPPRESSION_CODES } = await import('../../server/indicators/index.js');
    for (const [lang, dict] of Object.entries(REPORT_LANGUAGES))
      for (const code of SUPPRESSION_CODES) {
        const text = describeSuppressed(dict, {
          what: 'x',
          reason: 'y',
          code,
          count: 1234,
          modes: ['ebike', 'car_passenger'],
        });
        expect(text, `${lang} ${code}`).not.toMatch(/[{}]/);
        if (code !== 'distinct_counts_rounded' && code !== 'no_released_month')
          expect(text, `${lang} ${code}`).toContain(code === 'scope_below_k' ? '5' : '1');
        if (code === 'modal_split_modes' || code === 'baseline_modes')
          expect(text).toContain(dict.modeNames.car_passenger);
        if (lang !== 'en')
          expect(text, `${lang} ${code}`).not.toBe(
            describeSuppressed(en, { what: 'x', reason: 'y', code }),
          );
      }
    // A group wholly hidden says so without a count; left out of some months, it gives the count.
    const da = REPORT_LANGUAGES.da!;
    expect(describeSuppressed(da, { what: '', reason: '', code: 'heat_walking' })).toBe(
      'Sundhedstal (HEAT) for gang: færre end 5 fodgængere.',
    );
    expect(describeSuppressed(da, { what: '', reason: '', code: 'heat_walking', count: 3 })).toBe(
      'Sundhedstal (HEAT) for gang: færre end 5 fodgængere. (3 enhedsmåneder udeladt)',
    );
  });

  it('a Danish report gives each hidden figure’s reason in Danish, not the English prose', async () => {
    const { describeSuppressed } = await import('../../server/reports/html.js');
    const da = REPORT_LANGUAGES.da!;
    const plainText = (h: string) =>
      h.replace(/<[^>]+>/g, ' ').replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));
    let listed = 0;
    for (const [who, query] of [
      ['admin', 'partner=town-b&from=2011-10-01&to=2011-10-31'],
      ['analystNetwork', `partner=network&${Q}`],
    ] as const) {
      const token = await t.token(who);
      const data = await json(token, query);
      const text = plainText(await (await report(token, `${query}&lang=da`)).text());
      expect(text).not.toMatch(/fewer than 5|rounded to the nearest|left out/);
      for (const answer of Object.values(data.indicators) as Array<{
        suppressed: Array<Parameters<typeof describeSuppressed>[1]>;
      }>)
        for (const item of answer.suppressed) {
          expect(text).toContain(describeSuppressed(da, item));
          listed++;
        }
    }
    expect(listed).toBeGreaterThan(0);
  });
});

describe('GET /methodology/sections: the methodology in the report languages', () => {
  /** Every methodology anchor the web app links to: card anchors and definition links. */
  async function webAnchors(): Promise<string[]> {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = join(import.meta.dirname, '../../web/src/components');
    const found = new Set<string>();
    for (const f of readdirSync(dir)) {
      const src = readFileSync(join(dir, f), 'utf8');
      for (const m of src.matchAll(/\banchor="([a-z0-9-]+)"|definitionHref\('([a-z0-9-]+)'\)/g))
        found.add((m[1] ?? m[2])!);
    }
    return [...found].sort();
  }

  it.each(Object.keys(REPORT_LANGUAGES))(
    '%s answers every anchor the dashboard links to, with translated titles',
    async (lang) => {
      const anchors = await webAnchors();
      expect(anchors).toEqual(expect.arrayContaining(['co2-avoided', 'heat', 'suppression']));
      const res = await t.request(`/api/v1/methodology/sections?lang=${lang}`);
      expect(res.status).toBe(200);
      const { sections } = (await body(res)) as {
        sections: Array<{ id: string; anchors: string[]; title: string; paragraphs: string[] }>;
      };
      const answered = sections.flatMap((s) => s.anchors);
      for (const a of anchors) expect(answered, `${lang} #${a}`).toContain(a);
      // No anchor is claimed twice: a link lands on one section.
      expect(new Set(answered).size).toBe(answered.length);
      const dict = REPORT_LANGUAGES[lang]!;
      expect(sections.map((s) => s.title)).toEqual(
        expect.arrayContaining([dict.co2, dict.heat, dict.participation]),
      );
      for (const s of sections) {
        expect(s.paragraphs.length).toBeGreaterThan(0);
        expect(s.paragraphs.join(' ')).not.toMatch(/\{\w+\}/);
      }
      if (lang !== 'en') {
        const co2 = sections.find((s) => s.id === 'co2-avoided')!;
        expect(co2.paragraphs[0]).toBe(dict.mCo2);
        expect(co2.paragraphs[0]).not.toBe(en.mCo2);
      }
    },
  );

  it('an unknown language is a 422 in the error envelope', async () => {
    const res = await t.request('/api/v1/methodology/sections?lang=xx');
    expect(res.status).toBe(422);
    expect((await body(res)).error.code).toBe('validation_failed');
  });
});
