/**
 * CSV as RFC 4180 with a header row: comma-separated, CRLF line ends, fields quoted when they
 * hold a comma, quote or line break. Numbers are written unformatted (full precision, dot as
 * decimal separator) so that a spreadsheet in any language reads them as numbers.
 */
export type CsvValue = string | number | boolean | null | undefined;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = String(value);
  // A leading =, +, - or @ would be run as a formula by spreadsheets (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvValue[]>): string {
  return `${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** A file name from its parts: lower case, ASCII, no spaces, e.g. `modeshift-network-2011-09-01_2012-08-31.csv`. */
export function exportFilename(
  parts: ReadonlyArray<string | null | undefined>,
  extension: string,
): string {
  const slug = parts
    .filter((p): p is string => !!p)
    .map((p) =>
      p
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9._]+/g, '-')
        .replace(/^-+|-+$/g, ''),
    )
    .filter(Boolean)
    .join('-');
  return `${slug || 'modeshift'}.${extension}`;
}
