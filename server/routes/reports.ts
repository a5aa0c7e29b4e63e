import { createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import pkg from '../../package.json' with { type: 'json' };
import { MAP_UNIT_RESOLUTION } from '../domain/release-units.js';
import { defaultReportYear } from '../domain/period.js';
import { seesBelowFloor } from '../domain/roles.js';
import { AppError } from '../errors.js';
import { type AppContext, createRouter, db, nowIso, requireActor, services } from '../http.js';
import { findFactorSet } from '../indicators/index.js';
import { listPartners, listSites, type Partner } from '../repositories/partners.js';
import { renderReportHtml, REPORT_CSS } from '../reports/html.js';
import { PLANNED_REPORT_LANGUAGES, REPORT_LANGUAGES } from '../reports/i18n/index.js';
import { methodologySections } from '../reports/methodology.js';
import {
  type MapCell,
  type ReportInput,
  type ReportScope,
  type ReportTable,
  reportHeadline,
  reportTables,
} from '../reports/model.js';
import {
  exchangeRateFor,
  populationOf,
  REPORT_CURRENCIES,
  type ReportCurrency,
} from '../reports/reference.js';
import { PdfUnavailableError, renderPdf, warmPdfBrowser } from '../services/report-pdf.js';
import { answerIndicators, readShownDataRange, resolveScope } from './indicators.js';
import { answerDensity } from './map.js';
import { DateSchema, errorResponses, jsonResponse } from './schemas.js';

/** A report covers whole months, at most this many (work per request is bounded by it). */
export const REPORT_MAX_MONTHS = 36;
const FORMATS = ['html', 'pdf', 'json', 'csv', 'geojson'] as const;

const ReportQuery = z.object({
  partner: z.string().min(1).max(1000).openapi({
    description:
      'A partner id, network (network analysts and admins), or a comma-separated list of partner ids',
  }),
  from: DateSchema.optional().openapi({
    description:
      'First day of a month (inclusive local date); with to. Default: the last complete calendar year with data',
  }),
  to: DateSchema.optional().openapi({ description: 'Last day of a month (inclusive)' }),
  factorSet: z
    .string()
    .max(64)
    .optional()
    .openapi({ description: "Emission factor set id; default: each partner's" }),
  lang: z
    .string()
    .max(16)
    .optional()
    .openapi({ description: `Report language: ${Object.keys(REPORT_LANGUAGES).join(', ')}` }),
  currency: z
    .string()
    .max(8)
    .optional()
    .openapi({ description: `Money values in: ${REPORT_CURRENCIES.join(', ')} (default EUR)` }),
  format: z
    .string()
    .max(16)
    .optional()
    .openapi({ description: `${FORMATS.join(' | ')}` }),
  table: z.string().max(64).optional().openapi({ description: 'With format=csv: the table id' }),
});

const ReportJsonSchema = z
  .object({
    meta: z.object({
      partner: z.string(),
      partners: z.array(z.object({ id: z.string(), name: z.string() })),
      from: z.string(),
      to: z.string(),
      months: z.number(),
      factorSet: z.string(),
      lang: z.string(),
      currency: z.string(),
      exchangeRate: z.object({
        currency: z.string(),
        rate: z.number(),
        year: z.number(),
        source: z.string(),
        checked: z.boolean(),
        note: z.string(),
      }),
      aggregate: z.boolean().openapi({
        description:
          'true: released figures (analysts, other partners); false: live figures of your own partner',
      }),
      generatedAt: z.string(),
      inputsHash: z.string().openapi({
        description: 'SHA-256 of the report inputs (figures and parameters, not generatedAt)',
      }),
      softwareVersion: z.string(),
    }),
    headline: z.object({
      activeCommuters: z.number(),
      registeredCommuters: z.number(),
      trips: z.number(),
      distanceKm: z.number(),
      carKmSubstituted: z.number(),
      co2AvoidedKg: z.number(),
      healthValuePerYear: z.number(),
      activeShare: z.number().nullable(),
      activeShareBaseline: z.number().nullable(),
    }),
    tables: z.array(
      z
        .object({
          id: z.string(),
          caption: z.string(),
          scope: z.string(),
          columns: z.array(z.object({ key: z.string(), label: z.string(), kind: z.string() })),
          rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
        })
        .openapi('ReportTable'),
    ),
    indicators: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'partner id (or network) → the GET /indicators answer used' }),
  })
  .openapi('Report');

