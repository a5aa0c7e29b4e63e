import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The web app's API client (openapi-fetch typed by the generated paths) keeps what the
 * dashboard relies on: same-origin cookie, CSRF header on writes, the error envelope as an
 * ApiError, the session cache of GET answers and the 401 handler.
 */
type Client = typeof import('../../web/src/api/client.js');
let api: Client;
const sent: Request[] = [];
let answer: (req: Request) => Response | Promise<Response> = () =>
  new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });

const json = (status: number, value: unknown) =>
  new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });

beforeAll(async () => {
  // The browser resolves '/api/v1/...' against the page; Node needs an origin for that.
  const NodeRequest = globalThis.Request;
  vi.stubGlobal(
    'Request',
    class extends NodeRequest {
      constructor(input: RequestInfo | URL, init?: RequestInit) {
        super(typeof input === 'string' ? new URL(input, 'http://dashboard.test') : input, init);
      }
    },
  );
  vi.stubGlobal('document', { cookie: 'ms_lang=da; ms_csrf=csrf%20token' });
  vi.stubGlobal('fetch', async (req: Request) => {
    sent.push(req);
    return answer(req);
  });
  api = await import('../../web/src/api/client.js');
});
afterAll(() => vi.unstubAllGlobals());
beforeEach(() => {
  sent.length = 0;
  api.clearCache();
});

describe('the API client', () => {
  it('GETs with the path and query filled in, empty values left out, and caches the answer for the session', async () => {
    answer = () => json(200, { items: [] });
    const query = { partner: 'town-a', site: undefined, from: '', to: '2011-12-31' };
    await api.get('/indicators', { params: { query } });
    await api.get('/indicators', { params: { query } });
    expect(sent).toHaveLength(1);
    const req = sent[0]!;
    expect(req.url).toBe('http://dashboard.test/api/v1/indicators?partner=town-a&to=2011-12-31');
    expect(req.method).toBe('GET');
    expect(req.credentials).toBe('same-origin');
    expect(req.headers.get('accept')).toBe('application/json');
    expect(req.headers.get('x-csrf-token')).toBeNull();
    await api.get('/indicators', { params: { query } }, { fresh: true });
    expect(sent).toHaveLength(2);
    await api.get('/trips/{id}', { params: { path: { id: 'a/b c' } } });
    expect(sent[2]!.url).toBe('http://dashboard.test/api/v1/trips/a%2Fb%20c');
  });

  it('sends writes as JSON with the CSRF header from the cookie', async () => {
    answer = () =>
      json(201, {
        id: 't1',
        name: 'n',
        scope: 'read',
        createdAt: 'x',
        expiresAt: null,
        lastUsedAt: null,
        revokedAt: null,
        token: 'secret',
      });
    const created = await api.post('/auth/tokens', { body: { name: 'n', scope: 'read' } });
    expect(created.token).toBe('secret');
    const req = sent[0]!;
    expect(req.method).toBe('POST');
    expect(req.headers.get('x-csrf-token')).toBe('csrf token');
    expect(req.headers.get('content-type')).toBe('application/json');
    expect(await req.json()).toEqual({ name: 'n', scope: 'read' });
  });

  it('answers a 204 with undefined', async () => {
    answer = () => new Response(null, { status: 204 });
    await expect(
      api.del('/auth/tokens/{id}', { params: { path: { id: 't1' } } }),
    ).resolves.toBeUndefined();
    expect(sent[0]!.method).toBe('DELETE');
    expect(sent[0]!.url).toBe('http://dashboard.test/api/v1/auth/tokens/t1');
  });

  it('turns the error envelope into an ApiError, calls the 401 handler, and keeps no failed answer', async () => {
    const onUnauthenticated = vi.fn();
    api.setUnauthenticatedHandler(onUnauthenticated);
    answer = () =>
      json(422, {
        error: {
          code: 'validation_failed',
          message: 'from is after to',
          details: [{ path: 'from' }],
        },
      });
    const err = await api
      .get('/indicators', { params: { query: { partner: 'town-a' } } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(api.ApiError);
    expect(err).toMatchObject({
      status: 422,
      code: 'validation_failed',
      message: 'from is after to',
      details: [{ path: 'from' }],
    });
    expect(onUnauthenticated).not.toHaveBeenCalled();

    answer = () => json(401, { error: { code: 'unauthenticated', message: 'log in' } });
    await expect(api.get('/partners')).rejects.toMatchObject({
      status: 401,
      code: 'unauthenticated',
    });
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    // Asking who is signed in, or failing to log in, is not a session that ended.
    await expect(api.get('/auth/me')).rejects.toMatchObject({ status: 401 });
    await expect(
      api.post('/auth/login', { body: { email: 'a@b.example', password: 'x' } }),
    ).rejects.toMatchObject({ status: 401 });
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);

    answer = () => json(200, { items: [] });
    await expect(api.get('/partners')).resolves.toEqual({ items: [] });
  });

  it('keeps the HTTP status as the code when the answer is not an envelope', async () => {
    answer = () => new Response('upstream down', { status: 502, statusText: 'Bad Gateway' });
    await expect(api.get('/config')).rejects.toMatchObject({
      status: 502,
      code: 'http_502',
      message: 'Bad Gateway',
    });
  });

  it('reports an unreachable server as a network ApiError', async () => {
    answer = () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(api.get('/config')).rejects.toMatchObject({
      name: 'ApiError',
      status: 0,
      code: 'network',
    });
  });

  it('reads the methodology as Markdown text', async () => {
    answer = () =>
      new Response('# Methodology', { status: 200, headers: { 'content-type': 'text/markdown' } });
    await expect(api.getText('/methodology', 'text/markdown')).resolves.toBe('# Methodology');
    expect(sent[0]!.headers.get('accept')).toBe('text/markdown');
  });
});
