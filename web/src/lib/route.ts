/**
 * Hash routes: `#/<view>?partner=weiz&site=weiz-lkh&from=2011-09-01&to=2012-08-31`, with an
 * optional in-page anchor after a second `#` (`#/methodology#co2-avoided`). The hash keeps a
 * view shareable and reloadable without any help from the server.
 */
import { LANDING_VIEW, VIEW_NAMES, type View } from './views.js';

export type { View };

export interface RouteParams {
  /** A partner id, or `network`. */
  partner?: string;
  site?: string;
  from?: string;
  to?: string;
  /** Modal split: `trips` or `km`. Network: `total` or `per-participant`. */
  metric?: string;
  /** The trip or commuter a fix-it view is about. */
  id?: string;
  /** Emission factor set for CO2 avoided; default: the partner's. */
  factors?: string;
  /** An enrolment code (`#/join?code=…`, the link staff hand out). */
  code?: string;
}

export interface Route {
  view: View;
  params: RouteParams;
  anchor: string | null;
  /** True when the hash named a view that does not exist. */
  unknown: boolean;
}

const PARAM_ORDER: ReadonlyArray<keyof RouteParams> = [
  'partner',
  'site',
  'from',
  'to',
  'factors',
  'metric',
  'id',
  'code',
];
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const ANCHOR = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Reads a location hash; anything malformed is dropped rather than passed to the API. */
export function parseRoute(hash: string): Route {
  let rest = hash.startsWith('#') ? hash.slice(1) : hash;
  let anchor: string | null = null;
  const second = rest.indexOf('#');
  if (second >= 0) {
    const a = decodeURIComponent(rest.slice(second + 1));
    anchor = ANCHOR.test(a) ? a : null;
    rest = rest.slice(0, second);
  }
  const q = rest.indexOf('?');
  const path = (q >= 0 ? rest.slice(0, q) : rest).replace(/^\/+|\/+$/g, '');
  const search = new URLSearchParams(q >= 0 ? rest.slice(q + 1) : '');
  const params: RouteParams = {};
  for (const key of PARAM_ORDER) {
    const value = search.get(key);
    if (value === null || value === '') continue;
    if (key === 'from' || key === 'to') {
      if (isIsoDate(value)) params[key] = value;
    } else if (key === 'metric') {
      if (/^[a-z-]{1,32}$/.test(value)) params.metric = value;
    } else if (ID.test(value)) {
      params[key] = value;
    }
  }
  if (params.from && params.to && params.from > params.to) {
    delete params.from;
    delete params.to;
  }
  if (path === '') return { view: LANDING_VIEW, params, anchor, unknown: false };
  const known = (VIEW_NAMES as readonly string[]).includes(path);
  return { view: known ? (path as View) : LANDING_VIEW, params, anchor, unknown: !known };
}

/** Writes a route back as a hash; parameters in a fixed order so equal routes give equal links. */
export function formatRoute(
  view: View,
  params: RouteParams = {},
  anchor: string | null = null,
): string {
  const search = new URLSearchParams();
  for (const key of PARAM_ORDER) {
    const value = params[key];
    if (value) search.set(key, value);
  }
  const qs = search.toString();
  return `#/${view}${qs ? `?${qs}` : ''}${anchor ? `#${anchor}` : ''}`;
}

/** The parameters that carry over when moving from one dashboard view to another. */
export function scopeParams(params: RouteParams): RouteParams {
  const out: RouteParams = {};
  if (params.partner) out.partner = params.partner;
  if (params.site) out.site = params.site;
  if (params.from) out.from = params.from;
  if (params.to) out.to = params.to;
  if (params.factors) out.factors = params.factors;
  return out;
}

/** Link to a definition in the methodology page. */
export function definitionHref(anchor: string): string {
  return formatRoute('methodology', {}, anchor);
}
