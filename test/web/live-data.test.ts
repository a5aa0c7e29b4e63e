import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { touchesPartner } from '../../web/src/lib/live-data.js';

/**
 * Live dashboards (issue 13, point 6): a partner's new data drops exactly the cached answers
 * that may show it, and tells the views.
 */
describe('touchesPartner', () => {
  it.each([
    ['/api/v1/indicators?partner=weiz&from=2011-01-01', 'weiz', true],
    ['/api/v1/indicators?partner=skanderborg', 'weiz', false],
    ['/api/v1/indicators?partner=network', 'weiz', true],
    ['/api/v1/indicators?partner=skanderborg', 'network', true],
    ['/api/v1/reports?partner=skanderborg,weiz&format=json', 'weiz', true],
    ['/api/v1/reports?partner=skanderborg,novara&format=json', 'weiz', false],
    ['/api/v1/partners/weiz/leaderboard?from=2011-01-01', 'weiz', true],
    ['/api/v1/partners/novara/leaderboard?from=2011-01-01', 'weiz', false],
    ['/api/v1/trips?status=unconfirmed', 'weiz', true],
    ['/api/v1/partners', 'weiz', false],
    ['/api/v1/factor-sets', 'weiz', false],
    ['/api/v1/config', 'network', false],
    ['/api/v1/auth/me', 'weiz', false],
  ])('%s for %s: %s', (url, partner, expected) => {
    expect(touchesPartner(url, partner)).toBe(expected);
  });
});

describe('dropPartnerAnswers', () => {
  type Client = typeof import('../../web/src/api/client.js');
  let api: Client;
  const sent: string[] = [];
  beforeAll(async () => {
    const NodeRequest = globalThis.Request;
    vi.stubGlobal(
      'Request',
      class extends NodeRequest {
        constructor(input: RequestInfo | URL, init?: RequestInit) {
          super(typeof input === 'string' ? new URL(input, 'http://dashboard.test') : input, init);
        }
      },
    );
    vi.stubGlobal('document', { cookie: '' });
    vi.stubGlobal('fetch', async (req: Request) => {
      sent.push(new URL(req.url).pathname + new URL(req.url).search);
      return new Response(JSON.stringify({ n: sent.length }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    });
    api = await import('../../web/src/api/client.js');
  });
  afterAll(() => vi.unstubAllGlobals());

  it("asks again for the partner's figures only, and tells the views which partner changed", async () => {
    const weiz = { params: { query: { partner: 'weiz' } } } as const;
    const novara = { params: { query: { partner: 'novara' } } } as const;
    const first = await api.get('/indicators', weiz);
    await api.get('/indicators', novara);
    await api.get('/factor-sets');
    expect(sent).toHaveLength(3);
    const heard: string[] = [];
    api.dataChanges.addEventListener('change', (e) =>
      heard.push((e as CustomEvent<{ partner: string }>).detail.partner),
    );
    api.dropPartnerAnswers('weiz');
    expect(heard).toEqual(['weiz']);
    const again = await api.get('/indicators', weiz);
    expect(again).not.toEqual(first);
    await api.get('/indicators', novara);
    await api.get('/factor-sets');
    // Only Weiz's indicators were asked again.
    expect(sent).toEqual([
      '/api/v1/indicators?partner=weiz',
      '/api/v1/indicators?partner=novara',
      '/api/v1/factor-sets',
      '/api/v1/indicators?partner=weiz',
    ]);
  });
});
