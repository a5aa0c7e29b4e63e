import { MODES } from '../domain/modes.js';
import { HEAT_PARAMETERS, SUPPRESSION_K } from '../indicators/index.js';
import type { ReportStrings } from './i18n/index.js';
import {
  type CellValue,
  type IndicatorAnswerLike,
  type MapCell,
  type ReportColumn,
  type ReportInput,
  type ReportScope,
  type ReportTable,
  reportHeadline,
} from './model.js';

/**
 * The report as one HTML document: no script, one <style> element (its hash goes into the
 * answer's Content-Security-Policy), charts and the map as inline SVG, so that it reads the same
 * on screen, printed and as PDF, offline. Pure.
 */

export const REPORT_CSS = `
@page { size: A4; margin: 18mm 16mm 20mm; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1a1a1a; margin: 0 auto; max-width: 60rem; padding: 1.5rem; }
h1 { font-size: 1.9rem; margin: 0 0 .3rem; color: #0b4f3c; }
h2 { font-size: 1.3rem; margin: 2rem 0 .6rem; color: #0b4f3c; border-bottom: 2px solid #0b4f3c; padding-bottom: .2rem; break-after: avoid; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; break-after: avoid; }
p { margin: .4rem 0 .8rem; max-width: 48rem; }
.meta { color: #333; font-size: .9rem; }
.meta dt { font-weight: bold; float: left; clear: left; min-width: 13rem; }
.meta dd { margin: 0 0 .15rem 13.5rem; overflow-wrap: anywhere; }
.lead { font-size: 1.1rem; background: #eef6f2; border-left: 4px solid #0b4f3c; padding: .7rem 1rem; }
.figures { display: flex; flex-wrap: wrap; gap: .6rem; margin: 1rem 0; padding: 0; list-style: none; }
.figures li { flex: 1 1 10rem; border: 1px solid #9bbfb0; border-radius: 4px; padding: .5rem .7rem; break-inside: avoid; }
.figures b { display: block; font-size: 1.35rem; color: #0b4f3c; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .9rem; break-inside: auto; }
caption { text-align: left; font-weight: bold; padding: .3rem 0; caption-side: top; }
th, td { border-bottom: 1px solid #c8d3ce; padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #eef3f1; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.h { white-space: normal; }
tr { break-inside: avoid; }
.muted { color: #555; }
figure { margin: .8rem 0; break-inside: avoid; }
figcaption { font-size: .85rem; color: #333; }
svg { max-width: 100%; height: auto; }
.cover { break-after: page; }
section { break-before: auto; }
.appendix { break-before: page; }
nav ol { columns: 2; }
.scroll { overflow-x: auto; max-width: 100%; }
.scroll:focus-visible { outline: 2px solid #0b4f3c; outline-offset: 2px; }
.appendix td { overflow-wrap: anywhere; }
.insets { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: .6rem 1rem; }
.insets figure { margin: 0; }
@media (max-width: 36rem) { body { padding: 1rem; } .meta dt { float: none; } .meta dd { margin-left: 0; } }
@media print { .scroll { overflow: visible; } body { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
`;

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Number formatting for a locale, by column kind. */
export function formatterFor(t: ReportStrings, currency: string) {
  const nf = (d: number) =>
    new Intl.NumberFormat(t.locale, { maximumFractionDigits: d, minimumFractionDigits: 0 });
  const money = new Intl.NumberFormat(t.locale, {
    style: 'currency',
    currency,
    maximumFractionDigits: 0,
  });
  const pct = new Intl.NumberFormat(t.locale, { style: 'percent', maximumFractionDigits: 1 });
  return (v: CellValue, kind: ReportColumn['kind']): string => {
    if (v === null) return '–';
    if (typeof v === 'string') return v;
    switch (kind) {
      case 'int':
        return nf(0).format(v);
      case 'share':
        return pct.format(v);
      case 'pp':
        return `${v > 0 ? '+' : ''}${nf(1).format(v)}`;
      case 'money':
        return money.format(v);
      case 'km':
      case 'kg':
        return nf(1).format(v);
      default:
        return nf(v !== 0 && Math.abs(v) < 1 ? 4 : 2).format(v);
    }
  };
}

