import populationsJson from '../../data/populations.json' with { type: 'json' };
import ratesJson from '../../data/exchange-rates.json' with { type: 'json' };

/**
 * The report's reference data: each partner's inhabitants and the euro exchange rates, with
 * their sources (data/populations.json, data/exchange-rates.json). Pure: static JSON imports.
 */

export interface Population {
  population: number;
  year: number;
  kind: 'census' | 'register';
  /** false: the figure could not be re-opened in its source; the report marks it. */
  checked: boolean;
  source: string;
}

export const REPORT_CURRENCIES = ['EUR', 'DKK', 'PLN', 'RON'] as const;
export type ReportCurrency = (typeof REPORT_CURRENCIES)[number];

export interface ExchangeRate {
  currency: ReportCurrency;
  /** Units of the currency for 1 EUR. */
  rate: number;
  /** The year whose annual average it is. */
  year: number;
  source: string;
  checked: boolean;
  note: string;
}

function parsePopulations(json: unknown): Record<string, Population> {
  const partners = (json as { partners: Record<string, Population> }).partners;
  for (const [id, p] of Object.entries(partners))
    if (!(Number.isInteger(p.population) && p.population > 0 && p.year > 1900 && p.source))
      throw new Error(`data/populations.json: bad entry ${id}`);
  return partners;
}

const POPULATIONS = Object.freeze(parsePopulations(populationsJson));

interface RatesFile {
  currencies: Record<string, { rates: Record<string, number> }>;
  source: string;
  checked: boolean;
  note: string;
}
const RATES = ratesJson as RatesFile;
for (const c of REPORT_CURRENCIES) {
  const rates = RATES.currencies[c]?.rates;
  if (!rates || Object.values(rates).some((r) => !(r > 0)))
    throw new Error(`data/exchange-rates.json: no valid rates for ${c}`);
}

export function populationOf(partnerId: string): Population | null {
  return POPULATIONS[partnerId] ?? null;
}

/** The rate of the year a period ends in, else of the nearest year listed. */
export function exchangeRateFor(currency: ReportCurrency, periodEnd: string): ExchangeRate {
  const rates = RATES.currencies[currency]!.rates;
  const wanted = Number(periodEnd.slice(0, 4));
  const years = Object.keys(rates).map(Number);
  const year = years.reduce((best, y) =>
    Math.abs(y - wanted) < Math.abs(best - wanted) ? y : best,
  );
  return {
    currency,
    rate: rates[String(year)]!,
    year,
    source: RATES.source,
    checked: RATES.checked,
    note: RATES.note,
  };
}
