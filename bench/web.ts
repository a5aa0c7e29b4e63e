// The web app's budget: initial JavaScript (gzipped, without the lazily loaded map, charts and
// views) and the time from navigation to the overview's numbers on the default demo in headless
// Chromium. Figures, not pass/fail: bench/run.ts prints them next to the targets (150 KB, 1.5 s).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import {
  ACCOUNTS,
  buildWeb,
  DESKTOP,
  launchChromium,
  loginByApi,
  startServer,
  WEB_DIST,
} from '../test/e2e/support.js';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

/** The entry chunk of index.html and everything it imports statically, with gzipped sizes. */
export function measureInitialJs(dist = WEB_DIST): {
  files: string[];
  gzipBytes: number;
  rawBytes: number;
} {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const entry = Object.entries(manifest).find(
    ([key, c]) => c.isEntry && key.endsWith('index.html'),
  );
  if (!entry) throw new Error('no index.html entry in the Vite manifest');
  const seen = new Set<string>();
  const visit = (key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const dep of manifest[key]?.imports ?? []) visit(dep);
  };
  visit(entry[0]);
  const files = [...seen].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'));
  let gzipBytes = 0;
  let rawBytes = 0;
  for (const f of files) {
    const buf = readFileSync(join(dist, f));
    rawBytes += buf.length;
    gzipBytes += gzipSync(buf).length;
  }
  return { files, gzipBytes, rawBytes };
}

/** Milliseconds from page.goto to the overview's trip count being on screen. */
async function timeToNumbers(page: Page, url: string): Promise<number> {
  const t0 = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page
    .locator('[data-testid="card-trips"] [data-part="value"]')
    .waitFor({ state: 'visible', timeout: 30_000 });
  return Math.round(performance.now() - t0);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function benchWeb(
  options: { runs?: number; demoScale?: string } = {},
): Promise<Record<string, number>> {
  const runs = options.runs ?? 5;
  await buildWeb();
  const initial = measureInitialJs();
  const figures: Record<string, number> = {
    web_initial_js_gzip_kb: Math.round((initial.gzipBytes / 1024) * 10) / 10,
    web_initial_js_raw_kb: Math.round((initial.rawBytes / 1024) * 10) / 10,
    web_initial_js_files: initial.files.length,
  };
  const server = await startServer({ demoScale: options.demoScale ?? '1' });
  const browser = await launchChromium();
  try {
    for (const [name, account, hash] of [
      ['staff', ACCOUNTS.staffWeiz, '#/overview'],
      ['network', ACCOUNTS.analyst, '#/overview?partner=network'],
    ] as const) {
      // A fresh context per run: an empty HTTP cache and no in-page answer cache, as on first visit.
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ viewport: DESKTOP });
        const page = await context.newPage();
        await loginByApi(page, server.baseUrl, account);
        times.push(await timeToNumbers(page, `${server.baseUrl}/${hash}`));
        await context.close();
      }
      figures[`web_overview_${name}_ms_first`] = times[0]!;
      figures[`web_overview_${name}_ms_median`] = median(times);
      figures[`web_overview_${name}_ms_max`] = Math.max(...times);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return figures;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const figures = await benchWeb();
  for (const [k, v] of Object.entries(figures)) console.log(`${k}: ${v}`);
}
