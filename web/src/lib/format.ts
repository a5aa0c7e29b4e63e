/**
 * Number, date and unit formatting through Intl, for one locale. Pure: the browser tests use
 * the same functions to check that the dashboard shows the API's numbers.
 */
export interface Formatter {
  readonly locale: string;
  /** Whole numbers, or `digits` decimals when given. */
  number(value: number, digits?: number): string;
  /** Sensible precision for a quantity: no decimals from 100 up, one below. */
  quantity(value: number): string;
  /** A 0..1 fraction as a percentage. */
  percent(fraction: number, digits?: number): string;
  /** A change in percentage points, always signed: "+12.3" (the unit "pp" is shown apart). */
  pp(value: number): string;
  /** A money amount, compact for large values ("€1.2M"). */
  money(value: number, currency: string): string;
  /** 2012-08-31 -> "31 Aug 2012" */
  date(isoDate: string): string;
  /** 2012-08 -> "Aug 2012" */
  month(isoMonth: string): string;
  /** 2012-08 -> "Aug 12", for chart axes. */
  monthShort(isoMonth: string): string;
}

const cache = new Map<string, Formatter>();

/** Maps a dictionary language to the Intl locale used for numbers and dates. */
export function intlLocale(language: string): string {
  const tags: Record<string, string> = {
    en: 'en-GB',
    da: 'da-DK',
    de: 'de-DE',
    it: 'it-IT',
    el: 'el-GR',
    ro: 'ro-RO',
    es: 'es-ES',
    pl: 'pl-PL',
    sl: 'sl-SI',
    gl: 'gl-ES',
  };
  return tags[language] ?? language;
}

/**
 * Languages whose Intl data a browser may lack, with the nearest locale of the same conventions.
 * Debian's Chromium ships no Galician data and would format gl-ES the English way (4,865);
 * Spanish writes numbers, dates and euros as Galician does, with Spanish month abbreviations.
 */
const FORMAT_FALLBACK: Readonly<Record<string, string>> = { gl: 'es-ES' };

/** `locale` when this runtime's Intl knows it, else its fallback (see FORMAT_FALLBACK). */
export function supportedLocale(
  locale: string,
  isSupported: (tag: string) => boolean = (tag) =>
    Intl.NumberFormat.supportedLocalesOf([tag]).length > 0 &&
    Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0,
): string {
  if (isSupported(locale)) return locale;
  return FORMAT_FALLBACK[locale.split('-')[0]!.toLowerCase()] ?? locale;
}

export function createFormatter(requested: string): Formatter {
  const hit = cache.get(requested);
  if (hit) return hit;
  const locale = supportedLocale(requested);
  const ints = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const byDigits = new Map<number, Intl.NumberFormat>();
  const fixed = (digits: number): Intl.NumberFormat => {
    let f = byDigits.get(digits);
    if (!f) {
      f = new Intl.NumberFormat(locale, {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
      byDigits.set(digits, f);
    }
    return f;
  };
  const pct = new Map<number, Intl.NumberFormat>();
  const pp = new Intl.NumberFormat(locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  });
  const dateFmt = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const monthFmt = new Intl.DateTimeFormat(locale, {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const monthShortFmt = new Intl.DateTimeFormat(locale, {
    month: 'short',
    year: '2-digit',
    timeZone: 'UTC',
  });
  const toUtc = (iso: string): Date =>
    new Date(`${iso.length === 7 ? `${iso}-01` : iso.slice(0, 10)}T00:00:00Z`);
  const f: Formatter = {
    locale: requested,
    number: (value, digits) =>
      digits === undefined ? ints.format(value) : fixed(digits).format(value),
    quantity: (value) =>
      Math.abs(value) >= 100 || value === 0 ? ints.format(value) : fixed(1).format(value),
    percent: (fraction, digits = 1) => {
      let p = pct.get(digits);
      if (!p) {
        p = new Intl.NumberFormat(locale, {
          style: 'percent',
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        });
        pct.set(digits, p);
      }
      return p.format(fraction);
    },
    pp: (value) => pp.format(Math.abs(value) < 0.05 ? 0 : value),
    money: (value, currency) => {
      const compact = Math.abs(value) >= 100_000;
      return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        notation: compact ? 'compact' : 'standard',
        maximumFractionDigits: compact ? 1 : 0,
      }).format(value);
    },
    date: (iso) => dateFmt.format(toUtc(iso)),
    month: (iso) => monthFmt.format(toUtc(iso)),
    monthShort: (iso) => monthShortFmt.format(toUtc(iso)),
  };
  cache.set(requested, f);
  return f;
}

/** Text as a person reads it: no-break and narrow no-break spaces as plain spaces. */
export function normaliseSpaces(text: string): string {
  return text
    .replace(/[\u00a0\u202f\u2009]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