const route = createRoute({
  method: 'get',
  path: '/reports',
  tags: ['reports'],
  summary: 'The climate report of a partner, several partners or the network',
  description:
    'HTML (default, printable, no script), pdf (headless Chromium on the server; 503 pdf_unavailable without it), json (every table and the indicator answers used), csv (one table: table=<id>) or geojson (the released map cells, same rule as GET /map/density). Scope and release rule as GET /indicators: analysts and other partners get released months only. The period is whole months, at most 36.',
  request: { query: ReportQuery },
  responses: {
    200: {
      description: 'The report',
      content: {
        'application/json': { schema: ReportJsonSchema },
        'text/html': { schema: z.string() },
        'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
        'text/csv': { schema: z.string() },
        'application/geo+json': { schema: z.object({}).passthrough() },
      },
    },
    ...errorResponses(401, 403, 404, 422),
    503: {
      description: 'No Chromium on the server for format=pdf (pdf_unavailable)',
      content: { 'application/json': { schema: z.object({}).passthrough() } },
    },
  },
});

const MethodologySectionSchema = z
  .object({
    id: z.string(),
    anchors: z.array(z.string()).openapi({
      description: 'Anchors of GET /methodology (docs/methodology.md) this section answers',
    }),
    title: z.string(),
    paragraphs: z.array(z.string()),
    sources: z.array(z.object({ name: z.string(), source: z.string() })),
  })
  .openapi('MethodologySection');

