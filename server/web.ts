import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Config } from './config.js';
import type { AppEnv } from './http.js';
import type { Logger } from './logger.js';
import { AppError, toEnvelope } from './errors.js';
import { pageCsp } from './protocol.js';

/**
 * Serves the built web app at / when web/dist exists, with index.html for client-side routes.
 * Until the dashboard is built, a small page says what is running and where the API is.
 */
export async function mountWeb(
  app: OpenAPIHono<AppEnv>,
  config: Config,
  logger: Logger,
): Promise<void> {
  const dist = resolve(config.webDistDir);
  const index = join(dist, 'index.html');
  if (existsSync(index)) {
    app.use('/*', serveStatic({ root: dist }));
    const html = readFileSync(index, 'utf8');
    app.get('*', (c) => (c.req.path.startsWith('/api/') ? c.notFound() : c.html(html)));
    app.all('*', pagesAreReadOnly);
    logger.info('serving web app', { dir: dist });
    return;
  }
  // The fallback page's one <style> is allowed by its hash, so the page keeps the strict policy.
  const styleHash = `sha256-${createHash('sha256').update(FALLBACK_STYLE).digest('base64')}`;
  const csp = pageCsp(config, { styleHashes: [styleHash] });
  app.get('/', (c) => c.html(FALLBACK_PAGE, 200, { 'Content-Security-Policy': csp }));
  app.all('/', pagesAreReadOnly);
}

/** Pages and assets are only ever read: any other method on them is a 405, not a 404. */
function pagesAreReadOnly(c: Context<AppEnv>): Response {
  if (c.req.path.startsWith('/api/')) return c.notFound() as Response;
  c.header('Allow', 'GET, HEAD');
  return c.json(
    toEnvelope(
      new AppError(
        'method_not_allowed',
        `${c.req.method} is not allowed on ${c.req.path}; use GET, HEAD`,
        { allow: ['GET', 'HEAD'] },
      ),
    ),
    405,
  );
}

const FALLBACK_STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1d2a33}code{background:#eef2f4;padding:0 .25rem;border-radius:3px}h1{color:#0b6e4f}';

const FALLBACK_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Modeshift</title>
<style>${FALLBACK_STYLE}</style>
</head><body>
<h1>Modeshift is running</h1>
<p>Commuter tracking and analytics for the Active Travel Network: trips by walking, cycling and public transport instead of by car.</p>
<ul>
<li>API: <a href="/api/v1/health"><code>/api/v1/health</code></a>, described by <a href="/api/v1/openapi.json"><code>/api/v1/openapi.json</code></a></li>
<li>Log in with <code>POST /api/v1/auth/login</code> and one of the demo accounts listed in the README and the start-up log.</li>
</ul>
</body></html>`;
