import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ACCOUNTS, DESKTOP, launchChromium, loginByApi, recordCspViolations } from './support.js';

const baseUrl = inject('baseUrl');

let browser: Browser;
let context: BrowserContext;
let page: Page;
const violations: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
  await recordCspViolations(context, violations);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
});

function directives(csp: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (csp ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), values);
  }
  return out;
}

describe('Content-Security-Policy in the browser', () => {
  it('is strict on /, /index.html, a deep link and the API, with the other security headers', async () => {
    for (const path of ['/', '/index.html', '/#/overview?partner=weiz', '/some/deep/path']) {
      const res = await page.request.get(`${baseUrl}${path}`);
      const headers = res.headers();
      const csp = directives(headers['content-security-policy']);
      expect(csp.get('script-src'), path).toEqual(["'self'"]);
      expect(csp.get('default-src'), path).toEqual(["'self'"]);
      expect(csp.get('object-src'), path).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['x-frame-options'], path).toBe('DENY');
      expect(headers['referrer-policy'], path).toBe('no-referrer');
      // The built page itself has no inline script for the policy to forbid.
      expect(await res.text(), path).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    }
    const api = await page.request.get(`${baseUrl}/api/v1/health`);
    expect(directives(api.headers()['content-security-policy']).get('default-src')).toEqual([
      "'none'",
    ]);
  });

  it('boots the map view with no violation, then blocks an injected inline script, a string timer and a <style>', async () => {
    await loginByApi(page, baseUrl, ACCOUNTS.analyst);
    await page.goto(`${baseUrl}/#/map?partner=weiz`);
    await page.locator('ms-density-map canvas').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500);
    expect(violations.splice(0)).toEqual([]);

    const outcome = await page.evaluate(async () => {
      const w = window as unknown as { __injected?: number; __timerString?: number };
      const script = document.createElement('script');
      script.textContent = 'window.__injected = 1';
      document.head.append(script);
      // A string timer is eval: 'unsafe-eval' is not in the policy. (Code run by the test
      // driver itself is exempt from the page's CSP, so eval() is tried this way.)
      (setTimeout as unknown as (code: string, ms: number) => number)(
        'window.__timerString = 1',
        0,
      );
      const style = document.createElement('style');
      style.textContent = 'body { --ms-injected: yes }';
      document.head.append(style);
      await new Promise((r) => setTimeout(r, 200));
      return {
        injected: w.__injected ?? null,
        timerString: w.__timerString ?? null,
        injectedStyle: getComputedStyle(document.body).getPropertyValue('--ms-injected'),
      };
    });
    expect(outcome).toEqual({ injected: null, timerString: null, injectedStyle: '' });
    await expect.poll(() => violations.join('\n')).toMatch(/script-src/);
    expect(violations.join('\n')).toMatch(/style-src/);
  });
});
