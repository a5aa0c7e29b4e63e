/**
 * The report builder's choices and the links they make to GET /api/v1/reports (issue 13,
 * point 1). Pure: the page and the tests build the same URLs.
 */

/** `2012-02` → `2012-02-29`. */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const day = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

/**
 * The languages the report speaks: the one list the builder offers, in the dashboard's order.
 * It equals the keys of the server's REPORT_LANGUAGES (server/reports/i18n/index.ts) plus el,
 * ro, pl and sl, whose report files the lead registers on the server after merging;
 * test/web/report-url.test.ts compares the two.
 */
export const REPORT_LANGUAGES = [
  'en',
  'da',
  'de',
  'it',
  'el',
  'ro',
  'es',
  'gl',
  'pl',
  'sl',
] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

/** The builder's first choice: the dashboard's current language when the report speaks it. */
export function defaultReportLanguage(webLanguage: string): ReportLanguage {
  return (REPORT_LANGUAGES as readonly string[]).includes(webLanguage)
    ? (webLanguage as ReportLanguage)
    : 'en';
}
export const REPORT_CURRENCIES = ['EUR', 'DKK', 'PLN', 'RON'] as const;
export type ReportCurrency = (typeof REPORT_CURRENCIES)[number];
export type ReportFormat = 'html' | 'pdf' | 'json' | 'csv' | 'geojson';

export type ReportPeriod =
  | { kind: 'year'; year: number }
  /** Whole months, `YYYY-MM`, both included. */
  | { kind: 'months'; fromMonth: string; toMonth: string };

export interface ReportChoice {
  /** `network`, or one or more partner ids. */
  partners: 'network' | readonly string[];
  period: ReportPeriod;
  /** A factor set id; null: each partner's own. */
  factorSet: string | null;
  lang: ReportLanguage;
  currency: ReportCurrency;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The period as the endpoint takes it: first and last day, both included. */
export function reportDates(period: ReportPeriod): { from: string; to: string } {
  if (period.kind === 'year') return { from: `${period.year}-01-01`, to: `${period.year}-12-31` };
  return { from: `${period.fromMonth}-01`, to: lastDayOfMonth(period.toMonth) };
}

/** What is wrong with a choice, as message keys' names; empty when a report can be asked. */
export function choiceProblems(choice: ReportChoice): Array<'partners' | 'period'> {
  const problems: Array<'partners' | 'period'> = [];
  if (choice.partners !== 'network' && choice.partners.length === 0) problems.push('partners');
  const p = choice.period;
  if (p.kind === 'year') {
    if (!Number.isInteger(p.year) || p.year < 1970 || p.year > 9999) problems.push('period');
  } else if (!MONTH.test(p.fromMonth) || !MONTH.test(p.toMonth) || p.fromMonth > p.toMonth) {
    problems.push('period');
  }
  return problems;
}

/** The `partner` parameter: `network`, or the ids sorted and joined by commas (stable links). */
export function partnerParam(partners: ReportChoice['partners']): string {
  return partners === 'network' ? 'network' : [...new Set(partners)].sort().join(',');
}

/**
 * A link to the report in one format (`table`: one table's CSV). Parameters in a fixed order,
 * so the same choice always gives the same link.
 */
export function reportUrl(choice: ReportChoice, format: ReportFormat, table?: string): string {
  const { from, to } = reportDates(choice.period);
  const q = new URLSearchParams();
  q.set('partner', partnerParam(choice.partners));
  q.set('from', from);
  q.set('to', to);
  if (choice.factorSet) q.set('factorSet', choice.factorSet);
  q.set('lang', choice.lang);
  q.set('currency', choice.currency);
  q.set('format', format);
  if (table !== undefined) q.set('table', table);
  // Commas stay readable in the address (`partner=skanderborg,weiz`).
  return `/api/v1/reports?${q.toString().replace(/%2C/g, ',')}`;
}

/** A file name for a downloaded report: `modeshift-report-weiz-2011-01-01-2011-12-31.pdf`. */
export function reportFilename(choice: ReportChoice, ext: string, table?: string): string {
  const { from, to } = reportDates(choice.period);
  const who = partnerParam(choice.partners).replace(/,/g, '+');
  return `${['modeshift-report', who, from, to, table].filter(Boolean).join('-')}.${ext}`;
}

// The year a report covers by default: one rule for the builder and the server.
export { defaultReportYear } from '../../../server/domain/period.js';
