import type { MiddlewareHandler } from 'hono';
import type { Config } from './config.js';
import { AppError, toEnvelope } from './errors.js';
import type { AppEnv } from './http.js';

/**
 * HTTP hygiene shared by every response: security headers and 405 for a known path asked with a
 * method it does not have. Kept apart from app.ts so that the route table stays readable there.
 */

/** JSON needs no resources at all; a browser shown an API answer runs and embeds nothing. */
export const API_CSP =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The dashboard's policy: everything from this server. No inline script anywhere (index.html is
 * checked by the browser tests). Inline style *attributes* stay allowed because Lit templates
 * colour swatches and bars with `style="…"`; `<style>` elements are not (Lit and MapLibre's CSS
 * go through constructable stylesheets). MapLibre's worker is a same-origin file; blob: covers
 * builds that inline it and images MapLibre decodes. A configured MAP_STYLE_URL's origin may be
 * fetched (style, tiles, sprites) and shown.
 */
export function pageCsp(
  config: Pick<Config, 'mapStyleUrl'>,
  extra: { styleHashes?: readonly string[] } = {},
): string {
  const mapOrigin = originOf(config.mapStyleUrl);
  const remote = mapOrigin ? ` ${mapOrigin}` : '';
  const hashes = (extra.styleHashes ?? []).map((h) => ` '${h}'`).join('');
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self'${hashes}`,
    "style-src-attr 'unsafe-inline'",
    `img-src 'self' data: blob:${remote}`,
    "font-src 'self'",
    `connect-src 'self'${remote}`,
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function originOf(url: string | null): string | null {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * nosniff, no referrer, no framing on every answer; HSTS only when cookies are Secure, i.e. the
 * operator said the server sits behind HTTPS (HSTS over plain HTTP would lock users out of a
 * test install). A handler that set its own CSP (the fallback page) keeps it.
 */
export function securityHeaders(
  config: Pick<Config, 'mapStyleUrl' | 'secureCookies'>,
): MiddlewareHandler<AppEnv> {
  const page = pageCsp(config);
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'no-referrer');
    h.set('X-Frame-Options', 'DENY');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    if (config.secureCookies)
      h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (!h.has('Content-Security-Policy'))
      h.set('Content-Security-Policy', c.req.path.startsWith('/api/') ? API_CSP : page);
  };
}

export interface RouteMethods {
  /** The path as written in the OpenAPI document, e.g. `/api/v1/trips/{id}`. */
  path: string;
  methods: readonly string[];
}

export interface MethodTable {
  /** Methods of every route whose pattern matches the path, or null when no route does. */
  allowed(path: string): string[] | null;
}

/** A matcher over OpenAPI paths: `{name}` stands for one non-empty path segment. */
export function buildMethodTable(routes: readonly RouteMethods[]): MethodTable {
  const byPattern = new Map<string, { re: RegExp; methods: Set<string> }>();
  for (const r of routes) {
    let entry = byPattern.get(r.path);
    if (!entry) {
      const source = r.path
        .split(/(\{[^}/]+\})/)
        .map((part) =>
          /^\{[^}/]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
        )
        .join('');
      entry = { re: new RegExp(`^${source}/?$`), methods: new Set() };
      byPattern.set(r.path, entry);
    }
    for (const m of r.methods) entry.methods.add(m.toUpperCase());
  }
  const patterns = [...byPattern.values()];
  return {
    allowed(path) {
      const methods = new Set<string>();
      let known = false;
      for (const p of patterns) {
        if (!p.re.test(path)) continue;
        known = true;
        for (const m of p.methods) methods.add(m);
      }
      if (!known) return null;
      // Hono answers HEAD with the GET handler; OPTIONS is answered here.
      if (methods.has('GET')) methods.add('HEAD');
      methods.add('OPTIONS');
      return ORDER.filter((m) => methods.has(m));
    },
  };
}

const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * 405 with Allow for a known path asked with another method, before authentication and body
 * checks: the answer is about the URL, not about the caller. OPTIONS on a known path answers 204
 * with Allow (no CORS: the API is same-origin only). Unknown paths go on to the 404.
 * The table is built on first use, after every sub-app has registered its routes.
 */
export function methodNotAllowed(table: () => MethodTable): MiddlewareHandler<AppEnv> {
  let built: MethodTable | null = null;
  return async (c, next) => {
    built ??= table();
    const allowed = built.allowed(c.req.path);
    const method = c.req.method.toUpperCase();
    if (!allowed || (allowed.includes(method) && method !== 'OPTIONS')) return next();
    const allow = allowed.join(', ');
    if (method === 'OPTIONS') return c.body(null, 204, { Allow: allow });
    c.header('Allow', allow);
    return c.json(
      toEnvelope(
        new AppError(
          'method_not_allowed',
          `${c.req.method} is not allowed on ${c.req.path}; use ${allow}`,
          { allow: allowed },
        ),
      ),
      405,
    );
  };
}
