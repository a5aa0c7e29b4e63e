import { describe, expect, it } from 'vitest';
import {
  definitionHref,
  formatRoute,
  isIsoDate,
  parseRoute,
  scopeParams,
} from '../../web/src/lib/route.js';

describe('parseRoute', () => {
  it('reads view, partner, site and period', () => {
    expect(
      parseRoute('#/overview?partner=weiz&site=weiz-lkh&from=2011-09-01&to=2012-08-31'),
    ).toEqual({
      view: 'overview',
      params: { partner: 'weiz', site: 'weiz-lkh', from: '2011-09-01', to: '2012-08-31' },
      anchor: null,
      unknown: false,
    });
  });

  it('takes the anchor after a second #', () => {
    expect(parseRoute('#/methodology#co2-avoided')).toMatchObject({
      view: 'methodology',
      anchor: 'co2-avoided',
    });
  });

  it('defaults to the overview for an empty hash', () => {
    expect(parseRoute('')).toMatchObject({ view: 'overview', unknown: false });
    expect(parseRoute('#/')).toMatchObject({ view: 'overview', unknown: false });
  });

  it('flags an unknown view', () => {
    expect(parseRoute('#/nope')).toMatchObject({ view: 'overview', unknown: true });
  });

  it('drops malformed values instead of passing them to the API', () => {
    const r = parseRoute(
      '#/overview?partner=<script>&from=2011-02-30&to=2012-13-01&metric=DROP%20TABLE',
    );
    expect(r.params).toEqual({});
  });

  it('drops a period that ends before it starts', () => {
    expect(parseRoute('#/overview?from=2012-01-01&to=2011-01-01').params).toEqual({});
  });
});

describe('formatRoute', () => {
  it('round-trips and orders parameters', () => {
    const hash = formatRoute('map', { to: '2012-08-31', partner: 'lugo', from: '2011-09-01' });
    expect(hash).toBe('#/map?partner=lugo&from=2011-09-01&to=2012-08-31');
    expect(parseRoute(hash).params).toEqual({
      partner: 'lugo',
      from: '2011-09-01',
      to: '2012-08-31',
    });
  });

  it('links definitions into the methodology', () => {
    expect(definitionHref('heat')).toBe('#/methodology#heat');
  });

  it('keeps only the scope when moving between views', () => {
    expect(
      scopeParams({
        partner: 'weiz',
        site: 's',
        from: 'a',
        to: 'b',
        factors: 'f',
        metric: 'km',
        id: 'x',
      }),
    ).toEqual({ partner: 'weiz', site: 's', from: 'a', to: 'b', factors: 'f' });
  });
});

describe('isIsoDate', () => {
  it.each([
    ['2012-02-29', true],
    ['2011-02-29', false],
    ['2012-8-31', false],
    ['2012-08-31T00:00', false],
  ])('%s -> %s', (value, ok) => {
    expect(isIsoDate(value)).toBe(ok);
  });
});