function tableHtml(table: ReportTable, fmt: ReturnType<typeof formatterFor>, hiddenText: string) {
  const head = table.columns.map((c) => `<th scope="col">${esc(c.label)}</th>`).join('');
  const body = table.rows
    .map(
      (r) =>
        `<tr>${table.columns
          .map((c, i) => {
            const v = r[c.key] ?? null;
            const text = v === null && c.kind !== 'text' ? hiddenText : fmt(v, c.kind);
            return i === 0
              ? `<th scope="row">${esc(text)}</th>`
              : `<td${c.kind === 'text' ? '' : v === null ? ' class="n h"' : ' class="n"'}>${esc(text)}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('');
  const html = `<table id="t-${esc(table.id)}"><caption>${esc(table.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
  // A table of many columns scrolls inside its own box on a phone rather than widen the page;
  // the box takes keyboard focus so that it can be scrolled without a pointer.
  return table.columns.length >= 4
    ? `<div class="scroll" role="region" tabindex="0" aria-label="${esc(table.caption)}">${html}</div>`
    : html;
}

/**
 * A factor set's name in the report's language. The data names sets in English; a set added
 * later, that the dictionaries do not know yet, keeps that name.
 */
export function factorSetNameIn(t: ReportStrings, id: string, dataName: string): string {
  return (t.factorSetNames as Readonly<Record<string, string | undefined>>)[id] ?? dataName;
}

/** Codes that name a group wholly hidden, or (with a count) left out of some unit-months. */
const PARTLY_LEFT_OUT: ReadonlySet<string> = new Set([
  'heat_cycling',
  'heat_walking',
  'cycling_days',
  'car_replacement',
  'survey_car_km',
  'survey_figures',
]);

/** Why a figure is hidden, in the report's language, from the code (the prose is English). */
export function describeSuppressed(
  t: ReportStrings,
  x: IndicatorAnswerLike['suppressed'][number],
): string {
  const nf = new Intl.NumberFormat(t.locale, { maximumFractionDigits: 0 });
  const count = x.count === undefined ? '' : nf.format(x.count);
  const vars = {
    k: String(SUPPRESSION_K),
    count,
    modes: (x.modes ?? []).map((m) => t.modeNames[m]).join(', '),
  };
  const text = fill(t.hiddenReasons[x.code], vars);
  return PARTLY_LEFT_OUT.has(x.code) && x.count !== undefined
    ? `${text} ${fill(t.hiddenInMonths, vars)}`
    : text;
}

const fill = (s: string, v: Record<string, string>) =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => v[k] ?? `{${k}}`);

/** Grouped bars: baseline and follow-up share of trips per mode. */
function splitChart(s: ReportScope, t: ReportStrings): string {
  const a = s.answer;
  if (!a.modalSplit || !a.baseline) return '';
  const modes = MODES.filter(
    (m) => (a.modalSplit!.byTrips[m] ?? 0) > 0 || (a.baseline!.byTrips[m] ?? 0) > 0,
  );
  if (modes.length === 0) return '';
  const rowH = 26;
  const w = 640;
  const labelW = 140;
  const h = modes.length * rowH + 30;
  const bar = (v: number | null) => Math.max(0, (v ?? 0) * (w - labelW - 60));
  const pct = new Intl.NumberFormat(t.locale, { style: 'percent', maximumFractionDigits: 0 });
  const rows = modes
    .map((m, i) => {
      const y = 20 + i * rowH;
      const b = a.baseline!.byTrips[m];
      const f = a.modalSplit!.byTrips[m];
      return `<text x="0" y="${y + 14}" font-size="12">${esc(t.modeNames[m])}</text>
<rect x="${labelW}" y="${y + 2}" width="${bar(b).toFixed(1)}" height="9" fill="#9aa5a0"/>
<rect x="${labelW}" y="${y + 12}" width="${bar(f).toFixed(1)}" height="9" fill="#0b7a5a"/>
<text x="${(labelW + bar(Math.max(b ?? 0, f ?? 0)) + 4).toFixed(1)}" y="${y + 19}" font-size="10">${f === null ? '–' : pct.format(f)}</text>`;
    })
    .join('\n');
  return `<figure><svg role="img" aria-label="${esc(t.modalShift)}" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" xmlns="http://www.w3.org/2000/svg">
<rect x="${labelW}" y="2" width="10" height="9" fill="#9aa5a0"/><text x="${labelW + 14}" y="11" font-size="10">${esc(t.baselineShare)}</text>
<rect x="${labelW + 230}" y="2" width="10" height="9" fill="#0b7a5a"/><text x="${labelW + 244}" y="11" font-size="10">${esc(t.shareTrips)}</text>
${rows}</svg><figcaption>${esc(t.modalShift)}</figcaption></figure>`;
}

type MapMarker = ReportInput['map']['markers'][number];

/**
 * The town each cell lies in: its own partner's when the cell came from a partner's map, else
 * (the network's map) the town whose centre is nearest to the cell's first corner. Towns of the
 * network are hundreds of km apart and a cell is about 1 km across, so nearest is unambiguous.
 */
export function townOfCell(cell: MapCell, markers: MapMarker[]): string | null {
  if (markers.some((m) => m.partnerId === cell.partnerId)) return cell.partnerId;
  const [lon, lat] = cell.polygon[0] ?? [0, 0];
  let best: string | null = null;
  let bestD = Number.POSITIVE_INFINITY;
  for (const m of markers) {
    const k = Math.cos((lat * Math.PI) / 180);
    const d = ((m.center[0] - lon) * k) ** 2 + (m.center[1] - lat) ** 2;
    if (d < bestD) [best, bestD] = [m.partnerId, d];
  }
  return best;
}

/** Released cells and town markers drawn on one SVG, fitted to what it shows. */
function cellsSvg(
  cells: MapCell[],
  markers: MapMarker[],
  t: ReportStrings,
  opts: { width: number; label: string; maxTrips: number },
): string {
  const pts: Array<[number, number]> = [
    ...cells.flatMap((c) => c.polygon),
    ...markers.map((m) => m.center),
  ];
  const lons = pts.map((p) => p[0]);
  const lats = pts.map((p) => p[1]);
  let [minLon, maxLon, minLat, maxLat] = [
    Math.min(...lons),
    Math.max(...lons),
    Math.min(...lats),
    Math.max(...lats),
  ];
  const padLon = Math.max((maxLon - minLon) * 0.08, 0.01);
  const padLat = Math.max((maxLat - minLat) * 0.08, 0.01);
  minLon -= padLon;
  maxLon += padLon;
  minLat -= padLat;
  maxLat += padLat;
  // Equirectangular projection scaled by the cosine of the middle latitude: true to shape at
  // a town's scale, and needs no map library.
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const w = opts.width;
  const h = Math.min(
    w * 1.125,
    Math.max(w * 0.375, (w * (maxLat - minLat)) / ((maxLon - minLon) * k)),
  );
  const sx = w / (maxLon - minLon);
  const sy = h / (maxLat - minLat);
  const x = (lon: number) => ((lon - minLon) * sx).toFixed(1);
  const y = (lat: number) => ((maxLat - lat) * sy).toFixed(1);
  const shade = (n: number) => {
    const f = Math.sqrt(n / opts.maxTrips);
    const l = Math.round(88 - f * 60);
    return `hsl(160,70%,${l}%)`;
  };
  const polys = cells
    .map(
      (c) =>
        `<polygon points="${c.polygon.map(([lo, la]) => `${x(lo)},${y(la)}`).join(' ')}" fill="${shade(c.trips)}" stroke="#fff" stroke-width="0.3"/>`,
    )
    .join('\n');
  const maxMarker = Math.max(1, ...markers.map((m) => m.trips));
  const font = w < 400 ? 11 : 12;
  const marks = markers
    .map((m) => {
      const r = cells.length > 0 ? 4 : 4 + 10 * Math.sqrt(m.trips / maxMarker);
      const cx = Number(x(m.center[0]));
      // A label that would leave the picture goes to the left of its marker.
      const right = cx + r + 3 + m.name.length * font * 0.6 < w;
      const label = `${esc(m.name)}${cells.length > 0 ? ` (${esc(t.townCentre)})` : ''}`;
      return `<circle cx="${x(m.center[0])}" cy="${y(m.center[1])}" r="${r.toFixed(1)}" fill="none" stroke="#b3261e" stroke-width="2"/>
<text x="${(right ? cx + r + 3 : cx - r - 3).toFixed(1)}" y="${(Number(y(m.center[1])) + 4).toFixed(1)}" font-size="${font}" fill="#1a1a1a"${right ? '' : ' text-anchor="end"'}>${label}</text>`;
    })
    .join('\n');
  return `<svg role="img" aria-label="${esc(opts.label)}" viewBox="0 0 ${w} ${h.toFixed(0)}" width="${w}" height="${h.toFixed(0)}" xmlns="http://www.w3.org/2000/svg"><rect width="${w}" height="${h.toFixed(0)}" fill="#f7f9f8" stroke="#c8d3ce"/>
${polys}
${marks}</svg>`;
}

/**
 * The released map cells. One town: its cells on one map. Several towns (a list, the network):
 * the towns on one map, where a cell would be a speck, then one inset per town with released
 * cells, on one shared shade scale so that insets compare.
 */
function mapSvg(input: ReportInput, t: ReportStrings): string {
  const { cells, markers } = input.map;
  if (cells.length === 0 && markers.length === 0) return `<p>${esc(t.mapEmpty)}</p>`;
  const maxTrips = Math.max(1, ...cells.map((c) => c.trips));
  if (markers.length <= 1)
    return `<figure>${cellsSvg(cells, markers, t, { width: 640, label: t.map, maxTrips })}<figcaption>${esc(t.mapCaption)}</figcaption></figure>`;
  const byTown = new Map<string, MapCell[]>();
  for (const c of cells) {
    const town = townOfCell(c, markers);
    if (town !== null) byTown.set(town, [...(byTown.get(town) ?? []), c]);
  }
  const overview = `<figure>${cellsSvg([], markers, t, { width: 640, label: t.map, maxTrips })}<figcaption>${esc(t.mapTowns)}</figcaption></figure>`;
  const insets = markers
    .filter((m) => byTown.has(m.partnerId))
    .map((m) => {
      const own = byTown.get(m.partnerId)!;
      const label = `${m.name}: ${fill(t.mapInset, { cells: String(own.length) })}`;
      return `<figure class="inset">${cellsSvg(own, [m], t, { width: 300, label, maxTrips })}<figcaption>${esc(label)}</figcaption></figure>`;
    })
    .join('\n');
  return `${overview}
${cells.length === 0 ? `<p>${esc(t.mapEmpty)}</p>` : `<div class="insets">${insets}</div><p class="muted">${esc(t.mapCaption)}</p>`}`;
}

export interface ReportMeta {
  partner: string;
  partnerNames: string[];
  from: string;
  to: string;
  factorSet: string;
  lang: string;
  currency: string;
  generatedAt: string;
  inputsHash: string;
  softwareVersion: string;
}

export function renderReportHtml(
  input: ReportInput,
  tables: ReportTable[],
  meta: ReportMeta,
  t: ReportStrings,
): string {
  const fmt = formatterFor(t, input.currency);
  const num = (v: number, kind: ReportColumn['kind']) => fmt(v, kind);
  const date = (d: string) =>
    new Intl.DateTimeFormat(t.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(`${d}T00:00:00Z`),
    );
  const byId = new Map(tables.map((x) => [x.id, x]));
  const tbl = (id: string) => {
    const x = byId.get(id);
    return x ? tableHtml(x, fmt, t.hidden) : '';
  };
  const h = reportHeadline(input);
  // meta.factorSet lists the ids used; each is shown by its name, with the id for the record.
  const dataNames = new Map(
    [...input.scopes.map((s) => s.answer), ...(input.rollUp ?? []).map((r) => r.answer)].flatMap(
      (a) => (a.factorSet ? [[a.factorSet.id, a.factorSet.name] as const] : []),
    ),
  );
  const factorSets = meta.factorSet
    .split(', ')
    .map((id) =>
      dataNames.has(id) || id in t.factorSetNames
        ? `${factorSetNameIn(t, id, dataNames.get(id) ?? id)} (${id})`
        : id,
    )
    .join('; ');
  const network = input.partner === 'network';
  const title = `${network ? t.titleNetwork : t.title}${network ? '' : `: ${meta.partnerNames.join(', ')}`}`;
  const pct = (v: number | null) => (v === null ? '–' : fmt(v, 'share'));
  const anyFigures = input.scopes.some((s) => !s.answer.withheld);
  // A hidden active share (a walking or cycling cell withheld under the privacy rule) drops the
  // paragraph's last sentence rather than print a dash where a politician reads a number.
  const activeKnown = h.activeShare !== null && h.activeShareBaseline !== null;
  const cut = t.summaryParagraph.lastIndexOf('. ', t.summaryParagraph.indexOf('{activeShare}'));
  const paragraph =
    activeKnown || cut < 0 ? t.summaryParagraph : t.summaryParagraph.slice(0, cut + 1);
  const lead = anyFigures
    ? fill(paragraph, {
        from: date(input.from),
        to: date(input.to),
        active: num(h.activeCommuters, 'int'),
        trips: num(h.trips, 'int'),
        km: num(h.distanceKm, 'km'),
        carKm: num(h.carKmSubstituted, 'km'),
        // Tonnes once there is a tonne to show; a small programme's kilograms otherwise.
        co2:
          h.co2AvoidedKg >= 1000
            ? `${num(h.co2AvoidedKg / 1000, 'km')} t`
            : `${num(h.co2AvoidedKg, 'kg')} kg`,
        health: num(h.healthValuePerYear, 'money'),
        activeShare: pct(h.activeShare),
        activeBaseline: pct(h.activeShareBaseline),
      })
    : t.summaryNoData;
  const rateLine =
    input.currency === 'EUR'
      ? t.rateNone
      : fill(t.rateLine, {
          rate: new Intl.NumberFormat(t.locale, { maximumFractionDigits: 4 }).format(
            input.rate.rate,
          ),
          currency: input.currency,
          source: input.rate.source,
          year: String(input.rate.year),
        });
  const parts: string[] = [];
  parts.push(`<section class="cover"><h1>${esc(title)}</h1>
<p class="meta">${esc(t.period)}: ${esc(date(input.from))} – ${esc(date(input.to))}</p>
<dl class="meta">
<dt>${esc(t.generatedAt)}</dt><dd>${esc(meta.generatedAt)}</dd>
<dt>${esc(t.inputsHash)}</dt><dd><code>${esc(meta.inputsHash)}</code></dd>
<dt>${esc(t.softwareVersion)}</dt><dd>${esc(meta.softwareVersion)}</dd>
<dt>${esc(t.factorSet)}</dt><dd>${esc(factorSets)}</dd>
<dt>${esc(t.currency)}</dt><dd>${esc(rateLine)}</dd>
</dl>
<p class="muted">${esc(input.aggregate ? t.releasedNote : t.liveNote)}</p>
<h2 id="summary">${esc(t.summary)}</h2>
<p class="lead">${esc(lead)}</p>
<ul class="figures">
<li>${esc(t.activeCommuters)}<b>${esc(num(h.activeCommuters, 'int'))}</b></li>
<li>${esc(t.trips)}<b>${esc(num(h.trips, 'int'))}</b></li>
<li>${esc(t.carKmSubstituted)}<b>${esc(num(h.carKmSubstituted, 'km'))}</b></li>
<li>${esc(t.co2AvoidedKg)}<b>${esc(num(h.co2AvoidedKg, 'kg'))}</b></li>
<li>${esc(t.healthValuePerYear)}<b>${esc(num(h.healthValuePerYear, 'money'))}</b></li>
</ul>
${tbl('summary')}
</section>`);
  if (input.rollUp) {
    const sources = input.rollUp
      .filter((r) => r.population)
      .map(
        (r) =>
          `<li>${esc(r.name)}: ${esc(num(r.population!.population, 'int'))} (${r.population!.year}), ${esc(r.population!.source)}${r.population!.checked ? '' : ` [${esc(t.notChecked)}]`}</li>`,
      )
      .join('');
    parts.push(`<section><h2 id="rollup">${esc(t.rollUp)}</h2>${tbl('partners')}
<h3>${esc(t.populationSources)}</h3><ul class="muted">${sources}</ul></section>`);
  }
  const several = input.scopes.length > 1;
  for (const s of input.scopes) {
    const sfx = several ? `-${s.partnerId}` : '';
    const a = s.answer;
    if (several) parts.push(`<h2>${esc(s.name)}</h2>`);
    const H = several ? 'h3' : 'h2';
    if (a.withheld || !a.participants) {
      parts.push(
        `<p>${esc(t.withheld)}: ${a.suppressed.map((x) => esc(describeSuppressed(t, x))).join(' ')}</p>`,
      );
      continue;
    }
    const fs = a.factorSet!;
    parts.push(`<section><${H}>${esc(t.participation)}</${H}>${tbl(`participation${sfx}`)}</section>
<section><${H}>${esc(t.modes)}</${H}>${splitChart(s, t)}${tbl(`modes${sfx}`)}
${a.baseline && a.baseline.commuters === 0 ? `<p>${esc(t.noBaseline)}</p>` : ''}
<${H === 'h2' ? 'h3' : 'h4'}>${esc(t.transitions)}</${H === 'h2' ? 'h3' : 'h4'}>
<p>${esc(t.carReplacementRate)}: ${esc(pct(a.modalShift!.carReplacementRate))}</p>${tbl(`transitions${sfx}`)}</section>
<section><${H}>${esc(t.carKm)}</${H}>${tbl(`car_km${sfx}`)}<p>${esc(fill(t.carKmWhy, { unlabelled: pct(a.unlabelledShare ?? 0) }))}</p></section>
<section><${H}>${esc(t.co2)}</${H}><p>${esc(fill(t.co2Text, { name: factorSetNameIn(t, fs.id, fs.name), scope: t.scopeNames[fs.scope], source: fs.source, year: String(fs.year) }))}</p>
<p>${esc(t.co2AvoidedKg)}: <b>${esc(num(a.co2AvoidedKg ?? 0, 'kg'))}</b></p>${tbl(`co2_factors${sfx}`)}</section>
<section><${H}>${esc(t.heat)}</${H}><p>${esc(
      fill(t.heatText, {
        years: String(HEAT_PARAMETERS.assessmentYears.value),
        buildUp: String(HEAT_PARAMETERS.buildUpYears.value),
        rate: pct(HEAT_PARAMETERS.discountRate.value),
      }),
    )} ${esc(rateLine)}</p>${tbl(`heat${sfx}`)}${tbl(`heat_years${sfx}`)}</section>
<section><${H}>${esc(t.activity)}</${H}>${tbl(`activity${sfx}`)}</section>
${s.sites ? `<section><${H}>${esc(t.sites)}</${H}>${s.sites.length === 0 ? `<p>${esc(t.noSites)}</p>` : tbl(`sites${sfx}`)}</section>` : ''}
<section><${H}>${esc(t.dataQuality)}</${H}>${tbl(`data_quality${sfx}`)}
${a.suppressed.length > 0 ? `<p>${esc(t.suppressedList)}:</p><ul>${a.suppressed.map((x) => `<li>${esc(describeSuppressed(t, x))}</li>`).join('')}</ul>` : ''}
<p>${esc(t.limitations)}</p></section>`);
  }
  parts.push(`<section><h2 id="map">${esc(t.map)}</h2>${mapSvg(input, t)}</section>`);
  const methods = [
    t.mParticipation,
    t.mSplit,
    t.mShift,
    t.mReplacementRate,
    t.mCarKm,
    t.mCo2,
    t.mHeat,
    t.mActivity,
    t.mCyclingDays,
    t.mPerInhabitant,
    t.mCurrency,
    t.mRelease,
  ];
  const params: Array<[string, string]> = [
    [`HEAT ${t.cycling}`, HEAT_PARAMETERS.modes.bike.source],
    [`HEAT ${t.walking}`, HEAT_PARAMETERS.modes.walk.source],
    [`HEAT ${t.buildUpShare}`, HEAT_PARAMETERS.buildUpYears.source],
    [`HEAT ${t.discountFactor}`, HEAT_PARAMETERS.discountRate.source],
    [t.factorSet, factorSets],
    [t.currency, `${rateLine} ${input.rate.note}`],
  ];
  parts.push(`<section class="appendix"><h2 id="methodology">${esc(t.methodology)}</h2>
<ul>${methods.map((m) => `<li>${esc(m)}</li>`).join('')}</ul>
<table><caption>${esc(t.formula)}</caption><thead><tr><th scope="col">${esc(t.formula)}</th><th scope="col">${esc(t.source)}</th></tr></thead>
<tbody>${params.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>
</section>`);
  return `<!doctype html>
<html lang="${esc(meta.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${REPORT_CSS}</style></head>
<body><main>${parts.join('\n')}</main></body></html>`;
}
