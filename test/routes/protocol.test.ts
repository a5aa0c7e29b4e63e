import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { silentLogger } from '../../server/logger.js';
import { mountWeb } from '../../server/web.js';
import {
  bikeTrip,
  body,
  createTestContext,
  TEST_NOW,
  testConfig,
  type TestContext,
} from '../helpers.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

/** The directives of a Content-Security-Policy header, by name. */
function directives(csp: string | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (csp ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), values);
  }
  return out;
}

describe('405 for a known path with another method', () => {
  it('DELETE /health answers 405 with Allow naming GET', async () => {
    const res = await t.request('/api/v1/health', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect((await body(res)).error.code).toBe('method_not_allowed');
  });

  it('PUT /trips answers 405 with Allow: the list and the create method', async () => {
    const token = await t.token('staffA');
    const res = await t.request('/api/v1/trips', {
      method: 'PUT',
      token,
      json: bikeTrip({ commuterId: 'cmt-a1' }),
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')?.split(', ')).toEqual(['GET', 'HEAD', 'POST', 'OPTIONS']);
    const err = (await body(res)).error;
    expect(err.code).toBe('method_not_allowed');
    expect(err.details.allow).toContain('POST');
  });

  it('works for parameterised paths, and before authentication', async () => {
    const res = await t.request('/api/v1/trips/some-trip-id', { method: 'PUT' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, PATCH, DELETE, OPTIONS');
    const site = await t.request('/api/v1/partners/town-a/sites/site-a', { method: 'DELETE' });
    expect(site.status).toBe(405);
    expect(site.headers.get('allow')).toBe('PATCH, OPTIONS');
  });

  it('answers OPTIONS with 204 and Allow', async () => {
    const res = await t.request('/api/v1/trips/batch', { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    // /trips/batch is also a /trips/{id}: all methods of both.
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST, PATCH, DELETE, OPTIONS');
  });

  it('still answers 404 for an unknown path, whatever the method', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const res = await t.request('/api/v1/nothing-here', { method });
      expect(res.status, method).toBe(404);
      expect((await body(res)).error.code).toBe('not_found');
    }
    expect((await t.request('/api/v1/trips/a/b', { method: 'PUT' })).status).toBe(404);
  });

  it('leaves allowed methods alone', async () => {
    expect((await t.request('/api/v1/health')).status).toBe(200);
    expect((await t.request('/api/v1/health', { method: 'HEAD' })).status).toBe(200);
    expect((await t.request('/api/v1/openapi.json')).status).toBe(200);
    expect((await t.request('/api/v1/openapi.json', { method: 'POST' })).status).toBe(405);
  });
});

describe('security headers', () => {
  it('every API answer, errors included, carries nosniff, no-referrer, DENY and a CSP that allows nothing', async () => {
    for (const [path, method] of [
      ['/api/v1/health', 'GET'],
      ['/api/v1/nothing', 'GET'],
      ['/api/v1/trips', 'GET'],
      ['/api/v1/health', 'DELETE'],
    ] as const) {
      const res = await t.request(path, { method });
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      const csp = directives(res.headers.get('content-security-policy'));
      expect(csp.get('default-src'), path).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(res.headers.get('strict-transport-security'), path).toBeNull();
    }
  });

  it('sends HSTS only when SECURE_COOKIES is on', async () => {
    const secure = await createTestContext({ fixtures: false, config: { SECURE_COOKIES: 'true' } });
    try {
      const res = await secure.request('/api/v1/health');
      expect(res.headers.get('strict-transport-security')).toBe(
        'max-age=31536000; includeSubDomains',
      );
    } finally {
      await secure.close();
    }
  });
});

describe('the web app', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'modeshift-web-'));
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><title>x</title><script type="module" src="/assets/app.js"></script>',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function webApp(env: Record<string, string> = {}) {
    const config = testConfig({ WEB_DIST_DIR: dir, ...env });
    const app = createApp({ db: t.db, config, logger: silentLogger, now: () => TEST_NOW });
    await mountWeb(app, config, silentLogger);
    return app;
  }

  it('serves /, /index.html and a deep link with a strict page CSP: self only, no inline script', async () => {
    const app = await webApp();
    for (const path of ['/', '/index.html', '/partners/town-a/overview']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/text\/html/);
      const csp = directives(res.headers.get('content-security-policy'));
      expect(csp.get('default-src'), path).toEqual(["'self'"]);
      expect(csp.get('script-src'), path).toEqual(["'self'"]);
      expect(csp.get('style-src'), path).toEqual(["'self'"]);
      expect(csp.get('object-src'), path).toEqual(["'none'"]);
      expect(csp.get('base-uri'), path).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(csp.get('connect-src'), path).toEqual(["'self'"]);
      expect(csp.get('worker-src'), path).toEqual(["'self'", 'blob:']);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('lets the page reach the origin of a configured MAP_STYLE_URL, and only that', async () => {
    const app = await webApp({
      MAP_STYLE_URL: 'https://tiles.example.org/styles/basic/style.json',
    });
    const csp = directives((await app.request('/')).headers.get('content-security-policy'));
    expect(csp.get('connect-src')).toEqual(["'self'", 'https://tiles.example.org']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
  });

  it('answers 405 with Allow: GET, HEAD for a write to a page', async () => {
    const app = await webApp();
    const res = await app.request('/index.html', { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect((await body(res)).error.code).toBe('method_not_allowed');
    // An unknown API path is still a 404, not a page.
    expect((await app.request('/api/v1/nothing', { method: 'POST' })).status).toBe(404);
  });

  it('allows the fallback page its own <style> by hash, not by unsafe-inline', async () => {
    const config = testConfig({ WEB_DIST_DIR: join(dir, 'missing') });
    const app = createApp({ db: t.db, config, logger: silentLogger, now: () => TEST_NOW });
    await mountWeb(app, config, silentLogger);
    const res = await app.request('/');
    const html = await res.text();
    const style = /<style>(.*?)<\/style>/s.exec(html)![1]!;
    const { createHash } = await import('node:crypto');
    const hash = `'sha256-${createHash('sha256').update(style).digest('base64')}'`;
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('style-src')).toEqual(["'self'", hash]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
  });
});
