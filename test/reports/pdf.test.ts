import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePdfBrowser } from '../../server/services/report-pdf.js';
import { body, createTestContext, type TestContext } from '../helpers.js';

/**
 * format=pdf through headless Chromium: a PDF comes out and its text (pdftotext, Debian's
 * poppler-utils) holds the headline figures. Chromium and pdftotext are installed locally and
 * by .ci/run; a machine without them fails here rather than skipping.
 */
let t: TestContext;
let dir: string;
const Q = 'partner=town-b&from=2011-01-01&to=2011-12-31';

beforeAll(async () => {
  t = await createTestContext({ config: { PATH: process.env.PATH ?? '' } });
  dir = mkdtempSync(join(tmpdir(), 'ms-pdf-'));
  const admin = await t.token('admin');
  const trips = [];
  for (let i = 0; i < 5; i++) {
    const id = `pdf-${i}`;
    await t.request('/api/v1/commuters', {
      method: 'POST',
      token: admin,
      json: { id, partnerId: 'town-b', ageBand: '40-49', joinedOn: '2011-01-01' },
    });
    for (let d = 3; d < 8; d++)
      trips.push({
        id: `${id}-${d}`,
        commuterId: id,
        startedAt: `2011-10-0${d}T07:30:00+02:00`,
        purpose: 'commute',
        replacedMode: 'car_driver',
        legs: [{ mode: 'bike', distanceKm: 6, durationMin: 24 }],
      });
  }
  expect(
    (await t.request('/api/v1/trips/batch', { method: 'POST', token: admin, json: { trips } }))
      .status,
  ).toBe(200);
}, 60_000);
afterAll(async () => {
  await closePdfBrowser();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /reports?format=pdf', () => {
  it('finds Chromium (CHROMIUM_PATH or PATH): the PDF test never silently skips', () => {
    expect(t.config.chromiumPath, 'install the Debian package chromium').not.toBeNull();
  });

  it.each(['en', 'da'])(
    'renders an A4 PDF whose text holds the headline figures (%s)',
    async (lang) => {
      const token = await t.token('admin');
      const data = await body(
        await t.request(`/api/v1/reports?${Q}&format=json&lang=${lang}`, { token }),
      );
      const res = await t.request(`/api/v1/reports?${Q}&format=pdf&lang=${lang}`, { token });
      expect(
        res.status,
        await res
          .clone()
          .text()
          .catch(() => ''),
      ).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
      const file = join(dir, `r-${lang}.pdf`);
      writeFileSync(file, bytes);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      const nf = new Intl.NumberFormat(lang === 'da' ? 'da-DK' : 'en-GB', {
        maximumFractionDigits: 1,
      });
      expect(text).toContain(nf.format(data.headline.trips));
      expect(text).toContain(nf.format(data.headline.co2AvoidedKg));
      expect(text).toContain(nf.format(data.headline.carKmSubstituted));
      // The footer: the inputs hash on every page.
      expect(text).toContain(data.meta.inputsHash.slice(0, 16));
      const pages = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(pages).toMatch(/Page size:.*\(A4\)/);
    },
    60_000,
  );

  it('without Chromium: 503 pdf_unavailable naming the Debian package', async () => {
    const bare = await createTestContext({ config: { PATH: '' } });
    try {
      const res = await bare.request(`/api/v1/reports?${Q}&format=pdf`, {
        token: await bare.token('admin'),
      });
      expect(res.status).toBe(503);
      const e = (await body(res)).error;
      expect(e.code).toBe('pdf_unavailable');
      expect(e.message).toMatch(/chromium/);
    } finally {
      await bare.close();
    }
  });
});
