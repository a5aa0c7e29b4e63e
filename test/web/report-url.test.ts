import { describe, expect, it } from 'vitest';
import {
  PLANNED_REPORT_LANGUAGES,
  REPORT_LANGUAGES as SERVER_REPORT_LANGUAGES,
} from '../../server/reports/i18n/index.js';
import { LANGUAGE_NAMES } from '../../web/src/i18n/index.js';
import {
  choiceProblems,
  defaultReportLanguage,
  defaultReportYear,
  REPORT_LANGUAGES,
  lastDayOfMonth,
  reportDates,
  reportFilename,
  reportUrl,
  type ReportChoice,
} from '../../web/src/lib/report-url.js';

/** The report builder's links (issue 13, point 1) follow the endpoint's fixed contract. */
const base: ReportChoice = {
  partners: ['skanderborg'],
  period: { kind: 'year', year: 2011 },
  factorSet: null,
  lang: 'da',
  currency: 'DKK',
};

describe('reportUrl', () => {
  it('asks for one partner over a calendar year, in the chosen language and currency', () => {
    expect(reportUrl(base, 'html')).toBe(
      '/api/v1/reports?partner=skanderborg&from=2011-01-01&to=2011-12-31&lang=da&currency=DKK&format=html',
    );
  });

  it('lists several partners sorted once, whatever order they were ticked in', () => {
    const url = reportUrl({ ...base, partners: ['weiz', 'skanderborg', 'weiz'] }, 'pdf');
    expect(new URL(url, 'http://x').searchParams.get('partner')).toBe('skanderborg,weiz');
    expect(url).toContain('partner=skanderborg,weiz&');
  });

  it('asks for the network over whole months, with a factor set and one table as CSV', () => {
    const url = reportUrl(
      {
        partners: 'network',
        period: { kind: 'months', fromMonth: '2011-09', toMonth: '2012-02' },
        factorSet: 'desnz-2025-wtw',
        lang: 'en',
        currency: 'EUR',
      },
      'csv',
      'modal-split',
    );
    const q = new URL(url, 'http://x').searchParams;
    expect(Object.fromEntries(q)).toEqual({
      partner: 'network',
      from: '2011-09-01',
      to: '2012-02-29',
      factorSet: 'desnz-2025-wtw',
      lang: 'en',
      currency: 'EUR',
      format: 'csv',
      table: 'modal-split',
    });
  });

  it('names downloaded files after scope and period', () => {
    expect(reportFilename({ ...base, partners: ['weiz', 'lugo'] }, 'pdf')).toBe(
      'modeshift-report-lugo+weiz-2011-01-01-2011-12-31.pdf',
    );
    expect(reportFilename(base, 'csv', 'sites')).toBe(
      'modeshift-report-skanderborg-2011-01-01-2011-12-31-sites.csv',
    );
  });
});

describe('choices', () => {
  it('refuses no partner and a period that runs backwards', () => {
    expect(choiceProblems(base)).toEqual([]);
    expect(choiceProblems({ ...base, partners: [] })).toEqual(['partners']);
    expect(
      choiceProblems({
        ...base,
        period: { kind: 'months', fromMonth: '2012-03', toMonth: '2012-01' },
      }),
    ).toEqual(['period']);
    expect(
      choiceProblems({
        ...base,
        period: { kind: 'months', fromMonth: '2012-13', toMonth: '2012-12' },
      }),
    ).toEqual(['period']);
  });

  it('gives whole months their real last day', () => {
    expect(lastDayOfMonth('2012-02')).toBe('2012-02-29');
    expect(lastDayOfMonth('2011-02')).toBe('2011-02-28');
    expect(lastDayOfMonth('2011-12')).toBe('2011-12-31');
    expect(reportDates({ kind: 'months', fromMonth: '2011-04', toMonth: '2011-04' })).toEqual({
      from: '2011-04-01',
      to: '2011-04-30',
    });
  });

  it('opens on the last calendar year the data cover to its end', () => {
    // The demo programme: September 2011 to August 2012, so 2011 is the year to report.
    expect(defaultReportYear({ from: '2011-09-01', to: '2012-08-31' }, '2026-11-30')).toBe(2011);
    expect(defaultReportYear({ from: '2011-09-01', to: '2012-12-31' }, '2026-11-30')).toBe(2012);
    expect(defaultReportYear({ from: '2012-03-01', to: '2012-08-31' }, '2026-11-30')).toBe(2012);
    expect(defaultReportYear(null, '2026-11-30')).toBe(2025);
  });
});

describe('report languages', () => {
  // Written on branch s4-tr2; the lead registers them on the server after merging. Once they
  // are registered this union is simply the server's list.
  const pending = ['el', 'ro', 'pl', 'sl'];

  it('the builder offers exactly the languages the server speaks (plus those being registered)', () => {
    const server = Object.keys(SERVER_REPORT_LANGUAGES);
    expect([...REPORT_LANGUAGES].sort()).toEqual([...new Set([...server, ...pending])].sort());
    expect(new Set(REPORT_LANGUAGES).size).toBe(REPORT_LANGUAGES.length);
    // The server knows each pending one: spoken already, or a clear 422 until it is.
    for (const l of pending) {
      expect(
        l in SERVER_REPORT_LANGUAGES || (PLANNED_REPORT_LANGUAGES as readonly string[]).includes(l),
        l,
      ).toBe(true);
    }
    // Each shows under its own name in the builder's list.
    for (const l of REPORT_LANGUAGES) expect(LANGUAGE_NAMES[l], l).toBeTruthy();
  });

  it('defaults to the dashboard language when the report speaks it, else English', () => {
    expect(defaultReportLanguage('gl')).toBe('gl');
    expect(defaultReportLanguage('it')).toBe('it');
    expect(defaultReportLanguage('es')).toBe('es');
    expect(defaultReportLanguage('da')).toBe('da');
    expect(defaultReportLanguage('fr')).toBe('en');
    expect(defaultReportLanguage('')).toBe('en');
  });

  it('asks the server for a report in Galician', () => {
    const q = new URL(reportUrl({ ...base, lang: 'gl', currency: 'EUR' }, 'html'), 'http://x');
    expect(q.searchParams.get('lang')).toBe('gl');
  });
});
