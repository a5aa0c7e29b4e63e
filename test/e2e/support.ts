/**
 * What the browser tests and the web benchmark share: building the web app, starting the real
 * server on a fresh demo database, launching Chromium, logging in, and a few page helpers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  readdirSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const WEB_DIST = join(ROOT, 'web/dist');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const ACCOUNTS = {
  analyst: { email: 'analyst@demo.modeshift.eu', password: 'demo-analyst-2010' },
  admin: { email: 'admin@demo.modeshift.eu', password: 'demo-admin-2010' },
  staffWeiz: { email: 'staff.weiz@demo.modeshift.eu', password: 'demo-staff-2010' },
  staffSkanderborg: { email: 'staff.skanderborg@demo.modeshift.eu', password: 'demo-staff-2010' },
  commuterWeiz: { email: 'commuter.weiz@demo.modeshift.eu', password: 'demo-commuter-2010' },
} as const;

export const DESKTOP = { width: 1366, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;
/** The narrowest phone we lay out for (small Android phones). */
export const PHONE_360 = { width: 360, height: 740 } as const;
/** Where the browser tests leave screenshots for a person to look at. */
export const SHOTS = process.env.SHOTS_DIR ?? join(ROOT, 'test-results/screenshots');

/**
 * Desktop and phone screenshots of the current view (`NAME-desktop.png`, `NAME-phone.png`), for
 * a person to look at, and whether the page scrolls sideways at the phone's width (a layout bug
 * a user meets at once). The page is left at the desktop size.
 */
export async function shootDesktopAndPhone(
  page: Page,
  name: string,
  options: { phone?: { width: number; height: number }; fullPage?: boolean } = {},
): Promise<{ overflowsOnPhone: boolean }> {
  const fullPage = options.fullPage ?? true;
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SHOTS, `${name}-desktop.png`), fullPage });
  await page.setViewportSize(options.phone ?? PHONE);
  await page.waitForTimeout(600);
  await page.screenshot({ path: join(SHOTS, `${name}-phone.png`), fullPage });
  const overflowsOnPhone = await page.evaluate(
    () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
  );
  await page.setViewportSize(DESKTOP);
  await page.waitForTimeout(300);
  return { overflowsOnPhone };
}

/** Newest modification time under a directory (files only). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds web/dist with Vite unless it is newer than every web source. */
export async function buildWeb(options: { force?: boolean } = {}): Promise<void> {
  const index = join(WEB_DIST, 'index.html');
  if (!options.force && existsSync(index)) {
    const built = statSync(index).mtimeMs;
    const sources = Math.max(
      newestMtime(join(ROOT, 'web/src')),
      statSync(join(ROOT, 'web/index.html')).mtimeMs,
      statSync(join(ROOT, 'vite.config.ts')).mtimeMs,
    );
    if (built > sources) return;
  }
  // A child process: inside Vitest NODE_ENV is "test", and Vite would bundle Lit's dev build.
  await new Promise<void>((resolveBuild, reject) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
      {
        cwd: ROOT,
        env: { ...process.env, NODE_ENV: 'production' },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolveBuild() : reject(new Error(`vite build failed with ${code}`)),
    );
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address
          ? resolvePort(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  dir: string;
  /** The server's SQLite file. */
  dbFile: string;
  stop(): Promise<void>;
}

/**
 * The real server (`node --import tsx server/main.ts`) on a temporary SQLite file seeded with
 * the demo network, resolved once /api/v1/health answers.
 */
export async function startServer(
  options: { demoScale?: string; env?: Record<string, string> } = {},
): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'modeshift-e2e-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${join(dir, 'e2e.sqlite')}`,
      DEMO: 'true',
      DEMO_SCALE: options.demoScale ?? '0.2',
      LOG_LEVEL: 'warn',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_ITERATIONS: '1',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(new Error(`server exited with ${code}:\n${log.slice(-3000)}`)),
    ),
  );
  const ready = (async () => {
    const deadline = Date.now() + 170_000;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`${baseUrl}/api/v1/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`server did not become healthy:\n${log.slice(-3000)}`);
  })();
  try {
    await Promise.race([ready, exited]);
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  exited.catch(() => undefined);
  return {
    baseUrl,
    dir,
    dbFile: join(dir, 'e2e.sqlite'),
    async stop() {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium as the project runs it: software WebGL (SwiftShader), nothing phoning home. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Every request a context makes to a host other than this machine. */
export function recordExternalRequests(context: BrowserContext): string[] {
  const external: string[] = [];
  context.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) external.push(req.url());
  });
  return external;
}

/**
 * Every Content-Security-Policy violation in a context's pages: the document's
 * `securitypolicyviolation` events (reported through a binding, so nothing is lost when a page
 * navigates) and Chromium's console messages about the policy (they also cover workers).
 * Call before the first page opens; pass one array for several contexts; a test asserts it is empty.
 */
export async function recordCspViolations(
  context: BrowserContext,
  violations: string[] = [],
): Promise<string[]> {
  await context.exposeBinding('__msCspViolation', (_source, text: string) => {
    violations.push(text);
  });
  await context.addInitScript(() => {
    const report = (window as unknown as { __msCspViolation: (t: string) => void })
      .__msCspViolation;
    document.addEventListener('securitypolicyviolation', (e) => {
      report(
        `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || document.URL}:${e.lineNumber}`,
      );
    });
  });
  context.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(`console: ${msg.text()}`);
  });
  return violations;
}

/**
 * Logs in through the API in this context: the page then carries the session cookie. The tests read English unless they say otherwise: staff of
 * Weiz would see German by default (their partner's language), so the page starts as if the user
 * had picked `language` in the switcher. `language: null` keeps the partner's default; a choice
 * made in the switcher during the test still wins, since the pin only fills an empty choice.
 */
export async function loginByApi(
  page: Page,
  baseUrl: string,
  account: { email: string; password: string },
  options: { language?: string | null } = {},
): Promise<void> {
  const language = options.language === undefined ? 'en' : options.language;
  if (language !== null)
    await page.addInitScript((lang) => {
      try {
        if (!localStorage.getItem('ms-lang')) localStorage.setItem('ms-lang', lang);
      } catch {
        // Storage refused (opaque origin before the first navigation): nothing to pin.
      }
    }, language);
  const res = await page.request.post(`${baseUrl}/api/v1/auth/login`, {
    data: { ...account, session: 'cookie' },
  });
  if (!res.ok())
    throw new Error(`login failed for ${account.email}: ${res.status()} ${await res.text()}`);
}

/** Text of the whole page, shadow roots included, with attribute texts a reader may meet. */
export function deepText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts: string[] = [];
    const walk = (root: Document | ShadowRoot | Element): void => {
      for (const el of Array.from(root.querySelectorAll('*'))) {
        for (const attr of ['title', 'aria-label', 'alt', 'value', 'href']) {
          const v = el.getAttribute(attr);
          if (v) parts.push(v);
        }
        for (const node of Array.from(el.childNodes))
          if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return parts.join(' ');
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown; failureSummary?: string }>;
}

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function axeSerious(page: Page): Promise<AxeViolation[]> {
  const has = await page.evaluate(
    () => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined',
  );
  // Evaluated by the driver, not added as a <script>: the page's CSP forbids inline script,
  // and a violation fails the test.
  if (!has)
    await page.evaluate(readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes
        .slice(0, 5)
        .map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Text of the first element matching a (shadow-piercing) selector, spaces normalised. */
export async function textOf(page: Page, selector: string): Promise<string> {
  const text = (await page.locator(selector).first().textContent()) ?? '';
  return text
    .replace(/[\u00a0\u202f\u2009]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