const methodologyRoute = createRoute({
  method: 'get',
  path: '/methodology/sections',
  tags: ['reports'],
  summary: "The methodology in a report language: the report appendix's formulas and sources",
  description:
    'Sections keyed by the anchors the dashboard links to; GET /methodology is the full English reference. No login needed.',
  request: {
    query: z.object({
      lang: z
        .string()
        .max(16)
        .optional()
        .openapi({
          description: `One of ${Object.keys(REPORT_LANGUAGES).join(', ')} (default en)`,
        }),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({ lang: z.string(), sections: z.array(MethodologySectionSchema) }),
      'The sections, in the language asked for',
    ),
    ...errorResponses(422),
  },
});

const invalid = (path: string, message: string) =>
  new AppError('validation_failed', message, [{ path, message }]);

const lastDayOfMonth = (ym: string) => {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};
const monthsBetween = (from: string, to: string) =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
  Number(to.slice(5, 7)) -
  Number(from.slice(5, 7)) +
  1;

/** The partners a query names: the network, or a list of distinct ids (checked for access). */
async function resolvePartners(c: AppContext, partnerParam: string) {
  const ids = [...new Set(partnerParam.split(',').map((s) => s.trim()))];
  if (ids.some((id) => id === '')) throw invalid('partner', 'partner: an empty id in the list');
  if (ids.includes('network') && ids.length > 1)
    throw invalid('partner', 'partner: network cannot be combined with partner ids');
  const all = await listPartners(db(c));
  if (ids.length > Math.max(1, all.length))
    throw invalid('partner', `partner: at most ${all.length} partners`);
  return { ids, all: new Map(all.map((p) => [p.id, p])) };
}

interface ReportRequest {
  partner: string;
  from?: string | undefined;
  to?: string | undefined;
  factorSet?: string | undefined;
  lang?: string | undefined;
  currency?: string | undefined;
  /** pdf: the browser is started while the figures are gathered. */
  format?: string | undefined;
}

/** Gathers the report's inputs from the indicator and map answers the caller may see. */
export async function gatherReport(c: AppContext, q: ReportRequest) {
  const actor = requireActor(c);
  const lang = q.lang ?? 'en';
  const strings = REPORT_LANGUAGES[lang];
  if (!strings)
    throw invalid(
      'lang',
      (PLANNED_REPORT_LANGUAGES as readonly string[]).includes(lang)
        ? `lang: the report is not yet translated into ${lang}; available: ${Object.keys(REPORT_LANGUAGES).join(', ')}`
        : `lang: unknown language ${lang}; available: ${Object.keys(REPORT_LANGUAGES).join(', ')}`,
    );
  const currency = (q.currency ?? 'EUR').toUpperCase();
  if (!(REPORT_CURRENCIES as readonly string[]).includes(currency))
    throw invalid('currency', `currency: one of ${REPORT_CURRENCIES.join(', ')}`);
  if (q.factorSet !== undefined && !findFactorSet(q.factorSet))
    throw invalid('factorSet', `unknown factor set ${q.factorSet}; see GET /api/v1/factor-sets`);
  if ((q.from === undefined) !== (q.to === undefined))
    throw invalid(q.from ? 'to' : 'from', 'give both from and to, or neither (a calendar year)');
  const { ids, all } = await resolvePartners(c, q.partner);
  // Scope and role checks exactly as the indicator API (403 / 404), and the data range the
  // caller may see (whole released months for aggregate callers).
  const ranges = [];
  for (const id of ids) {
    const { scope } = await resolveScope(c, actor, { partner: id });
    ranges.push(await readShownDataRange(c, actor, scope.partnerId));
  }
  // The caller may have this report: Chromium starts (once per process) while the figures are
  // gathered, not after them.
  if (q.format === 'pdf') warmPdfBrowser(services(c).config.chromiumPath);
  let from: string;
  let to: string;
  if (q.from && q.to) {
    from = q.from;
    to = q.to;
    if (!from.endsWith('-01'))
      throw invalid(
        'from',
        'from: a report covers whole months; from must be the first of a month',
      );
    if (to !== lastDayOfMonth(to.slice(0, 7)))
      throw invalid('to', 'to: a report covers whole months; to must be the last day of a month');
    if (from > to) throw invalid('from', 'from is after to');
    if (monthsBetween(from, to) > REPORT_MAX_MONTHS)
      throw invalid('to', `a report covers at most ${REPORT_MAX_MONTHS} months`);
  } else {
    // One rule with the builder (domain/period.ts): over the range of all chosen partners.
    const shown = ranges.filter((r) => r !== null);
    const union =
      shown.length === 0
        ? null
        : {
            from: shown.map((r) => r.from).sort()[0]!,
            to: shown
              .map((r) => r.to)
              .sort()
              .at(-1)!,
          };
    const year = defaultReportYear(union, nowIso(c).slice(0, 10));
    from = `${year}-01-01`;
    to = `${year}-12-31`;
  }
  const rate = exchangeRateFor(currency as ReportCurrency, to);
  const fs = q.factorSet ? { factorSet: q.factorSet } : {};
  const network = ids[0] === 'network';
  const scopes: ReportScope[] = [];
  const answers: Record<string, unknown> = {};
  const siteAnswers = async (p: Partner) => {
    const sites = [];
    for (const s of await listSites(db(c), p.id))
      sites.push({
        id: s.id,
        name: s.name,
        answer: await answerIndicators(c, actor, { partner: p.id, site: s.id, from, to, ...fs }),
      });
    return sites;
  };
  if (network) {
    const answer = await answerIndicators(c, actor, { partner: 'network', from, to, ...fs });
    answers.network = answer;
    scopes.push({ partnerId: null, name: 'network', answer, sites: null });
  } else
    for (const id of ids) {
      const p = all.get(id)!;
      const answer = await answerIndicators(c, actor, { partner: id, from, to, ...fs });
      answers[id] = answer;
      scopes.push({ partnerId: id, name: p.name, answer, sites: await siteAnswers(p) });
    }
  const rollUpIds = network ? [...all.keys()] : ids.length > 1 ? ids : [];
  const rollUp =
    rollUpIds.length === 0
      ? null
      : await Promise.all(
          rollUpIds.map(async (id) => {
            const p = all.get(id)!;
            const answer =
              (answers[id] as Awaited<ReturnType<typeof answerIndicators>> | undefined) ??
              (await answerIndicators(c, actor, { partner: id, from, to, ...fs }));
            answers[id] = answer;
            return { partnerId: id, name: p.name, answer, population: populationOf(id) };
          }),
        );
  // The map: the released cells of each partner (the network: of the whole network).
  const cells: MapCell[] = [];
  const quarters = new Set<string>();
  for (const id of network ? ['network'] : ids) {
    const m = await answerDensity(c, actor, {
      partner: id,
      from,
      to,
      resolution: MAP_UNIT_RESOLUTION,
    });
    for (const q2 of m.releasedPeriod.quarters) quarters.add(q2);
    for (const f of m.features)
      cells.push({
        partnerId: id,
        h3: f.properties.h3,
        trips: f.properties.trips,
        commuters: f.properties.commuters,
        polygon: f.geometry.coordinates[0]!,
      });
  }
  const shownPartners = network ? [...all.values()] : ids.map((id) => all.get(id)!);
  const markers = shownPartners.map((p) => {
    const a = answers[p.id] as { trips?: number } | undefined;
    return { partnerId: p.id, name: p.name, center: p.center, trips: a?.trips ?? 0 };
  });
  const aggregate = (network ? [null] : ids).some((id) => !seesBelowFloor(actor, id));
  const input: ReportInput = {
    partner: network ? 'network' : ids.join(','),
    partnerIds: network ? [] : ids,
    from,
    to,
    factorSet: q.factorSet ?? (network ? 'default' : 'partner'),
    lang,
    currency,
    rate,
    aggregate,
    scopes,
    rollUp,
    map: { cells, markers, quarters: [...quarters].sort() },
  };
  // Inputs, not the moment: the same figures and parameters give the same hash.
  const inputsHash = createHash('sha256')
    .update(
      JSON.stringify({
        partner: input.partner,
        from,
        to,
        factorSet: q.factorSet ?? null,
        lang,
        currency,
        rate,
        aggregate,
        answers: Object.keys(answers)
          .sort()
          .map((k) => [k, answers[k]]),
        sites: scopes.map((s) => s.sites),
        cells,
      }),
    )
    .digest('hex');
  const factorSetLabel =
    q.factorSet ??
    [
      ...new Set(
        scopes
          .map((s) => (s.answer as { factorSet?: { id: string } }).factorSet?.id)
          .filter(Boolean),
      ),
    ].join(', ');
  const tables = reportTables(input, strings);
  const meta = {
    partner: input.partner,
    partners: shownPartners.map((p) => ({ id: p.id, name: p.name })),
    from,
    to,
    months: monthsBetween(from, to),
    factorSet: factorSetLabel || '–',
    lang,
    currency,
    exchangeRate: rate,
    aggregate,
    generatedAt: new Date(services(c).now()).toISOString(),
    inputsHash,
    softwareVersion: pkg.version,
  };
  return { input, tables, meta, strings, answers, cells };
}

function toCsv(table: ReportTable): string {
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [table.columns.map((c) => cell(c.label)).join(',')];
  for (const r of table.rows) lines.push(table.columns.map((c) => cell(r[c.key])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The report's CSP: nothing but its own <style>, by hash. */
export const REPORT_STYLE_HASH = `sha256-${createHash('sha256').update(REPORT_CSS).digest('base64')}`;
const REPORT_CSP = `default-src 'none'; style-src '${REPORT_STYLE_HASH}'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;

export function reportRoutes() {
  const app = createRouter();
  app.openapi(methodologyRoute, (c) => {
    const lang = c.req.valid('query').lang ?? 'en';
    const strings = REPORT_LANGUAGES[lang];
    if (!strings)
      throw invalid(
        'lang',
        `lang: unknown language ${lang}; available: ${Object.keys(REPORT_LANGUAGES).join(', ')}`,
      );
    return c.json({ lang, sections: methodologySections(strings) }, 200);
  });
  app.openapi(route, async (c) => {
    const q = c.req.valid('query');
    const format = q.format ?? 'html';
    if (!(FORMATS as readonly string[]).includes(format))
      throw invalid('format', `format: one of ${FORMATS.join(', ')}`);
    if (format === 'csv' && !q.table)
      throw invalid('table', 'format=csv needs table=<id> (the ids are in format=json)');
    const r = await gatherReport(c, q);
    const name = `modeshift-report-${r.meta.partner.replace(/[^a-z0-9-]+/gi, '_')}-${r.meta.from.slice(0, 7)}-${r.meta.to.slice(0, 7)}`;
    switch (format) {
      case 'json':
        return c.json(
          {
            meta: r.meta,
            headline: reportHeadline(r.input),
            tables: r.tables,
            indicators: r.answers,
          },
          200,
        );
      case 'csv': {
        const table = r.tables.find((t) => t.id === q.table);
        if (!table)
          throw new AppError(
            'not_found',
            `no table ${q.table} in this report; its tables: ${r.tables.map((t) => t.id).join(', ')}`,
          );
        return c.body(toCsv(table), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${name}-${table.id}.csv"`,
        });
      }
      case 'geojson':
        return c.body(
          JSON.stringify({
            type: 'FeatureCollection',
            features: r.cells.map((cell) => ({
              type: 'Feature',
              geometry: { type: 'Polygon', coordinates: [cell.polygon] },
              properties: {
                partner: cell.partnerId,
                h3: cell.h3,
                trips: cell.trips,
                commuters: cell.commuters,
              },
            })),
            quarters: r.input.map.quarters,
            inputsHash: r.meta.inputsHash,
          }),
          200,
          { 'content-type': 'application/geo+json; charset=utf-8' },
        );
      default: {
        const html = renderReportHtml(
          r.input,
          r.tables,
          {
            ...r.meta,
            partnerNames: r.meta.partners.map((p) => p.name),
          },
          r.strings,
        );
        if (format === 'html')
          return c.body(html, 200, {
            'content-type': 'text/html; charset=utf-8',
            'content-security-policy': REPORT_CSP,
          });
        try {
          const pdf = await renderPdf(
            services(c).config.chromiumPath,
            html,
            `Modeshift ${r.meta.softwareVersion} · ${r.strings.inputsHash} ${r.meta.inputsHash.slice(0, 16)}`,
            { page: r.strings.page, of: r.strings.of },
          );
          return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
            'content-type': 'application/pdf',
            'content-disposition': `inline; filename="${name}.pdf"`,
          });
        } catch (err) {
          if (err instanceof PdfUnavailableError)
            throw new AppError('pdf_unavailable', err.message);
          throw err;
        }
      }
    }
  });
  return app;
}
