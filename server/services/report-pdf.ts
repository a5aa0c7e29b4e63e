import { type Browser, chromium } from 'playwright-core';

/**
 * Report PDFs from headless Chromium (playwright-core). One browser per process, launched on the
 * first PDF and reused; at most MAX_CONCURRENT renders at once (each holds a page and its
 * memory), the rest wait their turn; a render that takes longer than the timeout fails. The page
 * gets the report's HTML as it is and may fetch nothing: every request it tries is aborted.
 */

const MAX_CONCURRENT = 2;
const RENDER_TIMEOUT_MS = 30_000;

/** Flags as the browser tests launch Chromium: headless, no sandbox (containers), no phoning home. */
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export class PdfUnavailableError extends Error {}

let browser: Promise<Browser> | null = null;
let browserPath: string | null = null;
let running = 0;
const waiting: Array<() => void> = [];

async function acquire(): Promise<void> {
  if (running < MAX_CONCURRENT) {
    running++;
    return;
  }
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function release(): void {
  const next = waiting.shift();
  if (next) next();
  else running--;
}

function browserAt(path: string): Promise<Browser> {
  if (!browser || browserPath !== path) {
    browserPath = path;
    browser = chromium.launch({ executablePath: path, args: LAUNCH_ARGS }).then((b) => {
      // A crashed browser is launched again on the next render.
      b.on('disconnected', () => {
        browser = null;
      });
      return b;
    });
    browser.catch(() => {
      browser = null;
    });
  }
  return browser;
}

/**
 * Starts the shared browser without waiting for it, so that its launch (about a second) overlaps
 * the work before the render. A failure surfaces in renderPdf, which launches again.
 */
export function warmPdfBrowser(chromiumPath: string | null): void {
  if (chromiumPath) browserAt(chromiumPath).catch(() => {});
}

/**
 * Renders HTML to an A4 PDF with a footer (page numbers and `footerText`).
 * Throws PdfUnavailableError when no Chromium is configured or it cannot start.
 */
export async function renderPdf(
  chromiumPath: string | null,
  html: string,
  footerText: string,
  labels: { page: string; of: string },
): Promise<Uint8Array> {
  if (!chromiumPath)
    throw new PdfUnavailableError(
      'PDF reports need Chromium on the server: install the Debian package chromium (apt-get install chromium) or set CHROMIUM_PATH',
    );
  await acquire();
  try {
    let b: Browser;
    try {
      b = await browserAt(chromiumPath);
    } catch (err) {
      throw new PdfUnavailableError(
        `Chromium at ${chromiumPath} did not start (${(err as Error).message.split('\n')[0]}); install the Debian package chromium or set CHROMIUM_PATH`,
      );
    }
    const context = await b.newContext({ javaScriptEnabled: false });
    try {
      await context.route('**/*', (route) => route.abort());
      const page = await context.newPage();
      page.setDefaultTimeout(RENDER_TIMEOUT_MS);
      await page.setContent(html, { waitUntil: 'load', timeout: RENDER_TIMEOUT_MS });
      const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: `<div style="font-size:7pt;width:100%;padding:0 16mm;display:flex;justify-content:space-between;color:#555"><span>${esc(footerText)}</span><span>${esc(labels.page)} <span class="pageNumber"></span> ${esc(labels.of)} <span class="totalPages"></span></span></div>`,
      });
      return pdf;
    } finally {
      await context.close();
    }
  } finally {
    release();
  }
}

/** Closes the shared browser (server shutdown, tests). */
export async function closePdfBrowser(): Promise<void> {
  const b = browser;
  browser = null;
  if (b) await (await b.catch(() => null))?.close();
}
