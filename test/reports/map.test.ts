import { describe, expect, it } from 'vitest';
import { type ReportMeta, renderReportHtml, townOfCell } from '../../server/reports/html.js';
import { REPORT_LANGUAGES } from '../../server/reports/i18n/index.js';
import type { MapCell, ReportInput } from '../../server/reports/model.js';
import { exchangeRateFor } from '../../server/reports/reference.js';

/**
 * The report's map (issue 13, point 2): one town's released cells on one map; several towns
 * (the network, a list) on an overview with one inset per town that has released cells, so
 * that the network report draws the same cells its GeoJSON and its cell table hold.
 */
const WEIZ: [number, number] = [15.624, 47.219];
const SKANDERBORG: [number, number] = [9.93, 56.039];
const NOVARA: [number, number] = [8.622, 45.446];

/** A small hexagon-ish ring around a point (closed, as GeoJSON rings are). */
function ring([lon, lat]: [number, number]): Array<[number, number]> {
  const r = 0.005;
  const pts: Array<[number, number]> = [];
  for (let i = 0; i < 6; i++)
    pts.push([lon + r * Math.cos((i * Math.PI) / 3), lat + r * Math.sin((i * Math.PI) / 3)]);
  return [...pts, pts[0]!];
}
const cell = (partnerId: string, at: [number, number], trips: number, h3: string): MapCell => ({
  partnerId,
  h3,
  trips,
  commuters: 5,
  polygon: ring(at),
});

const markers = [
  { partnerId: 'weiz', name: 'Weiz', center: WEIZ, trips: 400 },
  { partnerId: 'skanderborg', name: 'Skanderborg', center: SKANDERBORG, trips: 300 },
  { partnerId: 'novara', name: 'Novara', center: NOVARA, trips: 0 },
];

function input(partner: string, cells: MapCell[], shown = markers): ReportInput {
  return {
    partner,
    partnerIds: partner === 'network' ? [] : partner.split(','),
    from: '2011-01-01',
    to: '2011-12-31',
    factorSet: 'default',
    lang: 'en',
    currency: 'EUR',
    rate: exchangeRateFor('EUR', '2011-12-31'),
    aggregate: true,
    scopes: [],
    rollUp: null,
    map: { cells, markers: shown, quarters: ['2011-Q1'] },
  };
}
const meta: ReportMeta = {
  partner: 'network',
  partnerNames: [],
  from: '2011-01-01',
  to: '2011-12-31',
  factorSet: 'desnz-2025-direct',
  lang: 'en',
  currency: 'EUR',
  generatedAt: '2026-01-01T00:00:00Z',
  inputsHash: 'x',
  softwareVersion: '0',
};
const en = REPORT_LANGUAGES.en!;

/** The map section of a rendered report. */
function mapSection(html: string): string {
  return html.slice(html.indexOf('<h2 id="map">'), html.indexOf('<section class="appendix">'));
}
const svgs = (html: string) => [
  ...html.matchAll(/<svg [^>]*aria-label="([^"]*)"[^>]*>(.*?)<\/svg>/gs),
];

describe('townOfCell', () => {
  it("keeps a partner's own cell with its partner and puts a network cell in the nearest town", () => {
    expect(townOfCell(cell('skanderborg', WEIZ, 9, 'a'), markers)).toBe('skanderborg');
    expect(townOfCell(cell('network', [15.6, 47.25], 9, 'a'), markers)).toBe('weiz');
    expect(townOfCell(cell('network', [9.95, 56.01], 9, 'b'), markers)).toBe('skanderborg');
    expect(townOfCell(cell('network', [8.6, 45.4], 9, 'c'), markers)).toBe('novara');
    expect(townOfCell(cell('network', [8.6, 45.4], 9, 'c'), [])).toBeNull();
  });
});

describe('the network report map', () => {
  const cells = [
    cell('network', [15.62, 47.22], 40, 'w1'),
    cell('network', [15.63, 47.21], 10, 'w2'),
    cell('network', [15.61, 47.23], 5, 'w3'),
    cell('network', [9.93, 56.04], 20, 's1'),
  ];
  const html = mapSection(renderReportHtml(input('network', cells), [], meta, en));

  it('draws every released cell, in an inset of its town', () => {
    expect(html.match(/<polygon /g)).toHaveLength(cells.length);
    const maps = svgs(html);
    // The overview of the towns, then Weiz and Skanderborg; Novara has no released cell.
    expect(maps.map((m) => m[1])).toEqual([
      en.map,
      `Weiz: ${en.mapInset.replace('{cells}', '3')}`,
      `Skanderborg: ${en.mapInset.replace('{cells}', '1')}`,
    ]);
    expect(maps[0]![2]).not.toContain('<polygon');
    expect(maps[1]![2]!.match(/<polygon /g)).toHaveLength(3);
    expect(maps[2]![2]!.match(/<polygon /g)).toHaveLength(1);
    for (const m of markers) expect(maps[0]![2]).toContain(`>${m.name}</text>`);
    expect(html).toContain(en.mapCaption);
  });

  it('shades the insets on one scale: the busiest cell of the network is the darkest', () => {
    const lightness = [...html.matchAll(/fill="hsl\(160,70%,(\d+)%\)"/g)].map((m) => Number(m[1]));
    expect(lightness).toHaveLength(4);
    expect(Math.min(...lightness)).toBe(lightness[0]);
    // Skanderborg's 20 trips are half the network's busiest cell, not its own town's busiest.
    expect(lightness[3]!).toBeGreaterThan(lightness[0]!);
  });

  it('says so when nothing is released, and still shows the towns', () => {
    const empty = mapSection(renderReportHtml(input('network', []), [], meta, en));
    expect(empty).toContain(en.mapEmpty);
    expect(empty.match(/<svg /g)).toHaveLength(1);
    expect(empty).not.toContain('<polygon');
  });
});

describe('one town', () => {
  it('draws its cells on one map with its centre', () => {
    const own = [cell('weiz', [15.62, 47.22], 40, 'w1'), cell('weiz', [15.63, 47.21], 10, 'w2')];
    const html = mapSection(renderReportHtml(input('weiz', own, [markers[0]!]), [], meta, en));
    const maps = svgs(html);
    expect(maps).toHaveLength(1);
    expect(maps[0]![2]!.match(/<polygon /g)).toHaveLength(2);
    expect(maps[0]![2]).toContain(`Weiz (${en.townCentre})`);
  });
});
