/**
 * Live dashboards (issue 13, point 6): which cached GET answers a partner's new data makes
 * stale. Pure, so the rule is tested in Node; the polling itself is `LiveDataController`
 * (lib/live-data-controller.ts).
 */

/** Answers that describe no partner's data: never dropped when figures change. */
const STATIC_PATHS = new Set([
  '/api/v1/config',
  '/api/v1/auth/me',
  '/api/v1/partners',
  '/api/v1/factor-sets',
  '/api/v1/methodology',
  '/api/v1/calculators/heat/defaults',
  '/api/v1/data-version',
]);

/**
 * Whether a cached GET (its URL as the client keys it: `/api/v1/...?query`) may hold figures of
 * `partnerId`: its `partner` parameter names that partner (alone or in a list) or the network, or
 * its path is under `/partners/<id>/`. Lists without a partner parameter (trips, commuters,
 * data quality of the caller's own partner) count too, except the few static answers above.
 */
export function touchesPartner(url: string, partnerId: string): boolean {
  const parsed = new URL(url, 'http://x.invalid');
  if (STATIC_PATHS.has(parsed.pathname)) return false;
  const segments = parsed.pathname.split('/').map((s) => decodeURIComponent(s));
  const at = segments.indexOf('partners');
  if (at >= 0 && segments.length > at + 1) return segments[at + 1] === partnerId;
  const partner = parsed.searchParams.get('partner');
  if (partner === null) return true;
  if (partnerId === 'network') return true;
  return partner.split(',').some((p) => p === partnerId || p === 'network');
}
