import { describe, expect, it } from 'vitest';
import { csvField, exportFilename, toCsv } from '../../web/src/lib/csv.js';

describe('toCsv', () => {
  it('writes a header row and CRLF line ends, numbers unformatted', () => {
    expect(
      toCsv(
        ['Partner', 'Distance (km)'],
        [
          ['Weiz', 613986.57],
          ['Sebeș', 1234.5],
        ],
      ),
    ).toBe('Partner,Distance (km)\r\nWeiz,613986.57\r\nSebeș,1234.5\r\n');
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('writes empty fields for missing values and no NaN', () => {
    expect(toCsv(['a', 'b', 'c'], [[null, undefined, Number.NaN]])).toBe('a,b,c\r\n,,\r\n');
  });

  it('keeps negative numbers and defuses formulas', () => {
    expect(csvField(-4.2)).toBe('-4.2');
    expect(csvField('-4.2')).toBe('-4.2');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});

describe('exportFilename', () => {
  it('joins parts into a lower-case ASCII name', () => {
    expect(exportFilename(['modeshift', 'network', '2011-09-01', '2012-08-31'], 'csv')).toBe(
      'modeshift-network-2011-09-01-2012-08-31.csv',
    );
    expect(exportFilename(['Modeshift', 'Radzionków', undefined, 'Sebeș Town'], 'geojson')).toBe(
      'modeshift-radzionkow-sebes-town.geojson',
    );
  });
});
